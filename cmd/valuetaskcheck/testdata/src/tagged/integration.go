//go:build integration

package tagged

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

// Mode names the build.
func Mode() string { return "integration" }

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
