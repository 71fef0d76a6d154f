package valuetask_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-valuetask/valuetask/valuetask"
)

// chanAwaitable is an Awaitable the combinators know nothing about.
type chanAwaitable chan int

func (c chanAwaitable) Await(ctx context.Context) (int, error) {
	select {
	case v := <-c:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func promises(n int) ([]*valuetask.Promise[int], []valuetask.Awaitable[int]) {
	ps := make([]*valuetask.Promise[int], n)
	as := make([]valuetask.Awaitable[int], n)
	for i := range ps {
		ps[i] = valuetask.NewPromise[int]()
		as[i] = ps[i].Task()
	}
	return ps, as
}

func TestWhenAllReturnsAtOnceAndWaitsForEveryInput(t *testing.T) {
	ps, as := promises(3)
	var all *valuetask.Task[[]int]
	within(t, func() { all = valuetask.WhenAll(as...) })
	for i := range ps {
		if all.IsCompleted() {
			t.Fatalf("completed with %d of 3 inputs done", i)
		}
		ps[i].Resolve(i)
	}
	if !all.IsCompleted() {
		t.Fatal("not completed once every input completed")
	}
}

func TestWhenAllResultsInArgumentOrder(t *testing.T) {
	ps, as := promises(4)
	all := valuetask.WhenAll(as...)
	for i := len(ps) - 1; i >= 0; i-- { // complete in reverse
		go ps[i].Resolve(i * 10)
		time.Sleep(time.Millisecond)
	}
	got := get[[]int](t, all)
	for i, v := range got {
		if v != i*10 {
			t.Fatalf("results %v; want [0 10 20 30]", got)
		}
	}
}

func TestWhenAllNoInputsCompletesAtOnceWithEmptySlice(t *testing.T) {
	all := valuetask.WhenAll[int]()
	if !all.IsCompleted() {
		t.Fatal("WhenAll() is not completed at once")
	}
	got, err := all.Await(testCtx(t))
	if got == nil || len(got) != 0 || err != nil {
		t.Fatalf("got (%#v, %v); want a non-nil zero-length slice", got, err)
	}
}

func TestWhenAllJoinsErrorsInArgumentOrder(t *testing.T) {
	e1, e3 := errors.New("e1"), errors.New("e3")
	ps, as := promises(4)
	all := valuetask.WhenAll(as...)
	ps[3].Reject(e3) // the later argument fails first
	ps[0].Resolve(0)
	ps[2].Resolve(2)
	ps[1].Reject(e1)
	_, err := all.Await(testCtx(t))
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("err %v (%T) is not an errors.Join", err, err)
	}
	if errs := joined.Unwrap(); len(errs) != 2 || errs[0] != e1 || errs[1] != e3 {
		t.Fatalf("joined %v; want [e1 e3] in argument order", errs)
	}
	if err.Error() != errors.Join(e1, e3).Error() {
		t.Fatalf("message %q", err)
	}
	if all.Status() != valuetask.Faulted {
		t.Fatalf("status %v; want Faulted", all.Status())
	}
}

func TestWhenAllMixedAwaitables(t *testing.T) {
	var c, c2 valuetask.SourceCore[int]
	custom := make(chanAwaitable, 1)
	all := valuetask.WhenAll(
		valuetask.Completed(0),
		valuetask.FromResult(1).AsTask(),
		valuetask.FromSource(&c, c.Version()).AsTask(),
		custom,
		valuetask.FromResult(4).Preserve(),
		//valuetask:ignore the misuse under test: WhenAll must still work when it is the only consumer
		valuetask.FromSource(&c2, c2.Version()),
	)
	go func() {
		c.SetResult(2)
		custom <- 3
		c2.SetResult(5)
	}()
	got := get[[]int](t, all)
	for i, v := range got {
		if v != i || len(got) != 6 {
			t.Fatalf("results %v; want [0 1 2 3 4 5]", got)
		}
	}
}

func TestWhenAllWatchesTasksWithoutAGoroutineEach(t *testing.T) {
	before := goroutinesStartedBy("WhenAll")
	ps, as := promises(1000)
	all := valuetask.WhenAll(as...)
	if n := len(newGoroutines(goroutinesStartedBy("WhenAll"), before)); n != 0 {
		t.Fatalf("WhenAll of 1000 pending Tasks started %d goroutines; want none", n)
	}
	for i, p := range ps {
		p.Resolve(i)
	}
	if got := get[[]int](t, all); len(got) != 1000 || got[999] != 999 {
		t.Fatalf("results wrong: len %d", len(got))
	}
}

func TestWhenAllLeavesNoGoroutineRunning(t *testing.T) {
	before := goroutinesStartedBy("WhenAll")
	customs := make([]valuetask.Awaitable[int], 50)
	for i := range customs {
		customs[i] = make(chanAwaitable, 1)
	}
	all := valuetask.WhenAll(customs...)
	// Each input is waited for in a goroutine of its own, blocked until the
	// input is fed; seeing all of them is what lets the check below fail.
	ours := newGoroutines(goroutinesStartedBy("WhenAll"), before)
	if len(ours) != len(customs) {
		t.Fatalf("WhenAll of %d custom Awaitables runs %d goroutines; want one each", len(customs), len(ours))
	}
	for i, c := range customs {
		c.(chanAwaitable) <- i
	}
	get[[]int](t, all)
	goroutinesEnd(t, "WhenAll", ours)
}

func TestWhenAllNilInputPanics(t *testing.T) {
	mustPanic(t, "valuetask: WhenAll: input 1 is nil", func() {
		valuetask.WhenAll(valuetask.Completed(1), nil)
	})
	mustPanic(t, "valuetask: WhenAll: input 0 is a nil *Task", func() {
		valuetask.WhenAll[int]((*valuetask.Task[int])(nil))
	})
}

func TestWhenAnyReturnsAtOnceWithTheVeryInputThatCompletedFirst(t *testing.T) {
	ps, as := promises(3)
	var first *valuetask.Task[valuetask.Awaitable[int]]
	within(t, func() { first = valuetask.WhenAny(as...) })
	if first.IsCompleted() {
		t.Fatal("completed before any input did")
	}
	ps[1].Resolve(1)
	ps[0].Resolve(0)
	winner := get[valuetask.Awaitable[int]](t, first)
	if winner != as[1] {
		t.Fatalf("winner %v; want input 1 (the very Awaitable passed in)", winner)
	}
}

func TestWhenAnySucceedsWithAFailedInput(t *testing.T) {
	boom := errors.New("boom")
	ps, as := promises(2)
	first := valuetask.WhenAny(as...)
	ps[0].Reject(boom)
	winner, err := first.Await(testCtx(t))
	if err != nil || first.Status() != valuetask.Succeeded {
		t.Fatalf("WhenAny failed with %v; want success whatever the input's outcome", err)
	}
	if winner != as[0] {
		t.Fatal("winner is not the failed input")
	}
	if _, err := winner.Await(testCtx(t)); err != boom {
		t.Fatalf("winner's own err %v; want boom", err)
	}
}

func TestWhenAnyAlreadyCompletedInputsWinInArgumentOrder(t *testing.T) {
	ps, as := promises(1)
	second, third := valuetask.Completed(2), valuetask.Completed(3)
	first := valuetask.WhenAny(as[0], second, third)
	if winner := get[valuetask.Awaitable[int]](t, first); winner != valuetask.Awaitable[int](second) {
		t.Fatalf("winner %v; want the first completed argument", winner)
	}
	ps[0].Resolve(1)
}

func TestWhenAnyDoesNotConsumeValueTaskInputs(t *testing.T) {
	var c valuetask.SourceCore[int]
	vt := valuetask.FromSource(&c, c.Version())
	//valuetask:ignore WhenAny watching a ValueTask without consuming it is under test
	first := valuetask.WhenAny[int](vt, make(chanAwaitable))
	go c.SetResult(5)
	winner := get[valuetask.Awaitable[int]](t, first)
	if v := get[int](t, winner); v != 5 {
		t.Fatalf("winner gave %d; want 5", v)
	}
}

func TestWhenAnyCustomAwaitable(t *testing.T) {
	before := goroutinesStartedBy("WhenAny")
	a, b := make(chanAwaitable, 1), make(chanAwaitable, 1)
	first := valuetask.WhenAny[int](a, b)
	ours := newGoroutines(goroutinesStartedBy("WhenAny"), before)
	if len(ours) != 2 {
		t.Fatalf("WhenAny of 2 custom Awaitables runs %d goroutines; want one each", len(ours))
	}
	b <- 2
	if winner := get[valuetask.Awaitable[int]](t, first); winner != valuetask.Awaitable[int](b) {
		t.Fatal("winner is not the input that completed")
	}
	a <- 1 // the loser's goroutine, too, ends once its input completes
	goroutinesEnd(t, "WhenAny", ours)
}

func TestWhenAnyWatchesTasksWithoutAGoroutineEach(t *testing.T) {
	before := goroutinesStartedBy("WhenAny")
	ps, as := promises(1000)
	first := valuetask.WhenAny(as...)
	if n := len(newGoroutines(goroutinesStartedBy("WhenAny"), before)); n != 0 {
		t.Fatalf("WhenAny of 1000 pending Tasks started %d goroutines; want none", n)
	}
	ps[500].Resolve(500)
	if get[valuetask.Awaitable[int]](t, first) != as[500] {
		t.Fatal("wrong winner")
	}
}

func TestWhenAnyPanics(t *testing.T) {
	mustPanic(t, "valuetask: WhenAny() called with no inputs", func() { valuetask.WhenAny[int]() })
	mustPanic(t, "valuetask: WhenAny: input 0 is nil", func() { valuetask.WhenAny[int](nil) })
}
