// Package regress holds double consumptions that the fuzz target and the
// synthetic module generator found missed, each checked against the
// runtime's valuetaskdebug build, and their correct neighbours.
package regress

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromTask(valuetask.Completed(1)) }

func other() {}

type holder struct{ v valuetask.ValueTask[int] }

// ---- positives ----

func callBetweenInClosure(ctx context.Context) {
	v := get()
	func() {
		v.Await(ctx)
		other()
		v.Await(ctx) // want `double await of v`
	}()
}

func preserveOnSomePaths(ctx context.Context, n int) {
	v := get()
	v.Await(ctx)
	if n > 0 {
		v = v.Preserve() // want `double await of v`
	}
	v.Await(ctx) // want `double await of v`
}

func fieldThenDirect(ctx context.Context) {
	v := get()
	h := holder{v: v}
	h.v.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func asTaskThenField(ctx context.Context) {
	v := get()
	valuetask.WhenAll[int](v.AsTask())
	h := holder{v: v}
	h.v.Await(ctx) // want `double await`
}

func sliceThenClosure(ctx context.Context) {
	v := get()
	xs := []valuetask.ValueTask[int]{v}
	xs[0].Await(ctx)
	func() { v.Await(ctx) }() // want `double await of v`
}

// ---- negatives ----

func preservedThenShared(ctx context.Context) {
	v := get().Preserve()
	v.Await(ctx)
	other()
	v.Await(ctx)
}

func preserveReplaces(ctx context.Context) {
	v := get()
	v = v.Preserve()
	v.Await(ctx)
	v.Await(ctx)
}

func fieldOnce(ctx context.Context) {
	h := holder{v: get()}
	h.v.Await(ctx)
}

func fieldReplaced(ctx context.Context) {
	h := holder{v: get()}
	h.v.Await(ctx)
	h = holder{v: get()}
	h.v.Await(ctx)
}

func closureReplacesBetween(ctx context.Context) {
	v := get()
	func() {
		v.Await(ctx)
		v = get()
		v.Await(ctx)
	}()
}
