// Package concurrent holds concurrent-await cases: a consumption inside a
// goroutine that may overlap another consumption of the same ValueTask.
package concurrent

import (
	"context"
	"sync"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func drain(ctx context.Context, v valuetask.ValueTask[int]) { v.Await(ctx) }

func peek(v valuetask.ValueTask[int]) bool { return v.IsCompleted() }

// ---- positives ----

func goThenAwait(ctx context.Context) {
	v := get()
	go func() {
		v.Await(ctx) // want `concurrent await of v: consumed in a goroutine that may run at the same time as Await\(\) at concurrent.go:\d+`
	}()
	v.Await(ctx)
}

func goLiteralWithArg(ctx context.Context) {
	v := get()
	go func(x valuetask.ValueTask[int]) {
		x.Await(ctx) // want `concurrent await of v`
	}(v)
	v.AsTask()
}

func goNamedFunction(ctx context.Context) {
	v := get()
	go drain(ctx, v) // want `concurrent await of v`
	v.Await(ctx)
}

func goMethodDirect(ctx context.Context) {
	v := get()
	go v.Await(ctx) // want `concurrent await of v`
	v.Await(ctx)
}

func twoGoroutines(ctx context.Context) {
	v := get()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		v.Await(ctx)
	}()
	go func() {
		defer wg.Done()
		v.Await(ctx) // want `concurrent await of v: consumed in this goroutine and in another one`
	}()
	wg.Wait()
}

func goInLoop(ctx context.Context) {
	v := get()
	for i := 0; i < 3; i++ {
		go func() {
			v.Await(ctx) // want `concurrent await of v: the goroutine is started in a loop`
		}()
	}
}

func awaitThenGo(ctx context.Context) {
	v := get()
	v.Await(ctx)
	go func() {
		v.Await(ctx) // want `double await of v: consumed in a goroutine after Await\(\)`
	}()
}

func awaitThenGoNamed(ctx context.Context) {
	v := get()
	v.Await(ctx)
	go drain(ctx, v) // want `double await of v`
}

func goThenDeferred(ctx context.Context) {
	v := get()
	defer v.Await(ctx)
	go func() {
		v.Await(ctx) // want `concurrent await of v`
	}()
}

type worker struct{}

func (worker) run(ctx context.Context, v valuetask.ValueTask[int]) { v.Await(ctx) }

func goMethodValue(ctx context.Context) {
	v := get()
	var w worker
	go w.run(ctx, v) // want `concurrent await of v`
	v.Await(ctx)
}

// ---- negatives ----

func onlyGoroutine(ctx context.Context) {
	v := get()
	done := make(chan struct{})
	go func() {
		defer close(done)
		v.Await(ctx)
	}()
	<-done
}

func goroutineQueriesOnly(ctx context.Context) {
	v := get()
	go func() {
		_ = v.IsCompleted()
	}()
	v.Await(ctx)
}

func goPeek(ctx context.Context) {
	v := get()
	go peek(v)
	v.Await(ctx)
}

func newPerGoroutine(ctx context.Context) {
	for i := 0; i < 3; i++ {
		v := get()
		go func() {
			v.Await(ctx)
		}()
	}
}

func goWithOwnValue(ctx context.Context) {
	for i := 0; i < 3; i++ {
		go drain(ctx, get())
	}
}

func goAfterReturnBranch(ctx context.Context, c bool) {
	v := get()
	if c {
		v.Await(ctx)
		return
	}
	go func() {
		v.Await(ctx)
	}()
}

func preservedShared(ctx context.Context) {
	p := get().Preserve()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Await(ctx)
		}()
	}
	wg.Wait()
	p.Await(ctx)
}

func taskShared(ctx context.Context) {
	t := get().AsTask()
	for i := 0; i < 3; i++ {
		go func() {
			t.Await(ctx)
		}()
	}
	t.Await(ctx)
}

func waitGroupGo(ctx context.Context) {
	v := get()
	var wg sync.WaitGroup
	wg.Go(func() {
		v.Await(ctx) // want `concurrent await of v`
	})
	v.Await(ctx)
	wg.Wait()
}

func waitGroupGoInLoop(ctx context.Context) {
	v := get()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Go(func() {
			v.Await(ctx) // want `concurrent await of v: the goroutine is started in a loop`
		})
	}
	wg.Wait()
}

func waitGroupGoOwn(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		v := get()
		wg.Go(func() { v.Await(ctx) })
	}
	wg.Wait()
}

func waitGroupPreserved(ctx context.Context) {
	p := get().Preserve()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Go(func() { p.Await(ctx) })
	}
	wg.Wait()
}
