// Package directives silences findings with //valuetask:ignore: by
// category, over a whole statement, and with directives that silence
// nothing.
package directives

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// Categories is silenced: the directive names the finding's category.
func Categories(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore double-await,concurrent-await get returns FromResult values, which hold no source
	v.Await(ctx)
}

// OtherCategory is not silenced: the directive names another category,
// so it silences nothing and is reported too.
func OtherCategory(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore unconsumed the directive names another category
	v.Await(ctx)
}

// Statement is silenced: a directive on a line of its own covers the whole
// statement below it, here the if statement and its body.
func Statement(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore double-await get returns FromResult values, which hold no source
	if !v.IsCompleted() {
		v.Await(ctx)
	}
}

// NextStatementOnly: the directive covers the statement below it, not the
// one after.
func NextStatementOnly() {
	//valuetask:ignore unconsumed the first dropped ValueTask is deliberate
	get()
	get()
}

// Stale has a directive that silences nothing.
func Stale(ctx context.Context) (int, error) {
	//valuetask:ignore nothing below needs it
	return get().Await(ctx)
}
