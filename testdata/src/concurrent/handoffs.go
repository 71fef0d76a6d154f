package concurrent

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

// A goroutine that hands the ValueTask off (a send, an unknown callee)
// consumes it there, as an Await would.

func goSendsThenAwait(ctx context.Context, out chan<- valuetask.ValueTask[int]) (int, error) {
	v := get()
	go func() { out <- v }() // want `concurrent await of v: consumed in a goroutine that may run at the same time as Await\(\) at handoffs.go:\d+`
	return v.Await(ctx)
}

func goPassesThenAwait(ctx context.Context, f func(valuetask.ValueTask[int])) (int, error) {
	v := get()
	go func() { f(v) }() // want `concurrent await of v`
	return v.Await(ctx)
}

func goSendsOnly(out chan<- valuetask.ValueTask[int]) {
	v := get()
	go func() { out <- v }()
}

func goSendsCopy(ctx context.Context, out chan<- valuetask.ValueTask[int]) (int, error) {
	v := get()
	w := v.Preserve()
	go func() { out <- w }()
	return w.Await(ctx)
}

// A goroutine literal that consumes in several places is reported at the
// first of them in the source, whichever path the analysis walks first.

func goConsumesTwiceAfterAwait(ctx context.Context, c bool) {
	v := get()
	v.Await(ctx)
	go func() {
		if c && v.IsCompleted() {
			v.Result() // want `double await of v: consumed in a goroutine after Await\(\) at handoffs.go:\d+`
		}
		v.Await(ctx) // want `double await of v: Await\(\), after Result\(\) at handoffs.go:\d+`
	}()
}

func goConsumesOnEitherBranchThenAwait(ctx context.Context, c bool) (int, error) {
	v := get()
	go func() {
		if c {
			v.AsTask() // want `concurrent await of v: consumed in a goroutine that may run at the same time as Await\(\) at handoffs.go:\d+`
		} else {
			v.Await(ctx)
		}
	}()
	return v.Await(ctx)
}
