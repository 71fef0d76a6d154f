package double

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

// Deferred calls registered on some paths only run at return, after
// the body: the places they read stay live until then.

func deferredTwiceOnABranch(ctx context.Context, c bool) {
	v := get()
	defer func() { v.Await(ctx) }() // want `double await of v: deferred func\(\)\{…\}\(\) runs at return, after deferred func\(\)\{…\}\(\) at defers_branch.go:16`
	if c {
		defer func() { v.Await(ctx) }()
	}
}

func deferredArgumentsOnABranch(ctx context.Context, c bool) {
	v := get()
	defer consume(ctx, v) // want `double await of v: deferred consume\(ctx, v\) runs at return, after deferred consume\(ctx, v\) at defers_branch.go:24`
	if c {
		defer consume(ctx, v)
	}
}

func deferredInnerPair(ctx context.Context, c bool) {
	v := get()
	defer func() { v.Await(ctx) }() // want `double await of v: deferred func\(\)\{…\}\(\) runs at return`
	if c {
		defer func() {
			v.Await(ctx)
			v.Await(ctx) // want `double await of v: Await\(\), after Await\(\)`
		}()
	}
}

func deferredInGoroutineOnABranch(ctx context.Context, c bool) {
	v := get()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { v.Await(ctx) }() // want `double await of v: deferred func\(\)\{…\}\(\) runs at return`
		if c {
			defer func() { v.Await(ctx) }()
		}
	}()
	<-done
}

// ---- negatives ----

func deferredOnExclusiveBranches(ctx context.Context, c bool) {
	v := get()
	if c {
		defer func() { v.Await(ctx) }()
	} else {
		defer consume(ctx, v)
	}
}

func consume(ctx context.Context, v valuetask.ValueTask[int]) int {
	x, _ := v.Await(ctx)
	return x
}

// The checks go/ssa adds for a misbehaving iterator (a panic with no
// position) are no path of the program: the deferred call does not run
// there with the ValueTask the body consumed.
func deferredAfterRangeFunc(ctx context.Context, c bool) {
	v := get()
	defer func() { v.Await(ctx) }()
	for range upToTwo {
		consume(ctx, v) // want `double await of v: the body of a range-over-func loop runs on every iteration of a loop`
		if c {
			break
		}
	}
	v = get()
}

func upToTwo(yield func(int) bool) {
	for i := range 2 {
		if !yield(i) {
			return
		}
	}
}
