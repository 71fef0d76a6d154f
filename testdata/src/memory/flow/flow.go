// Package flow holds copies through phis, path by path; closures that
// assign, call other closures and capture copies; range-over-func loop
// bodies; Preserve results through addresses and captures; and guards
// through memory.
package flow

import (
	"context"
	"iter"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func get() VT { return valuetask.FromTask(valuetask.Completed(1)) }

func cond() bool { return true }

func seq(yield func(int) bool) {
	for i := 0; i < 3; i++ {
		if !yield(i) {
			return
		}
	}
}

func values() iter.Seq[VT] {
	return func(yield func(VT) bool) {
		for i := 0; i < 3; i++ {
			if !yield(get()) {
				return
			}
		}
	}
}

// ---- copies through phis ----

func phiThenOriginal(ctx context.Context) {
	x, y := get(), get()
	w := x
	if cond() {
		w = y
	}
	w.Await(ctx)
	x.Await(ctx) // want `double await of x`
}

func phiThenOther(ctx context.Context) {
	x, y := get(), get()
	w := x
	if cond() {
		w = y
	}
	w.Await(ctx)
	y.Await(ctx) // want `double await of y`
}

func phiChain(ctx context.Context, n int) {
	a := get()
	w := a
	for i := 0; i < n; i++ {
		if cond() {
			w = get()
		}
	}
	w.Await(ctx)
	a.Await(ctx) // want `double await of a`
}

// ---- closures ----

func closureAssignsThenConsumes(ctx context.Context) {
	v := get()
	renew := func() {
		v = get()
		v.Await(ctx)
	}
	renew()
	v.Await(ctx) // want `double await of v`
}

func closureFromClosure(ctx context.Context) {
	v := get()
	inner := func() { v.Await(ctx) }
	outer := func() { inner() }
	outer()
	outer() // want `double await of v`
}

func nestedClosureCalledTwice(ctx context.Context) {
	v := get()
	outer := func() {
		inner := func() { v.Await(ctx) }
		inner()
		inner() // want `double await of v`
	}
	outer()
}

func capturedCopies(ctx context.Context) {
	v0 := get()
	v1 := v0
	f := func() {
		v0.Preserve()
		v1.AsTask()
	}
	f() // want `double await of v1: f\(\), after f\(\) at flow.go:\d+, which calls Preserve\(\) on it at flow.go:\d+`
}

func capturedAndDirect(ctx context.Context) {
	v := get()
	f := func() { v.Await(ctx) }
	v.Await(ctx)
	f() // want `double await of v`
}

// ---- range-over-func ----

func rangeFuncBody(ctx context.Context) {
	v := get()
	for range seq {
		v.Await(ctx) // want `double await of v: .*every iteration`
	}
}

func rangeFuncThenAfter(ctx context.Context) {
	v := get()
	for i := range seq {
		if i == 1 {
			v.Await(ctx)
			break
		}
	}
	v.Await(ctx) // want `double await of v`
}

func rangeFuncValueTwice(ctx context.Context) {
	for v := range values() {
		v.Await(ctx)
		v.AsTask() // want `double await of v`
	}
}

// ---- guards through memory ----

func guardedElement(xs []VT, i int) (int, error) {
	if xs[i].IsCompleted() {
		return xs[i].Result()
	}
	return 0, nil
}

func guardedField(h *struct{ v VT }) (int, error) {
	if !h.v.IsCompleted() {
		return 0, nil
	}
	return h.v.Result()
}

func guardLost(xs []VT, i int) (int, error) {
	if xs[i].IsCompleted() {
		xs[i] = get()
		return xs[i].Result() // want `unguarded Result\(\)`
	}
	return 0, nil
}

// ---- negatives ----

func phiOtherPathOnly(ctx context.Context) {
	x, y := get(), get()
	w := x
	if cond() {
		w = y
		w.Await(ctx)
		x.Await(ctx)
		return
	}
	w.Await(ctx)
}

func closureAssignsOnly(ctx context.Context) {
	v := get()
	v.Await(ctx)
	renew := func() { v = get() }
	renew()
	v.Await(ctx)
}

func rangeFuncBreaks(ctx context.Context) {
	v := get()
	for range seq {
		v.Await(ctx)
		break
	}
}

func rangeFuncReturns(ctx context.Context) error {
	v := get()
	for range seq {
		_, err := v.Await(ctx)
		return err
	}
	return nil
}

func rangeFuncNewEach(ctx context.Context) {
	var v VT
	for range seq {
		v = get()
		v.Await(ctx)
	}
}

func rangeFuncValues(ctx context.Context) {
	for v := range values() {
		v.Await(ctx)
	}
}

func preservedCapturedAndAddressed(ctx context.Context) {
	p := get().Preserve()
	q := &p
	f := func() { p.Await(ctx) }
	f()
	f()
	q.Await(ctx)
	for range seq {
		p.AsTask()
	}
}

// ---- references inside struct copies ----

type ref struct{ c *holder }

type holder struct{ v VT }

func structCopySharesPointee(ctx context.Context) {
	o := ref{c: &holder{v: get()}}
	o2 := o
	o2.c.v.Await(ctx)
	o.c.v.Await(ctx) // want `double await of o.c.v`
}

func arrayCopySharesPointee(ctx context.Context) {
	var h holder
	h.v = get()
	a := [2]*holder{&h, nil}
	b := a
	b[0].v.Await(ctx)
	h.v.Await(ctx) // want `double await of h.v`
}

func structCopyRepointed(ctx context.Context) {
	o := ref{c: &holder{v: get()}}
	o2 := o
	o2.c = &holder{v: get()}
	o2.c.v.Await(ctx)
	o.c.v.Await(ctx)
}

// ---- leaving range-over-func loops: break, return, labels ----
// A body that consumes only on the paths that leave the loop has not
// consumed when the loop ends normally.

func rangeFuncReturnThenAfter(ctx context.Context) int {
	v := get()
	for i := range seq {
		if i == 1 {
			v.Await(ctx)
			return 1
		}
	}
	v.Await(ctx)
	return 0
}

func rangeFuncBreakOuterFromNested(ctx context.Context) {
	v := get()
outer:
	for i := range seq {
		for j := range seq {
			if i+j > 0 {
				v.Await(ctx)
				break outer
			}
		}
	}
}

func rangeFuncBreakOuterPlainLoop(ctx context.Context) {
	v := get()
outer:
	for range 3 {
		for i := range seq {
			if i > 0 {
				v.Await(ctx)
				break outer
			}
		}
	}
}

func rangeFuncBreakOuterThenAfter(ctx context.Context) {
	v := get()
outer:
	for i := range seq {
		for j := range seq {
			if i+j > 0 {
				v.Await(ctx)
				break outer
			}
		}
	}
	v.Await(ctx) // want `double await of v: Await\(\), after the body of a range-over-func loop`
}

func rangeFuncContinueOuterFromNested(ctx context.Context) {
	v := get()
outer:
	for i := range seq {
		for j := range seq {
			if i+j > 0 {
				v.Await(ctx) // want `double await of v: the body of a range-over-func loop runs on every iteration of a loop`
				continue outer
			}
		}
	}
}

func rangeFuncBreakInnerInPlainLoop(ctx context.Context) {
	v := get()
	for range 3 {
		for i := range seq {
			if i > 0 {
				v.Await(ctx) // want `double await of v: the body of a range-over-func loop runs on every iteration of a loop`
				break
			}
		}
	}
}

func rangeFuncBreakThenAgainInBody(ctx context.Context) {
	v := get()
	for i := range seq {
		if i > 0 {
			v.Await(ctx) // want `double await of v: the body of a range-over-func loop runs on every iteration of a loop`
			break
		}
		v.AsTask()
	}
}
