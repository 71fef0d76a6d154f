// Package inlining calls the ValueTask fast path the way user code does, for
// a few representative shapes of T. TestFastPathInlines compiles it with
// -gcflags=-m=2 and fails unless every call here is inlined: that is what
// makes FromResult(x).Await(ctx) cost about as much as a plain call.
package inlining

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func Int(ctx context.Context, n int) (int, error) { return valuetask.FromResult(n).Await(ctx) }

func IntQueries(vt valuetask.ValueTask[int]) bool {
	return vt.IsCompleted() && vt.IsCompletedSuccessfully()
}

func String(ctx context.Context, s string) (string, error) {
	return valuetask.FromResult(s).Await(ctx)
}

func StringQueries(vt valuetask.ValueTask[string]) bool {
	return vt.IsCompleted() && vt.IsCompletedSuccessfully()
}

func Pointer(ctx context.Context, p *int) (*int, error) { return valuetask.FromResult(p).Await(ctx) }

func PointerQueries(vt valuetask.ValueTask[*int]) bool {
	return vt.IsCompleted() && vt.IsCompletedSuccessfully()
}
