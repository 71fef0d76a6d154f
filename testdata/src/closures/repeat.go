package closures

import (
	"context"
	"iter"
)

func more() bool { return false }

func numbers() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < 3 && yield(i); i++ {
		}
	}
}

// A literal that calls another one twice, or in a loop, consumes what the
// other captured each time.

func literalCallsLiteralTwice(ctx context.Context) {
	v := get()
	inner := func() { v.Await(ctx) }
	outer := func() {
		inner()
		inner() // want `double await of v: inner\(\), after outer\(\) at repeat.go:\d+, which awaits it at repeat.go:\d+`
	}
	outer()
}

func literalCallsLiteralInLoop(ctx context.Context) {
	v := get()
	inner := func() { v.AsTask() }
	outer := func() {
		for more() {
			inner() // want `double await of v: inner\(\), after outer\(\)`
		}
	}
	outer()
}

func literalCallsLiteralOnEachBranch(ctx context.Context) {
	v := get()
	inner := func() { v.Await(ctx) }
	outer := func() {
		if more() {
			inner()
		} else {
			inner()
		}
	}
	outer()
}

func literalCallsLiteralOnceThenReturns(ctx context.Context) {
	v := get()
	inner := func() { v.Await(ctx) }
	outer := func() {
		for more() {
			inner()
			return
		}
	}
	outer()
}

func callEach(f func()) {
	for more() {
		f()
	}
}

func callOnce(f func()) { f() }

func helperCallsLiteralInLoop(ctx context.Context) {
	v := get()
	callEach(func() { v.Await(ctx) }) // want `double await of v: callEach\(func\(\){…}\), after callEach\(func\(\){…}\) at repeat.go:\d+`
}

func helperCallsLiteralOnce(ctx context.Context) {
	v := get()
	callOnce(func() { v.Await(ctx) })
}

func rangeFuncBodyCallsLiteral(ctx context.Context) {
	v := get()
	f := func() { v.Await(ctx) }
	for range numbers() {
		f() // want `double await of v: f\(\) runs on every iteration of a loop, but v was made before the loop`
	}
}

func rangeFuncBodyCallsLiteralThenBreaks(ctx context.Context) {
	v := get()
	f := func() { v.Await(ctx) }
	for range numbers() {
		f()
		break
	}
}

func rangeFuncBodyCallsLiteralThenAfter(ctx context.Context) {
	v := get()
	f := func() { v.Await(ctx) }
	for range numbers() {
		f()
		break
	}
	v.Await(ctx) // want `double await of v: Await\(\), after f\(\) at repeat.go:\d+`
}

func rangeFuncBodyCallsLiteralFreshEach(ctx context.Context) {
	for range numbers() {
		v := get()
		f := func() { v.Await(ctx) }
		f()
	}
}
