package valuetask_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-valuetask/valuetask/valuetask"
)

// Compile-time checks: the core, and any type embedding it, is a Source.
var (
	_ valuetask.Source[int] = (*valuetask.SourceCore[int])(nil)
	_ valuetask.Source[int] = (*embedded)(nil)
)

type embedded struct {
	valuetask.SourceCore[int]
	extra int
}

func TestSourceCoreZeroValueIsReady(t *testing.T) {
	var c valuetask.SourceCore[int]
	if c.Version() != 0 {
		t.Fatalf("zero core version %d; want 0", c.Version())
	}
	vt := valuetask.FromSource(&c, c.Version())
	c.SetResult(5)
	if v := get[int](t, vt); v != 5 {
		t.Fatalf("got %d; want 5", v)
	}
}

func TestSourceCoreEmbedded(t *testing.T) {
	op := &embedded{extra: 1}
	op.Reset()
	vt := valuetask.FromSource[int](op, op.Version())
	go op.SetResult(op.extra + 1)
	if v := get[int](t, vt); v != 2 {
		t.Fatalf("got %d; want 2", v)
	}
}

func TestSourceCoreResetAdvancesVersion(t *testing.T) {
	var c valuetask.SourceCore[int]
	seen := map[uint32]bool{c.Version(): true}
	for range 5 {
		c.Reset()
		if seen[c.Version()] {
			t.Fatalf("Reset reused version %d", c.Version())
		}
		seen[c.Version()] = true
	}
}

func TestSourceCoreResetMakesEarlierValueTasksStale(t *testing.T) {
	var c valuetask.SourceCore[int]
	completedOld := valuetask.FromSource(&c, c.Version())
	c.SetResult(1)
	c.Reset()
	pendingOld := valuetask.FromSource(&c, c.Version())
	c.Reset()
	current := valuetask.FromSource(&c, c.Version())
	c.SetResult(3)

	for name, vt := range map[string]valuetask.ValueTask[int]{"completed": completedOld, "pending": pendingOld} {
		if !vt.IsFaulted() || vt.IsCompletedSuccessfully() {
			t.Errorf("stale %s ValueTask: IsFaulted %v; want true (consuming it gives ErrConsumed)", name, vt.IsFaulted())
		}
		if v, err := vt.Await(testCtx(t)); err != valuetask.ErrConsumed {
			t.Errorf("stale %s ValueTask: (%d, %v); want ErrConsumed, never another operation's result", name, v, err)
		}
	}
	if v := get[int](t, current); v != 3 {
		t.Fatalf("current operation: got %d; want 3", v)
	}
}

func TestSourceCoreResetWakesBlockedConsumer(t *testing.T) {
	var c valuetask.SourceCore[int]
	vt := valuetask.FromSource(&c, c.Version())
	errc := make(chan error, 1)
	go func() {
		_, err := vt.Await(testCtx(t))
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond) // let it block
	c.Reset()
	c.SetResult(7)
	select {
	case err := <-errc:
		if err != valuetask.ErrConsumed {
			t.Fatalf("err %v; want ErrConsumed", err)
		}
	case <-time.After(timeout):
		t.Fatal("consumer of a reset operation still blocked")
	}
	// The core still works afterwards.
	c.Reset()
	next := valuetask.FromSource(&c, c.Version())
	go c.SetResult(8)
	if v := get[int](t, next); v != 8 {
		t.Fatalf("after waking a stale consumer: got %d; want 8", v)
	}
}

func TestSourceCoreCompleteFromAnyGoroutine(t *testing.T) {
	boom := errors.New("boom")
	var c valuetask.SourceCore[int]
	for i := range 10 {
		c.Reset()
		vt := valuetask.FromSource(&c, c.Version())
		go func() {
			if i%2 == 0 {
				c.SetResult(i)
			} else {
				c.SetError(boom)
			}
		}()
		v, err := vt.Await(testCtx(t))
		if i%2 == 0 && (v != i || err != nil) || i%2 == 1 && err != boom {
			t.Fatalf("op %d: got (%d, %v)", i, v, err)
		}
	}
}

func TestSourceCoreCompletingTwicePanics(t *testing.T) {
	var c valuetask.SourceCore[int]
	c.SetResult(1)
	mustPanic(t, "valuetask: SourceCore.SetResult: operation 0 was already completed", func() { c.SetResult(2) })
	mustPanic(t, "valuetask: SourceCore.SetError: operation 0 was already completed", func() { c.SetError(errors.New("x")) })
	// Reset starts a new operation that may be completed again.
	c.Reset()
	vt := valuetask.FromSource(&c, c.Version())
	c.SetError(context.Canceled)
	if !vt.IsCanceled() {
		t.Fatal("operation after Reset did not take the new outcome")
	}
}

func TestSourceCoreSetErrorNilPanics(t *testing.T) {
	var c valuetask.SourceCore[int]
	mustPanic(t, "valuetask: SourceCore.SetError(nil)", func() { c.SetError(nil) })
}

func TestSourceCoreSecondConsumptionGetsErrConsumed(t *testing.T) {
	skipIfDebug(t)
	consumers := map[string]func(valuetask.ValueTask[int]) (int, error){
		"Await": func(vt valuetask.ValueTask[int]) (int, error) { return vt.Await(context.Background()) },
		//valuetask:ignore each consumer is tried on a fresh ValueTask; pending ones are under test
		"Result":   func(vt valuetask.ValueTask[int]) (int, error) { return vt.Result() },
		"AsTask":   func(vt valuetask.ValueTask[int]) (int, error) { return vt.AsTask().Await(context.Background()) },
		"Preserve": func(vt valuetask.ValueTask[int]) (int, error) { return vt.Preserve().Await(context.Background()) },
	}
	for firstName, first := range consumers {
		for secondName, second := range consumers {
			var c valuetask.SourceCore[int]
			vt := valuetask.FromSource(&c, c.Version())
			copyOfVT := vt
			c.SetResult(1)
			within(t, func() {
				if v, err := first(vt); v != 1 || err != nil {
					t.Errorf("%s first: (%d, %v); want (1, nil)", firstName, v, err)
				}
				//valuetask:ignore the copy is consumed a second time on purpose: it must get ErrConsumed
				if v, err := second(copyOfVT); err != valuetask.ErrConsumed {
					t.Errorf("%s after %s: (%d, %v); want ErrConsumed", secondName, firstName, v, err)
				}
			})
		}
	}
}

func TestSourceCoreConsumptionAfterResetGetsErrConsumed(t *testing.T) {
	var c valuetask.SourceCore[int]
	vt := valuetask.FromSource(&c, c.Version())
	c.Reset()
	c.SetResult(2)
	//valuetask:ignore a consumption after Reset is under test: it must get ErrConsumed
	if _, err := vt.Result(); err != valuetask.ErrConsumed {
		t.Fatalf("Result after Reset: err %v; want ErrConsumed", err)
	}
}

func TestSourceCoreTokenWrapAround(t *testing.T) {
	var c valuetask.SourceCore[int]
	valuetask.SetVersion(&c, math.MaxUint32-1)
	var stale []valuetask.ValueTask[int]
	for i := range 4 { // versions MaxUint32-1, MaxUint32, 0, 1
		c.Reset()
		if want := uint32(math.MaxUint32 + i); c.Version() != want {
			t.Fatalf("version %d; want %d", c.Version(), want)
		}
		vt := valuetask.FromSource(&c, c.Version())
		stale = append(stale, valuetask.FromSource(&c, c.Version()))
		go c.SetResult(i)
		if v := get[int](t, vt); v != i {
			t.Fatalf("op %d across the wrap: got %d", i, v)
		}
	}
	c.Reset()
	c.SetResult(100)
	for i, vt := range stale {
		//valuetask:ignore stale tokens across the wrap are under test: they must get ErrConsumed
		if _, err := vt.Result(); err != valuetask.ErrConsumed {
			t.Fatalf("stale op %d across the wrap: err %v; want ErrConsumed", i, err)
		}
	}
}

func TestSourceCoreCanceledWaitLeavesCoreClean(t *testing.T) {
	// A consumer gives up, the operation completes anyway, and the core is
	// reused: the next consumer must wait for its own result, not wake early
	// on something left over from the abandoned wait.
	var c valuetask.SourceCore[int]
	for i := range 20 {
		c.Reset()
		ctx, cancel := context.WithCancel(context.Background())
		vt := valuetask.FromSource(&c, c.Version())
		time.AfterFunc(time.Millisecond, cancel)
		v, err := vt.Await(ctx)
		if err != nil && !errors.Is(err, context.Canceled) || err == nil && v != 2*i {
			t.Fatalf("abandoned op: (%d, %v)", v, err)
		}
		if err != nil {
			c.SetResult(2 * i) // completes after the consumer gave up
		}
		c.Reset()
		next := valuetask.FromSource(&c, c.Version())
		released := make(chan struct{})
		go func() {
			time.Sleep(time.Millisecond)
			close(released)
			c.SetResult(2*i + 1)
		}()
		if v := get[int](t, next); v != 2*i+1 || !isClosed(released) {
			t.Fatalf("next op: got %d before its completion %v", v, isClosed(released))
		}
		cancel()
	}
}

func TestSourceCoreStatus(t *testing.T) {
	var c valuetask.SourceCore[int]
	tok := c.Version()
	if s := c.Status(tok); s != valuetask.Pending {
		t.Fatalf("new op: %v; want Pending", s)
	}
	c.SetError(context.DeadlineExceeded)
	if s := c.Status(tok); s != valuetask.Canceled {
		t.Fatalf("after SetError(DeadlineExceeded): %v; want Canceled", s)
	}
	if _, done, err := c.TryConsume(tok); !done || err != context.DeadlineExceeded {
		t.Fatalf("TryConsume: (done %v, %v); want (true, DeadlineExceeded)", done, err)
	}
	if s := c.Status(tok); s != valuetask.Canceled {
		t.Fatalf("after consumption: %v; want the outcome, Canceled", s)
	}
	c.Reset()
	if s := c.Status(tok); s != valuetask.Faulted {
		t.Fatalf("stale token: %v; want Faulted", s)
	}
}

func TestSourceCoreTryConsume(t *testing.T) {
	var c valuetask.SourceCore[int]
	tok := c.Version()
	if v, done, err := c.TryConsume(tok); done || v != 0 || err != nil {
		t.Fatalf("pending: (%d, done %v, %v); want (0, false, nil)", v, done, err)
	}
	c.SetResult(4)
	if v, done, err := c.TryConsume(tok); v != 4 || !done || err != nil {
		t.Fatalf("completed: (%d, done %v, %v); want (4, true, nil)", v, done, err)
	}
	if _, done, err := c.TryConsume(tok); !done || err != valuetask.ErrConsumed {
		t.Fatalf("again: (done %v, %v); want (true, ErrConsumed)", done, err)
	}

	// An operation that failed with an error wrapping a sentinel is done: the
	// error is the outcome, whatever it wraps.
	for _, sentinel := range []error{valuetask.ErrNotCompleted, valuetask.ErrConsumed} {
		c.Reset()
		tok := c.Version()
		want := fmt.Errorf("inner: %w", sentinel)
		c.SetError(want)
		if _, done, err := c.TryConsume(tok); !done || err != want {
			t.Fatalf("failed with %q: (done %v, %v); want (true, that error)", want, done, err)
		}
	}
	c.Reset()
	stale := c.Version()
	c.Reset()
	if _, done, err := c.TryConsume(stale); !done || err != valuetask.ErrConsumed {
		t.Fatalf("stale token: (done %v, %v); want (true, ErrConsumed)", done, err)
	}
	if _, done, _ := c.TryConsume(c.Version()); done {
		t.Fatal("the current, pending operation reports done")
	}
}

func TestSourceCoreOnCompleted(t *testing.T) {
	var c valuetask.SourceCore[int]
	var calls atomic.Int32
	tok := c.Version()
	c.OnCompleted(tok, func() { calls.Add(1) })
	c.OnCompleted(tok, func() { calls.Add(10) })
	if calls.Load() != 0 {
		t.Fatal("callback ran before completion")
	}
	c.SetResult(1)
	if calls.Load() != 11 {
		t.Fatalf("calls %d; want both callbacks once (11)", calls.Load())
	}
	c.OnCompleted(tok, func() { calls.Add(100) }) // already completed: at once
	if calls.Load() != 111 {
		t.Fatalf("calls %d; want the late callback to run at once", calls.Load())
	}
	if v, done, err := c.TryConsume(tok); v != 1 || !done || err != nil {
		t.Fatalf("OnCompleted consumed the result: (%d, done %v, %v)", v, done, err)
	}
	c.Reset()
	c.OnCompleted(tok, func() { calls.Add(1000) }) // stale: at once
	if calls.Load() != 1111 {
		t.Fatalf("calls %d; want the stale callback to run at once", calls.Load())
	}
	fresh := c.Version()
	c.OnCompleted(fresh, func() { calls.Add(10000) })
	c.Reset() // the operation is abandoned: its callback still runs once
	if calls.Load() != 11111 {
		t.Fatalf("calls %d; want Reset to run the abandoned operation's callback", calls.Load())
	}
	mustPanic(t, "OnCompleted(token, nil)", func() { c.OnCompleted(c.Version(), nil) })
}

// hookCtx runs hook when Consume asks for Done, which it does after
// registering as a waiter and before blocking: the one moment a test can
// complete or reset the operation under a consumer that is not yet asleep.
type hookCtx struct {
	context.Context
	once sync.Once
	hook func()
	done <-chan struct{}
}

func (h *hookCtx) Done() <-chan struct{} {
	h.once.Do(h.hook)
	return h.done
}

func TestSourceCoreCompletionDuringCanceledWait(t *testing.T) {
	// The result arrives and ctx ends at the same moment, so Consume's select
	// may take either case. Either way the core must be clean afterwards: the
	// next consumer waits for its own result.
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	var c valuetask.SourceCore[int]
	for i := range 50 {
		c.Reset()
		vt := valuetask.FromSource(&c, c.Version())
		ctx := &hookCtx{Context: canceled, hook: func() { c.SetResult(i) }, done: canceled.Done()}
		if v, err := vt.Await(ctx); err == nil && v != i || err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("op %d: (%d, %v); want its result or context.Canceled", i, v, err)
		}
		c.Reset()
		next := valuetask.FromSource(&c, c.Version())
		var completed atomic.Bool
		go func() {
			time.Sleep(time.Millisecond)
			completed.Store(true)
			c.SetResult(-i)
		}()
		if v := get[int](t, next); v != -i || !completed.Load() {
			t.Fatalf("next op returned %d before its own completion", v)
		}
	}
}

func TestSourceCoreResetBeforeWokenConsumerRuns(t *testing.T) {
	// Consumer A's operation completes and the core is reset and reused by
	// consumer B before A has picked up its wake-up signal. B must not take
	// A's signal; A must not hang.
	var c valuetask.SourceCore[int]
	for i := range 20 {
		c.Reset()
		a := valuetask.FromSource(&c, c.Version())
		bResult := make(chan error, 1)
		ctx := &hookCtx{Context: context.Background(), hook: func() {
			c.SetResult(i) // A's signal goes into the buffer
			c.Reset()
			b := valuetask.FromSource(&c, c.Version())
			go func() {
				v, err := b.Await(testCtx(t))
				if err == nil && v != 1000+i {
					err = errors.New("B got a result that is not its own")
				}
				bResult <- err
			}()
			time.Sleep(time.Millisecond) // let B block
		}}
		within(t, func() {
			if _, err := a.Await(ctx); err != valuetask.ErrConsumed {
				t.Errorf("A after Reset: err %v; want ErrConsumed", err)
			}
		})
		select {
		case err := <-bResult:
			t.Fatalf("B returned (%v) before its operation completed", err)
		default:
		}
		c.SetResult(1000 + i)
		select {
		case err := <-bResult:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(timeout):
			t.Fatal("B did not get its result")
		}
	}
}
