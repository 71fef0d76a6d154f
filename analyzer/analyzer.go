package analyzer

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Analyzer reports misuse of valuetask.ValueTask: double and concurrent
// consumption, ValueTasks handed to WhenAll/WhenAny without AsTask,
// dropped ValueTasks and unguarded Result calls. See the package doc, and
// docs/design.md for how it works.
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
	FactTypes:  []analysis.Fact{(*effectsFact)(nil)},
	ResultType: reflect.TypeFor[*packageSummaries](),
}

// packageSummaries is what summariesAnalyzer hands to Analyzer: the models
// of the package's functions and their final summaries. It is nil for
// packages that cannot hold a ValueTask.
type packageSummaries struct {
	order  []*ssa.Function
	models map[*ssa.Function]*funcModel
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
	solveSummaries(sums, models, order)
	exportFacts(pass, sums)
	sums.pass = nil // facts may not be read after Run
	return &packageSummaries{order: order, models: models, sums: sums, preserved: preservedCaptures(models, order, sums)}, nil
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
		m := res.models[fn]
		checkConsumptions(r, m, res.sums, res.preserved)
		checkResults(r, m, res.sums)
	}
	r.flush()
	r.ignores.reportUnused()
	return nil, nil
}

// buildModels builds the model of every function that may touch a
// ValueTask, in source order.
func buildModels(funcs []*ssa.Function) (map[*ssa.Function]*funcModel, []*ssa.Function) {
	models := make(map[*ssa.Function]*funcModel)
	var order []*ssa.Function
	tm := newTypeMemo()
	for _, fn := range funcs {
		if m := newFuncModel(fn, tm); m != nil {
			models[fn] = m
			order = append(order, fn)
		}
	}
	return models, order
}

// solveSummaries computes every function's summary, callees first: the
// call graph's strongly connected components in reverse topological
// order (Tarjan's algorithm gives them so). A function outside any cycle
// is summarized once, under its callees' final summaries. The functions of
// a cycle (recursion) are summarized again until none changes; there a
// summary computed again keeps what it had (summary.union), so the fixed
// point is reached even where recursion would let effects come and go.
func solveSummaries(sums *summaries, models map[*ssa.Function]*funcModel, order []*ssa.Function) {
	for _, fn := range order {
		sums.local[fn] = emptySummary
	}
	for _, scc := range callGraphSCCs(models, order) {
		if len(scc) == 1 && !callsItself(models[scc[0]]) {
			sums.local[scc[0]] = summarize(models[scc[0]], sums)
			continue
		}
		for changed := true; changed; {
			changed = false
			for _, fn := range scc {
				old := sums.local[fn]
				if s := summarize(models[fn], sums).union(old); !s.equal(old) {
					sums.local[fn], changed = s, true
				}
			}
		}
	}
}

// callsItself reports whether a function's summary depends on itself.
func callsItself(m *funcModel) bool {
	return slices.Contains(calleesOf(m), m.fn)
}

// callGraphSCCs returns the strongly connected components of the graph of
// summary dependencies among the modeled functions, each component after
// the components it depends on.
func callGraphSCCs(models map[*ssa.Function]*funcModel, order []*ssa.Function) [][]*ssa.Function {
	index := make(map[*ssa.Function]int)
	low := make(map[*ssa.Function]int)
	onStack := make(map[*ssa.Function]bool)
	var stack []*ssa.Function
	var out [][]*ssa.Function
	next := 0
	var connect func(fn *ssa.Function)
	connect = func(fn *ssa.Function) {
		index[fn], low[fn] = next, next
		next++
		stack = append(stack, fn)
		onStack[fn] = true
		for _, callee := range calleesOf(models[fn]) {
			if models[callee] == nil {
				continue
			}
			if _, seen := index[callee]; !seen {
				connect(callee)
				low[fn] = min(low[fn], low[callee])
			} else if onStack[callee] {
				low[fn] = min(low[fn], index[callee])
			}
		}
		if low[fn] == index[fn] {
			var scc []*ssa.Function
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[top] = false
				scc = append(scc, top)
				if top == fn {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for _, fn := range order {
		if _, seen := index[fn]; !seen {
			connect(fn)
		}
	}
	return out
}

// calleesOf returns the functions whose summaries fn's summary depends on:
// what it calls, and the literals it makes (called, escaping, or run as a
// loop body).
func calleesOf(m *funcModel) []*ssa.Function {
	var out []*ssa.Function
	for _, b := range m.fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case ssa.CallInstruction:
				if site := m.site(x); site.callee != nil {
					out = append(out, site.callee)
				}
			case *ssa.MakeClosure:
				out = append(out, x.Fn.(*ssa.Function))
			}
		}
	}
	return out
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
