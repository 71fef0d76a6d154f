// Package ignore checks the //valuetask:ignore directive.
package ignore

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func trailing(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx) //valuetask:ignore the source behind get is never pooled
}

func lineBefore(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore FromResult values hold no source
	v.Await(ctx)
}

func noReason(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore // want `valuetask:ignore directive needs a reason`
	v.Await(ctx) // want `double await`
}

func noReasonAbove(ctx context.Context) {
	get() // want `unconsumed`
	//valuetask:ignore // want `valuetask:ignore directive needs a reason`
}

func categoriesWithoutReason(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore double-await // want `valuetask:ignore directive needs a reason`
	v.Await(ctx) // want `double await`
}

func otherLinesStillReported(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore only the next statement is covered
	v.Await(ctx)
	v.Await(ctx) // want `double await`
}

// A trailing directive covers its own line, not the next one.
func trailingCoversItsLineOnly(ctx context.Context) {
	v := get()
	v.Await(ctx) //valuetask:ignore the first await is no finding // want `valuetask:ignore directive silences nothing: no finding on its line; remove it`
	v.Await(ctx) // want `double await`
}

// The categories given are silenced, and only those.
func categories(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore double-await,concurrent-await FromResult values hold no source
	v.Await(ctx)
}

func otherCategory(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore unconsumed,unguarded-result not the finding below // want `valuetask:ignore directive silences nothing: no unconsumed or unguarded-result finding in the statement below it; remove it`
	v.Await(ctx) // want `double await`
}

// A first word that is not a list of categories is part of the reason, and
// the directive covers every category.
func notACategory(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore double-await-ish is no category, so this covers all of them
	v.Await(ctx)
}

// On a line of its own, a directive covers the whole statement below it,
// all of its lines.
func wholeStatement(ctx context.Context) {
	v := get()
	v.Await(ctx)
	//valuetask:ignore double-await the if statement below is covered, its body too
	if !v.IsCompleted() {
		v.Await(ctx)
	}
}

func multiLineCall(ctx context.Context) {
	//valuetask:ignore unconsumed the function literal's statements are lines of this one
	run(func() {
		get()
	})
	run(func() {
		get() // want `unconsumed`
	})
}

func run(f func()) { f() }

// Only the one statement below is covered.
func nextStatementOnly(ctx context.Context) {
	//valuetask:ignore unconsumed the dropped ValueTask is under test
	get()
	get() // want `unconsumed`
}

// The directive may sit in a block of comments above the statement.
func inCommentBlock(ctx context.Context) {
	//valuetask:ignore unconsumed the dropped ValueTask is under test
	// (more about it)
	get()
}

// Two directives that cover the same finding are both used.
func twoDirectives(ctx context.Context) {
	//valuetask:ignore unconsumed the dropped ValueTask is under test
	get() //valuetask:ignore the dropped ValueTask is under test
}

func stale(ctx context.Context) (int, error) {
	//valuetask:ignore nothing is wrong below // want `valuetask:ignore directive silences nothing: no finding in the statement below it; remove it`
	return get().Await(ctx)
}

// ignore-directive findings cannot be silenced: fix the directive instead.
func ignoreDirectiveCategory(ctx context.Context) {
	v := get()
	v.Await(ctx) //valuetask:ignore ignore-directive cannot be silenced // want `no ignore-directive finding on its line`
	//valuetask:ignore ignore-directive the directive below has no reason // want `no ignore-directive finding on the line below it`
	//valuetask:ignore // want `valuetask:ignore directive needs a reason`
}
