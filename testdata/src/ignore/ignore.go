// Package ignore checks the //valuetask:ignore directive.
package ignore

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func trailing(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx) //valuetask:ignore the source behind get is never pooled
}

func lineBefore(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore FromResult values hold no source
	v.Await(ctx)
}

func noReason(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore // want `valuetask:ignore directive needs a reason`
	v.Await(ctx) // want `double await`
}

func noReasonAbove(ctx context.Context) {
	get() // want `unconsumed`
	//valuetask:ignore // want `valuetask:ignore directive needs a reason`
}

func otherLinesStillReported(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore only the next line is covered
	v.Await(ctx)
	v.Await(ctx) // want `double await`
}
