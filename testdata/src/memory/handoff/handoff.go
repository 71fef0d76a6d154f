// Package handoff holds stores into memory that outlives the function: a
// parameter's slice, map or struct, a receiver, a global. Such a store
// hands the ValueTask off, unless the function consumes it back.
package handoff

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func get() VT { return valuetask.FromTask(valuetask.Completed(1)) }

type queue struct {
	items []VT
	last  VT
	byKey map[string]VT
}

var pending VT

var backlog []VT

// ---- positives ----

func storedInParamSlice(ctx context.Context, xs []VT) {
	v := get()
	xs[0] = v
	v.Await(ctx) // want `double await of v: Await\(\), after the store to xs\[0\]`
}

func storedInParamMap(ctx context.Context, m map[string]VT) {
	v := get()
	m["k"] = v
	v.Await(ctx) // want `double await of v: Await\(\), after the store to m\["k"\]`
}

func storedInParamStruct(ctx context.Context, q *queue) {
	v := get()
	q.last = v
	v.Await(ctx) // want `double await of v: Await\(\), after the store to q.last`
}

func storedInReceiver(ctx context.Context) {
	q := &queue{}
	q.push(get())
}

func (q *queue) push(v VT) {
	q.last = v
	v.Await(context.Background()) // want `double await of v: Await\(\), after the store to q.last`
}

func storedInGlobal(ctx context.Context) {
	v := get()
	pending = v
	v.Await(ctx) // want `double await of v: Await\(\), after the store to pending`
}

func appendedToParam(ctx context.Context, q *queue) {
	v := get()
	q.items = append(q.items, v)
	v.Await(ctx) // want `double await of v`
}

func appendedToGlobal(ctx context.Context) {
	v := get()
	backlog = append(backlog, v)
	v.Await(ctx) // want `double await of v`
}

func storedInParamMapOfStruct(ctx context.Context, q *queue) {
	v := get()
	q.byKey["a"] = v
	v.Await(ctx) // want `double await of v`
}

func consumedBackTwice(ctx context.Context, q *queue) {
	v := get()
	q.last = v
	q.last.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

// ---- negatives ----

func storedOnly(q *queue) {
	q.last = get()
}

func storedAndConsumedBack(ctx context.Context, q *queue) {
	v := get()
	q.last = v
	q.last.Await(ctx)
}

func storedInParamSliceConsumedBack(ctx context.Context, xs []VT) {
	xs[0] = get()
	xs[0].Await(ctx)
}

func storedInMapConsumedBack(ctx context.Context, m map[string]VT) {
	v := get()
	m["k"] = v
	if x, ok := m["k"]; ok {
		x.Await(ctx)
	}
}

func storedInGlobalConsumedBack(ctx context.Context) {
	pending = get()
	pending.Await(ctx)
}

func consumedBackByClosure(ctx context.Context, q *queue) {
	v := get()
	q.last = v
	drain := func() { q.last.Await(ctx) }
	drain()
}

func storedInLocal(ctx context.Context) {
	var q queue
	v := get()
	q.last = v
	v.Await(ctx)
}

func appendedToLocal(ctx context.Context) {
	var xs []VT
	v := get()
	xs = append(xs, v)
	for _, x := range xs {
		x.Await(ctx)
	}
}

func consumedBeforeStore(ctx context.Context, q *queue) {
	v := get()
	old := q.last
	q.last = v
	old.Await(ctx)
}

// ---- hand-offs after a consumption, and through references from outside ----

func appendToParamAfterAwait(ctx context.Context, xs []VT) int {
	v := get()
	v.Await(ctx)
	xs = append(xs, v) // want `double await of v: the store to xs, after Await\(\)`
	return len(xs)
}

func appendToParamThenAwait(ctx context.Context, xs []VT) int {
	v := get()
	xs = append(xs, v)
	v.Await(ctx) // want `double await of v: Await\(\), after the store to xs`
	return len(xs)
}

func copyToParamAfterAwait(ctx context.Context, xs []VT) {
	ys := []VT{get()}
	ys[0].Await(ctx)
	copy(xs, ys) // want `double await of get\(\): the store to xs, after Await\(\)`
}

type slot struct{ q *queue }

func storedThroughParamPointerField(ctx context.Context, s slot) {
	v := get()
	s.q.last = v
	v.Await(ctx) // want `double await of v: Await\(\), after the store to s.q.last`
}

func storedThroughLocalPointerField(ctx context.Context) {
	s := slot{q: &queue{}}
	v := get()
	s.q.last = v
	s.q.last.Await(ctx)
}

var parkedP VT

func parkP(p *VT) { parkedP = *p }

func parkedThroughPointer(ctx context.Context) {
	v := get()
	parkP(&v)
	v.Await(ctx) // want `double await of v: Await\(\), after parkP\(&v\) at handoff.go:\d+, which stores it in parkedP`
}

func parkedOtherThenConsume(ctx context.Context) {
	v, w := get(), get()
	parkP(&w)
	v.Await(ctx)
}

// ---- references to outside memory stored in outside memory ----

func (q *queue) pop() VT {
	n := len(q.items)
	if n == 0 {
		return VT{}
	}
	v := q.items[n-1]
	q.items = q.items[:n-1] // the same elements: nothing new is handed off
	return v
}

func (q *queue) adopt(other *queue) VT {
	v := other.items[0]
	q.items = other.items
	return v
}

func (q *queue) adoptLocal(ctx context.Context) {
	v := get()
	xs := []VT{v}
	q.items = xs // a slice this function made: its elements are handed off
	v.Await(ctx) // want `double await of v: Await\(\), after the store to q.items`
}

// ---- swap and drain: a field read, then replaced ----

func (q *queue) drain(ctx context.Context) {
	items := q.items
	q.items = nil
	for _, v := range items {
		v.Await(ctx)
	}
}

func (q *queue) drainMap(ctx context.Context) {
	entries := q.byKey
	q.byKey = map[string]VT{}
	for _, v := range entries {
		v.Await(ctx)
	}
}

func drainedThenAwaited(ctx context.Context) {
	a, b := get(), get()
	q := &queue{items: []VT{a, b}}
	q.drain(ctx)
	b.Await(ctx) // want `double await of b: Await\(\), after q.drain\(ctx\) at handoff.go:\d+, which awaits it at handoff.go:\d+`
}

func drainedMapThenAwaited(ctx context.Context) {
	v := get()
	q := &queue{byKey: map[string]VT{"k": v}}
	q.drainMap(ctx)
	v.AsTask() // want `double await of v`
}

func swappedThenBothUsed(ctx context.Context, q *queue) {
	old := q.items
	q.items = []VT{get()}
	old[0].Await(ctx)
	q.items[0].Await(ctx) // the new slice's element, not old[0]
}

func swappedThenOldTwice(ctx context.Context, q *queue) {
	old := q.items
	q.items = nil
	old[0].Await(ctx)
	old[0].Await(ctx) // want `double await of old\[0\]`
}

func appendedBackThenTwice(ctx context.Context, q *queue) {
	items := q.items
	q.items = append(items, get())
	q.items[0].Await(ctx)
	items[0].Await(ctx) // want `double await of items\[0\]`
}
