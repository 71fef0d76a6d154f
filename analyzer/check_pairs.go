package analyzer

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"golang.org/x/tools/go/ssa"
)

// checkConsumptions reports double and concurrent consumptions and
// ValueTasks that reach WhenAll/WhenAny, by one instance search from
// every place a ValueTask appears in the function. The searches share
// their explored states: a state explored once has the same future
// whatever origin reached it.
func checkConsumptions(r *reporter, m *funcModel, sums *summaries, preserved map[*ssa.FreeVar]bool) {
	sink := &pairReporter{r: r, m: m}
	s := newSearcher(m, sums, false, sink, newEventTable())
	s.joins = &stateGraph{}
	sink.s = s
	origins := m.reportOrigins(sums, preserved)
	for _, o := range origins {
		sink.origin = o
		s.run(o)
	}
	sink.attachFixes(origins)
}

// pairReporter is the report-mode sink.
type pairReporter struct {
	r      *reporter
	m      *funcModel
	s      *searcher
	origin origin // the running search's
	found  []foundPair
}

// foundPair is a finding and the state it was made in.
type foundPair struct {
	q         *queued
	node      int32
	elsewhere bool // both uses are in a literal that runs here
}

func (p *pairReporter) consumed(first, second eventID, st *state) {
	subject := p.subject(second, first)
	f := p.r.pairFinding(subject, p.s.ev(first), p.s.ev(second), first == second, p.origin.pos)
	d := analysis.Diagnostic{Pos: f.at.pos, Category: f.category, Message: f.msg, Related: f.related}
	if q := p.r.enqueue(d); q != nil {
		p.found = append(p.found, foundPair{q, p.s.cur, p.s.ev(second).elsewhere || p.s.ev(first).elsewhere})
	}
}

// attachFixes gives each finding the edits that make reusable every
// ValueTask whose search reaches the state it was made in.
func (p *pairReporter) attachFixes(origins []origin) {
	reaching := make(map[int32][]int)
	for _, f := range p.found {
		if f.elsewhere {
			f.q.unfixable = true
			continue
		}
		idx, ok := reaching[f.node]
		if !ok {
			idx = p.s.joins.searchesReaching(f.node)
			reaching[f.node] = idx
		}
		for _, i := range idx {
			p.r.attachPreserve(f.q, p.m, origins[i])
		}
	}
}

func (p *pairReporter) used(eventID, *state)                           {}
func (p *pairReporter) returned(ssa.Instruction, []returnedAt, *state) {}
func (p *pairReporter) lostPath(*state)                                {}
func (p *pairReporter) missingAsTask(id eventID, st *state) {
	if st.conv != nil {
		p.r.missingAsTask(p.m, st.conv, p.s.ev(id))
	}
}

// subject names the ValueTask of a finding: the variable or expression
// the uses go through.
func (p *pairReporter) subject(ids ...eventID) string {
	for _, id := range ids {
		if pl := p.s.ev(id).place; pl != noPlace {
			if name := p.m.placeName(pl); name != "" {
				return name
			}
		}
	}
	if o := p.origin; len(o.held) > 0 {
		if name := p.m.placeName(o.held[0]); name != "" {
			return name
		}
	}
	return "the ValueTask"
}

// placeName names a place for messages: a register by its variable, a
// memory place by its access path.
func (m *funcModel) placeName(p placeID) string {
	pi := m.places.get(p)
	if pi.mem {
		return m.describePlace(p)
	}
	if len(pi.sels) == 0 {
		return m.nameOf(pi.root)
	}
	return ""
}

// reportOrigins returns every place a ValueTask appears in the function,
// as a search origin: parameters and captured variables at the entry,
// memory from outside where it is read, and new ValueTasks where they
// are made. Only ValueTasks (not interface values, which may hold a Task)
// and not Preserve() results, which may be consumed freely.
func (m *funcModel) reportOrigins(sums *summaries, preserved map[*ssa.FreeVar]bool) []origin {
	var out []origin
	isVT := func(p placeID) bool { return isValueTask(placeType(m.places.get(p))) }
	for _, in := range m.inputs(sums) {
		root := m.places.get(in.place).root
		if fv, ok := root.(*ssa.FreeVar); ok && preserved[fv] {
			continue
		}
		if m.reachedThroughCapture(in.place) {
			continue // the caller's to report, when it holds a ValueTask there (effDouble)
		}
		if isVT(in.place) {
			out = append(out, origin{held: []placeID{in.place}, pos: root.Pos()})
		}
	}
	for _, b := range m.fn.Blocks {
		if !m.reachable[b.Index] {
			continue
		}
		for i, instr := range b.Instrs {
			for _, f := range m.blockFlows(b)[i] {
				switch f.op {
				case opFresh:
					if f.fresh != freshPreserved && isVT(f.dst) {
						out = append(out, origin{instr: instr, held: []placeID{f.dst}, pos: instr.Pos()})
					}
				case opCopy:
					if pi := m.places.get(f.src); pi.mem && !m.isLocalMemory(f.src) && !m.preservedContent(f.src, preserved) && !m.reachedThroughCapture(f.src) {
						for _, sels := range vtPaths(placeType(pi)) {
							if q := m.places.extend(f.src, sels); isVT(q) {
								out = append(out, origin{instr: instr, before: true, held: []placeID{q}, pos: instr.Pos()})
							}
						}
					}
				case opCall:
					out = m.callOrigins(out, instr, f.site, sums, isVT)
				}
			}
		}
	}
	return m.returnedMemoryOrigins(out, sums, isVT)
}

// returnedMemoryOrigins adds the ValueTasks in memory a call returned (the
// slice collect() makes, say) that a callee uses: they appear at the call
// that returned the memory, so that a callee's use pairs with the next one,
// the callee's or this function's own.
func (m *funcModel) returnedMemoryOrigins(out []origin, sums *summaries, isVT func(placeID) bool) []origin {
	if !m.callsReturnReferences() {
		return out
	}
	returned := func(q placeID) *ssa.Call {
		pi := m.places.get(q)
		call, ok := pi.root.(*ssa.Call)
		if !ok || !pi.mem || m.isLocalMemory(q) || !isVT(q) {
			return nil
		}
		return call
	}
	used := make(map[*ssa.Call]bool)
	var places []placeID
	m.eachFlow(func(f *flow) {
		if f.op == opCall {
			m.eachEffectPlace(f.site, sums, func(q placeID, eff *inputEffect) {
				if call := returned(q); call != nil && eff.bits&(effConsume|effGo|effWhenAll) != 0 {
					used[call] = true
					places = append(places, q)
				}
			})
		}
	})
	if len(used) == 0 {
		return out
	}
	m.eachFlow(func(f *flow) {
		if f.op == opCopy {
			if call := returned(f.src); call != nil && used[call] {
				places = append(places, f.src)
			}
		}
	})
	seen := make(map[placeID]bool)
	for _, q := range places {
		if !seen[q] {
			seen[q] = true
			call := returned(q)
			out = append(out, origin{instr: call, held: []placeID{q}, pos: call.Pos()})
		}
	}
	return out
}

// callsReturnReferences reports whether the function calls something
// that returns a reference that can lead to a ValueTask.
func (m *funcModel) callsReturnReferences() bool {
	for _, b := range m.fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && isReference(c.Type()) && m.reaches(c.Type()) {
				return true
			}
		}
	}
	return false
}

// eachFlow calls f with every flow of the reachable blocks.
func (m *funcModel) eachFlow(f func(*flow)) {
	for _, b := range m.fn.Blocks {
		if !m.reachable[b.Index] {
			continue
		}
		flows := m.blockFlows(b)
		for i := range b.Instrs {
			for k := range flows[i] {
				f(&flows[i][k])
			}
		}
	}
}

// callOrigins are the ValueTasks a call makes: its results, unless the
// callee returns one it was given or a Preserve() result, and what it
// leaves in memory it renews.
func (m *funcModel) callOrigins(out []origin, instr ssa.Instruction, site *callSite, sums *summaries, isVT func(placeID) bool) []origin {
	pos := instr.Pos()
	if site.result != nil {
		fresh := true
		switch site.kind {
		case siteMethod:
			fresh = false // Preserve's result may be consumed freely; AsTask's is a Task
		case siteBuiltin:
			fresh = false
		}
		var returned map[int]bool
		if site.kind == siteCallee {
			if sum := sums.of(site.callee); sum != nil {
				returned = make(map[int]bool)
				for _, e := range sum.effects {
					if e.bits&effReturn != 0 {
						returned[e.result] = true
					}
				}
			}
		}
		if fresh {
			_, tuple := site.result.Type().(*types.Tuple)
			for _, sels := range vtPaths(site.result.Type()) {
				// A result the callee was given, or a Preserve() result.
				if n := resultIndex(tuple, sels); returned[n] || site.kind == siteCallee && sums.preservedResult(site.callee, n) {
					continue
				}
				if q := m.places.extend(m.reg(site.result), sels); isVT(q) {
					out = append(out, origin{instr: instr, held: []placeID{q}, pos: pos})
				}
			}
		}
	}
	if site.mode == modeDefer {
		// What a deferred call leaves appears when the function exits,
		// after everything its body consumes.
		return out
	}
	m.eachEffectPlace(site, sums, func(q placeID, eff *inputEffect) {
		out = m.leftOrigins(out, instr, q, eff, isVT)
	})
	if lb := site.loopBody; lb != nil {
		m.eachLoopBodyEffect(site, sums, func(q placeID, eff *inputEffect) {
			out = m.leftOrigins(out, instr, q, eff, isVT)
		})
	}
	return out
}

// resultIndex returns which of a call's results a path into its value
// starts in.
func resultIndex(tuple bool, sels []selector) int {
	if tuple && len(sels) > 0 {
		return sels[0].field
	}
	return 0
}

// leftOrigins are the ValueTasks a callee's effect leaves at place q.
func (m *funcModel) leftOrigins(out []origin, instr ssa.Instruction, q placeID, eff *inputEffect, isVT func(placeID) bool) []origin {
	pos := instr.Pos()
	if !isVT(q) {
		return out
	}
	if eff.leaves() == leavesNew {
		out = append(out, origin{instr: instr, held: []placeID{q}, pos: pos})
	}
	if eff.bits&effLeavesConsumed != 0 {
		out = append(out, origin{instr: instr, held: []placeID{q}, pos: pos, consumedBy: &eff.left})
	}
	return out
}

// reachedThroughCapture reports whether p is memory a literal reaches
// through a reference it captured (an element of a captured map or
// slice): whether a ValueTask is there depends on the function that made
// it. (A captured variable itself, *fv, is not: it holds a ValueTask of
// its own.)
func (m *funcModel) reachedThroughCapture(p placeID) bool {
	pi := m.places.get(m.unrenamed(p))
	_, captured := pi.root.(*ssa.FreeVar)
	return captured && pi.mem && len(pi.sels) > 1
}

// preservedContent reports whether memory from outside holds only
// Preserve() results: a captured variable whose every binding does.
func (m *funcModel) preservedContent(p placeID, preserved map[*ssa.FreeVar]bool) bool {
	pi := m.places.get(p)
	fv, ok := pi.root.(*ssa.FreeVar)
	return ok && preserved[fv] && len(pi.sels) == 1
}

// preservedCaptures finds the free variables of function literals that
// capture a variable (or bind a value) holding only Preserve() results,
// so the literals may consume them freely too. Parents come before their
// literals in order, so nested captures see their parent's verdict.
func preservedCaptures(models map[*ssa.Function]*funcModel, order []*ssa.Function, sums *summaries) map[*ssa.FreeVar]bool {
	out := make(map[*ssa.FreeVar]bool)
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
					if !holdsValueTaskCell(binding.Type()) {
						continue // only a ValueTask can be a Preserve() result
					}
					if j < len(lit.FreeVars) && m.holdsOnlyPreserved(binding, mc, out, sums) {
						out[lit.FreeVars[j]] = true
					}
				}
			}
		}
	}
	return out
}

// holdsValueTaskCell reports whether a closure binding of type t is a
// ValueTask or a variable of one.
func holdsValueTaskCell(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return isValueTask(t)
}

// holdsOnlyPreserved reports whether a closure binding, made at mc, holds
// only Preserve() results while the literal may run: a Preserve() value,
// or a variable whose value where the literal is made is one on every path
// (or the zero ValueTask), and that nothing stores anything else into
// afterwards.
func (m *funcModel) holdsOnlyPreserved(b ssa.Value, mc *ssa.MakeClosure, preserved map[*ssa.FreeVar]bool, sums *summaries) bool {
	if isPreservedValue(b, preserved, sums) {
		return true
	}
	switch x := b.(type) {
	case *ssa.FreeVar:
		return preserved[x]
	case *ssa.Alloc:
		cell := m.places.child(m.reg(x), derefSel)
		if !m.storedOnlyPreserved(x, cell, mc, preserved, sums) {
			return false
		}
		for _, st := range m.directStores[cell] {
			if !isPreservedValue(st.Val, preserved, sums) && m.canRunAfter(mc, st) {
				return false
			}
		}
		return !m.callLeavesOtherAfter(mc, cell, sums)
	}
	return false
}

// storedOnlyPreserved reports whether, on every path to at, the last store
// to the variable a's memory cell stores a Preserve() result (or there is
// none: the zero ValueTask, which is completed and consumable freely).
func (m *funcModel) storedOnlyPreserved(a *ssa.Alloc, cell placeID, at ssa.Instruction, preserved map[*ssa.FreeVar]bool, sums *summaries) bool {
	stores := make(map[ssa.Instruction]bool)
	for _, st := range m.directStores[cell] {
		stores[st] = true
	}
	seen := make(map[*ssa.BasicBlock]bool)
	// last looks back from instruction index i of b for the last store.
	var last func(b *ssa.BasicBlock, i int) bool
	last = func(b *ssa.BasicBlock, i int) bool {
		for k := i - 1; k >= 0; k-- {
			instr := b.Instrs[k]
			if instr == ssa.Instruction(a) {
				return true // no store since the variable was made
			}
			if stores[instr] {
				return isPreservedValue(instr.(*ssa.Store).Val, preserved, sums)
			}
			if left, renews := m.calleeLeavesAt(b, k, cell, sums, literalOf(at)); left {
				return renews // f := func() { v = v.Preserve() }; f()
			}
		}
		for _, p := range b.Preds {
			if seen[p] {
				continue
			}
			seen[p] = true
			if !last(p, len(p.Instrs)) {
				return false
			}
		}
		return true
	}
	return last(at.Block(), m.index[at])
}

// callLeavesOtherAfter reports whether a call that may run after mc may
// leave in memory cell something other than a Preserve() result.
func (m *funcModel) callLeavesOtherAfter(mc ssa.Instruction, cell placeID, sums *summaries) bool {
	for _, b := range m.fn.Blocks {
		for k, instr := range b.Instrs {
			if left, renews := m.calleeLeavesAt(b, k, cell, sums, literalOf(mc)); left && !renews && m.canRunAfter(mc, instr) {
				return true
			}
		}
	}
	return false
}

// literalOf is the function literal instr makes, if it is a MakeClosure.
func literalOf(instr ssa.Instruction) *ssa.Function {
	if mc, ok := instr.(*ssa.MakeClosure); ok {
		return mc.Fn.(*ssa.Function)
	}
	return nil
}

// calleeLeavesAt reports whether the call at instruction k of b may leave
// something else in memory cell (left), and if so whether what it leaves
// there is a Preserve() result on every path through it (renews). Calls of
// literal do not count: what it stores in its captures, its own model
// follows.
func (m *funcModel) calleeLeavesAt(b *ssa.BasicBlock, k int, cell placeID, sums *summaries, literal *ssa.Function) (left, renews bool) {
	if _, ok := b.Instrs[k].(ssa.CallInstruction); !ok {
		return false, false
	}
	renews = true
	for _, f := range m.blockFlows(b)[k] {
		if f.op != opCall || f.site.callee == literal {
			continue
		}
		m.eachEffectPlace(f.site, sums, func(q placeID, eff *inputEffect) {
			if k := eff.leaves(); q == cell && k != leavesAsIs {
				left = true
				renews = renews && k == leavesPreserved
			}
		})
	}
	return left, left && renews
}

// canRunAfter reports whether b can run after a on some path.
func (m *funcModel) canRunAfter(a, b ssa.Instruction) bool {
	return m.runsLater(a, []ssa.Instruction{b})
}

// runsLater reports whether one of instrs can run after a on some path:
// later in a's block, or in a block a path from there reaches (a's own,
// again, through a loop).
func (m *funcModel) runsLater(a ssa.Instruction, instrs []ssa.Instruction) bool {
	in := make(map[*ssa.BasicBlock]bool, len(instrs))
	for _, x := range instrs {
		if x.Block() == a.Block() && m.index[x] > m.index[a] {
			return true
		}
		in[x.Block()] = true
	}
	seen := make([]bool, len(m.fn.Blocks))
	work := append([]*ssa.BasicBlock(nil), a.Block().Succs...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x.Index] {
			continue
		}
		seen[x.Index] = true
		if in[x] {
			return true
		}
		work = append(work, x.Succs...)
	}
	return false
}

// isPreservedValue reports whether v is a Preserve() result, through
// conversions, phis whose every edge is one, and loads of captured
// variables that hold only those.
func isPreservedValue(v ssa.Value, preserved map[*ssa.FreeVar]bool, sums *summaries) bool {
	seen := make(map[ssa.Value]bool)
	var walk func(v ssa.Value) bool
	walk = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		switch x := v.(type) {
		case *ssa.MakeInterface:
			return walk(x.X)
		case *ssa.ChangeInterface:
			return walk(x.X)
		case *ssa.ChangeType:
			return walk(x.X)
		case *ssa.Phi:
			for _, e := range x.Edges {
				if !walk(e) {
					return false
				}
			}
			return len(x.Edges) > 0
		case *ssa.UnOp:
			if fv, ok := x.X.(*ssa.FreeVar); ok && x.Op == token.MUL {
				return preserved[fv]
			}
		case *ssa.Call:
			if sums.preservedResult(x.Call.StaticCallee(), 0) {
				return true // a callee that returns Preserve() results
			}
		case *ssa.Extract:
			if call, ok := x.Tuple.(*ssa.Call); ok && sums.preservedResult(call.Call.StaticCallee(), x.Index) {
				return true
			}
		}
		return isPreserveCall(v)
	}
	return walk(v)
}
