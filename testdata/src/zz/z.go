package zz

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func get() VT { return valuetask.FromTask(valuetask.Completed(1)) }

type box struct{ v VT }

func consumeBox(ctx context.Context, b *box) { b.v.Await(ctx) }

func calleeInLoopPerElem(ctx context.Context) {
	bs := []box{{v: get()}, {v: get()}}
	for i := range bs {
		consumeBox(ctx, &bs[i])
	}
}

func directInLoopPerElem(ctx context.Context) {
	bs := []box{{v: get()}, {v: get()}}
	for i := range bs {
		bs[i].v.Await(ctx)
	}
}
