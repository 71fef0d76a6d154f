// Package closures holds cases of ValueTasks captured by function literals,
// stored in structures, and moved through variables.
package closures

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func run(f func()) { f() }

type job struct {
	fn func()
	vt valuetask.ValueTask[int]
}

var registry []func()

// ---- positives ----

func passedThenAwaited(ctx context.Context) {
	v := get()
	run(func() { v.Await(ctx) })
	v.Await(ctx) // want `double await of v: Await\(\), after run\(func\(\)\{…\}\) at closures.go:\d+, which awaits it at closures.go:\d+`
}

func storedThenAwaited(ctx context.Context) {
	v := get()
	j := &job{}
	j.fn = func() { v.Await(ctx) }
	v.Await(ctx) // want `double await of v`
}

func returnedThenAwaited(ctx context.Context) func() {
	v := get()
	f := func() { v.Await(ctx) }
	v.Await(ctx)
	return f // want `double await of v`
}

func appendedToGlobal(ctx context.Context) {
	v := get()
	v.Await(ctx)
	registry = append(registry, func() { v.Await(ctx) }) // want `double await of v`
}

func goClosureVariable(ctx context.Context) {
	v := get()
	f := func() {
		v.Await(ctx) // want `concurrent await of v`
	}
	go f()
	v.Await(ctx)
}

func deferredClosure(ctx context.Context) {
	v := get()
	defer func() { v.Await(ctx) }() // want `double await of v`
	v.Await(ctx)
}

func nestedClosure(ctx context.Context) {
	v := get()
	outer := func() {
		inner := func() { v.Await(ctx) }
		inner()
	}
	outer()
	outer() // want `double await of v`
}

func structField(ctx context.Context) {
	j := job{vt: get()}
	j.vt.Await(ctx)
	j.vt.Await(ctx) // want `double await`
}

func arrayElement(ctx context.Context) {
	var arr [2]valuetask.ValueTask[int]
	arr[0] = get()
	arr[0].Await(ctx)
	arr[0].AsTask() // want `double await`
}

func fieldOfParam(ctx context.Context, j *job) {
	j.vt.Await(ctx)
	j.vt.Await(ctx) // want `double await`
}

// ---- negatives ----

func calledOnce(ctx context.Context) {
	v := get()
	func() { v.Await(ctx) }()
}

func closureQueries(ctx context.Context) {
	v := get()
	ready := func() bool { return v.IsCompleted() }
	if ready() && ready() {
		v.Await(ctx)
	}
}

func closureReassigns(ctx context.Context) {
	v := get()
	renew := func() { v = get() }
	v.Await(ctx)
	renew()
	v.Await(ctx)
}

func fieldReassigned(ctx context.Context, j *job) {
	j.vt.Await(ctx)
	j.vt = get()
	j.vt.Await(ctx)
}

func fieldCallBetween(ctx context.Context, j *job, refill func(*job)) {
	j.vt.Await(ctx)
	refill(j)
	j.vt.Await(ctx)
}

func differentElements(ctx context.Context) {
	var arr [2]valuetask.ValueTask[int]
	arr[0], arr[1] = get(), get()
	arr[0].Await(ctx)
	arr[1].Await(ctx)
}

func dynamicIndex(ctx context.Context, xs []valuetask.ValueTask[int]) {
	for i := range xs {
		xs[i].Await(ctx)
	}
}

func escapesOnly(ctx context.Context) func() {
	v := get()
	return func() { v.Await(ctx) }
}

func separateJobs(ctx context.Context) {
	for i := 0; i < 3; i++ {
		v := get()
		run(func() { v.Await(ctx) })
	}
}

func preservedCaptured(ctx context.Context) {
	kept := get().Preserve()
	f := func() {
		kept.Await(ctx)
		if kept.IsCompleted() {
			kept.Result()
		}
	}
	f()
	f()
	func() {
		func() { kept.Await(ctx) }()
		kept.AsTask()
	}()
}

func storedAndConsumedBackOnce(ctx context.Context, h *job) {
	v := get()
	h.vt = v
	h.vt.Await(ctx)
}

func sliceElementOnce(ctx context.Context) {
	v := get()
	xs := []valuetask.ValueTask[int]{v}
	xs[0].Await(ctx)
}

func globalConsumedBack(ctx context.Context) {
	current = get()
	current.Await(ctx)
}

var current valuetask.ValueTask[int]

// A literal that renews a captured variable with a Preserve() result makes
// it reusable for the literals made after the call.

func preservedByLiteralCall(ctx context.Context) {
	v := get()
	keep := func() { v = v.Preserve() }
	keep()
	use := func() {
		v.Await(ctx)
		v.AsTask()
	}
	use()
	use()
}

func preservedByLiteralCallNested(ctx context.Context, c bool) {
	v := get()
	keep := func() { v = v.Preserve() }
	keep()
	if c {
		defer func() {
			inner := func() {
				var a valuetask.Awaitable[int] = v
				a.Await(ctx)
				xs := []valuetask.ValueTask[int]{v}
				xs[0].Await(ctx)
			}
			inner()
		}()
	}
}

func preservedOnOneBranchOnly(ctx context.Context, c bool) {
	v := get()
	keep := func() { v = v.Preserve() }
	if c {
		keep()
	}
	use := func() {
		v.Await(ctx)
		v.AsTask() // want `double await of v: AsTask\(\), after Await\(\)`
	}
	use()
}

func renewedByLiteralCall(ctx context.Context) {
	v := get()
	renew := func() { v = get() }
	renew()
	use := func() {
		v.Await(ctx)
		v.AsTask() // want `double await of v: AsTask\(\), after Await\(\)`
	}
	use()
}

func preservedThenRenewedByLiteralCall(ctx context.Context) {
	v := get()
	keep := func() { v = v.Preserve() }
	renew := func() { v = get() }
	keep()
	renew()
	use := func() {
		v.Await(ctx)
		v.AsTask() // want `double await of v: AsTask\(\), after Await\(\)`
	}
	use()
}

func preservedThenRenewedAfterLiteral(ctx context.Context) {
	v := get()
	keep := func() { v = v.Preserve() }
	renew := func() { v = get() }
	keep()
	use := func() {
		v.Await(ctx)
		v.AsTask() // want `double await of v: AsTask\(\), after Await\(\)`
	}
	renew()
	use()
}

func preservedCapturedLiteralRenewsItLast(ctx context.Context, c bool) {
	v := get()
	v = v.Preserve()
	go func() {
		defer func() { v = get() }()
		v.AsTask()
		if c && v.IsCompleted() {
			v.Result()
		}
	}()
}
