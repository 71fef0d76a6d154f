// Package ignore silences double awaits with //valuetask:ignore.
package ignore

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// SameLine is silenced by a directive at the end of the line.
func SameLine(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx) //valuetask:ignore get returns a FromResult ValueTask, which holds no source
}

// LineAbove is silenced by a directive on the line above.
func LineAbove(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore get returns a FromResult ValueTask, which holds no source
	v.Await(ctx)
}

// NoReason has a directive without a reason: the directive is reported and
// the double await is reported too.
func NoReason(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore
	v.Await(ctx)
}
