// Package related checks where Related information points: each function
// has one diagnostic (its want line) and one line marked "related", the
// other use the diagnostic must point at.
package related

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func drain(ctx context.Context, v valuetask.ValueTask[int]) { v.Await(ctx) }

func sequential(ctx context.Context) {
	v := get()
	v.Await(ctx) // related
	v.Await(ctx) // want `double await`
}

func deferred(ctx context.Context) (int, error) {
	v := get()
	defer v.Await(ctx)  // want `double await`
	return v.Await(ctx) // related
}

func loop(ctx context.Context) {
	v := get() // related
	for i := 0; i < 2; i++ {
		v.Await(ctx) // want `double await`
	}
}

func goroutine(ctx context.Context) {
	v := get()
	go func() {
		v.Await(ctx) // want `concurrent await`
	}()
	v.AsTask() // related
}

func goroutineAfter(ctx context.Context) {
	v := get()
	drain(ctx, v) // related
	go func() {
		v.Await(ctx) // want `double await`
	}()
}

func goInLoop(ctx context.Context) {
	v := get()
	for i := 0; i < 2; i++ {
		go /* related */ drain(ctx, v) // want `concurrent await`
	}
}

func viaVariable() {
	v := get()
	var a valuetask.Awaitable[int] = v // want `missing AsTask`
	valuetask.WhenAll(a)               // related
}
