// Package robust is well-typed Go of the unusual kinds; the analyzer must
// not panic on any of it, and reports only the marked line.
package robust

/*
int twice(int x) { return 2 * x; }
*/
import "C"

import (
	"context"
	"unsafe"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func cgo() int { return int(C.twice(2)) }

func passes(ctx context.Context, v valuetask.ValueTask[int]) {
	v.Await(ctx)
	v.Await(ctx) // want `double await`
}

func blocks() { select {} }

func spins(ctx context.Context) {
	v := get()
	for {
		if v.IsCompleted() {
			break
		}
	}
	v.Await(ctx)
}

func forever(ctx context.Context) {
	for {
		get().Await(ctx)
	}
}

func dead(ctx context.Context) int {
	panic("unreachable")
	v := get()
	v.Await(ctx)
	v.Await(ctx)
	return 0
}

func pointers(ctx context.Context) {
	v := get()
	p := unsafe.Pointer(&v)
	(*valuetask.ValueTask[int])(p).Await(ctx)
}

type node[T any] struct {
	next *node[T]
	vt   valuetask.ValueTask[T]
}

func (n *node[T]) walk(ctx context.Context) {
	for ; n != nil; n = n.next {
		n.vt.Await(ctx)
	}
}

func mapsAndChans(ctx context.Context, m map[string]valuetask.ValueTask[int], ch chan valuetask.ValueTask[int]) {
	m["a"] = get()
	m["a"].Await(ctx)
	for v := range ch {
		v.Await(ctx)
	}
	select {
	case v := <-ch:
		v.Await(ctx)
	default:
	}
}

func seq(yield func(valuetask.ValueTask[int]) bool) {
	for i := 0; i < 3; i++ {
		if !yield(get()) {
			return
		}
	}
}

func rangeFunc(ctx context.Context) {
	for v := range seq {
		v.Await(ctx)
	}
}

func typeSwitch(ctx context.Context, a any) {
	switch x := a.(type) {
	case valuetask.ValueTask[int]:
		x.Await(ctx)
	case valuetask.Awaitable[int]:
		x.Await(ctx)
	}
}

func recovers(ctx context.Context) (err error) {
	v := get()
	defer func() {
		if r := recover(); r != nil {
			err = context.Canceled
		}
	}()
	_, err = v.Await(ctx)
	return err
}
