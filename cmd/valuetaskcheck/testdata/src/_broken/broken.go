// Package broken does not type-check. Its directory starts with an
// underscore so that ./... leaves it out; tests name it explicitly.
package broken

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

// Bad returns two values from a function that returns one.
func Bad(ctx context.Context) int {
	v := valuetask.FromResult(1)
	return v.Await(ctx)
}
