// Package double holds double-await cases: a ValueTask consumed twice on
// one path is reported at the consumption that runs second.
package double

import (
	"context"
	"errors"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func getErr() (valuetask.ValueTask[int], error) { return get(), nil }

func cond() bool { return true }

// ---- positives ----

func twice(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx) // want `double await of v: Await\(\), after Await\(\) at double.go:\d+`
}

func awaitThenAsTask(ctx context.Context) {
	v := get()
	v.Await(ctx)
	_ = v.AsTask() // want `double await of v`
}

func resultThenAwait(ctx context.Context) {
	v := get()
	if v.IsCompleted() {
		v.Result()
	}
	v.Await(ctx) // want `double await of v`
}

func copies(ctx context.Context) {
	v := get()
	w := v
	v.Await(ctx)
	w.Await(ctx) // want `double await of`
}

func throughInterface(ctx context.Context) {
	v := get()
	var a valuetask.Awaitable[int] = v
	a.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func inLoop(ctx context.Context) {
	v := get()
	for i := 0; i < 3; i++ {
		v.Await(ctx) // want `double await of v: Await\(\) runs on every iteration of a loop`
	}
}

func rangeLoop(ctx context.Context, xs []int) {
	v := get()
	for range xs {
		v.Await(ctx) // want `double await of v`
	}
}

func afterBranch(ctx context.Context) {
	v := get()
	if cond() {
		v.Await(ctx)
	}
	v.Await(ctx) // want `double await of v`
}

func switchFallsOut(ctx context.Context, n int) {
	v := get()
	switch n {
	case 1:
		v.Await(ctx)
	case 2:
	}
	v.Await(ctx) // want `double await of v`
}

func addressTaken(ctx context.Context) {
	v := get()
	p := &v
	p.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func withTuple(ctx context.Context) error {
	v, err := getErr()
	if err != nil {
		return err
	}
	v.Await(ctx)
	_, err = v.Await(ctx) // want `double await of v`
	return err
}

func deferThenReturn(ctx context.Context) (int, error) {
	v := get()
	defer v.Await(ctx) // want `double await of v: deferred Await\(\) runs at return, after Await\(\)`
	return v.Await(ctx)
}

func twoDefers(ctx context.Context) {
	v := get()
	defer v.Await(ctx) // want `double await of v`
	defer v.Await(ctx)
}

func closureCalledTwice(ctx context.Context) {
	v := get()
	f := func() { v.Await(ctx) }
	f()
	f() // want `double await of v`
}

func closureInLoop(ctx context.Context) {
	v := get()
	f := func() { v.Await(ctx) }
	for i := 0; i < 2; i++ {
		f() // want `double await of v`
	}
}

func closureThenDirect(ctx context.Context) {
	v := get()
	func() { v.Await(ctx) }()
	v.Await(ctx) // want `double await of v`
}

func methodValue(ctx context.Context) {
	v := get()
	await := v.Await
	await(ctx)
	await(ctx) // want `double await of`
}

func phiMerge(ctx context.Context, a, b valuetask.ValueTask[int]) {
	x := a
	if cond() {
		x = b
	}
	x.Await(ctx)
	x.Await(ctx) // want `double await of x`
}

func gotoLoop(ctx context.Context) {
	v := get()
	n := 0
again:
	v.Await(ctx) // want `double await of v`
	n++
	if n < 2 {
		goto again
	}
}

func labeledContinue(ctx context.Context, xs [][]int) {
	v := get()
outer:
	for _, row := range xs {
		for range row {
			v.Await(ctx) // want `double await of v`
			continue outer
		}
	}
}

func param(ctx context.Context, v valuetask.ValueTask[int]) {
	v.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func handOffThenAwait(ctx context.Context, ch chan valuetask.ValueTask[int]) {
	v := get()
	ch <- v
	v.Await(ctx) // want `double await of v: Await\(\), after the send on a channel`
}

type holder struct{ vt valuetask.ValueTask[int] }

func storeThenAwait(ctx context.Context, h *holder) {
	v := get()
	h.vt = v
	v.Await(ctx) // want `double await of v`
}

func storedAndConsumedBack(ctx context.Context) {
	v := get()
	h := &holder{}
	h.vt = v
	h.vt.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func sliceElement(ctx context.Context) {
	v := get()
	xs := []valuetask.ValueTask[int]{v}
	xs[0].Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func generic[T any](ctx context.Context, v valuetask.ValueTask[T]) {
	v.Await(ctx)
	v.Await(ctx) // want `double await of v`
}

type box[T any] struct{}

func (box[T]) run(ctx context.Context, v valuetask.ValueTask[T]) {
	_ = v.Preserve()
	v.AsTask() // want `double await of v`
}

// ---- negatives ----

func once(ctx context.Context) (int, error) {
	v := get()
	return v.Await(ctx)
}

func exclusiveBranches(ctx context.Context) {
	v := get()
	if cond() {
		v.Await(ctx)
	} else {
		v.Await(ctx)
	}
}

func exclusiveSwitch(ctx context.Context, n int) {
	v := get()
	switch n {
	case 1:
		v.Await(ctx)
	case 2:
		v.AsTask()
	default:
		v.Preserve()
	}
}

func earlyReturn(ctx context.Context) error {
	v := get()
	if cond() {
		_, err := v.Await(ctx)
		return err
	}
	_, err := v.Await(ctx)
	return err
}

func panicBranch(ctx context.Context) {
	v := get()
	if cond() {
		v.Await(ctx)
		panic(errors.New("stop"))
	}
	v.Await(ctx)
}

func newEachIteration(ctx context.Context) {
	for i := 0; i < 3; i++ {
		v := get()
		v.Await(ctx)
	}
}

func reassigned(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v = get()
	v.Await(ctx)
}

func reassignedInLoop(ctx context.Context) {
	v := get()
	for i := 0; i < 3; i++ {
		v.Await(ctx)
		v = get()
	}
}

func preserved(ctx context.Context) {
	p := get().Preserve()
	p.Await(ctx)
	p.Await(ctx)
	for i := 0; i < 2; i++ {
		p.AsTask()
	}
}

func asTaskManyAwaits(ctx context.Context) {
	t := get().AsTask()
	t.Await(ctx)
	t.Await(ctx)
}

func queriesOnly(ctx context.Context) {
	v := get()
	if v.IsCompleted() && !v.IsFaulted() && !v.IsCanceled() && v.IsCompletedSuccessfully() {
		v.Result()
		return
	}
	v.Await(ctx)
}

func loopBreakAfterAwait(ctx context.Context) {
	v := get()
	for {
		if cond() {
			v.Await(ctx)
			break
		}
	}
}

func loopReturnAfterAwait(ctx context.Context, xs []int) {
	v := get()
	for range xs {
		if cond() {
			v.Await(ctx)
			return
		}
	}
}

func closureOnce(ctx context.Context) {
	v := get()
	f := func() { v.Await(ctx) }
	f()
}

func closureOtherBranch(ctx context.Context) {
	v := get()
	f := func() { v.Await(ctx) }
	if cond() {
		f()
		return
	}
	v.Await(ctx)
}

func deferOnly(ctx context.Context) {
	v := get()
	defer v.Await(ctx)
}

func recovered(ctx context.Context) {
	v := get()
	defer func() {
		if r := recover(); r != nil {
			return
		}
	}()
	v.Await(ctx)
}

func selectOnce(ctx context.Context, ch chan int) {
	v := get()
	select {
	case <-ch:
		v.Await(ctx)
	case <-ctx.Done():
		v.AsTask()
	}
}

func infinite(ctx context.Context) {
	for {
		v := get()
		v.Await(ctx)
	}
}

func blockForever() {
	select {}
}

func unreachable(ctx context.Context) {
	v := get()
	return
	v.Await(ctx)
	v.Await(ctx)
}

func twoValues(ctx context.Context) {
	a, b := get(), get()
	a.Await(ctx)
	b.Await(ctx)
}

func genericOnce[T any](ctx context.Context, v valuetask.ValueTask[T]) (T, error) {
	return v.Await(ctx)
}
