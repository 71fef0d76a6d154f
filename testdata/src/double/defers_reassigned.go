package double

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

// A deferred function literal reads the variables it captured when it
// runs, at return: by then a variable may hold a ValueTask assigned after
// the defer statement.

func deferredLiteralSeesReassigned(ctx context.Context) {
	v := get()
	defer func() { v.Await(ctx) }() // want `double await of v: deferred func\(\){…}\(\) runs at return, after Await\(\) at defers_reassigned.go:\d+`
	v = get()
	v.Await(ctx)
}

func deferredPointerSeesReassigned(ctx context.Context) {
	v := get()
	defer awaitVia(ctx, &v) // want `double await of v: deferred awaitVia\(ctx, &v\) runs at return, after Await\(\) at defers_reassigned.go:\d+; awaitVia awaits it at defers_reassigned.go:\d+`
	v = get()
	v.Await(ctx)
}

func deferredArgumentKeepsOld(ctx context.Context) {
	v := get()
	defer v.Await(ctx) // the receiver is evaluated here: the first ValueTask
	v = get()
	v.Await(ctx)
}

func deferredLiteralReassignedUnused(ctx context.Context) {
	v := get()
	v.Await(ctx)
	defer func() { v.Await(ctx) }()
	v = get()
}

func deferredOnOnePathOnly(ctx context.Context, c bool) {
	v := get()
	if c {
		defer func() { v.Await(ctx) }()
	}
	v = get()
	if !c {
		v.Await(ctx)
	}
}

func awaitVia(ctx context.Context, p *valuetask.ValueTask[int]) { p.Await(ctx) }

// What a deferred literal leaves in a variable is there only at return,
// after the body's own consumptions.

func deferredRenewalAfterPreservedUses(ctx context.Context) {
	v := get().Preserve()
	defer func() { v = get() }()
	v.Await(ctx)
	v.Await(ctx)
}

func deferredRenewalAfterUse(ctx context.Context, c bool) {
	v := get()
	defer func() { v = get() }()
	if c {
		v.Await(ctx)
	}
}

func deferredRenewalThenEarlierDeferredUse(ctx context.Context) {
	v := get()
	defer func() { v.Await(ctx) }() // runs last, on what the other deferred literal left
	defer func() { v = get() }()
	v.Await(ctx)
}

func deferredRenewalBodyStillDouble(ctx context.Context) {
	v := get()
	defer func() { v = get() }()
	v.Await(ctx)
	v.AsTask() // want `double await of v: AsTask\(\), after Await\(\)`
}
