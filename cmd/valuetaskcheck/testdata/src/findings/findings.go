// Package findings holds three findings: a double await, a ValueTask
// handed to WhenAll without AsTask, and a dropped ValueTask.
package findings

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// Twice awaits one ValueTask twice.
func Twice(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx)
}

// All hands a ValueTask to WhenAll without AsTask.
func All(ctx context.Context) ([]int, error) {
	v := get()
	return valuetask.WhenAll[int](v).Await(ctx)
}

// Drop drops the ValueTask that get returns.
func Drop() {
	get()
}
