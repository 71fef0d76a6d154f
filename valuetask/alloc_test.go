package valuetask_test

import (
	"context"
	"errors"
	"testing"
	"unsafe"

	"github.com/go-valuetask/valuetask/valuetask"
)

// sink keeps results alive so the compiler cannot drop the measured work.
var sink int

// checkAllocs fails the test unless f allocates want times per run. f uses
// ValueTasks, which debug builds track with an allocation of their own.
func checkAllocs(t *testing.T, want float64, f func()) {
	t.Helper()
	if valuetask.DebugEnabled {
		t.Skip("debug builds allocate a consumption record per ValueTask")
	}
	checkTaskAllocs(t, want, f)
}

// checkTaskAllocs is checkAllocs for code without ValueTasks, which debug
// builds leave alone.
func checkTaskAllocs(t *testing.T, want float64, f func()) {
	t.Helper()
	if raceEnabled {
		t.Skip("testing.AllocsPerRun is unreliable under -race")
	}
	if got := testing.AllocsPerRun(1000, f); got != want {
		t.Fatalf("%v allocations per run; want %v", got, want)
	}
}

func TestValueTaskIsRegisterSized(t *testing.T) {
	if valuetask.DebugEnabled {
		t.Skip("debug builds add a pointer to ValueTask")
	}
	if size := unsafe.Sizeof(valuetask.ValueTask[int]{}); size > 32 {
		t.Fatalf("ValueTask[int] is %d bytes; want at most 32", size)
	}
}

func TestAllocsFromResultAwait(t *testing.T) {
	ctx := context.Background()
	checkAllocs(t, 0, func() {
		v, _ := valuetask.FromResult(sink + 1).Await(ctx)
		sink = v
	})
}

func TestAllocsZeroValueAwait(t *testing.T) {
	ctx := context.Background()
	checkAllocs(t, 0, func() {
		var vt valuetask.ValueTask[int]
		v, _ := vt.Await(ctx)
		sink += v
	})
}

func TestAllocsFromErrorAwait(t *testing.T) {
	ctx, boom := context.Background(), errors.New("boom")
	checkAllocs(t, 0, func() {
		_, err := valuetask.FromError[int](boom).Await(ctx)
		if err != nil {
			sink++
		}
	})
}

func TestAllocsCompletedTaskAwait(t *testing.T) {
	ctx, task := context.Background(), valuetask.Completed(3)
	checkTaskAllocs(t, 0, func() {
		v, _ := task.Await(ctx)
		sink += v
	})
}

func TestAllocsCompletedIsOne(t *testing.T) {
	var keep *valuetask.Task[int]
	checkTaskAllocs(t, 1, func() { keep = valuetask.Completed(sink) })
	_ = keep
}

func TestAllocsFromTaskAwaitOfCompletedTask(t *testing.T) {
	ctx, task := context.Background(), valuetask.Completed(3)
	checkAllocs(t, 0, func() {
		v, _ := valuetask.FromTask(task).Await(ctx)
		sink += v
	})
}

func TestAllocsPreserveOfCompleted(t *testing.T) {
	ctx := context.Background()
	checkAllocs(t, 0, func() {
		kept := valuetask.FromResult(sink).Preserve()
		v, _ := kept.Await(ctx)
		w, _ := kept.Await(ctx)
		sink = v + w
	})
}

func TestAllocsSourceCoreCycle(t *testing.T) {
	ctx := context.Background()
	var c valuetask.SourceCore[int]
	checkAllocs(t, 0, func() {
		c.Reset()
		vt := valuetask.FromSource(&c, c.Version())
		c.SetResult(sink)
		v, _ := vt.Await(ctx)
		sink = v + 1
	})
}

func TestAllocsSourceCoreCycleCompletedByAnotherGoroutine(t *testing.T) {
	ctx := context.Background()
	var c valuetask.SourceCore[int]
	reqs := make(chan int)
	defer close(reqs)
	go func() {
		for n := range reqs {
			c.SetResult(n)
		}
	}()
	checkAllocs(t, 0, func() {
		c.Reset()
		vt := valuetask.FromSource(&c, c.Version())
		reqs <- sink
		v, _ := vt.Await(ctx)
		sink = v + 1
	})
}

func TestAllocsSourceCoreCanceledWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var c valuetask.SourceCore[int]
	checkAllocs(t, 0, func() {
		c.Reset()
		if _, err := valuetask.FromSource(&c, c.Version()).Await(ctx); err != nil {
			sink++
		}
	})
}
