// Package repeated awaits four ValueTasks twice each: four findings with
// the same related message, "first consumed here", which golangci-lint
// turns into four identical issues of their own.
package repeated

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// One to Four each await v twice.
func One(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx)
}

func Two(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx)
}

func Three(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx)
}

func Four(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx)
}
