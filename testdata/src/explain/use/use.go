// Package use calls helpers, here and in package lib: each finding says
// what the callee does with the ValueTask and where, and has a Related
// entry there (marked "consumes: NAME").
package use

import (
	"context"

	"example.com/vt/explain/lib"
)

func drainHere(ctx context.Context, v lib.VT) { v.Await(ctx) } // consumes: drainHere

func viaHere(ctx context.Context, v lib.VT) { drainHere(ctx, v) }

func local(ctx context.Context) {
	v := lib.New()
	drainHere(ctx, v)
	v.Await(ctx) /* explains:drainHere */ // want `double await of v: Await\(\), after drainHere\(ctx, v\) at use.go:\d+, which awaits it at use.go:12`
}

func localChain(ctx context.Context) {
	v := lib.New()
	viaHere(ctx, v)
	v.Await(ctx) /* explains:drainHere */ // want `double await of v: Await\(\), after viaHere\(ctx, v\) at use.go:\d+, which awaits it at use.go:12`
}

func crossPackage(ctx context.Context) {
	v := lib.New()
	lib.Drain(ctx, v)
	v.Await(ctx) /* explains:Drain */ // want `double await of v: Await\(\), after lib.Drain\(ctx, v\) at use.go:\d+, which awaits it at lib.go:16`
}

func crossPackageChain(ctx context.Context) {
	v := lib.New()
	lib.Outer(ctx, v)
	v.Await(ctx) /* explains:Drain */ // want `double await of v: Await\(\), after lib.Outer\(ctx, v\) at use.go:\d+, which awaits it at lib.go:16`
}

func goroutine(ctx context.Context) {
	v := lib.New()
	v.Await(ctx)
	lib.Background(ctx, v) /* explains:Background */ // want `double await of v: consumed in a goroutine after Await\(\) at use.go:\d+; Background hands it to a goroutine started at lib.go:26`
}

func stored(ctx context.Context, q *lib.Queue) {
	v := lib.New()
	q.Push(v)
	v.Await(ctx) /* explains:Push */ // want `double await of v: Await\(\), after q.Push\(v\) at use.go:\d+, which stores it in q.Items at lib.go:34`
}
