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
// # Reusable sources
//
// A type whose slow path has one operation in flight at a time can back its
// ValueTasks with one [SourceCore]: keep it in a field, Reset it for each
// operation, complete it with SetResult or SetError from any goroutine, and
// return FromSource(&x.core, x.core.Version()). Keep it in a field rather than
// embed it (embed it only in unexported types): embedding would promote Reset,
// SetResult, SetError and the Source methods into the type's exported API.
//
// A failed operation's error is its outcome, whatever that error wraps. A
// Source reports "pending" apart from the outcome, so an error wrapping
// [ErrNotCompleted] or [ErrConsumed] (a Source forwarding an inner Result's
// error with %w, say) reaches Await, AsTask, Preserve and Result unchanged,
// and the ValueTask reports IsCompleted and IsFaulted. Result on a ValueTask
// that is still pending returns ErrNotCompleted, and an operation may fail
// with that very error, so ask IsCompleted, not the error, which it is.
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
