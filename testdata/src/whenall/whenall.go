// Package whenall holds missing-astask cases: a ValueTask that reaches
// WhenAll or WhenAny as an Awaitable without AsTask().
package whenall

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func task() *valuetask.Task[int] { return valuetask.Completed(1) }

// ---- positives ----

func direct(ctx context.Context) {
	a, b := get(), get()
	valuetask.WhenAll[int](a, b.AsTask()) // want `missing AsTask\(\): ValueTask a reaches WhenAll as an Awaitable`
}

func anyOf(ctx context.Context) {
	a := get()
	valuetask.WhenAny[int](task(), a) // want `missing AsTask\(\): ValueTask a reaches WhenAny`
}

func callExpr(ctx context.Context) {
	valuetask.WhenAll[int](get()) // want `missing AsTask\(\): ValueTask get\(\) reaches WhenAll`
}

func sliceLiteral(ctx context.Context) {
	a, b := get(), get()
	xs := []valuetask.Awaitable[int]{
		a, // want `missing AsTask\(\): ValueTask a`
		b.AsTask(),
	}
	valuetask.WhenAll(xs...)
}

func viaVariable(ctx context.Context) {
	v := get()
	var aw valuetask.Awaitable[int] = v // want `missing AsTask\(\): ValueTask v`
	valuetask.WhenAny(aw)
}

func appended(ctx context.Context) {
	var xs []valuetask.Awaitable[int]
	xs = append(xs, task())
	xs = append(xs, get()) // want `missing AsTask\(\): ValueTask get\(\)`
	valuetask.WhenAll(xs...)
}

func all(xs ...valuetask.Awaitable[int]) *valuetask.Task[[]int] {
	return valuetask.WhenAll(xs...)
}

func one(a valuetask.Awaitable[int]) *valuetask.Task[valuetask.Awaitable[int]] {
	return valuetask.WhenAny(a)
}

func throughHelper(ctx context.Context) {
	v := get()
	all(task(), v) // want `missing AsTask\(\): ValueTask v reaches all`
}

func throughSingleHelper(ctx context.Context) {
	one(get()) // want `missing AsTask\(\): ValueTask get\(\) reaches one`
}

func inside(v valuetask.ValueTask[int]) {
	valuetask.WhenAll[int](v) // want `missing AsTask\(\): ValueTask v`
}

func genericAll[T any](v valuetask.ValueTask[T]) {
	valuetask.WhenAll[T](v) // want `missing AsTask\(\): ValueTask v`
}

func deref(p *valuetask.ValueTask[int]) {
	valuetask.WhenAll[int](*p) // want `missing AsTask\(\): ValueTask \*p reaches WhenAll as an Awaitable; pass \(\*p\)\.AsTask\(\) instead`
}

// ---- negatives ----

func withAsTask(ctx context.Context) {
	a, b := get(), get()
	valuetask.WhenAll[int](a.AsTask(), b.AsTask())
}

func preserved(ctx context.Context) {
	p := get().Preserve()
	valuetask.WhenAll[int](p, get().Preserve())
}

func tasksOnly(ctx context.Context) {
	valuetask.WhenAny(task(), task())
}

func helperWithTasks(ctx context.Context) {
	all(task(), get().AsTask())
}

func passThroughAwaitable(a valuetask.Awaitable[int]) {
	valuetask.WhenAll(a) // the caller's concern, reported where a ValueTask is passed
}

func notACombinator(ctx context.Context, xs ...valuetask.Awaitable[int]) {
	for _, x := range xs {
		x.Await(ctx)
	}
}

func awaitables(ctx context.Context) {
	notACombinator(ctx, get())
}

func madeSlice[T any](vs ...valuetask.ValueTask[T]) *valuetask.Task[[]T] {
	aw := make([]valuetask.Awaitable[T], len(vs))
	for i, v := range vs {
		aw[i] = v // want `missing AsTask\(\): ValueTask v`
	}
	return valuetask.WhenAll(aw...)
}

func madeSliceOfTasks[T any](vs ...valuetask.ValueTask[T]) *valuetask.Task[[]T] {
	aw := make([]valuetask.Awaitable[T], len(vs))
	for i, v := range vs {
		aw[i] = v.AsTask()
	}
	return valuetask.WhenAll(aw...)
}
