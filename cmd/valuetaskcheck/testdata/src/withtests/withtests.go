// Package withtests has findings in its non-test file, in its internal
// test file and in its external test file. go/packages loads it twice,
// as withtests and as its test variant "withtests [withtests.test]", which
// compiles withtests.go again: its findings must be listed once.
package withtests

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

// Get returns a completed ValueTask.
func Get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// Twice awaits one ValueTask twice.
func Twice(ctx context.Context) {
	v := Get()
	v.Await(ctx)
	v.Await(ctx)
}

// All hands a ValueTask to WhenAll without AsTask.
func All(ctx context.Context) ([]int, error) {
	v := Get()
	return valuetask.WhenAll[int](v).Await(ctx)
}

// Drop drops the ValueTask that Get returns.
func Drop() {
	Get()
}
