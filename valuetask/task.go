package valuetask

import (
	"context"
	"sync"
	"sync/atomic"
)

// Task states. stateDone is the zero value so that a Task built already
// completed (Completed, Failed, the zero Task) needs no atomic store and no
// channel: one allocation for the struct is all it costs.
const (
	stateDone uint32 = iota
	statePending
)

// closedChan is handed out by Done for tasks that were born completed, which
// therefore never needed a channel of their own.
var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// Task is a heap-allocated asynchronous result. It may be awaited any number
// of times, from any number of goroutines at once.
//
// Tasks are made by [Run], [Completed], [Failed], [NewPromise] and the
// combinators. The zero Task is a completed one holding the zero T.
type Task[T any] struct {
	// state is read without the lock on every fast path; value and err are
	// written before it is set to stateDone and never again, so a reader that
	// sees stateDone may read them freely.
	state atomic.Uint32
	// done is made only for tasks that start pending and closed on completion.
	done  chan struct{}
	mu    sync.Mutex // guards conts and the transition to stateDone
	conts []func()   // run once, after completion, by the completing goroutine
	value T
	err   error
}

// Run runs fn in a new goroutine and returns a Task that completes with what
// fn returns. ctx is passed to fn unchanged; Run itself does not watch it.
// A panic in fn is not recovered: like any goroutine's, it ends the program.
func Run[T any](ctx context.Context, fn func(context.Context) (T, error)) *Task[T] {
	if fn == nil {
		panic("valuetask: Run(ctx, nil)")
	}
	t := newTask[T]()
	go func() {
		v, err := fn(ctx)
		t.complete(v, err)
	}()
	return t
}

// Completed returns a Task that has already succeeded with v.
func Completed[T any](v T) *Task[T] {
	return &Task[T]{value: v}
}

// Failed returns a Task that has already failed with err. Its Status is
// Canceled when err matches a context error, Faulted otherwise.
// A nil err is a programming error (it would be a success) and panics.
func Failed[T any](err error) *Task[T] {
	if err == nil {
		panic("valuetask: Failed(nil)")
	}
	return &Task[T]{err: err}
}

// newTask returns a pending Task; only something holding it can complete it.
func newTask[T any]() *Task[T] {
	t := new(Task[T])
	t.init()
	return t
}

// init marks a Task pending; split out so Promise can embed its Task.
func (t *Task[T]) init() {
	t.done = make(chan struct{})
	t.state.Store(statePending)
}

// complete records the outcome unless one is already recorded, and reports
// whether this call was the one that completed the task.
func (t *Task[T]) complete(v T, err error) bool {
	t.mu.Lock()
	if t.state.Load() == stateDone {
		t.mu.Unlock()
		return false
	}
	t.value, t.err = v, err
	t.state.Store(stateDone)
	conts := t.conts
	t.conts = nil
	t.mu.Unlock()
	close(t.done)
	for _, f := range conts {
		f()
	}
	return true
}

// onComplete runs f once the task has completed: at once if it already has,
// otherwise in the goroutine that completes it. This is what lets the
// combinators watch many Tasks without a goroutine per Task.
func (t *Task[T]) onComplete(f func()) {
	if t.state.Load() != stateDone {
		t.mu.Lock()
		if t.state.Load() != stateDone {
			t.conts = append(t.conts, f)
			t.mu.Unlock()
			return
		}
		t.mu.Unlock()
	}
	f()
}

// Await blocks until the task completes and returns its outcome, or returns
// ctx.Err() if ctx ends first; the task itself is unaffected by ctx and may be
// awaited again. On a completed task it neither blocks nor allocates.
func (t *Task[T]) Await(ctx context.Context) (T, error) {
	if t.state.Load() == stateDone {
		return t.value, t.err
	}
	select {
	case <-t.done:
	case <-ctx.Done():
		// Both may be ready at once; a result that is there wins, since
		// reporting cancellation would throw away finished work.
		if t.state.Load() != stateDone {
			var zero T
			return zero, ctx.Err()
		}
	}
	return t.value, t.err
}

// Done returns a channel that is closed once the task completes, for use in a
// select statement.
func (t *Task[T]) Done() <-chan struct{} {
	if t.done == nil {
		return closedChan
	}
	return t.done
}

// Status reports Pending, Succeeded, Faulted, or Canceled (an error matching
// context.Canceled or context.DeadlineExceeded).
func (t *Task[T]) Status() Status {
	if t.state.Load() != stateDone {
		return Pending
	}
	return statusOf(t.err)
}

// IsCompleted reports whether the task has completed, successfully or not.
func (t *Task[T]) IsCompleted() bool {
	return t.state.Load() == stateDone
}
