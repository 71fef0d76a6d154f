// Package lib holds helpers that take ValueTasks through pointers,
// containers and receivers; their effects reach package use as facts.
package lib

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func New() VT { return valuetask.FromTask(valuetask.Completed(1)) }

// ConsumeP consumes *p.
func ConsumeP(ctx context.Context, p *VT) { p.Await(ctx) } // want ConsumeP:`effects\(in1.\*:consume\)`

// QueryP only queries *p.
func QueryP(p *VT) bool { return p.IsCompleted() } // want QueryP:`effects\(in0.\*:query\)`

// Refill stores a new ValueTask in *p.
func Refill(p *VT) { *p = New() } // want Refill:`effects\(in0.\*:change\+renew\)`

// DrainAll consumes every element.
func DrainAll(ctx context.Context, xs []VT) { // want DrainAll:`effects\(in1.\*\[each\]:consume\)`
	for _, x := range xs {
		x.Await(ctx)
	}
}

// First consumes xs[0].
func First(ctx context.Context, xs []VT) { xs[0].Await(ctx) } // want First:`effects\(in1.\*\[0\]:consume\)`

// At consumes xs[i].
func At(ctx context.Context, xs []VT, i int) { xs[i].Await(ctx) } // want At:`effects\(in1.\*\[in2\]:consume\)`

// Pass returns what it is given.
func Pass(v VT) VT { return v } // want Pass:`effects\(in0:return\)`

// Box holds a ValueTask.
type Box struct{ V VT }

// Take consumes the receiver's ValueTask.
func (b *Box) Take(ctx context.Context) { b.V.Await(ctx) } // want Take:`effects\(in0.\*.0:consume\)`

// Put stores v in the receiver: a hand-off.
func (b *Box) Put(v VT) { b.V = v } // want Put:`effects\(in0.\*.0:change\+renew in1:consume\)`

var parked VT

// Park keeps *p in a package variable: a hand-off of *p that leaves *p as
// it was.
func Park(p *VT) { parked = *p } // want Park:`effects\(in0.\*:consume\)\+globals`

// Reusable returns a ValueTask its callers may consume freely.
func Reusable(v VT) VT { return v.Preserve() } // want Reusable:`effects\(in0:consume\)\+preserved:1`

// Shared makes one reusable ValueTask.
func Shared() (VT, error) { return New().Preserve(), nil } // want Shared:`effects\(\)\+preserved:1`

// Holder keeps the ValueTask it was made with.
type Holder struct{ v VT }

// NewHolder returns memory that holds v: the caller gets v back in it.
func NewHolder(v VT) *Holder { return &Holder{v: v} } // want NewHolder:`effects\(in0:return@out0.\*.0\)`

// Wait consumes what the holder holds.
func (h *Holder) Wait(ctx context.Context) { h.v.Await(ctx) } // want Wait:`effects\(in0.\*.0:consume\)`

// Batch keeps the ValueTasks it was made with.
type Batch struct{ vs []VT }

// NewBatch keeps its arguments.
func NewBatch(vs ...VT) *Batch { return &Batch{vs: vs} } // want NewBatch:`effects\(in0.\*\[each\]:return@out0.\*.0.\*\[each\]\)`

// AwaitAll consumes every ValueTask of the batch.
func (b *Batch) AwaitAll(ctx context.Context) { // want AwaitAll:`effects\(in0.\*.0.\*\[each\]:consume\)`
	for _, v := range b.vs {
		v.Await(ctx)
	}
}

// AwaitOrRefill consumes *p when c, and stores a new ValueTask there
// otherwise.
func AwaitOrRefill(ctx context.Context, p *VT, c bool) { // want AwaitOrRefill:`effects\(in1.\*:consume\+change\+keeps-consumed\)`
	if c {
		p.Await(ctx)
		return
	}
	*p = New()
}
