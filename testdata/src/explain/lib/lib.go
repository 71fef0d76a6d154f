// Package lib has helpers whose consumptions the findings in package use
// explain.
package lib

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func New() VT { return valuetask.FromTask(valuetask.Completed(1)) }

// Drain awaits v.
func Drain(ctx context.Context, v VT) { v.Await(ctx) } // consumes: Drain

// Outer calls Middle, which calls Drain.
func Outer(ctx context.Context, v VT) { Middle(ctx, v) }

// Middle calls Drain.
func Middle(ctx context.Context, v VT) { Drain(ctx, v) }

// Background consumes v in a goroutine.
func Background(ctx context.Context, v VT) {
	go v.Await(ctx) // consumes: Background
}

// Queue keeps what it is given.
type Queue struct{ Items []VT }

// Push stores v in the queue: a hand-off.
func (q *Queue) Push(v VT) {
	q.Items = append(q.Items, v) // consumes: Push
}
