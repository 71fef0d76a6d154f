package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// effectBits say what a function does with the ValueTask at one of its
// input paths. They only grow while the summaries reach their fixed
// point, which is why recursion terminates.
type effectBits uint16

const (
	effQuery    effectBits = 1 << iota // asks IsCompleted and the like
	effConsume                         // consumes it, or hands it off, before it returns
	effGo                              // a goroutine it starts consumes it
	effWhenAll                         // it reaches WhenAll or WhenAny as an Awaitable
	effChange                          // it may leave something else there (memory inputs)
	effRenew                           // every return leaves a new ValueTask there
	effReturn                          // every return returns it, as result n
	effContinue                        // a range-over-func body: it consumes it and asks for the next element
	effDeep                            // the effect is on everything inside the path (a hand-off of memory)
	// effLeavesConsumed: it may leave there a new ValueTask it has
	// already consumed (renew := func() { v = get(); v.Await(ctx) }).
	effLeavesConsumed
	// effCall: the input is a function value it calls (effGo: in a
	// goroutine); what that does to the caller's ValueTasks depends on
	// which function the caller passes (closureFromClosure).
	effCall
	// effDouble: it may consume it twice itself (second says where). A
	// literal does not report a double consumption of memory it reaches
	// through what it captured: whether that memory holds a ValueTask is
	// for the caller to know, which reports it when it does.
	effDouble
	// effRenewPreserved: what every renewal leaves there is a Preserve()
	// result, which may be consumed freely.
	effRenewPreserved
	// effCallAgain: with effCall, it may call the function value more
	// than once in one run (second says where it calls it again): twice
	// on a path, in a loop, or as a range-over-func body that goes on to
	// the next element.
	effCallAgain
	// effKeepsConsumed: with effChange, some return still leaves there the
	// ValueTask it consumed on that path (await on one branch, store a new
	// one on the other): the caller goes on following it, since a later
	// consumption is a second one on that path.
	effKeepsConsumed
	// effExitOnly: a range-over-func body that consumes it only on paths
	// that leave the loop (break, return, a labeled break or continue of
	// an outer loop: the body returns false after setting the loop's
	// jump variable), so after the loop ends normally it was not consumed.
	effExitOnly
)

var effectNames = []string{"query", "consume", "go", "whenall", "change", "renew", "return", "continue", "deep", "leaves-consumed", "call", "double", "preserved", "call-again", "keeps-consumed", "exit-only"}

// replaces reports whether, after the call, the caller no longer knows
// that the memory at the effect's path holds what it held: the callee may
// leave something else there, and no path is known to keep it.
func (e *inputEffect) replaces() bool {
	return e.bits&(effChange|effRenew) != 0 && e.bits&effKeepsConsumed == 0
}

// leftKind is what a callee may leave at an input path when it returns.
type leftKind uint8

const (
	leavesAsIs      leftKind = iota // what the caller put there
	leavesNew                       // maybe another ValueTask, of its own from the call on
	leavesPreserved                 // a Preserve() result on every return
	leavesUnknown                   // anything: the memory was handed to code not followed
)

// leaves says what the callee may leave at the effect's path. (Only a
// renewal is ever marked effRenewPreserved.)
func (e *inputEffect) leaves() leftKind {
	switch {
	case e.bits&(effRenew|effChange|effDeep) == 0:
		return leavesAsIs
	case e.bits&effDeep != 0:
		return leavesUnknown
	case e.bits&effRenewPreserved != 0:
		return leavesPreserved
	}
	return leavesNew
}

func (b effectBits) String() string {
	var parts []string
	for i, name := range effectNames {
		if b&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if parts == nil {
		return "none"
	}
	return strings.Join(parts, "+")
}

// inputEffect is what a function does at one input path.
type inputEffect struct {
	path   inputPath
	bits   effectBits
	result int // effReturn: which result
	// resultPath is where in the result it is, when the result refers to
	// memory holding it (effReturn): *.0 for return &Holder{v: v}.
	resultPath []selector
	via        innerUse // the first consumption inside, for positions and messages
	left       innerUse // effLeavesConsumed: where what it leaves was consumed
	second     innerUse // effDouble: the consumption that runs second
	// to are other input paths that hold it when the function returns (it
	// copied it there: *q = *p, or a literal's v2 = v0).
	to []inputPath
}

// innerUse is a consumption inside a callee, as its callers describe it:
// "awaits it at consumer.go:15".
type innerUse struct {
	verb  string
	where string    // file:line of the final consumption
	pos   token.Pos // the same, valid in the package that made it only
	// at is where the function itself consumes it: the use, or the call
	// that leads to the final one (a goroutine on a function literal is
	// reported there). Valid in the package that made it only.
	at token.Pos
	// file, line and col are where too, for a Related entry in another
	// package's run (facts carry no token.Pos).
	file      string
	line, col int
}

// summary is what callers need to know about a function.
type summary struct {
	effects []inputEffect // by path
	// clobbersGlobals: it may write ValueTasks held in package variables.
	clobbersGlobals bool
	// preservedResults has bit n set when every return's result n is a
	// Preserve() result, which its callers may consume freely.
	preservedResults uint32
}

func (s *summary) equal(o *summary) bool {
	if s.clobbersGlobals != o.clobbersGlobals || s.preservedResults != o.preservedResults || len(s.effects) != len(o.effects) {
		return false
	}
	for i := range s.effects {
		a, b := s.effects[i], o.effects[i]
		if a.bits != b.bits || a.result != b.result || pathString(inputPath{sels: a.resultPath}) != pathString(inputPath{sels: b.resultPath}) || a.via != b.via || a.left != b.left || a.second != b.second || pathString(a.path) != pathString(b.path) || !samePaths(a.to, b.to) {
			return false
		}
	}
	return true
}

func commonPaths(a, b []inputPath) []inputPath {
	var out []inputPath
	for _, p := range a {
		for _, q := range b {
			if pathString(p) == pathString(q) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func samePaths(a, b []inputPath) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if pathString(a[i]) != pathString(b[i]) {
			return false
		}
	}
	return true
}

// union merges o into s: a summary computed again keeps every effect it
// had, so that the fixed point terminates even where recursion would let
// effects come and go.
func (s *summary) union(o *summary) *summary {
	if o == nil {
		return s
	}
	// A result is a Preserve() result only when both computations say so:
	// in a cycle the first round knows of none, so a recursive function's
	// results are never taken as such (which only ever reports more).
	out := &summary{clobbersGlobals: s.clobbersGlobals || o.clobbersGlobals, preservedResults: s.preservedResults & o.preservedResults}
	byPath := make(map[string]int)
	for _, list := range [][]inputEffect{o.effects, s.effects} {
		for _, e := range list {
			k := pathString(e.path)
			if i, ok := byPath[k]; ok {
				// Effects only grow, and copies to other inputs (a must)
				// only shrink: both ways the fixed point is reached.
				out.effects[i].bits |= e.bits
				if out.effects[i].via.where == "" {
					out.effects[i].via = e.via
				}
				if out.effects[i].left.where == "" {
					out.effects[i].left = e.left
				}
				if out.effects[i].second.where == "" {
					out.effects[i].second = e.second
				}
				out.effects[i].to = commonPaths(out.effects[i].to, e.to)
				continue
			}
			byPath[k] = len(out.effects)
			out.effects = append(out.effects, e)
		}
	}
	sortEffects(out.effects)
	return out
}

func sortEffects(effs []inputEffect) {
	slices.SortFunc(effs, func(a, b inputEffect) int { return strings.Compare(pathString(a.path), pathString(b.path)) })
}

// pathString renders an input path: in1.*.2[each].
func pathString(p inputPath) string {
	var b strings.Builder
	b.WriteString("in")
	b.WriteString(itoaIndex(int64(p.input)))
	for _, s := range p.sels {
		switch s.kind {
		case selDeref:
			b.WriteString(".*")
		case selField:
			b.WriteString("." + itoaIndex(int64(s.field)))
		case selIndex:
			b.WriteString("[" + s.indexString() + "]")
		}
	}
	return b.String()
}

// factsEnabled switches cross-package summaries off; only the benchmark
// that measures what facts cost sets it (without facts, every call into
// another package is a hand-off).
var factsEnabled = true

// summaries resolves the summary of any callee: this package's functions
// from the fixed point, other packages' from facts.
type summaries struct {
	pass  *analysis.Pass
	pkg   *types.Package
	local map[*ssa.Function]*summary
	fact  map[*types.Func]*summary
}

func newSummaries(pass *analysis.Pass) *summaries {
	return &summaries{pass: pass, pkg: pass.Pkg, local: make(map[*ssa.Function]*summary), fact: make(map[*types.Func]*summary)}
}

var emptySummary = &summary{}

// preservedResult reports whether callee's result n is a Preserve()
// result on every return (summary.preservedResults).
func (s *summaries) preservedResult(callee *ssa.Function, n int) bool {
	sum := s.of(callee)
	return sum != nil && n < 32 && sum.preservedResults&(1<<n) != 0
}

// of returns the summary of callee, or nil when nothing is known of it (a
// call to it is then a hand-off of everything it receives).
func (s *summaries) of(callee *ssa.Function) *summary {
	if s == nil || callee == nil {
		return nil
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if sum, ok := s.local[callee]; ok {
		return sum
	}
	if callee.Pkg != nil && callee.Pkg.Pkg == s.pkg {
		if callee.Blocks != nil && callee.Synthetic == "" {
			return emptySummary // this package's code that cannot touch a ValueTask
		}
		return nil // wrappers and thunks: their targets are not followed
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return nil
	}
	obj = obj.Origin()
	if sum, ok := s.fact[obj]; ok {
		return sum
	}
	var sum *summary
	if factsEnabled && s.pass != nil {
		var f effectsFact
		if s.pass.ImportObjectFact(obj, &f) {
			sum = f.summary()
		}
	}
	s.fact[obj] = sum
	return sum
}
