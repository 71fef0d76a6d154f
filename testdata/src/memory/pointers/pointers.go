// Package pointers follows ValueTasks through pointers: &v passed to a
// helper that consumes, only queries or overwrites *p, pointers to
// pointers, receivers that store or consume, and struct copies.
package pointers

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func get() VT { return valuetask.FromTask(valuetask.Completed(1)) }

func consumeP(ctx context.Context, p *VT) { p.Await(ctx) }

func queryP(p *VT) bool { return p.IsCompleted() }

func refill(p *VT) { *p = get() }

func consumePP(ctx context.Context, pp **VT) { (**pp).Await(ctx) }

func consumeThenRefill(ctx context.Context, p *VT) {
	p.Await(ctx)
	*p = get()
}

// A chain of two helpers through a pointer.
func viaHelper(ctx context.Context, p *VT) { consumeP(ctx, p) }

type holder struct {
	vt VT
	n  int
}

func (h *holder) consume(ctx context.Context) { h.vt.Await(ctx) }

func (h *holder) ready() bool { return h.vt.IsCompleted() }

func (h *holder) put(v VT) { h.vt = v }

func (h *holder) reset() { h.vt = get() }

type outer struct {
	in *holder
}

// ---- positives ----

func addressConsumed(ctx context.Context) {
	v := get()
	consumeP(ctx, &v)
	v.Await(ctx) // want `double await of v: Await\(\), after consumeP\(ctx, &v\) at pointers.go:\d+, which awaits it at pointers.go:\d+`
}

func addressConsumedTwice(ctx context.Context) {
	v := get()
	consumeP(ctx, &v)
	consumeP(ctx, &v) // want `double await of v`
}

func awaitThenAddress(ctx context.Context) {
	v := get()
	v.Await(ctx)
	consumeP(ctx, &v) // want `double await of v`
}

func pointerVariable(ctx context.Context) {
	v := get()
	p := &v
	consumeP(ctx, p)
	p.Await(ctx) // want `double await of`
}

func pointerToPointer(ctx context.Context) {
	v := get()
	p := &v
	consumePP(ctx, &p)
	v.Await(ctx) // want `double await of v`
}

func chainOfHelpers(ctx context.Context) {
	v := get()
	viaHelper(ctx, &v)
	v.Await(ctx) // want `double await of v: Await\(\), after viaHelper\(ctx, &v\) at pointers.go:\d+, which awaits it at pointers.go:\d+`
}

func parameterPointer(ctx context.Context, p *VT) {
	consumeP(ctx, p)
	consumeP(ctx, p) // want `double await of \*p`
}

func receiverConsumes(ctx context.Context) {
	h := &holder{vt: get()}
	h.consume(ctx)
	h.consume(ctx) // want `double await of h.vt`
}

func receiverConsumesThenField(ctx context.Context, h *holder) {
	h.consume(ctx)
	h.vt.Await(ctx) // want `double await of h.vt`
}

func receiverStores(ctx context.Context, h *holder) {
	v := get()
	h.put(v)
	v.Await(ctx) // want `double await of v: Await\(\), after h.put\(v\) at pointers.go:\d+, which stores it in h.vt`
}

func valueReceiverField(ctx context.Context) {
	var h holder
	h.vt = get()
	h.consume(ctx)
	h.vt.Await(ctx) // want `double await of h.vt`
}

func structCopiedFromPointer(ctx context.Context, r *holder) {
	c := *r
	r.vt.Await(ctx)
	c.vt.Await(ctx) // want `double await of c.vt`
}

func structCopied(ctx context.Context) {
	s := holder{vt: get()}
	t := s
	s.vt.Await(ctx)
	t.vt.Await(ctx) // want `double await of t.vt`
}

func deepPath(ctx context.Context, o *outer) {
	o.in.vt.Await(ctx)
	o.in.consume(ctx) // want `double await of o.in.vt`
}

func consumedAndRefilledThenNewOneTwice(ctx context.Context) {
	v := get()
	consumeThenRefill(ctx, &v)
	v.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func methodValueOnPointer(ctx context.Context, h *holder) {
	f := h.consume
	f(ctx)
	h.vt.Await(ctx) // want `double await of h.vt`
}

// ---- negatives ----

func addressQueried(ctx context.Context) {
	v := get()
	if queryP(&v) {
		v.Await(ctx)
		return
	}
	v.Await(ctx)
}

func refilledBetween(ctx context.Context) {
	v := get()
	v.Await(ctx)
	refill(&v)
	v.Await(ctx)
}

func consumedThenRefilled(ctx context.Context) {
	v := get()
	consumeThenRefill(ctx, &v)
	v.Await(ctx)
}

func receiverQueries(ctx context.Context, h *holder) {
	if h.ready() {
		h.vt.Await(ctx)
	}
}

func receiverResets(ctx context.Context, h *holder) {
	h.consume(ctx)
	h.reset()
	h.consume(ctx)
}

func differentFields(ctx context.Context, a, b *holder) {
	a.consume(ctx)
	b.n++
	a.vt = get()
	a.consume(ctx)
}

func twoPointers(ctx context.Context, p, q *VT) {
	consumeP(ctx, p)
	consumeP(ctx, q) // p may differ from q: not reported
}

func storedAndConsumedBack(ctx context.Context, h *holder) {
	v := get()
	h.put(v)
	h.vt.Await(ctx)
}

func preservedThroughPointer(ctx context.Context) {
	p := get().Preserve()
	q := &p
	q.Await(ctx)
	q.Await(ctx)
	consumeP(ctx, q)
}

func preserveDroppedThroughPointer(p *VT) {
	p.Preserve() // Preserve's result may be dropped, also through a pointer
}

// ---- method expressions and Preserve() results of callees ----

func methodExpression(ctx context.Context) {
	h := holder{vt: get()}
	(*holder).consume(&h, ctx)
	h.vt.Await(ctx) // want `double await of h.vt: Await\(\), after \(\*holder\).consume\(&h, ctx\)`
}

func methodExpressionValue(ctx context.Context) {
	h := &holder{vt: get()}
	f := (*holder).consume
	f(h, ctx)
	h.vt.AsTask() // want `double await of h.vt`
}

func methodExpressionQuery(ctx context.Context) {
	h := holder{vt: get()}
	if (*holder).ready(&h) {
		h.vt.Await(ctx)
	}
}

func reusable(v VT) VT { return v.Preserve() }

func reusableOrReady(v VT, ok bool) VT {
	if ok {
		return valuetask.FromResult(1).Preserve()
	}
	return reusable(v)
}

func reusableResults(ctx context.Context) {
	r := reusable(get())
	r.Await(ctx)
	r.Await(ctx)
	s := reusableOrReady(get(), true)
	s.Await(ctx)
	s.AsTask()
}

func notAlwaysReusable(v VT, ok bool) VT {
	if ok {
		return v.Preserve()
	}
	return v
}

func sometimesReusable(ctx context.Context) {
	r := notAlwaysReusable(get(), false)
	r.Await(ctx)
	r.Await(ctx) // want `double await of r`
}

// ---- methods of generic types, as method values and method expressions ----

type pair[T any] struct{ a, b valuetask.ValueTask[T] }

func (p *pair[T]) awaitBoth(ctx context.Context) {
	p.a.Await(ctx)
	p.b.Await(ctx)
}

func genericMethodValue(ctx context.Context) {
	p := &pair[int]{a: get(), b: get()}
	both := p.awaitBoth
	both(ctx)
	p.a.Await(ctx) // want `double await of p.a: Await\(\), after both\(ctx\) at pointers.go:\d+, which awaits it at pointers.go:\d+`
}

func genericMethodExpression(ctx context.Context) {
	p := &pair[int]{a: get(), b: get()}
	(*pair[int]).awaitBoth(p, ctx)
	p.b.Await(ctx) // want `double await of p.b`
}

// ---- a callee given the element a range loop visits ----

func consumeHolder(ctx context.Context, h *holder) { h.vt.Await(ctx) }

func calleePerElement(ctx context.Context) {
	hs := []holder{{vt: get()}, {vt: get()}}
	for i := range hs {
		consumeHolder(ctx, &hs[i])
	}
}

func calleePerElementThenAgain(ctx context.Context) {
	hs := []holder{{vt: get()}, {vt: get()}}
	for i := range hs {
		consumeHolder(ctx, &hs[i])
	}
	hs[1].vt.Await(ctx) // want `double await of hs\[1\].vt`
}

func calleePerElementTwice(ctx context.Context) {
	hs := []holder{{vt: get()}, {vt: get()}}
	for i := range hs {
		consumeHolder(ctx, &hs[i])
		consumeHolder(ctx, &hs[i]) // want `double await of`
	}
}

func calleeFirstElementInLoop(ctx context.Context) {
	hs := []holder{{vt: get()}, {vt: get()}}
	for range hs {
		consumeHolder(ctx, &hs[0]) // want `double await of`
	}
}

// ---- a struct returned by value holds the same ValueTasks ----

func (h *holder) snapshot() holder { return *h }

func snapshotThenOriginal(ctx context.Context) {
	h := &holder{vt: get()}
	s := h.snapshot()
	s.vt.Await(ctx)
	h.vt.Await(ctx) // want `double await of h.vt`
}

func snapshotOnly(ctx context.Context) {
	h := &holder{vt: get()}
	s := h.snapshot()
	s.vt.Await(ctx)
}

// ---- a callee that consumes on one path and replaces on another ----

func awaitOrRefill(ctx context.Context, p *VT, c bool) {
	if c {
		p.Await(ctx)
		return
	}
	*p = get()
}

func awaitOrRefillThenAwait(ctx context.Context, c bool) {
	v := get()
	awaitOrRefill(ctx, &v, c)
	v.Await(ctx) // want `double await of v: Await\(\), after awaitOrRefill\(ctx, &v, c\) at pointers.go:\d+, which awaits it at pointers.go:\d+`
}

func awaitOrRefillThenQuery(ctx context.Context, c bool) {
	v := get()
	awaitOrRefill(ctx, &v, c)
	_ = v.IsCompleted()
}

// awaitThenRefillAlways replaces what it consumed on every path.
func awaitThenRefillAlways(ctx context.Context, p *VT, c bool) {
	if c {
		p.Await(ctx)
	}
	*p = get()
}

func awaitThenRefillAlwaysThenAwait(ctx context.Context, c bool) {
	v := get()
	awaitThenRefillAlways(ctx, &v, c)
	v.Await(ctx)
}

// queryOrRefill keeps the ValueTask on one path, but does not consume it.
func queryOrRefill(p *VT, c bool) {
	if c && p.IsCompleted() {
		return
	}
	*p = get()
}

func queryOrRefillThenAwait(ctx context.Context, c bool) {
	v := get()
	queryOrRefill(&v, c)
	v.Await(ctx)
}

func (h *holder) awaitOrReset(ctx context.Context, c bool) {
	if c {
		h.vt.Await(ctx)
	} else {
		h.vt = get()
	}
}

func receiverAwaitOrResetThenAwait(ctx context.Context, c bool) {
	h := &holder{vt: get()}
	h.awaitOrReset(ctx, c)
	h.vt.Await(ctx) // want `double await of h.vt: Await\(\), after h.awaitOrReset\(ctx, c\)`
}

func elementAwaitOrRefill(ctx context.Context, c bool) {
	xs := []VT{get(), get()}
	awaitOrRefill(ctx, &xs[1], c)
	xs[0].Await(ctx)
	xs[1].Await(ctx) // want `double await of xs\[1\]`
}

func literalAwaitsOrRenews(ctx context.Context, c bool) {
	v := get()
	step := func() {
		if c {
			v.Await(ctx)
		} else {
			v = get()
		}
	}
	step()
	v.Await(ctx) // want `double await of v: Await\(\), after step\(\)`
}

func literalRenewsAfterAwaitOnEveryPath(ctx context.Context, c bool) {
	v := get()
	step := func() {
		if c {
			v.Await(ctx)
		}
		v = get()
	}
	step()
	v.Await(ctx)
}

func goroutineAwaitsOrRenews(ctx context.Context, c bool) {
	v := get()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if c {
			v.Await(ctx) // want `concurrent await of v: consumed in a goroutine that may run at the same time as Await\(\) at pointers.go:\d+`
		} else {
			v = get()
		}
	}()
	<-done
	v.Await(ctx)
}

func loopBodyAwaitsOrRenews(ctx context.Context, seq func(func(int) bool), c bool) {
	v := get()
	for range seq {
		if c {
			v.Await(ctx) // want `double await of v`
		} else {
			v = get()
		}
	}
}

// tryFinish tells its caller which path it took: awaited, or restarted.
func tryFinish(ctx context.Context, p *VT) bool {
	if p.IsCompleted() {
		p.Await(ctx)
		return true
	}
	*p = get()
	return false
}

func tryFinishThenAwaitRestarted(ctx context.Context) {
	v := get()
	if !tryFinish(ctx, &v) {
		v.Await(ctx)
	}
}
