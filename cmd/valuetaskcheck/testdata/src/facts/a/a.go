// Package a has helpers whose effect on a ValueTask another package can
// only know through the analyzer's facts.
package a

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

// Drain consumes v.
func Drain(ctx context.Context, v valuetask.ValueTask[int]) { v.Await(ctx) }

// LogState only queries v.
func LogState(v valuetask.ValueTask[int]) bool { return v.IsCompleted() }
