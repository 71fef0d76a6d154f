package valuetask

import "context"

// Source is the runtime's IValueTaskSource: a reusable completion a ValueTask
// can point to, addressed by a version token. One Source runs one operation at
// a time; the token names the operation, so a ValueTask left over from an
// earlier one can be told apart and refused. [*SourceCore] implements it;
// implement it by hand only for a different kind of storage. A type that hands
// out ValueTasks should keep its SourceCore in a field and pass &field to
// [FromSource], rather than embed it: embedding promotes Reset, SetResult,
// SetError and these methods into the type's exported API, where any caller
// could complete or restart its operations. Embed it only in unexported types.
//
// All methods may be called from any goroutine. An implementation must hand
// each operation's result to at most one consumer (Consume or TryConsume): any
// other consumption of that token, or any consumption of a token that is not
// the current one, returns ErrConsumed.
//
// Whether an operation is still pending is never told by an error: an
// operation may fail with any error at all, including one that wraps
// ErrNotCompleted or ErrConsumed (a Source forwarding an inner Result's error
// with fmt.Errorf("...: %w", err) does), and the runtime hands that error to
// the consumer as it is.
type Source[T any] interface {
	// Status reports the state of operation token without consuming it:
	// Pending, or how it completed (also after it was consumed). A token
	// that is not the current one reports Faulted, because consuming it
	// would give ErrConsumed.
	Status(token uint32) Status

	// Consume takes the result of operation token, blocking until it is
	// there or ctx ends (then it returns ctx.Err()). It uses the operation up
	// even when ctx ends first: the result, when it comes, goes to no one.
	Consume(ctx context.Context, token uint32) (T, error)

	// TryConsume takes the result of operation token if the operation has
	// completed, and then reports done; v and err are the operation's own.
	// A token that is stale or already consumed is done too, with
	// ErrConsumed. With done false the operation is still pending and stays
	// unconsumed; v and err are then zero and mean nothing.
	TryConsume(token uint32) (v T, done bool, err error)

	// OnCompleted arranges for f to be called once, when operation token
	// completes or stops being the current operation, or at once if either
	// has happened already. f may run in the completing goroutine, so it must
	// be quick and must not block. It does not consume the operation. From
	// the moment f runs, TryConsume of that token must report done.
	OnCompleted(token uint32, f func())
}
