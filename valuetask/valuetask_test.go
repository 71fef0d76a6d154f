package valuetask_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/go-valuetask/valuetask/valuetask"
)

// kind builds one ValueTask of each kind, completed with (v, err) at once or
// later by the returned complete func, so a test can run over all of them.
type kind struct {
	name string
	// build returns a pending ValueTask (where the kind can be pending) and
	// the func that completes it.
	build func(v int, err error) (valuetask.ValueTask[int], func())
}

var kinds = []kind{
	{"result", func(v int, err error) (valuetask.ValueTask[int], func()) {
		if err != nil {
			return valuetask.FromError[int](err), func() {}
		}
		return valuetask.FromResult(v), func() {}
	}},
	{"task", func(v int, err error) (valuetask.ValueTask[int], func()) {
		p := valuetask.NewPromise[int]()
		return valuetask.FromTask(p.Task()), func() {
			if err != nil {
				p.Reject(err)
			} else {
				p.Resolve(v)
			}
		}
	}},
	{"source", func(v int, err error) (valuetask.ValueTask[int], func()) {
		c := new(valuetask.SourceCore[int])
		return valuetask.FromSource(c, c.Version()), func() {
			if err != nil {
				c.SetError(err)
			} else {
				c.SetResult(v)
			}
		}
	}},
}

func TestFromResult(t *testing.T) {
	vt := valuetask.FromResult(42)
	if !vt.IsCompleted() || !vt.IsCompletedSuccessfully() || vt.IsFaulted() || vt.IsCanceled() {
		t.Fatal("FromResult is not completed successfully")
	}
	if v, err := vt.Await(testCtx(t)); v != 42 || err != nil {
		t.Fatalf("got (%d, %v); want (42, nil)", v, err)
	}
}

func TestZeroValueTaskIsCompletedWithZeroT(t *testing.T) {
	var vt valuetask.ValueTask[string]
	if !vt.IsCompleted() || !vt.IsCompletedSuccessfully() || vt.IsFaulted() || vt.IsCanceled() {
		t.Fatal("zero ValueTask is not completed successfully")
	}
	if v, err := vt.Result(); v != "" || err != nil {
		t.Fatalf("Result: (%q, %v); want (\"\", nil)", v, err)
	}
	var vt2 valuetask.ValueTask[string]
	if v, err := vt2.Await(testCtx(t)); v != "" || err != nil {
		t.Fatalf("Await: (%q, %v); want (\"\", nil)", v, err)
	}
}

func TestFromError(t *testing.T) {
	boom := errors.New("boom")
	vt := valuetask.FromError[int](boom)
	if !vt.IsCompleted() || vt.IsCompletedSuccessfully() || !vt.IsFaulted() || vt.IsCanceled() {
		t.Fatal("FromError(boom) is not completed and faulted")
	}
	if _, err := vt.Await(testCtx(t)); err != boom {
		t.Fatalf("err %v; want boom", err)
	}
	for _, cerr := range []error{context.Canceled, fmt.Errorf("x: %w", context.DeadlineExceeded)} {
		vt := valuetask.FromError[int](cerr)
		if !vt.IsCanceled() || vt.IsFaulted() {
			t.Fatalf("FromError(%v): IsCanceled %v, IsFaulted %v; want true, false", cerr, vt.IsCanceled(), vt.IsFaulted())
		}
		if _, err := vt.Result(); err != cerr {
			t.Fatalf("Result err %v; want %v", err, cerr)
		}
	}
}

func TestFromErrorNilPanics(t *testing.T) {
	//valuetask:ignore the call panics before a ValueTask exists
	mustPanic(t, "valuetask: FromError(nil)", func() { valuetask.FromError[int](nil) })
}

// errSource is both an error and a Source, the one case where the kind of a
// ValueTask could be misread.
type errSource struct{ valuetask.SourceCore[int] }

func (*errSource) Error() string { return "errSource" }

func TestKindsStayApartForErrorThatIsASource(t *testing.T) {
	es := new(errSource)
	failed := valuetask.FromError[int](es)
	if !failed.IsFaulted() {
		t.Fatal("FromError of a Source-implementing error is not faulted")
	}
	if _, err := failed.Await(testCtx(t)); err != es {
		t.Fatalf("FromError: err %v; want the error itself", err)
	}
	src := valuetask.FromSource[int](es, es.Version())
	if src.IsCompleted() {
		t.Fatal("FromSource of an error-implementing Source reads as completed")
	}
	es.SetResult(8)
	if v := get[int](t, src); v != 8 {
		t.Fatalf("FromSource: got %d; want 8", v)
	}
}

func TestFromTask(t *testing.T) {
	p := valuetask.NewPromise[int]()
	vt := valuetask.FromTask(p.Task())
	if vt.IsCompleted() {
		t.Fatal("FromTask of a pending task reports completed")
	}
	go p.Resolve(6)
	if v := get[int](t, vt); v != 6 {
		t.Fatalf("got %d; want 6", v)
	}
}

func TestFromTaskNilPanics(t *testing.T) {
	//valuetask:ignore the call panics before a ValueTask exists
	mustPanic(t, "valuetask: FromTask(nil)", func() { valuetask.FromTask[int](nil) })
}

func TestFromSourceNilPanics(t *testing.T) {
	//valuetask:ignore the call panics before a ValueTask exists
	mustPanic(t, "valuetask: FromSource(nil", func() { valuetask.FromSource[int](nil, 0) })
	//valuetask:ignore the call panics before a ValueTask exists
	mustPanic(t, "valuetask: FromSource(nil", func() { valuetask.FromSource[int]((*valuetask.SourceCore[int])(nil), 0) })
}

func TestFromSourceAwaitsCompletionFromAnotherGoroutine(t *testing.T) {
	var c valuetask.SourceCore[int]
	vt := valuetask.FromSource(&c, c.Version())
	go func() {
		time.Sleep(5 * time.Millisecond)
		c.SetResult(12)
	}()
	if v := get[int](t, vt); v != 12 {
		t.Fatalf("got %d; want 12", v)
	}
}

func TestValueTaskAwaitReturnsCtxErrWhenCtxEndsFirst(t *testing.T) {
	for _, k := range kinds[1:] { // a result kind is never pending
		t.Run(k.name, func(t *testing.T) {
			vt, complete := k.build(1, nil)
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(10*time.Millisecond, cancel)
			within(t, func() {
				if _, err := vt.Await(ctx); !errors.Is(err, context.Canceled) {
					t.Errorf("err %v; want context.Canceled", err)
				}
			})
			complete()
		})
	}
}

func TestValueTaskAwaitReturnsDeadlineExceeded(t *testing.T) {
	var c valuetask.SourceCore[int]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	within(t, func() {
		if _, err := valuetask.FromSource(&c, c.Version()).Await(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err %v; want context.DeadlineExceeded", err)
		}
	})
}

func TestValueTaskAwaitUsesSourceUpEvenWhenCtxEndsFirst(t *testing.T) {
	skipIfDebug(t)
	var c valuetask.SourceCore[int]
	vt := valuetask.FromSource(&c, c.Version())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := vt.Await(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v; want context.Canceled", err)
	}
	c.SetResult(1)
	//valuetask:ignore a second consumption is under test: it must get ErrConsumed
	if _, err := vt.Await(testCtx(t)); err != valuetask.ErrConsumed {
		t.Fatalf("second consumption after ctx ended: err %v; want ErrConsumed", err)
	}
}

func TestResultOnPendingLeavesItPending(t *testing.T) {
	for _, k := range kinds[1:] {
		t.Run(k.name, func(t *testing.T) {
			vt, complete := k.build(4, nil)
			within(t, func() { // must not block
				//valuetask:ignore Result on a pending ValueTask is under test: it must not block
				if _, err := vt.Result(); err != valuetask.ErrNotCompleted {
					t.Errorf("Result on pending: err %v; want ErrNotCompleted", err)
				}
			})
			if vt.IsCompleted() {
				t.Fatal("Result completed the ValueTask")
			}
			complete()
			if v := get[int](t, vt); v != 4 {
				t.Fatalf("Await after Result: got %d; want 4", v)
			}
		})
	}
}

func TestResultOnCompleted(t *testing.T) {
	boom := errors.New("boom")
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			vt, complete := k.build(5, nil)
			complete()
			//valuetask:ignore completed just above by complete()
			if v, err := vt.Result(); v != 5 || err != nil {
				t.Fatalf("got (%d, %v); want (5, nil)", v, err)
			}
			vt, complete = k.build(0, boom)
			complete()
			//valuetask:ignore completed just above by complete()
			if _, err := vt.Result(); err != boom {
				t.Fatalf("err %v; want boom", err)
			}
		})
	}
}

func TestQueriesReportEachKindAndDoNotConsume(t *testing.T) {
	boom := errors.New("boom")
	type want struct{ completed, ok, faulted, canceled bool }
	cases := []struct {
		err  error
		want want
	}{
		{nil, want{true, true, false, false}},
		{boom, want{true, false, true, false}},
		{context.Canceled, want{true, false, false, true}},
	}
	for _, k := range kinds {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/%v", k.name, c.err), func(t *testing.T) {
				vt, complete := k.build(3, c.err)
				if k.name != "result" {
					if vt.IsCompleted() || vt.IsCompletedSuccessfully() || vt.IsFaulted() || vt.IsCanceled() {
						t.Fatal("pending ValueTask answers a query with true")
					}
				}
				complete()
				for range 2 { // asking twice changes nothing
					got := want{vt.IsCompleted(), vt.IsCompletedSuccessfully(), vt.IsFaulted(), vt.IsCanceled()}
					if got != c.want {
						t.Fatalf("queries %+v; want %+v", got, c.want)
					}
				}
				v, err := vt.Await(testCtx(t))
				if err != c.err || (err == nil && v != 3) {
					t.Fatalf("Await after queries: (%d, %v); want (3, %v)", v, err, c.err)
				}
			})
		}
	}
}

func TestAsTaskOfEachKindMayBeAwaitedManyTimes(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			vt, complete := k.build(21, nil)
			task := vt.AsTask()
			complete()
			for range 3 {
				if v := get[int](t, task); v != 21 {
					t.Fatalf("got %d; want 21", v)
				}
			}
		})
	}
	p := valuetask.NewPromise[int]()
	if valuetask.FromTask(p.Task()).AsTask() != p.Task() {
		t.Fatal("AsTask of a Task-backed ValueTask is not that Task")
	}
	boom := errors.New("boom")
	if _, err := valuetask.FromError[int](boom).AsTask().Await(testCtx(t)); err != boom {
		t.Fatalf("AsTask of FromError: err %v; want boom", err)
	}
}

func TestAsTaskAndPreserveSurviveSourceReuse(t *testing.T) {
	for _, pending := range []bool{true, false} {
		t.Run(fmt.Sprintf("pending=%v", pending), func(t *testing.T) {
			var c valuetask.SourceCore[int]
			vt1 := valuetask.FromSource(&c, c.Version())
			if !pending {
				c.SetResult(1)
			}
			task := vt1.AsTask()
			if pending {
				c.SetResult(1)
			}
			c.Reset()
			vt2 := valuetask.FromSource(&c, c.Version())
			if !pending {
				c.SetResult(2)
			}
			kept := vt2.Preserve()
			if pending {
				c.SetResult(2)
			}
			c.Reset()
			c.SetResult(3) // a third operation overwrites the core again
			if v := get[int](t, task); v != 1 {
				t.Fatalf("AsTask result after reuse: %d; want 1", v)
			}
			for range 3 {
				if v := get[int](t, kept); v != 2 {
					t.Fatalf("Preserve result after reuse: %d; want 2", v)
				}
			}
		})
	}
}

func TestAsTaskOfSourceResetBeforeCompletionFails(t *testing.T) {
	var c valuetask.SourceCore[int]
	task := valuetask.FromSource(&c, c.Version()).AsTask()
	c.Reset()
	c.SetResult(99) // the next operation's result must not leak into task
	if _, err := task.Await(testCtx(t)); err != valuetask.ErrConsumed {
		t.Fatalf("err %v; want ErrConsumed", err)
	}
}

func TestPreserveMayBeAwaitedManyTimesFromManyGoroutines(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			vt, complete := k.build(8, nil)
			kept := vt.Preserve()
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() {
					if v, err := kept.Await(testCtx(t)); v != 8 || err != nil {
						t.Errorf("got (%d, %v); want (8, nil)", v, err)
					}
					if kept.IsCompleted() {
						if v, err := kept.Result(); v != 8 || err != nil {
							t.Errorf("Result: (%d, %v); want (8, nil)", v, err)
						}
					}
				})
			}
			complete()
			within(t, wg.Wait)
		})
	}
}
