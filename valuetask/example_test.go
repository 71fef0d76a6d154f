package valuetask_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/go-valuetask/valuetask/valuetask"
)

// squarer computes squares in a long-lived worker goroutine. It has at most one
// call in flight, so one SourceCore serves every call and the ValueTasks it
// returns cost no allocation at all.
type squarer struct {
	core valuetask.SourceCore[int]
	reqs chan int
}

func newSquarer() *squarer {
	s := &squarer{reqs: make(chan int)}
	go func() {
		for n := range s.reqs {
			if n < 0 {
				s.core.SetError(errors.New("negative input"))
				continue
			}
			s.core.SetResult(n * n)
		}
	}()
	return s
}

// Square must not be called again before the previous result was consumed:
// the next Reset would make that ValueTask stale.
func (s *squarer) Square(n int) valuetask.ValueTask[int] {
	s.core.Reset()
	vt := valuetask.FromSource(&s.core, s.core.Version())
	s.reqs <- n
	return vt
}

func ExampleSourceCore() {
	ctx := context.Background()
	s := newSquarer()
	defer close(s.reqs)
	for _, n := range []int{2, 3, -1} {
		v, err := s.Square(n).Await(ctx)
		fmt.Println(v, err)
	}
	// Output:
	// 4 <nil>
	// 9 <nil>
	// 0 negative input
}

func ExampleSourceCore_Reset() {
	ctx := context.Background()
	var core valuetask.SourceCore[int]
	old := valuetask.FromSource(&core, core.Version())
	core.SetResult(1)

	core.Reset() // a new operation: old is stale now
	next := valuetask.FromSource(&core, core.Version())
	core.SetResult(2)

	// old never sees the new operation's result.
	_, err := old.Await(ctx)
	fmt.Println(errors.Is(err, valuetask.ErrConsumed))
	fmt.Println(next.Await(ctx))
	// Output:
	// true
	// 2 <nil>
}

func ExampleWhenAll() {
	ctx := context.Background()
	fetch := func(n int) valuetask.ValueTask[int] {
		if n%2 == 0 {
			return valuetask.FromResult(n * 10) // cached
		}
		return valuetask.FromTask(valuetask.Run(ctx, func(context.Context) (int, error) {
			return n * 10, nil
		}))
	}
	// WhenAll takes Awaitables; hand it Tasks, not the ValueTasks themselves.
	all := valuetask.WhenAll(fetch(1).AsTask(), fetch(2).AsTask(), fetch(3).AsTask())
	fmt.Println(all.Await(ctx))

	boom := errors.New("boom")
	failed := valuetask.WhenAll(valuetask.Completed(1), valuetask.Failed[int](boom))
	_, err := failed.Await(ctx)
	fmt.Println(errors.Is(err, boom))
	// Output:
	// [10 20 30] <nil>
	// true
}

func ExampleWhenAny() {
	ctx := context.Background()
	slow := valuetask.NewPromise[string]()
	fast := valuetask.Completed("fast")
	first := valuetask.WhenAny[string](slow.Task(), fast)
	winner, _ := first.Await(ctx)
	fmt.Println(winner == valuetask.Awaitable[string](fast))
	fmt.Println(winner.Await(ctx))
	// Output:
	// true
	// fast <nil>
}

func ExampleValueTask_Preserve() {
	ctx := context.Background()
	var core valuetask.SourceCore[string]
	vt := valuetask.FromSource(&core, core.Version())

	// Preserve captures the source's result, so it may be awaited by many
	// goroutines and outlives the source's reuse.
	kept := vt.Preserve()
	core.SetResult("hello")
	core.Reset() // the core moves on to another operation
	core.SetResult("other")

	var wg sync.WaitGroup
	results := make([]string, 3)
	for i := range results {
		wg.Go(func() { results[i], _ = kept.Await(ctx) })
	}
	wg.Wait()
	fmt.Println(results)
	// Output:
	// [hello hello hello]
}

func ExampleValueTask_Result() {
	p := valuetask.NewPromise[int]()
	vt := valuetask.FromTask(p.Task())
	//valuetask:ignore shows that Result on a pending ValueTask leaves it pending
	_, err := vt.Result()
	// The state, not the error, says "pending": an operation may fail with an
	// error that wraps ErrNotCompleted.
	if !vt.IsCompleted() {
		fmt.Println("not yet:", err) // and vt is still usable
	}
	p.Resolve(1)
	if vt.IsCompleted() {
		//valuetask:ignore shows that Result on a pending ValueTask leaves it pending
		fmt.Println(vt.Result())
	}
	// Output:
	// not yet: valuetask: Result called on a ValueTask that has not completed
	// 1 <nil>
}

func ExamplePromise() {
	p := valuetask.NewPromise[string]()
	go p.Resolve("done")
	fmt.Println(p.Task().Await(context.Background()))
	fmt.Println(p.Reject(errors.New("too late")))
	// Output:
	// done <nil>
	// false
}
