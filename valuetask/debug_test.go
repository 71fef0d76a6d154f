//go:build valuetaskdebug

package valuetask_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/go-valuetask/valuetask/valuetask"
)

// nextLine returns "debug_test.go:N" for the line after the call, where the
// consumption under test sits.
func nextLine() string {
	_, file, line, _ := runtime.Caller(1)
	return fmt.Sprintf("%s:%d", file, line+1)
}

// secondConsumptionPanic fails the test unless f panics with a message that
// names both positions.
func secondConsumptionPanic(t *testing.T, first, second string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		msg := fmt.Sprint(r)
		if r == nil || !strings.Contains(msg, "consumed twice") ||
			!strings.Contains(msg, "first at "+first) || !strings.Contains(msg, "again at "+second) {
			t.Fatalf("panic %q; want one naming first %s and again %s", msg, first, second)
		}
	}()
	f()
}

func TestDebugEnabled(t *testing.T) {
	if !valuetask.DebugEnabled {
		t.Fatal("built with -tags valuetaskdebug but DebugEnabled is false")
	}
}

func TestDebugSecondAwaitOfFromResultPanicsWithBothPlaces(t *testing.T) {
	ctx := context.Background()
	vt := valuetask.FromResult(1)
	first := nextLine()
	vt.Await(ctx)
	copyOfVT := vt // copies are the same ValueTask
	second := nextLine()
	secondConsumptionPanic(t, first, second, func() { copyOfVT.Await(ctx) })
}

func TestDebugEveryKindAndConsumptionIsTracked(t *testing.T) {
	ctx := context.Background()
	var c valuetask.SourceCore[int]
	c.SetResult(1)
	makers := map[string]func() valuetask.ValueTask[int]{
		"FromResult": func() valuetask.ValueTask[int] { return valuetask.FromResult(1) },
		"FromError":  func() valuetask.ValueTask[int] { return valuetask.FromError[int](context.Canceled) },
		"FromTask":   func() valuetask.ValueTask[int] { return valuetask.FromTask(valuetask.Completed(1)) },
		"FromSource": func() valuetask.ValueTask[int] { return valuetask.FromSource(&c, c.Version()) },
	}
	consumers := map[string]func(valuetask.ValueTask[int]){
		"Await":    func(vt valuetask.ValueTask[int]) { vt.Await(ctx) },
		"AsTask":   func(vt valuetask.ValueTask[int]) { vt.AsTask() },
		"Preserve": func(vt valuetask.ValueTask[int]) { vt.Preserve() },
		"Result":   func(vt valuetask.ValueTask[int]) { vt.Result() },
	}
	for name, newVT := range makers {
		for firstName, firstUse := range consumers {
			for secondName, secondUse := range consumers {
				t.Run(name+"/"+firstName+"/"+secondName, func(t *testing.T) {
					vt := newVT()
					firstUse(vt)
					// The position is the consumer closure's line; checking the
					// message shape is enough here.
					mustPanic(t, "valuetask: ValueTask consumed twice", func() { secondUse(vt) })
				})
			}
		}
	}
}

func TestDebugSourceBackedSecondConsumptionPanicsInsteadOfErrConsumed(t *testing.T) {
	var c valuetask.SourceCore[int]
	vt := valuetask.FromSource(&c, c.Version())
	c.SetResult(1)
	first := nextLine()
	vt.Result()
	second := nextLine()
	secondConsumptionPanic(t, first, second, func() { vt.Result() })
}

func TestDebugResultOfAFailureWrappingErrNotCompletedIsAConsumption(t *testing.T) {
	var c valuetask.SourceCore[int]
	vt := valuetask.FromSource(&c, c.Version())
	c.SetError(fmt.Errorf("read: %w", valuetask.ErrNotCompleted))
	first := nextLine()
	vt.Result()
	second := nextLine()
	secondConsumptionPanic(t, first, second, func() { vt.Result() })
}

func TestDebugResultOnPendingIsNotAConsumption(t *testing.T) {
	p := valuetask.NewPromise[int]()
	vt := valuetask.FromTask(p.Task())
	if _, err := vt.Result(); err != valuetask.ErrNotCompleted {
		t.Fatalf("err %v; want ErrNotCompleted", err)
	}
	p.Resolve(2)
	first := nextLine()
	if v, err := vt.Await(context.Background()); v != 2 || err != nil {
		t.Fatalf("Await after Result on pending: (%d, %v)", v, err)
	}
	second := nextLine()
	secondConsumptionPanic(t, first, second, func() { vt.Result() })
}

func TestDebugPreservedAndZeroValuesMayBeConsumedFreely(t *testing.T) {
	ctx := context.Background()
	var c valuetask.SourceCore[int]
	c.SetResult(3)
	for _, kept := range []valuetask.ValueTask[int]{
		valuetask.FromResult(3).Preserve(),
		valuetask.FromTask(valuetask.Completed(3)).Preserve(),
		valuetask.FromSource(&c, c.Version()).Preserve(),
	} {
		for range 3 {
			if v, err := kept.Await(ctx); v != 3 || err != nil {
				t.Fatalf("preserved: (%d, %v)", v, err)
			}
		}
		kept.AsTask()
		kept.Result()
	}
	var zero valuetask.ValueTask[int]
	zero.Await(ctx)
	zero.Await(ctx) // not tracked: there is no constructor to allocate a record
}

func TestDebugCombinatorConsumptionNamesTheCallersLine(t *testing.T) {
	vt := valuetask.FromResult(4)
	first := nextLine()
	valuetask.WhenAll[int](vt) // consumes vt (the analyzer's missing-astask)
	second := nextLine()
	secondConsumptionPanic(t, first, second, func() { vt.Await(context.Background()) })
}

func TestDebugQueriesAreNotConsumptions(t *testing.T) {
	vt := valuetask.FromResult(5)
	for range 2 {
		_ = vt.IsCompleted() && vt.IsCompletedSuccessfully() && !vt.IsFaulted() && !vt.IsCanceled()
	}
	if v, err := vt.Await(context.Background()); v != 5 || err != nil {
		t.Fatalf("(%d, %v)", v, err)
	}
}

// TestDebugLogModeReportsEveryDoubleAndGoesOn runs itself again with
// VALUETASK_DEBUG=log: each second consumption is reported on standard
// error, with the calls that led to it, and the program goes on.
func TestDebugLogModeReportsEveryDoubleAndGoesOn(t *testing.T) {
	if os.Getenv("VALUETASK_DEBUG") == "log" {
		ctx := context.Background()
		vt := valuetask.FromResult(1)
		vt.Await(ctx)
		//valuetask:ignore the log mode is under test: each extra consumption is reported
		vt.Await(ctx)
		again := func() { vt.AsTask() }
		//valuetask:ignore the log mode is under test: each extra consumption is reported
		again()
		fmt.Println("went on")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDebugLogModeReportsEveryDoubleAndGoesOn$", "-test.v")
	cmd.Env = append(os.Environ(), "VALUETASK_DEBUG=log")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the run with VALUETASK_DEBUG=log failed: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "valuetask: ValueTask consumed twice: first at "); n != 2 {
		t.Errorf("%d reports of a second consumption, want 2:\n%s", n, out)
	}
	if !strings.Contains(string(out), "went on") || !strings.Contains(string(out), "(called from ") {
		t.Errorf("want the run to go on and the reports to name the calls that led there:\n%s", out)
	}
}
