package analyzer

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// effect says what a function does with a ValueTask it receives. The bits
// only grow while summaries reach their fixed point, which is why recursion
// terminates.
type effect uint8

const (
	effQuery   effect = 1 << iota // asks IsCompleted and the like
	effConsume                    // consumes it or hands it off before returning
	effGo                         // a goroutine it starts consumes it
	effWhenAll                    // it reaches WhenAll/WhenAny as an Awaitable
)

func (e effect) String() string {
	var parts []string
	for _, p := range []struct {
		bit  effect
		name string
	}{{effQuery, "query"}, {effConsume, "consume"}, {effGo, "go"}, {effWhenAll, "whenall"}} {
		if e&p.bit != 0 {
			parts = append(parts, p.name)
		}
	}
	if parts == nil {
		return "none"
	}
	return strings.Join(parts, "+")
}

// inputEffect is the effect on one parameter or free variable, with the
// position of the first consumption inside the function (reported for a
// goroutine started on a function literal).
type inputEffect struct {
	eff effect
	pos token.Pos
}

// summary is what callers need to know about a function.
type summary struct {
	params        []inputEffect
	freeVars      []inputEffect
	writesFreeVar []bool
}

func (s *summary) param(i int) effect {
	if s == nil || i >= len(s.params) {
		return effConsume // unknown: a hand-off
	}
	return s.params[i].eff
}

func (s *summary) equal(o *summary) bool {
	if len(s.params) != len(o.params) || len(s.freeVars) != len(o.freeVars) {
		return false
	}
	for i := range s.params {
		if s.params[i] != o.params[i] {
			return false
		}
	}
	for i := range s.freeVars {
		if s.freeVars[i] != o.freeVars[i] || s.writesFreeVar[i] != o.writesFreeVar[i] {
			return false
		}
	}
	return true
}

// Effects is the fact exported for every function and method with a
// parameter that can receive a ValueTask: one effect per SSA parameter
// (receiver first). It lets callers in other packages know whether a call
// consumes, only queries, starts a goroutine on, or hands to WhenAll the
// ValueTask they pass.
type Effects struct {
	Params []uint8
}

// AFact marks Effects as an analysis fact.
func (*Effects) AFact() {}

func (f *Effects) String() string {
	parts := make([]string, len(f.Params))
	for i, p := range f.Params {
		parts[i] = effect(p).String()
	}
	return "effects(" + strings.Join(parts, ", ") + ")"
}

// factsEnabled switches cross-package summaries off; only the benchmark
// that measures what facts cost sets it (without facts, every call into
// another package is a hand-off).
var factsEnabled = true

// summaries resolves the summary of any callee: this package's functions
// from the fixed point, other packages' from facts, bound method values from
// the method they bind.
type summaries struct {
	pass  *analysis.Pass
	local map[*ssa.Function]*summary
	fact  map[*types.Func]*summary
}

func newSummaries(pass *analysis.Pass) *summaries {
	return &summaries{pass: pass, local: make(map[*ssa.Function]*summary), fact: make(map[*types.Func]*summary)}
}

// of returns the summary of callee, or nil when nothing is known of it (a
// call to it is then a hand-off).
func (s *summaries) of(callee *ssa.Function) *summary {
	if callee == nil {
		return nil
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if sum, ok := s.local[callee]; ok {
		return sum
	}
	if isBoundWrapper(callee) {
		return s.boundMethodSummary(callee)
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
	var f Effects
	if factsEnabled && s.pass != nil && obj.Pkg() != s.pass.Pkg && s.pass.ImportObjectFact(obj, &f) {
		sum = &summary{params: make([]inputEffect, len(f.Params))}
		for i, e := range f.Params {
			sum.params[i].eff = effect(e)
		}
	}
	s.fact[obj] = sum
	return sum
}

// isBoundWrapper reports whether fn is the wrapper SSA makes for a method
// value such as v.Await.
func isBoundWrapper(fn *ssa.Function) bool {
	return fn != nil && fn.Synthetic != "" && strings.HasSuffix(fn.Name(), "$bound")
}

// boundMethod returns the declared method a method-value wrapper calls, or
// nil when fn is not such a wrapper.
func boundMethod(fn *ssa.Function) *ssa.Function {
	if !isBoundWrapper(fn) {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	return fn.Prog.FuncValue(obj)
}

// boundMethodSummary summarizes a method value such as v.Await: calling it does to
// the bound receiver what the method does to its receiver.
func (s *summaries) boundMethodSummary(fn *ssa.Function) *summary {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	sum := &summary{freeVars: make([]inputEffect, 1), writesFreeVar: make([]bool, 1)}
	if isValueTaskMethodObj(obj) {
		switch valueTaskMethod(obj.Name()) {
		case consumingMethod:
			sum.freeVars[0].eff = effConsume
		case queryMethod:
			sum.freeVars[0].eff = effQuery
		}
		return sum
	}
	sum.freeVars[0].eff = s.of(boundMethod(fn)).param(0)
	return sum
}

func isValueTaskMethodObj(obj *types.Func) bool {
	sig, ok := obj.Type().(*types.Signature)
	return ok && sig.Recv() != nil && isValueTask(sig.Recv().Type())
}

// summarize computes fn's summary from its events.
func summarize(m *funcModel, events []*event) *summary {
	fn := m.fn
	sum := &summary{
		params:        make([]inputEffect, len(fn.Params)),
		freeVars:      make([]inputEffect, len(fn.FreeVars)),
		writesFreeVar: make([]bool, len(fn.FreeVars)),
	}
	classEffect := func(k any) inputEffect {
		id, ok := m.ids[k]
		if !ok {
			return inputEffect{}
		}
		c := m.find(id)
		var ie inputEffect
		for _, e := range events {
			if m.find(e.key) != c {
				continue
			}
			ie.eff |= e.kind.effect()
			if e.kind.consumes() && (ie.pos == token.NoPos || e.pos < ie.pos) {
				ie.pos = e.pos
			}
		}
		return ie
	}
	for i, p := range fn.Params {
		if m.tracked[p] {
			sum.params[i] = classEffect(p)
		}
	}
	for j, fv := range fn.FreeVars {
		if isValueTask(fv.Type()) {
			sum.freeVars[j] = classEffect(fv)
		} else {
			sum.freeVars[j] = classEffect(locKey{base: fv})
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				if k, ok := locOf(st.Addr); ok {
					if fv, ok := k.freeVar(); ok {
						for j, f := range fn.FreeVars {
							if f == fv {
								sum.writesFreeVar[j] = true
							}
						}
					}
				}
			}
		}
	}
	return sum
}

// exportFacts records the summary of every package-level function and
// method that has a parameter able to receive a ValueTask.
func exportFacts(pass *analysis.Pass, sums *summaries) {
	if !factsEnabled {
		return
	}
	for fn, sum := range sums.local {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Synthetic != "" {
			continue
		}
		interesting := false
		for _, p := range fn.Params {
			interesting = interesting || paramOfInterest(p.Type())
		}
		if !interesting {
			continue
		}
		f := &Effects{Params: make([]uint8, len(sum.params))}
		for i, p := range sum.params {
			f.Params[i] = uint8(p.eff)
		}
		pass.ExportObjectFact(obj, f)
	}
}
