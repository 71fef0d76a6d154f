package analyzer

import (
	"fmt"
	"reflect"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Analyzer reports misuse of valuetask.ValueTask: double and concurrent
// consumption, ValueTasks handed to WhenAll/WhenAny without AsTask,
// dropped ValueTasks and unguarded Result calls. See the package doc.
var Analyzer = &analysis.Analyzer{
	Name:     "valuetask",
	Doc:      doc,
	URL:      "https://github.com/go-valuetask/valuetask#the-checks",
	Run:      withRecover(run),
	Requires: []*analysis.Analyzer{summariesAnalyzer},
}

// summariesAnalyzer builds SSA for the packages that touch a ValueTask,
// summarizes what each function does with the ValueTasks it receives, and
// exports the summaries as facts for the packages that import it.
//
// It is separate from Analyzer so that Analyzer itself has no facts: test
// suites written with analysistest check every fact of the analyzer they
// run, and the facts are an implementation detail.
var summariesAnalyzer = &analysis.Analyzer{
	Name:       "valuetasksummaries",
	Doc:        "summarize what functions do with the ValueTasks they receive (facts for the valuetask analyzer)",
	Run:        withRecover(runSummaries),
	FactTypes:  []analysis.Fact{(*Effects)(nil)},
	ResultType: reflect.TypeFor[*packageSummaries](),
}

// packageSummaries is what summariesAnalyzer hands to Analyzer: the models
// and final events of the package's functions. It is nil for packages that
// cannot hold a ValueTask.
type packageSummaries struct {
	order  []*ssa.Function
	models map[*ssa.Function]*funcModel
	events map[*ssa.Function][]*event
	sums   *summaries
	// preserved holds the free variables of function literals that
	// capture a variable holding only Preserve() results.
	preserved map[*ssa.FreeVar]bool
}

func runSummaries(pass *analysis.Pass) (any, error) {
	// The runtime implements ValueTask and may touch its insides freely;
	// packages whose code never sees a runtime type cannot misuse one, and
	// cost only a walk of their type records.
	if pass.Pkg.Path() == runtimePath || !mentionsRuntimeTypes(pass) {
		return (*packageSummaries)(nil), nil
	}
	models, order := buildModels(buildSSA(pass))
	sums := newSummaries(pass)
	events := solveSummaries(sums, models, order)
	exportFacts(pass, sums)
	res := &packageSummaries{
		order: order, models: models, events: events, sums: sums,
		preserved: preservedCaptures(models, order),
	}
	sums.pass = nil // facts may not be read after Run
	return res, nil
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[summariesAnalyzer].(*packageSummaries)
	if res == nil {
		newIgnoreIndex(pass).reportUnused() // no finding here: every directive is stale
		return nil, nil
	}
	r := newReporter(pass)
	checkUnconsumed(pass, r)
	for _, fn := range res.order {
		m, events := res.models[fn], res.events[fn]
		checkConsumptions(r, m, res.sums, events, res.preserved)
		checkWhenAll(r, m, events)
		checkResults(r, m)
	}
	r.ignores.reportUnused()
	return nil, nil
}

// buildModels builds the model of every function that may hold a
// ValueTask, in source order.
func buildModels(funcs []*ssa.Function) (map[*ssa.Function]*funcModel, []*ssa.Function) {
	models := make(map[*ssa.Function]*funcModel)
	var order []*ssa.Function
	for _, fn := range funcs {
		if m := newFuncModel(fn); m != nil {
			models[fn] = m
			order = append(order, fn)
		}
	}
	return models, order
}

// solveSummaries computes every function's summary to a fixed point: a
// function is summarized again whenever a callee's summary grows, so
// helpers that call consuming helpers consume too, and recursion ends
// because effects only grow. It returns each function's events as of the
// last time it was summarized: a function is summarized again whenever a
// summary it used changed, so those are the events under the final
// summaries.
func solveSummaries(sums *summaries, models map[*ssa.Function]*funcModel, order []*ssa.Function) map[*ssa.Function][]*event {
	callers := make(map[*ssa.Function][]*ssa.Function)
	for _, fn := range order {
		sums.local[fn] = summarize(models[fn], nil)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var callee *ssa.Function
				switch x := instr.(type) {
				case ssa.CallInstruction:
					callee = x.Common().StaticCallee()
				case *ssa.MakeClosure:
					callee, _ = x.Fn.(*ssa.Function)
				}
				if m := boundMethod(callee); m != nil {
					callee = m // a method value depends on the method's summary
				}
				if callee != nil {
					if o := callee.Origin(); o != nil {
						callee = o
					}
					if models[callee] != nil {
						callers[callee] = append(callers[callee], fn)
					}
				}
			}
		}
	}
	// Callees first: function literals come after their parents in order.
	work := make([]*ssa.Function, 0, len(order))
	queued := make(map[*ssa.Function]bool)
	for _, fn := range order {
		work = append(work, fn)
		queued[fn] = true
	}
	events := make(map[*ssa.Function][]*event, len(order))
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		queued[fn] = false
		m := models[fn]
		events[fn] = collectEvents(m, sums)
		s := summarize(m, events[fn])
		if s.equal(sums.local[fn]) {
			continue
		}
		sums.local[fn] = s
		for _, caller := range callers[fn] {
			if !queued[caller] {
				queued[caller] = true
				work = append(work, caller)
			}
		}
	}
	return events
}

// checkConsumptions reports every pair of consumptions of one ValueTask
// that can both run: double awaits and concurrent awaits.
func checkConsumptions(r *reporter, m *funcModel, sums *summaries, events []*event, preserved map[*ssa.FreeVar]bool) {
	exempt := exemptClasses(m, preserved)
	var ps *pathSearch
	for _, e := range events {
		if !e.kind.consumes() || exempt[m.find(e.key)] {
			continue
		}
		if v, ok := m.keyOf(e.key).(ssa.Value); ok && isPreserved(v) {
			continue // a Preserve() result may be consumed any number of times
		}
		if ps == nil {
			ps = newPathSearch(m, sums, events)
		}
		for _, second := range ps.after(e) {
			r.pair(m, e, second)
		}
	}
}

// exemptClasses returns the classes whose consumptions are never reported:
// those whose every origin is a Preserve() result (consumable any number of
// times), and those with no ValueTask at all (an Awaitable parameter may be
// a Task). Phis and loads are not origins: they carry another member's
// ValueTask.
func exemptClasses(m *funcModel, preservedFV map[*ssa.FreeVar]bool) map[int32]bool {
	hasValueTask := make(map[int32]bool)
	origins := make(map[int32]int)
	preservedOrigins := make(map[int32]int)
	captured := make(map[int32]bool)
	for _, fv := range m.fn.FreeVars {
		if !preservedFV[fv] {
			continue
		}
		for _, k := range []any{fv, locKey{base: fv}} {
			if id, ok := m.ids[k]; ok {
				captured[m.find(id)] = true
			}
		}
	}
	for k, id := range m.ids {
		v, ok := k.(ssa.Value)
		if !ok {
			continue
		}
		c := m.find(id)
		if isValueTask(v.Type()) {
			hasValueTask[c] = true
		}
		if _, phi := v.(*ssa.Phi); phi {
			continue
		}
		if _, loaded := loadedFrom(v); loaded {
			continue
		}
		if fv, ok := v.(*ssa.FreeVar); ok && preservedFV[fv] {
			continue
		}
		origins[c]++
		if isPreserved(v) {
			preservedOrigins[c]++
		}
	}
	exempt := make(map[int32]bool)
	for _, id := range m.ids {
		c := m.find(id)
		allPreserved := origins[c] > 0 && origins[c] == preservedOrigins[c]
		if !hasValueTask[c] || allPreserved || (captured[c] && origins[c] == preservedOrigins[c]) {
			exempt[c] = true
		}
	}
	return exempt
}

// checkWhenAll reports the ValueTasks that reach WhenAll or WhenAny.
func checkWhenAll(r *reporter, m *funcModel, events []*event) {
	for _, e := range events {
		if e.kind != evWhenAll {
			continue
		}
		if v, ok := m.keyOf(e.key).(ssa.Value); ok && !isValueTask(v.Type()) {
			continue // this function's interface parameter: the caller's concern
		}
		r.missingAsTask(m, e)
	}
}

// withRecover turns a panic inside the analyzer into an error for the
// package at hand: a bug of ours must not take down a whole go vet or
// golangci-lint run, and the error names where it happened.
func withRecover(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error analyzing %s (please report it): %v\n%s", pass.Pkg.Path(), r, debug.Stack())
			}
		}()
		return run(pass)
	}
}

// preservedCaptures finds the free variables of function literals that
// capture a variable (or bind a value) holding only Preserve() results, so
// the literals may consume them freely too. Parents come before their
// literals in order, so nested captures see their parent's verdict.
func preservedCaptures(models map[*ssa.Function]*funcModel, order []*ssa.Function) map[*ssa.FreeVar]bool {
	out := make(map[*ssa.FreeVar]bool)
	holdsOnlyPreserved := func(m *funcModel, b ssa.Value) bool {
		if isPreserved(rootOf(b)) {
			return true
		}
		k, ok := locOf(b)
		if !ok {
			return false
		}
		if fv, ok := k.freeVar(); ok {
			return out[fv]
		}
		stores := m.storesTo(k)
		for _, st := range stores {
			if !isPreserved(rootOf(st.Val)) {
				return false
			}
		}
		return len(stores) > 0
	}
	for _, fn := range order {
		m := models[fn]
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				mc, ok := instr.(*ssa.MakeClosure)
				if !ok {
					continue
				}
				lit := mc.Fn.(*ssa.Function)
				for j, binding := range mc.Bindings {
					if j < len(lit.FreeVars) && holdsOnlyPreserved(m, binding) {
						out[lit.FreeVars[j]] = true
					}
				}
			}
		}
	}
	return out
}
