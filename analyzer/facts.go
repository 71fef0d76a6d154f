package analyzer

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// effectsFact carries a function's summary to the packages that call it:
// what it does at each input path, with the place of the consumption
// inside as file:line (positions do not travel between packages).
//
// Its fields are exported for encoding/gob, as facts require; the type is
// not, because the facts are the analyzer's business.
type effectsFact struct {
	Effects          []factEffect
	ClobbersGlobals  bool
	PreservedResults uint32
}

type factEffect struct {
	Input  int
	Path   []factSelector
	Bits   uint16
	Result int
	// ResultPath is inputEffect.resultPath.
	ResultPath []factSelector
	Verb       string
	Where      string
	// File, Line and Col locate the consumption Verb describes.
	File      string
	Line, Col int
	// LeftVerb and LeftWhere describe effLeavesConsumed.
	LeftVerb  string
	LeftWhere string
	// SecondVerb and SecondWhere describe effDouble.
	SecondVerb  string
	SecondWhere string
	// To are the input paths it is copied to.
	To []factPath
}

type factPath struct {
	Input int
	Path  []factSelector
}

type factSelector struct {
	Kind  uint8 // selKind
	Field int
	Index uint8 // indexKind: idxConst, idxEach, idxInput
	Key   string
	N     int
}

// AFact marks effectsFact as an analysis fact.
func (*effectsFact) AFact() {}

// String renders the fact for analysistest expectations:
// effects(in1:consume in2.*:query).
func (f *effectsFact) String() string {
	parts := make([]string, len(f.Effects))
	sum := f.summary()
	for i, e := range sum.effects {
		parts[i] = pathString(e.path) + ":" + e.bits.String()
		if len(e.resultPath) > 0 {
			// in the result's memory: "@out0.*.0" for return &Holder{v: v}
			parts[i] += "@out" + strings.TrimPrefix(pathString(inputPath{input: e.result, sels: e.resultPath}), "in")
		}
		for _, to := range e.to {
			parts[i] += "+to:" + pathString(to)
		}
	}
	s := "effects(" + strings.Join(parts, " ") + ")"
	if f.ClobbersGlobals {
		s += "+globals"
	}
	if f.PreservedResults != 0 {
		s += fmt.Sprintf("+preserved:%b", f.PreservedResults)
	}
	return s
}

func factOf(sum *summary) *effectsFact {
	f := &effectsFact{ClobbersGlobals: sum.clobbersGlobals, PreservedResults: sum.preservedResults}
	for _, e := range sum.effects {
		fe := factEffect{Input: e.path.input, Bits: uint16(e.bits), Result: e.result, Verb: e.via.verb, Where: e.via.where, File: e.via.file, Line: e.via.line, Col: e.via.col, LeftVerb: e.left.verb, LeftWhere: e.left.where, SecondVerb: e.second.verb, SecondWhere: e.second.where}
		fe.Path = factSelectors(e.path.sels)
		fe.ResultPath = factSelectors(e.resultPath)
		for _, to := range e.to {
			fe.To = append(fe.To, factPath{Input: to.input, Path: factSelectors(to.sels)})
		}
		f.Effects = append(f.Effects, fe)
	}
	return f
}

func (f *effectsFact) summary() *summary {
	sum := &summary{clobbersGlobals: f.ClobbersGlobals, preservedResults: f.PreservedResults}
	for _, fe := range f.Effects {
		e := inputEffect{path: inputPath{input: fe.Input}, bits: effectBits(fe.Bits), result: fe.Result, via: innerUse{verb: fe.Verb, where: fe.Where, file: fe.File, line: fe.Line, col: fe.Col}, left: innerUse{verb: fe.LeftVerb, where: fe.LeftWhere}, second: innerUse{verb: fe.SecondVerb, where: fe.SecondWhere}}
		e.path.sels = selectorsOf(fe.Path)
		e.resultPath = selectorsOf(fe.ResultPath)
		for _, to := range fe.To {
			e.to = append(e.to, inputPath{input: to.Input, sels: selectorsOf(to.Path)})
		}
		sum.effects = append(sum.effects, e)
	}
	return sum
}

func factSelectors(sels []selector) []factSelector {
	var out []factSelector
	for _, s := range sels {
		out = append(out, factSelector{Kind: uint8(s.kind), Field: s.field, Index: uint8(s.ik), Key: s.key, N: s.n})
	}
	return out
}

func selectorsOf(fs []factSelector) []selector {
	var out []selector
	for _, s := range fs {
		out = append(out, selector{kind: selKind(s.Kind), field: s.Field, ik: indexKind(s.Index), key: s.Key, n: s.N})
	}
	return out
}

// exportFacts records the summary of every package-level function and
// method whose parameters can lead to a ValueTask or that returns
// Preserve() results.
func exportFacts(pass *analysis.Pass, sums *summaries) {
	if !factsEnabled {
		return
	}
	for fn, sum := range sums.local {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Synthetic != "" || obj.Pkg() != pass.Pkg {
			continue
		}
		if !paramsReachValueTask(fn) && sum.preservedResults == 0 {
			continue
		}
		pass.ExportObjectFact(obj, factOf(sum))
	}
}

func paramsReachValueTask(fn *ssa.Function) bool {
	for _, p := range fn.Params {
		if reachesValueTask(p.Type()) {
			return true
		}
	}
	return false
}
