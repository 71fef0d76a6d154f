// Package analyzer defines the valuetask analyzer, which reports misuse of
// valuetask.ValueTask.
//
// # Analyzer valuetask
//
// valuetask: report ValueTasks consumed twice, concurrently, handed to
// WhenAll/WhenAny without AsTask, dropped, or read with an unguarded Result
//
// A ValueTask must be consumed exactly once. It may hold a pooled, reusable
// completion source: consuming it a second time, or from two goroutines at
// once, can return another operation's result. Tests rarely show this,
// because results there usually come back synchronously. The analyzer
// follows each ValueTask through the SSA form of every function (copies,
// phis, local variables, fields, interface conversions, closures and calls,
// across packages through facts) and reports, by category:
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
// Each category is documented, with examples, in the project README.
package analyzer

// doc is the analyzer's Doc: its first line is the summary go vet prints.
const doc = `report misuse of valuetask.ValueTask

valuetask reports ValueTasks that are consumed twice (double-await) or
from overlapping goroutines (concurrent-await), handed to WhenAll/WhenAny
without AsTask (missing-astask), dropped unconsumed (unconsumed), or read
with Result() where they are not known to be completed (unguarded-result).
Silence a finding with //valuetask:ignore <reason>.`
