// Package use calls lib's helpers: their effects come from facts.
package use

import (
	"context"

	"example.com/vt/facts/lib"
	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// ---- positives ----

func drainTwice(ctx context.Context) {
	v := get()
	lib.Drain(ctx, v)
	lib.Drain(ctx, v) // want `double await of v: lib.Drain\(ctx, v\), after lib.Drain\(ctx, v\) at use.go:\d+, which awaits it at lib.go:\d+`
}

func drainThenAwait(ctx context.Context) {
	v := get()
	lib.Drain(ctx, v)
	v.Await(ctx) // want `double await of v`
}

func composed(ctx context.Context) {
	v := get()
	lib.DrainTwice(ctx, v)
	v.Await(ctx) // want `double await of v`
}

func background(ctx context.Context) {
	v := get()
	lib.Background(ctx, v) // want `concurrent await of v: consumed in a goroutine that may run at the same time as Await\(\)`
	v.Await(ctx)
}

func goDrain(ctx context.Context) {
	v := get()
	go lib.Drain(ctx, v) // want `concurrent await of v`
	v.Await(ctx)
}

func all(ctx context.Context) {
	v := get()
	lib.All(v) // want `missing AsTask\(\): ValueTask v reaches All`
}

func printed(ctx context.Context) {
	v := get()
	lib.Print(v)
	v.Await(ctx) // want `double await of v`
}

func recursive(ctx context.Context) {
	v := get()
	lib.Countdown(ctx, 3, v)
	v.Await(ctx) // want `double await of v`
}

func generic(ctx context.Context) {
	v := get()
	lib.Take(ctx, v)
	v.Await(ctx) // want `double await of v`
}

func method(ctx context.Context) {
	v := get()
	var h lib.Holder
	h.Consume(ctx, v)
	v.Await(ctx) // want `double await of v`
}

func genericMethod(ctx context.Context) {
	v := get()
	var b lib.Box[int]
	b.Use(ctx, v)
	v.Await(ctx) // want `double await of v`
}

func inLoop(ctx context.Context) {
	v := get()
	for i := 0; i < 2; i++ {
		lib.Drain(ctx, v) // want `double await of v`
	}
}

// ---- negatives ----

func logState(ctx context.Context) {
	v := get()
	lib.LogState(v)
	v.Await(ctx)
}

func ignored(ctx context.Context) {
	v := get()
	lib.Ignore(v)
	v.Await(ctx)
}

func mutualRecursion(ctx context.Context) {
	v := get()
	lib.Even(4, v)
	v.Await(ctx)
}

func genericPeek(ctx context.Context) {
	v := get()
	lib.Peek(v)
	v.Await(ctx)
}

func methodCheck(ctx context.Context) {
	v := get()
	h := &lib.Holder{}
	h.Check(v)
	v.Await(ctx)
}

func allWithAsTask(ctx context.Context) {
	lib.All(get().AsTask(), get().Preserve())
}

func drainOnce(ctx context.Context) {
	lib.Drain(ctx, get())
	v := get()
	if lib.LogState(v) {
		lib.Drain(ctx, v)
		return
	}
	v.Await(ctx)
}
