package valuetask

import "context"

// Awaitable is anything that yields one T. [*Task] and [ValueTask] both
// implement it; [WhenAll] and [WhenAny] accept any implementation.
type Awaitable[T any] interface {
	// Await blocks until the result is there or ctx ends, in which case it
	// returns ctx.Err().
	Await(ctx context.Context) (T, error)
}

var (
	_ Awaitable[int] = (*Task[int])(nil)
	_ Awaitable[int] = ValueTask[int]{}
)
