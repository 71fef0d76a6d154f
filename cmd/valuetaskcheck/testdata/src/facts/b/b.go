// Package b calls the helpers of package a: Drain consumes the ValueTask,
// LogState does not.
package b

import (
	"context"

	"example.com/vtcheck/facts/a"
	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// DrainThenAwait consumes v twice: once in a.Drain, then here.
func DrainThenAwait(ctx context.Context) {
	v := get()
	a.Drain(ctx, v)
	v.Await(ctx)
}

// LogThenAwait consumes v once: a.LogState only queries it.
func LogThenAwait(ctx context.Context) {
	v := get()
	a.LogState(v)
	v.Await(ctx)
}
