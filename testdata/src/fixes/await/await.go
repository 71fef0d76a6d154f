// Package await holds unguarded Result() calls whose fix awaits instead,
// with the one context.Context in scope.
package await

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func get() VT { return valuetask.FromTask(valuetask.Completed(1)) }

// ---- fixed ----

func parameter(ctx context.Context) (int, error) {
	v := get()
	return v.Result() // want `unguarded Result\(\): v`
}

func local() (int, error) {
	ctx := context.Background()
	v := get()
	x, err := v.Result() // want `unguarded Result\(\): v`
	_ = ctx
	return x, err
}

func inLiteral(ctx context.Context) func() (int, error) {
	return func() (int, error) {
		return get().Result() // want `unguarded Result\(\)`
	}
}

// ---- not fixed ----

func noContext() (int, error) {
	v := get()
	return v.Result() // want `unguarded Result\(\): v`
}

func twoContexts(ctx context.Context, other context.Context) (int, error) {
	v := get()
	return v.Result() // want `unguarded Result\(\): v`
}

func declaredAfter() (int, error) {
	v := get()
	x, err := v.Result() // want `unguarded Result\(\): v`
	ctx := context.Background()
	_ = ctx
	return x, err
}
