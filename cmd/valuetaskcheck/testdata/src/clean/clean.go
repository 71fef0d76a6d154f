// Package clean uses ValueTasks correctly: the checker finds nothing here.
package clean

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get(n int) valuetask.ValueTask[int] { return valuetask.FromResult(n) }

// Once consumes its ValueTask exactly once, reading the result directly
// when it is already there.
func Once(ctx context.Context) (int, error) {
	v := get(1)
	if v.IsCompleted() {
		return v.Result()
	}
	return v.Await(ctx)
}

// Sum waits for two ValueTasks through WhenAll, each turned into a Task.
func Sum(ctx context.Context) (int, error) {
	a, b := get(1), get(2)
	rs, err := valuetask.WhenAll[int](a.AsTask(), b.AsTask()).Await(ctx)
	if err != nil {
		return 0, err
	}
	return rs[0] + rs[1], nil
}

// Shared preserves a ValueTask that is awaited twice.
func Shared(ctx context.Context) (int, error) {
	p := get(3).Preserve()
	x, err := p.Await(ctx)
	if err != nil {
		return 0, err
	}
	y, err := p.Await(ctx)
	return x + y, err
}
