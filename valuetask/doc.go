// Package valuetask provides Task and ValueTask, two ways for a function to
// return a result that may not be there yet.
//
// # Task
//
// A [Task] is a heap-allocated result: [Run] starts a function in a goroutine,
// [NewPromise] lets code complete one by hand, [Completed] and [Failed] are
// born done. A *Task may be awaited any number of times from any number of
// goroutines, selected on through [Task.Done], and handed around freely. It
// costs at least one allocation, even when the result is already known.
//
// # ValueTask
//
// A [ValueTask] is a 32-byte value (for T = int) returned by functions that
// usually have their result at once: a cache hit, a buffered read. It holds
// the result inline ([FromResult]: no allocation, no goroutine), or a *Task
// ([FromTask]), or an operation of a reusable [Source] such as [SourceCore]
// ([FromSource]: the slow path can recycle one object instead of allocating a
// Task per call). The price is a rule:
//
// A ValueTask must be consumed exactly once. Await, AsTask, Preserve, and a
// Result that finds it completed each consume it; copies are the same
// ValueTask. The queries (IsCompleted and friends) do not consume. A
// source-backed ValueTask enforces the rule: a second consumer, a racing one,
// or one after the source was Reset gets [ErrConsumed], never some other
// operation's result. A ValueTask holding a result or a Task cannot tell at
// run time; the valuetask analyzer (cmd/valuetaskcheck) reports such misuse
// statically. To await something several times, or from several goroutines,
// convert it once with [ValueTask.AsTask] or [ValueTask.Preserve]. [WhenAll]
// and [WhenAny] take Awaitables; pass them v.AsTask(), not v.
//
// # Debug builds
//
// Built with -tags valuetaskdebug, every ValueTask made by a constructor
// (FromResult, FromError, FromTask, FromSource) remembers where it was first
// consumed, and a second consumption panics with both file:line positions. The
// zero ValueTask and the results of Preserve, which may be consumed freely,
// are not tracked. Each tracked ValueTask then costs an allocation and the
// struct grows by a pointer; without the tag none of this is compiled in.
package valuetask
