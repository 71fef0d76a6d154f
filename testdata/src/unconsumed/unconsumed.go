// Package unconsumed holds cases of calls whose ValueTask result is dropped.
package unconsumed

import (
	"context"
	"errors"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func getErr() (valuetask.ValueTask[int], error) { return get(), nil }

type client struct{}

func (client) Fetch(ctx context.Context) valuetask.ValueTask[string] {
	return valuetask.FromResult("x")
}

func generic[T any](v T) valuetask.ValueTask[T] { return valuetask.FromResult(v) }

// ---- positives ----

func statement() {
	get() // want `unconsumed ValueTask: the result of get\(\) is used as a statement`
}

func blank() {
	_ = get() // want `unconsumed ValueTask: the result of get\(\) is assigned to _`
}

func blankTuple() error {
	_, err := getErr() // want `unconsumed ValueTask: the result of getErr\(\) is assigned to _`
	return err
}

func tupleStatement() {
	getErr() // want `unconsumed ValueTask: the result of getErr\(\) is used as a statement`
}

func goCall() {
	go get() // want `unconsumed ValueTask: the result of get\(\) is started with go`
}

func deferCall() {
	defer get() // want `unconsumed ValueTask: the result of get\(\) is deferred`
}

func method(ctx context.Context, c client) {
	c.Fetch(ctx) // want `unconsumed ValueTask: the result of c.Fetch\(\) is used as a statement`
}

func constructors(ctx context.Context) {
	valuetask.FromResult(1)                   // want `unconsumed ValueTask`
	valuetask.FromError[int](errors.New("x")) // want `unconsumed ValueTask`
	generic(2)                                // want `unconsumed ValueTask: the result of generic\(\)`
}

func varBlank() {
	var _ = get() // want `unconsumed ValueTask`
}

// ---- negatives ----

func consumed(ctx context.Context) (int, error) {
	v := get()
	return v.Await(ctx)
}

func asTaskDropped() {
	get().AsTask()
	_ = get().AsTask()
}

func preserveDropped() {
	v := get()
	v.Preserve()
	_ = get().Preserve()
}

func awaitDropped(ctx context.Context) {
	get().Await(ctx)
	go get().Await(ctx)
	defer get().Await(ctx)
}

func kept() valuetask.ValueTask[int] {
	v, err := getErr()
	if err != nil {
		return valuetask.FromError[int](err)
	}
	return v
}

func queries() bool {
	return get().IsCompleted()
}
