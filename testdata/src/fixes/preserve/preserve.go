// Package preserve holds double and concurrent awaits whose fix makes the
// ValueTask reusable where it is made: Preserve() after the call that makes
// it, or v = v.Preserve() first thing for a parameter.
package preserve

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func get() VT { return valuetask.FromTask(valuetask.Completed(1)) }

func getErr() (VT, error) { return get(), nil }

type holder struct{ v VT }

// ---- fixed ----

func defined(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func assigned(ctx context.Context) {
	var v VT
	v = get()
	v.Await(ctx)
	v.AsTask() // want `double await of v`
}

func declared(ctx context.Context) {
	var v = get()
	v.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func parameter(ctx context.Context, v VT) {
	v.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func inLoop(ctx context.Context) {
	v := get()
	for i := 0; i < 3; i++ {
		v.Await(ctx) // want `double await of v: Await\(\) runs on every iteration`
	}
}

func concurrent(ctx context.Context) {
	v := get()
	go func() {
		v.Await(ctx) // want `concurrent await of v`
	}()
	v.Await(ctx)
}

func severalFindingsOneEdit(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx) // want `double await of v`
	v.AsTask()   // want `double await of v`
}

func eitherParameter(ctx context.Context, a, b VT, c bool) {
	x := a
	if c {
		x = b
	}
	x.Await(ctx)
	x.Await(ctx) // want `double await of x`
}

func twoParameters(ctx context.Context, a, b VT) {
	a.Await(ctx)
	b.Await(ctx)
	b.Await(ctx) // want `double await of b`
	a.Await(ctx) // want `double await of a`
}

func eitherCall(ctx context.Context, c bool) {
	a := get()
	b := get()
	if c {
		a = b
	}
	a.Await(ctx)
	a.Await(ctx) // want `double await of a`
}

func paramAndField(ctx context.Context, a VT, h *holder, c bool) {
	x := a
	if c {
		x = h.v
	}
	x.Await(ctx)
	x.Await(ctx) // want `double await of x`
}

// ---- not fixed ----

func fromField(ctx context.Context, h *holder) {
	h.v.Await(ctx)
	h.v.Await(ctx) // want `double await of h.v`
}

func fromContainer(ctx context.Context, xs []VT) {
	xs[0].Await(ctx)
	xs[0].Await(ctx) // want `double await of xs\[0\]`
}

func fromTuple(ctx context.Context) {
	v, _ := getErr()
	v.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func inALiteral(ctx context.Context, h *holder) {
	f := func() {
		h.v.Await(ctx)
		h.v.Await(ctx) // want `double await of h.v`
	}
	f()
}
