// Package asm declares a function implemented in assembly: it has no body
// to summarize, so passing a ValueTask to it is a hand-off.
package asm

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// asm has no Go body.
func asm(v valuetask.ValueTask[int]) int

func callsAsm(ctx context.Context) {
	v := get()
	asm(v)
	v.Await(ctx) // want `double await`
}
