package valuetask_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/go-valuetask/valuetask/valuetask"
)

func TestPromiseTaskIsStableAndPending(t *testing.T) {
	p := valuetask.NewPromise[int]()
	if p.Task() != p.Task() {
		t.Fatal("Task returns different tasks")
	}
	if p.Task().IsCompleted() {
		t.Fatal("new promise's task is completed")
	}
}

func TestPromiseResolveFirstOutcomeStands(t *testing.T) {
	p := valuetask.NewPromise[int]()
	if !p.Resolve(1) {
		t.Fatal("first Resolve returned false")
	}
	if p.Resolve(2) {
		t.Fatal("second Resolve returned true")
	}
	if p.Reject(errors.New("late")) {
		t.Fatal("Reject after Resolve returned true")
	}
	if v, err := p.Task().Await(testCtx(t)); v != 1 || err != nil {
		t.Fatalf("got (%d, %v); want the first outcome (1, nil)", v, err)
	}
}

func TestPromiseRejectFirstOutcomeStands(t *testing.T) {
	first := errors.New("first")
	p := valuetask.NewPromise[int]()
	if !p.Reject(first) {
		t.Fatal("first Reject returned false")
	}
	if p.Reject(errors.New("second")) || p.Resolve(3) {
		t.Fatal("completing again returned true")
	}
	if v, err := p.Task().Await(testCtx(t)); v != 0 || err != first {
		t.Fatalf("got (%d, %v); want (0, first)", v, err)
	}
	if p.Task().Status() != valuetask.Faulted {
		t.Fatalf("status %v; want Faulted", p.Task().Status())
	}
}

func TestPromiseRacingCompletersExactlyOneWins(t *testing.T) {
	p := valuetask.NewPromise[int]()
	var wins atomic.Int32
	var winner atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 20 {
		wg.Go(func() {
			<-start
			var ok bool
			if i%2 == 0 {
				ok = p.Resolve(i)
			} else {
				ok = p.Reject(errors.New("odd"))
			}
			if ok {
				wins.Add(1)
				winner.Store(int64(i))
			}
		})
	}
	close(start)
	within(t, wg.Wait)
	if wins.Load() != 1 {
		t.Fatalf("%d completers won; want 1", wins.Load())
	}
	v, err := p.Task().Await(testCtx(t))
	if w := int(winner.Load()); (w%2 == 0) != (err == nil) || (err == nil && v != w) {
		t.Fatalf("outcome (%d, %v) is not the winner's (%d)", v, err, w)
	}
}

func TestPromiseRejectNilPanics(t *testing.T) {
	mustPanic(t, "valuetask: Promise.Reject(nil)", func() { valuetask.NewPromise[int]().Reject(nil) })
}
