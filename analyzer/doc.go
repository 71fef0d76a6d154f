// Package analyzer defines the valuetask analyzer, which reports misuse of
// valuetask.ValueTask.
//
// # Analyzer valuetask
//
// valuetask: report ValueTasks consumed twice, concurrently, handed to
// WhenAll/WhenAny without AsTask, dropped, or read with an unguarded Result
//
// A ValueTask must be consumed exactly once. It may hold a pooled, reusable
// completion source: consumed a second time, or from two goroutines at
// once, it fails with ErrConsumed in the consumer that comes second, whose
// result is lost; one that holds a result or a Task hands the same result
// out again, silently. Tests rarely show either, because results there
// usually come back synchronously. The analyzer follows each ValueTask
// through the SSA form of every function (copies, phis, memory named by
// access paths through fields, elements, map entries and pointers,
// interface conversions, closures, range-over-func bodies and calls, across
// packages through facts) and reports, by category:
//
//	double-await      the same ValueTask can be consumed twice on one path
//	concurrent-await  a goroutine consumes it while another use may run
//	missing-astask    it reaches WhenAll/WhenAny without AsTask()
//	unconsumed        a call's ValueTask result is dropped
//	unguarded-result  Result() where it is not known to be completed
//
// Consumptions are Await, AsTask, Preserve, Result, and hand-offs: passing
// the ValueTask to a function that consumes it (or whose body is unknown),
// sending, returning or storing it away. A Preserve() result may be
// consumed freely. Two consumptions on exclusive paths are fine; a
// consumption in a loop of a ValueTask made before the loop is not.
//
// A finding can be silenced with a reason:
//
//	v.Await(ctx) //valuetask:ignore the source is never reused here
//
// Each category is documented, with examples, in the project README. How
// the analysis works, from Analyzer to the instance search, is in
// docs/design.md:
// https://github.com/go-valuetask/valuetask/blob/main/docs/design.md
package analyzer

// doc is the analyzer's Doc: its first line is the summary go vet prints.
const doc = `report misuse of valuetask.ValueTask

valuetask reports ValueTasks that are consumed twice (double-await) or
from overlapping goroutines (concurrent-await), handed to WhenAll/WhenAny
without AsTask (missing-astask), dropped unconsumed (unconsumed), or read
with Result() where they are not known to be completed (unguarded-result).
Silence a finding with //valuetask:ignore <reason>.`
