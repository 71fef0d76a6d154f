package valuetask

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
)

// WhenAll returns at once; its Task completes once every input has completed:
// the results in argument order (a zero-length slice for no inputs), or, if
// any failed, errors.Join of the failed inputs' errors in argument order.
//
// *Task inputs are watched through a completion callback, without a goroutine.
// A ValueTask input is consumed (as by AsTask); pass v.AsTask() instead, which
// says so. Any other Awaitable is awaited with context.Background() in a
// goroutine of its own, which ends when that input completes.
func WhenAll[T any](tasks ...Awaitable[T]) *Task[[]T] {
	if len(tasks) == 0 {
		return Completed([]T{})
	}
	w := &whenAll[T]{
		all:     newTask[[]T](),
		results: make([]T, len(tasks)),
		errs:    make([]error, len(tasks)),
	}
	w.remaining.Store(int64(len(tasks)))
	for i, a := range tasks {
		switch x := a.(type) {
		case *Task[T]:
			checkTask(x, "WhenAll", i)
			x.onComplete(func() { w.set(i, x.value, x.err) })
		case ValueTask[T]:
			t := x.AsTask()
			t.onComplete(func() { w.set(i, t.value, t.err) })
		case nil:
			panic("valuetask: WhenAll: input " + strconv.Itoa(i) + " is nil")
		default:
			go func() {
				v, err := a.Await(context.Background())
				w.set(i, v, err)
			}()
		}
	}
	return w.all
}

// whenAll collects results in slots of their own, so inputs completing at the
// same time never contend; the last one to arrive completes the Task.
type whenAll[T any] struct {
	all       *Task[[]T]
	results   []T
	errs      []error
	remaining atomic.Int64
}

// set stores input i's outcome; the atomic countdown orders every store before
// the last caller reads them all.
func (w *whenAll[T]) set(i int, v T, err error) {
	w.results[i], w.errs[i] = v, err
	if w.remaining.Add(-1) != 0 {
		return
	}
	if err := errors.Join(w.errs...); err != nil {
		w.all.complete(nil, err)
		return
	}
	w.all.complete(w.results, nil)
}

// WhenAny returns at once; its Task succeeds with the input (the very
// Awaitable passed in) that completed first, whether that input succeeded or
// failed. Inputs already completed when WhenAny is called win in argument
// order. It panics when given no inputs.
//
// WhenAny only watches *Task and ValueTask inputs (through completion
// callbacks, without a goroutine) and does not consume them, so the winner can
// be awaited afterwards. Any other Awaitable is awaited with
// context.Background() in a goroutine of its own, which ends when that input
// completes; what awaiting it a second time gives is up to that Awaitable.
func WhenAny[T any](tasks ...Awaitable[T]) *Task[Awaitable[T]] {
	if len(tasks) == 0 {
		panic("valuetask: WhenAny() called with no inputs")
	}
	first := newTask[Awaitable[T]]()
	for i, a := range tasks {
		win := func() { first.complete(a, nil) }
		switch x := a.(type) {
		case *Task[T]:
			checkTask(x, "WhenAny", i)
			x.onComplete(win)
		case ValueTask[T]:
			x.onComplete(win)
		case nil:
			panic("valuetask: WhenAny: input " + strconv.Itoa(i) + " is nil")
		default:
			go func() {
				_, _ = a.Await(context.Background())
				win()
			}()
		}
		if first.IsCompleted() {
			// Later inputs cannot win; registering callbacks on them would
			// only keep first reachable until they complete.
			break
		}
	}
	return first
}

// checkTask turns a typed nil *Task inside an Awaitable into a clear panic
// rather than a nil dereference deep inside a callback.
func checkTask[T any](t *Task[T], call string, i int) {
	if t == nil {
		panic("valuetask: " + call + ": input " + strconv.Itoa(i) + " is a nil *Task")
	}
}

// onComplete runs f once the ValueTask has completed, without consuming it.
func (v ValueTask[T]) onComplete(f func()) {
	switch o := v.obj.(type) {
	case nil:
		f()
	case *Task[T]:
		o.onComplete(f)
	case Source[T]:
		o.OnCompleted(v.token, f)
	case error:
		f()
	default:
		panic(corrupt)
	}
}
