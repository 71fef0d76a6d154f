package valuetask_test

// Benchmarks come in two groups whose names sort side by side:
//
//	BenchmarkSync_*   the result is already there when the call returns
//	BenchmarkAsync_*  another goroutine produces the result
//
// Each producer is a //go:noinline function, as a real API behind an
// interface or a large body would be, so the floor and the ValueTask path pay
// the same call. The loops use b.N rather than b.Loop, because b.Loop keeps
// calls in its body from being inlined and real callers do inline Await's fast
// path. Every result feeds the next iteration, so none of the work is dead.

import (
	"context"
	"testing"

	"github.com/go-valuetask/valuetask/valuetask"
)

//go:noinline
func plainResult(n int) (int, error) { return n + 1, nil }

//go:noinline
func valueTaskResult(n int) valuetask.ValueTask[int] { return valuetask.FromResult(n + 1) }

//go:noinline
func taskResult(n int) *valuetask.Task[int] { return valuetask.Completed(n + 1) }

type chanResult struct {
	v   int
	err error
}

//go:noinline
func chanFutureResult(n int) <-chan chanResult {
	ch := make(chan chanResult, 1)
	ch <- chanResult{v: n + 1}
	return ch
}

// BenchmarkSync_0Plain is the floor: an ordinary function returning (int, error).
func BenchmarkSync_0Plain(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for range b.N {
		v, err := plainResult(n)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	sink = n
}

// BenchmarkSync_1ValueTask is FromResult(x).Await(ctx): the point of ValueTask.
func BenchmarkSync_1ValueTask(b *testing.B) {
	b.ReportAllocs()
	ctx := context.Background()
	n := 0
	for range b.N {
		v, err := valueTaskResult(n).Await(ctx)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	sink = n
}

// BenchmarkSync_2Task is Completed(x).Await(ctx): one allocation per call.
func BenchmarkSync_2Task(b *testing.B) {
	b.ReportAllocs()
	ctx := context.Background()
	n := 0
	for range b.N {
		v, err := taskResult(n).Await(ctx)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	sink = n
}

// BenchmarkSync_3ChanFuture is the hand-rolled future: a buffered channel.
func BenchmarkSync_3ChanFuture(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for range b.N {
		r := <-chanFutureResult(n)
		if r.err != nil {
			b.Fatal(r.err)
		}
		n = r.v
	}
	sink = n
}

// BenchmarkAsync_0GoChan is a goroutine and a fresh channel per operation.
func BenchmarkAsync_0GoChan(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for range b.N {
		ch := make(chan int, 1)
		go func(n int) { ch <- n + 1 }(n)
		n = <-ch
	}
	sink = n
}

// BenchmarkAsync_1RunAwait is Run(ctx, fn).Await(ctx): a goroutine and a Task
// per operation.
func BenchmarkAsync_1RunAwait(b *testing.B) {
	b.ReportAllocs()
	ctx := context.Background()
	n := 0
	for range b.N {
		m := n
		v, err := valuetask.Run(ctx, func(context.Context) (int, error) { return m + 1, nil }).Await(ctx)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	sink = n
}

// BenchmarkAsync_2Promise is a fresh Promise per operation, resolved by a
// long-lived worker goroutine.
func BenchmarkAsync_2Promise(b *testing.B) {
	b.ReportAllocs()
	ctx := context.Background()
	type req struct {
		p *valuetask.Promise[int]
		n int
	}
	reqs := make(chan req)
	defer close(reqs)
	go func() {
		for r := range reqs {
			r.p.Resolve(r.n + 1)
		}
	}()
	n := 0
	for range b.N {
		p := valuetask.NewPromise[int]()
		reqs <- req{p, n}
		v, err := p.Task().Await(ctx)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	sink = n
}

// BenchmarkAsync_3SourceCore reuses one SourceCore, completed by a long-lived
// worker goroutine: the same handoff as Promise without the allocations.
func BenchmarkAsync_3SourceCore(b *testing.B) {
	b.ReportAllocs()
	ctx := context.Background()
	var core valuetask.SourceCore[int]
	reqs := make(chan int)
	defer close(reqs)
	go func() {
		for n := range reqs {
			core.SetResult(n + 1)
		}
	}()
	n := 0
	for range b.N {
		core.Reset()
		vt := valuetask.FromSource(&core, core.Version())
		reqs <- n
		v, err := vt.Await(ctx)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	sink = n
}
