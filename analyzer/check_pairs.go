package analyzer

import (
	"go/token"
	"go/types"

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
	sink.s = s
	for _, o := range m.reportOrigins(sums, preserved) {
		sink.origin = o
		s.run(o)
	}
}

// pairReporter is the report-mode sink.
type pairReporter struct {
	r      *reporter
	m      *funcModel
	s      *searcher
	origin origin
}

func (p *pairReporter) consumed(first, second eventID, st *state) {
	subject := p.subject(second, first)
	f := p.r.pairFinding(subject, p.s.ev(first), p.s.ev(second), first == second, p.origin.pos)
	p.r.reportFinding(f)
}

func (p *pairReporter) used(eventID, *state)                     {}
func (p *pairReporter) returned(ssa.Instruction, []bool, *state) {}
func (p *pairReporter) lostPath(*state)                          {}
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
					if pi := m.places.get(f.src); pi.mem && !m.isLocalMemory(f.src) && !m.preservedContent(f.src, preserved) {
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
	return out
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
				if tuple && len(sels) > 0 && returned[sels[0].field] || !tuple && returned[0] {
					continue
				}
				if q := m.places.extend(m.reg(site.result), sels); isVT(q) {
					out = append(out, origin{instr: instr, held: []placeID{q}, pos: pos})
				}
			}
		}
	}
	m.eachEffectPlace(site, sums, func(q placeID, eff *inputEffect) {
		if !isVT(q) {
			return
		}
		if eff.bits&effRenew != 0 {
			out = append(out, origin{instr: instr, held: []placeID{q}, pos: pos})
		}
		if eff.bits&effLeavesConsumed != 0 {
			out = append(out, origin{instr: instr, held: []placeID{q}, pos: pos, consumedBy: &eff.left})
		}
	})
	return out
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
func preservedCaptures(models map[*ssa.Function]*funcModel, order []*ssa.Function) map[*ssa.FreeVar]bool {
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
					if j < len(lit.FreeVars) && m.holdsOnlyPreserved(binding, out) {
						out[lit.FreeVars[j]] = true
					}
				}
			}
		}
	}
	return out
}

// holdsOnlyPreserved reports whether a closure binding holds only
// Preserve() results: a Preserve() value, or a variable every store to
// which stores one.
func (m *funcModel) holdsOnlyPreserved(b ssa.Value, preserved map[*ssa.FreeVar]bool) bool {
	if isPreservedValue(b, preserved) {
		return true
	}
	switch x := b.(type) {
	case *ssa.FreeVar:
		return preserved[x]
	case *ssa.Alloc:
		stores := m.directStores[m.places.child(m.reg(x), derefSel)]
		for _, st := range stores {
			if !isPreservedValue(st.Val, preserved) {
				return false
			}
		}
		return len(stores) > 0
	}
	return false
}

// isPreservedValue reports whether v is a Preserve() result, through
// conversions, phis whose every edge is one, and loads of captured
// variables that hold only those.
func isPreservedValue(v ssa.Value, preserved map[*ssa.FreeVar]bool) bool {
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
		}
		return isPreserveCall(v)
	}
	return walk(v)
}
