// Package fixable holds a finding of each kind that has a suggested fix;
// fixable.go.golden is the file once they are applied, by valuetaskcheck
// -fix and by golangci-lint run --fix alike.
package fixable

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// Twice awaits a ValueTask it made twice.
func Twice(ctx context.Context) int {
	v := get()
	a, _ := v.Await(ctx)
	b, _ := v.Await(ctx)
	return a + b
}

// Param awaits its parameter twice, once in a goroutine.
func Param(ctx context.Context, v valuetask.ValueTask[int]) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		v.Await(ctx)
	}()
	v.Await(ctx)
	<-done
}

// Peek reads a result that may not be there yet.
func Peek(ctx context.Context) (int, error) {
	return get().Result()
}

// All hands a ValueTask to WhenAll.
func All(ctx context.Context) ([]int, error) {
	return valuetask.WhenAll[int](get()).Await(ctx)
}
