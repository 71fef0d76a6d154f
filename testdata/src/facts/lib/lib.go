// Package lib holds helpers whose summaries travel to package use as facts.
package lib

import (
	"context"
	"fmt"

	"github.com/go-valuetask/valuetask/valuetask"
)

// Drain consumes v.
func Drain(ctx context.Context, v valuetask.ValueTask[int]) { v.Await(ctx) }

// DrainTwice consumes v through another helper.
func DrainTwice(ctx context.Context, v valuetask.ValueTask[int]) { viaHelper(ctx, v) }

func viaHelper(ctx context.Context, v valuetask.ValueTask[int]) { Drain(ctx, v) }

// LogState only queries v.
func LogState(v valuetask.ValueTask[int]) bool { return v.IsCompleted() }

// Ignore does nothing with v.
func Ignore(v valuetask.ValueTask[int]) {}

// Background consumes v in a goroutine it starts.
func Background(ctx context.Context, v valuetask.ValueTask[int]) {
	go func() { v.Await(ctx) }()
}

// All hands its inputs to WhenAll.
func All(xs ...valuetask.Awaitable[int]) *valuetask.Task[[]int] { return valuetask.WhenAll(xs...) }

// Print hands v to fmt, which has no summary: a hand-off.
func Print(v valuetask.ValueTask[int]) { fmt.Println(v) }

// Countdown is recursive and consumes v at the bottom.
func Countdown(ctx context.Context, n int, v valuetask.ValueTask[int]) {
	if n == 0 {
		v.Await(ctx)
		return
	}
	Countdown(ctx, n-1, v)
}

// Even and Odd are mutually recursive and only query.
func Even(n int, v valuetask.ValueTask[int]) bool {
	if n == 0 {
		return v.IsCompleted()
	}
	return Odd(n-1, v)
}

func Odd(n int, v valuetask.ValueTask[int]) bool {
	if n == 0 {
		return false
	}
	return Even(n-1, v)
}

// Take is generic and consumes v.
func Take[T any](ctx context.Context, v valuetask.ValueTask[T]) T {
	r, _ := v.Await(ctx)
	return r
}

// Peek is generic and only queries.
func Peek[T any](v valuetask.ValueTask[T]) bool { return v.IsCompleted() }

// Holder has methods with summaries.
type Holder struct{}

func (Holder) Consume(ctx context.Context, v valuetask.ValueTask[int]) { v.Await(ctx) }
func (*Holder) Check(v valuetask.ValueTask[int]) bool                  { return v.IsFaulted() }

// Box is generic, with a consuming method.
type Box[T any] struct{}

func (Box[T]) Use(ctx context.Context, v valuetask.ValueTask[T]) { v.AsTask() }
