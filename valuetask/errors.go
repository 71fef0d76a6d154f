package valuetask

import "errors"

// ErrNotCompleted is returned by [ValueTask.Result] when the ValueTask has not
// completed yet. The ValueTask is not used up by that call, so it can still be
// awaited. It is the only place "pending" travels as an error: a [Source]
// reports it apart from the outcome, and an operation that fails with an error
// wrapping ErrNotCompleted is a completed failure like any other. Ask
// [ValueTask.IsCompleted] to tell the two apart.
var ErrNotCompleted = errors.New("valuetask: Result called on a ValueTask that has not completed")

// ErrConsumed is returned when a source-backed ValueTask is consumed a second
// time, or after its [Source] started a new operation (see [SourceCore.Reset]).
// Returning it, rather than whatever the source holds now, is what keeps one
// operation's result from reaching another operation's consumer.
var ErrConsumed = errors.New("valuetask: ValueTask already consumed, or its source was reset")
