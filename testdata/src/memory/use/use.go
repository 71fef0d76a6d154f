// Package use calls lib's helpers: their effects through pointers,
// containers and receivers come from facts.
package use

import (
	"context"

	"example.com/vt/memory/lib"
)

// ---- positives ----

func consumedThroughPointer(ctx context.Context) {
	v := lib.New()
	lib.ConsumeP(ctx, &v)
	v.Await(ctx) // want `double await of v: Await\(\), after lib.ConsumeP\(ctx, &v\) at use.go:\d+, which awaits it at lib.go:\d+`
}

func drainedTwice(ctx context.Context) {
	xs := []lib.VT{lib.New(), lib.New()}
	lib.DrainAll(ctx, xs)
	xs[1].Await(ctx) // want `double await of xs\[1\]`
}

func firstThenRange(ctx context.Context, xs []lib.VT) {
	lib.First(ctx, xs)
	xs[0].Await(ctx) // want `double await of xs\[0\]`
}

func atSameIndex(ctx context.Context, xs []lib.VT, i int) {
	lib.At(ctx, xs, i)
	xs[i].Await(ctx) // want `double await of xs\[i\]`
}

func passedBack(ctx context.Context) {
	v := lib.New()
	w := lib.Pass(v)
	w.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func receiverTaken(ctx context.Context, b *lib.Box) {
	b.Take(ctx)
	b.V.Await(ctx) // want `double await of b.V`
}

func receiverPut(ctx context.Context, b *lib.Box) {
	v := lib.New()
	b.Put(v)
	v.Await(ctx) // want `double await of v: Await\(\), after b.Put\(v\) at use.go:\d+, which stores it in b.V`
}

func awaitedOrRefilledThenAwaited(ctx context.Context, c bool) {
	v := lib.New()
	lib.AwaitOrRefill(ctx, &v, c)
	v.Await(ctx) // want `double await of v: Await\(\), after lib.AwaitOrRefill\(ctx, &v, c\) at use.go:\d+, which awaits it at lib.go:\d+`
}

// ---- negatives ----

func awaitedOrRefilledThenQueried(ctx context.Context, c bool) {
	v := lib.New()
	lib.AwaitOrRefill(ctx, &v, c)
	_ = v.IsCompleted()
}


func queried(ctx context.Context) {
	v := lib.New()
	lib.QueryP(&v)
	v.Await(ctx)
}

func refilled(ctx context.Context) {
	v := lib.New()
	v.Await(ctx)
	lib.Refill(&v)
	v.Await(ctx)
}

func otherIndex(ctx context.Context, xs []lib.VT, i, j int) {
	lib.At(ctx, xs, i)
	xs[j].Await(ctx)
}

func notFirst(ctx context.Context, xs []lib.VT) {
	lib.First(ctx, xs)
	xs[1].Await(ctx)
}

func parkedThroughPointer(ctx context.Context) {
	v := lib.New()
	lib.Park(&v)
	v.Await(ctx) // want `double await of v: Await\(\), after lib.Park\(&v\) at use.go:\d+, which stores it in parked at lib.go:\d+`
}

func methodExpression(ctx context.Context) {
	b := lib.Box{V: lib.New()}
	(*lib.Box).Take(&b, ctx)
	b.V.Await(ctx) // want `double await of b.V: Await\(\), after \(\*lib.Box\).Take\(&b, ctx\) at use.go:\d+, which awaits it at lib.go:\d+`
}

func reusableTwice(ctx context.Context) {
	v := lib.New()
	r := lib.Reusable(v)
	r.Await(ctx)
	r.Await(ctx)
	v.Await(ctx) // want `double await of v: Await\(\), after lib.Reusable\(v\)`
}

func sharedTwice(ctx context.Context) {
	s, _ := lib.Shared()
	s.Await(ctx)
	s.Await(ctx)
}

func heldThenAwaited(ctx context.Context) {
	v := lib.New()
	h := lib.NewHolder(v)
	h.Wait(ctx)
	v.Await(ctx) // want `double await of v: Await\(\), after h.Wait\(ctx\) at use.go:\d+, which awaits it at lib.go:\d+`
}

func heldOnly(ctx context.Context) {
	v := lib.New()
	lib.NewHolder(v).Wait(ctx)
}

func heldNeverWaited(ctx context.Context) {
	v := lib.New()
	_ = lib.NewHolder(v)
	v.Await(ctx)
}

func batchThenElement(ctx context.Context) {
	a, b := lib.New(), lib.New()
	batch := lib.NewBatch(a, b)
	batch.AwaitAll(ctx)
	b.AsTask() // want `double await of b: AsTask\(\), after batch.AwaitAll\(ctx\)`
}

func batchOfFresh(ctx context.Context) {
	batch := lib.NewBatch(lib.New(), lib.New())
	batch.AwaitAll(ctx)
}
