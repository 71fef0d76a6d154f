package valuetask

import (
	"context"
	"fmt"
)

// Await returns the result, blocking until it is there, or ctx.Err() if ctx
// ends first. It consumes the ValueTask either way: a source-backed one gives
// ErrConsumed to any later consumer. For a result that is already there it
// neither blocks nor allocates.
func (v ValueTask[T]) Await(ctx context.Context) (r T, err error) {
	// This body must stay inlinable: only then does FromResult(x).Await(ctx)
	// compile to a field load at the call site and cost about a plain call.
	// Its inliner cost is 77 against a budget of 80 (go1.26, every shape of
	// T), a margin of 3: room for about three more expression nodes, and no
	// second call (a call alone costs 57). The named results and the
	// constant guard, which removes the debug hook from the cost, are what
	// make it fit; the plain "if v.obj == nil { return v.value, nil }; return
	// v.await(ctx)" costs 83. TestFastPathInlines fails when it stops
	// fitting; to see the cost, run
	//	go build -gcflags=-m=2 ./valuetask/testdata/inlining 2>&1 | grep 'inline valuetask.ValueTask.*Await'
	// from the repository root.
	if debugEnabled {
		v.d.consumed()
	}
	r = v.value
	if v.obj != nil {
		r, err = v.await(ctx)
	}
	return
}

// await is Await's slow path, kept out of line so Await stays inlinable.
func (v ValueTask[T]) await(ctx context.Context) (T, error) {
	var zero T
	switch o := v.obj.(type) {
	case *Task[T]:
		return o.Await(ctx)
	case *SourceCore[T]:
		// The common source; a direct call skips the interface type check.
		return o.Consume(ctx, v.token)
	case Source[T]:
		return o.Consume(ctx, v.token)
	case error:
		return zero, o
	}
	panic(corrupt)
}

// Result returns the result of a completed ValueTask, consuming it. On one that
// has not completed it returns ErrNotCompleted at once and leaves the
// ValueTask as it was, so it may still be awaited. A completed operation's own
// error comes back as it is, even when it wraps ErrNotCompleted, so the error
// cannot tell "pending" from "failed": ask IsCompleted first.
func (v ValueTask[T]) Result() (T, error) {
	var zero T
	switch o := v.obj.(type) {
	case nil:
		v.d.consumed()
		return v.value, nil
	case *Task[T]:
		if !o.IsCompleted() {
			return zero, ErrNotCompleted
		}
		v.d.consumed()
		return o.value, o.err
	case Source[T]:
		r, done, err := o.TryConsume(v.token)
		if !done {
			return zero, ErrNotCompleted
		}
		v.d.consumed()
		return r, err
	case error:
		v.d.consumed()
		return zero, o
	}
	panic(corrupt)
}

// AsTask consumes the ValueTask and returns a Task with its outcome, which may
// then be awaited freely. A Task-backed ValueTask returns its own Task; a
// source-backed one is captured into a new Task, which keeps its result after
// the source is reset and reused.
func (v ValueTask[T]) AsTask() *Task[T] {
	v.d.consumed()
	return v.task()
}

// task converts without recording a consumption, for callers that already did.
func (v ValueTask[T]) task() *Task[T] {
	switch o := v.obj.(type) {
	case nil:
		return Completed(v.value)
	case *Task[T]:
		return o
	case Source[T]:
		return sourceTask(o, v.token)
	case error:
		return Failed[T](o)
	}
	panic(corrupt)
}

// Preserve consumes the ValueTask and returns one that may be consumed any
// number of times, from any goroutines. Result, error and Task-backed kinds are
// already safe to repeat and stay allocation-free; a source-backed one is
// captured into a Task, since the source will be reused.
func (v ValueTask[T]) Preserve() ValueTask[T] {
	v.d.consumed()
	switch v.obj.(type) {
	case nil, *Task[T], error:
		// Same outcome, without a debug record: repeats are allowed now.
		return ValueTask[T]{obj: v.obj, value: v.value}
	case Source[T]:
		return ValueTask[T]{obj: v.task()}
	}
	panic(corrupt)
}

// sourceTask captures operation token of s into a Task without a goroutine:
// it takes the result now if it is there, else when s reports completion.
func sourceTask[T any](s Source[T], token uint32) *Task[T] {
	if r, done, err := s.TryConsume(token); done {
		if err != nil {
			return Failed[T](err)
		}
		return Completed(r)
	}
	t := newTask[T]()
	s.OnCompleted(token, func() {
		// Another consumer may have won meanwhile; then this is ErrConsumed,
		// which is the right outcome for the loser.
		r, done, err := s.TryConsume(token)
		if !done {
			// Completing the Task with anything would invent an outcome,
			// and waiting for another callback could wait forever.
			panic(fmt.Sprintf("valuetask: %T.OnCompleted ran its callback while TryConsume(%d) still reports the operation pending", s, token))
		}
		t.complete(r, err)
	})
	return t
}
