package analyzer

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// inputOrigin is one input place of a function: a parameter's ValueTask,
// a captured variable, or memory reached from a parameter, by its path.
type inputOrigin struct {
	path  inputPath
	place placeID
}

// inputs returns the function's input places: its parameters and free
// variables that hold ValueTasks, and the memory reached from them that
// its flows (and its callees' effects, as known now) touch.
func (m *funcModel) inputs(sums *summaries) []inputOrigin {
	var out []inputOrigin
	seen := make(map[placeID]bool)
	add := func(p placeID) {
		if p == noPlace || seen[p] {
			return
		}
		path, ok := m.inputPathOf(p)
		if !ok {
			return
		}
		p = m.eachInsteadOfRange(p) // a range's element stands for each element
		if seen[p] {
			return
		}
		for _, sels := range vtPaths(placeType(m.places.get(p))) {
			q := m.places.extend(p, sels)
			if seen[q] {
				continue
			}
			seen[q] = true
			out = append(out, inputOrigin{path: inputPath{path.input, append(path.sels, sels...)}, place: q})
		}
		seen[p] = true
	}
	for _, p := range m.fn.Params {
		add(m.reg(p))
	}
	if m.returnsReferences() {
		// A constructor may return memory that keeps what its reference
		// parameters refer to (NewQueue(vs...) keeps vs): that memory is
		// an input even if it never reads it.
		for _, p := range m.fn.Params {
			if r := m.pointee(p); isReference(p.Type()) && m.reaches(p.Type()) && r.obj != noPlace {
				if _, isSlice := p.Type().Underlying().(*types.Slice); isSlice {
					add(m.places.child(r.obj, eachSel))
				} else {
					add(r.obj)
				}
			}
		}
	}
	for _, fv := range m.fn.FreeVars {
		add(m.reg(fv))
		if isReference(fv.Type()) {
			if r := m.pointee(fv); r.obj != noPlace {
				add(r.obj)
			}
		}
	}
	m.eachTouched(sums, func(p placeID) {
		if p != noPlace {
			p = m.unrenamed(p) // memory read through a reread reference is the input's
		}
		if p != noPlace && m.places.get(p).mem && isInputRoot(m.places.get(p).root) {
			add(p)
		}
	})
	return out
}

// returnsReferences reports whether a result of the function is a
// reference that can lead to a ValueTask.
func (m *funcModel) returnsReferences() bool {
	results := m.fn.Signature.Results()
	for i := 0; i < results.Len(); i++ {
		if t := results.At(i).Type(); isReference(t) && m.reaches(t) {
			return true
		}
	}
	return false
}

// eachInsteadOfRange returns p with its range selectors made "each".
func (m *funcModel) eachInsteadOfRange(p placeID) placeID {
	pi := m.places.get(p)
	sels := slices.Clone(pi.sels)
	for i, s := range sels {
		if s.kind == selIndex && s.ik == idxRange {
			sels[i] = eachSel
		}
	}
	return m.places.extend(m.reg(pi.root), sels)
}

// eachTouched calls f with every place the function's flows read or write
// (and the places its callees' effects name, under sums).
func (m *funcModel) eachTouched(sums *summaries, f func(placeID)) {
	for _, b := range m.fn.Blocks {
		if !m.reachable[b.Index] {
			continue
		}
		for i := range b.Instrs {
			for _, fl := range m.blockFlows(b)[i] {
				switch fl.op {
				case opCopy:
					f(fl.src)
				case opStore, opKill:
					f(fl.dst)
				case opCopyElems:
					f(m.places.child(fl.src, eachSel))
					f(m.places.child(fl.dst, eachSel))
				case opHandOff:
					m.eachReached(fl.val, f)
				case opCall:
					m.eachEffectPlace(fl.site, sums, func(p placeID, _ *inputEffect) { f(p) })
					for _, in := range fl.site.inputs {
						m.eachReached(in, f)
					}
				}
			}
		}
	}
}

// eachReached calls f with the memory a value handed off reaches, and its
// elements.
func (m *funcModel) eachReached(v ssa.Value, f func(placeID)) {
	for _, r := range m.reach(v) {
		if m.places.get(r).mem {
			f(r)
			if t := placeType(m.places.get(r)); t != nil {
				if _, ok := t.Underlying().(*types.Array); ok {
					f(m.places.child(r, eachSel))
				} else if _, ok := t.Underlying().(*types.Map); ok {
					f(m.places.child(r, eachSel))
				}
			}
		}
	}
}

// eachEffectPlace calls f with the caller's place each effect of a call's
// callee names.
func (m *funcModel) eachEffectPlace(site *callSite, sums *summaries, f func(placeID, *inputEffect)) {
	if site.kind != siteCallee {
		return
	}
	sum := sums.of(site.callee)
	if sum == nil {
		return
	}
	for k := range sum.effects {
		if q := m.mapInput(site.instr, site.inputs, sum.effects[k].path); q != noPlace {
			f(q, &sum.effects[k])
		}
	}
}

// eachLoopBodyEffect calls f with the caller's place each effect of a
// range-over-func body on what it captured names.
func (m *funcModel) eachLoopBodyEffect(site *callSite, sums *summaries, f func(placeID, *inputEffect)) {
	mc := site.loopBody
	fn := mc.Fn.(*ssa.Function)
	sum := sums.of(fn)
	if sum == nil {
		return
	}
	inputs := make([]ssa.Value, len(fn.Params), len(fn.Params)+len(mc.Bindings))
	inputs = append(inputs, mc.Bindings...)
	for k := range sum.effects {
		if eff := &sum.effects[k]; eff.path.input >= len(fn.Params) {
			if q := m.mapInput(site.instr, inputs, eff.path); q != noPlace {
				f(q, eff)
			}
		}
	}
}

// inputPathOf names a place by the function's inputs, if it can be: its
// root is a parameter or free variable, and its element selectors are
// constants, other parameters, or every element (a range).
func (m *funcModel) inputPathOf(p placeID) (inputPath, bool) {
	pi := m.places.get(p)
	input := m.inputIndex(pi.root)
	if input < 0 || m.cycleAt(p) >= 0 {
		return inputPath{}, false
	}
	sels := make([]selector, 0, len(pi.sels))
	for _, s := range pi.sels {
		if s.kind == selIndex {
			switch s.ik {
			case idxConst, idxEach:
			case idxRange:
				s = eachSel
			case idxValue:
				k := m.inputIndex(s.val)
				if k < 0 {
					return inputPath{}, false
				}
				s = selector{kind: selIndex, ik: idxInput, n: k}
			default:
				return inputPath{}, false
			}
		}
		sels = append(sels, s)
	}
	return inputPath{input, sels}, true
}

// cycleAt returns the length of the shortest prefix of p's path after
// which a pointer of a type met before is followed again (p.left.right
// of a tree), or -1. Summaries name no place beyond that: an effect there
// is one on everything reachable from the repeat (when it may change
// memory) or none (when it would consume), so that recursion over
// recursive types reaches a fixed point.
func (m *funcModel) cycleAt(p placeID) int {
	pi := m.places.get(p)
	t := pi.root.Type()
	var seen []types.Type
	for i, s := range pi.sels {
		if t == nil {
			return -1
		}
		if s.kind == selDeref {
			for _, u := range seen {
				if types.Identical(u, t) {
					return i
				}
			}
			seen = append(seen, t)
		}
		t = selectType(t, s)
	}
	return -1
}

// inputIndex is a parameter's or free variable's index among the
// function's inputs, or -1.
func (m *funcModel) inputIndex(v ssa.Value) int {
	switch x := v.(type) {
	case *ssa.Parameter:
		for i, p := range m.fn.Params {
			if p == x {
				return i
			}
		}
	case *ssa.FreeVar:
		for j, fv := range m.fn.FreeVars {
			if fv == x {
				return len(m.fn.Params) + j
			}
		}
	}
	return -1
}

// summarize computes a function's summary under the current summaries of
// its callees: one summary-mode search per input place, and the hand-offs
// of input memory found in its flows.
func summarize(m *funcModel, sums *summaries) *summary {
	sum := &summary{}
	events := newEventTable()
	inputs := m.inputs(sums)
	pinned := make(map[placeID]bool)
	for _, in := range inputs {
		if m.places.get(in.place).mem {
			pinned[in.place] = true
		}
	}
	for _, in := range inputs {
		c := &effectCollector{m: m, input: in.place, returnHeld: make([]bool, m.fn.Signature.Results().Len()), returnPath: make([][]selector, m.fn.Signature.Results().Len())}
		for i := range c.returnHeld {
			c.returnHeld[i] = true
		}
		for _, o := range inputs {
			// Only memory reached through captured variables is the
			// caller's that a store does not hand off (m.outlives): what a
			// literal copies there, the caller finds there.
			if o.place != in.place && pinned[o.place] && !m.outlives(o.place) {
				c.others = append(c.others, o)
				c.movedTo = append(c.movedTo, true)
			}
		}
		s := newSearcher(m, sums, true, c, events)
		s.pinned = pinned
		c.s = s
		s.run(origin{held: []placeID{in.place}})
		if s.budget <= 0 {
			c.lost = true // searched only in part: assume the worst of what it overwrites
			c.partial = true
		}
		eff, ok := c.effect(in)
		events = &eventTable{events: s.events, ids: s.evIDs}
		if m.places.get(in.place).mem {
			if left, consumed := m.leavesConsumed(in.place, sums, events); consumed {
				eff.bits |= effLeavesConsumed
				eff.left = left
				ok = true
			}
		}
		if ok {
			sum.effects = append(sum.effects, eff)
		}
	}
	sum.effects = append(sum.effects, m.deepEffects(sums)...)
	sum.effects = append(sum.effects, m.callEffects(sums)...)
	sum.clobbersGlobals = m.clobbersGlobals(sums)
	sum.preservedResults = m.preservedResults(sums)
	sortEffects(sum.effects)
	return mergeEffects(sum)
}

// mergeEffects merges effects on one path (an input found twice).
func mergeEffects(sum *summary) *summary {
	out := sum.effects[:0]
	for _, e := range sum.effects {
		if n := len(out); n > 0 && pathString(out[n-1].path) == pathString(e.path) {
			out[n-1].bits |= e.bits
			if out[n-1].via.where == "" {
				out[n-1].via = e.via
			}
			if out[n-1].second.where == "" {
				out[n-1].second = e.second
			}
			continue
		}
		out = append(out, e)
	}
	sum.effects = out
	return sum
}

// leavesConsumed reports whether the function may return leaving in
// input memory p a ValueTask it has consumed itself: one it stores there
// (or a callee leaves there) and consumes before it returns.
func (m *funcModel) leavesConsumed(p placeID, sums *summaries, events *eventTable) (innerUse, bool) {
	var found innerUse
	ok := false
	for _, o := range m.renewals(p, sums) {
		c := &leftCollector{m: m, place: p}
		s := newSearcher(m, sums, true, c, events)
		s.pinned = map[placeID]bool{p: true}
		c.s = s
		s.run(o)
		*events = eventTable{events: s.events, ids: s.evIDs}
		if c.found && !ok {
			found, ok = c.left, true
		}
	}
	return found, ok
}

// renewals are the points that put a new ValueTask in input memory p: the
// stores to it, and the calls whose callee renews it (starting consumed
// when the callee leaves it so).
func (m *funcModel) renewals(p placeID, sums *summaries) []origin {
	var out []origin
	for _, b := range m.fn.Blocks {
		if !m.reachable[b.Index] {
			continue
		}
		for i, instr := range b.Instrs {
			for _, f := range m.blockFlows(b)[i] {
				switch {
				case f.op == opStore && f.dst == p && !isPreservedValue(f.val, nil, sums):
					// (A Preserve() result may be consumed freely: what is
					// left consumed there is no misuse.)
					out = append(out, origin{instr: instr, held: []placeID{p}})
				case f.op == opCall:
					m.eachEffectPlace(f.site, sums, func(q placeID, eff *inputEffect) {
						switch {
						case q != p:
						case eff.bits&effLeavesConsumed != 0:
							out = append(out, origin{instr: instr, held: []placeID{p}, consumedBy: &eff.left})
						case eff.bits&effRenew != 0 && eff.bits&effRenewPreserved == 0:
							out = append(out, origin{instr: instr, held: []placeID{p}})
						}
					})
				}
			}
		}
	}
	return out
}

// leftCollector is the sink of a renewal's search: whether a return sees
// the new ValueTask still in place, consumed.
type leftCollector struct {
	m     *funcModel
	s     *searcher
	place placeID
	found bool
	left  innerUse
}

func (c *leftCollector) used(eventID, *state)                      {}
func (c *leftCollector) consumed(first, second eventID, st *state) {}
func (c *leftCollector) missingAsTask(eventID, *state)             {}
func (c *leftCollector) lostPath(*state)                           {}
func (c *leftCollector) returned(_ ssa.Instruction, _ []returnedAt, st *state) {
	if st.holds(c.place) && st.first != noEvent && !c.found {
		c.found = true
		c.left = c.m.innerUseOf(c.s.ev(st.first))
	}
}

// effectCollector is the summary-mode sink: what one search found the
// function doing to one input.
type effectCollector struct {
	m          *funcModel
	s          *searcher
	input      placeID
	bits       effectBits
	via        innerUse
	second     innerUse
	returnHeld []bool
	returnPath [][]selector // where in result n it is (nil: the result)
	// others are the function's other input memory places; movedTo says
	// which hold it at every return.
	others    []inputOrigin
	movedTo   []bool
	sawReturn bool
	kept      bool // the input still holds it at some return
	// keptConsumed: at some return, the input still holds it and the
	// path consumed it.
	keptConsumed bool
	partial      bool // the search ran out of budget
	// consumedStaying: a range-over-func body consumed it on a path that
	// returns true (asks for the next element), or returns nothing.
	consumedStaying bool
	changed         bool // the input holds something else at some return
	lost            bool
}

func (c *effectCollector) used(id eventID, st *state) {
	e := c.s.ev(id)
	switch {
	case e.query:
		c.bits |= effQuery
		return
	case e.timing == inGoroutine:
		c.bits |= effGo
	default:
		c.bits |= effConsume
	}
	// The use that comes first in the source, not the first the search
	// meets: it is where a goroutine's finding goes, and what a caller's
	// message names.
	if c.via.where == "" || e.pos.IsValid() && c.via.at.IsValid() && e.pos < c.via.at {
		c.via = c.m.innerUseOf(e)
	}
}

func (c *effectCollector) consumed(first, second eventID, st *state) {
	if !c.m.reachedThroughCapture(c.input) {
		return // reported by the function itself
	}
	c.bits |= effDouble
	if c.second.where == "" {
		c.second = c.m.innerUseOf(c.s.ev(second))
	}
}

func (c *effectCollector) missingAsTask(id eventID, st *state) { c.bits |= effWhenAll }

func (c *effectCollector) lostPath(st *state) { c.lost = true }

func (c *effectCollector) returned(ret ssa.Instruction, results []returnedAt, st *state) {
	for i := range c.returnHeld {
		// Every return gives it back at the same place, or it is no
		// return effect.
		switch {
		case i >= len(results) || !results[i].ok:
			c.returnHeld[i] = false
		case !c.sawReturn:
			c.returnPath[i] = results[i].path
		case pathString(inputPath{sels: c.returnPath[i]}) != pathString(inputPath{sels: results[i].path}):
			c.returnHeld[i] = false
		}
	}
	c.sawReturn = true
	if st.first != noEvent && !returnsFalse(ret) {
		c.consumedStaying = true
	}
	for i, o := range c.others {
		c.movedTo[i] = c.movedTo[i] && c.heldAt(o.place, st)
	}
	if st.holds(c.input) {
		c.kept = true
		if st.first != noEvent {
			c.keptConsumed = true
		}
		if isYield(c.m.fn) && returnsTrue(ret) && st.first != noEvent {
			c.bits |= effContinue
		}
	} else {
		c.changed = true
	}
}

// heldAt reports whether the instance is at input place p when the
// function returns: p itself, or, for "each element" of a container,
// one of its elements.
func (c *effectCollector) heldAt(p placeID, st *state) bool {
	if st.holds(p) {
		return true
	}
	for _, q := range st.held {
		if rel, rest := c.m.matchPrefix(p, q); rel == indexVisits && len(rest) == 0 {
			return true
		}
	}
	return false
}

// someElement turns "each element" in a path into "an element not known":
// a copy into a container lands in one of its elements.
func someElement(p inputPath) inputPath {
	sels := slices.Clone(p.sels)
	for i, s := range sels {
		if s.kind == selIndex && s.ik == idxEach {
			sels[i] = unknownSel
		}
	}
	return inputPath{p.input, sels}
}

// effect turns what the search found into the input's effect.
func (c *effectCollector) effect(in inputOrigin) (inputEffect, bool) {
	eff := inputEffect{path: in.path, bits: c.bits, via: c.via, second: c.second}
	if c.m.places.get(in.place).mem {
		if c.changed || c.lost {
			eff.bits |= effChange
			// Only for functions without results: a caller could tell
			// the paths apart by what it returns (if !tryFinish(&v) {
			// v.Await(ctx) }) and consume only what was left.
			if c.keptConsumed && !c.partial && c.m.fn.Signature.Results().Len() == 0 {
				eff.bits |= effKeepsConsumed
			}
		}
		if c.sawReturn && !c.kept && c.m.overwrittenEverywhere(in.place) {
			eff.bits |= effRenew
			if c.m.renewsPreserved(in.place, c.s.sums) {
				eff.bits |= effRenewPreserved
			}
		}
	}
	if isYield(c.m.fn) && c.sawReturn && !c.consumedStaying && !c.partial && c.bits&effConsume != 0 && c.bits&effGo == 0 {
		eff.bits |= effExitOnly
	}
	if c.sawReturn && !c.lost {
		for i, held := range c.returnHeld {
			if held {
				eff.bits |= effReturn
				eff.result, eff.resultPath = i, c.returnPath[i]
				break
			}
		}
		for i, moved := range c.movedTo {
			if moved {
				eff.to = append(eff.to, someElement(c.others[i].path))
			}
		}
	}
	return eff, eff.bits != 0 || len(eff.to) > 0
}

// isYield reports whether fn is the body of a range-over-func loop.
func isYield(fn *ssa.Function) bool { return fn.Synthetic == "range-over-func yield" }

// returnsTrue reports whether ret returns the constant true: the body of a
// range-over-func loop asking for the next element.
func returnsTrue(ret ssa.Instruction) bool { return returnsBool(ret, "true") }

// returnsFalse reports whether ret returns the constant false: the body of
// a range-over-func loop leaving it.
func returnsFalse(ret ssa.Instruction) bool { return returnsBool(ret, "false") }

func returnsBool(ret ssa.Instruction, b string) bool {
	r, ok := ret.(*ssa.Return)
	if !ok || len(r.Results) != 1 {
		return false
	}
	c, ok := r.Results[0].(*ssa.Const)
	return ok && c.Value != nil && c.Value.String() == b
}

// overwrittenEverywhere reports whether every path from the entry to a
// return stores to place p: a callee that leaves a new ValueTask in *p.
func (m *funcModel) overwrittenEverywhere(p placeID) bool {
	blocks := m.fn.Blocks
	stores := make([]bool, len(blocks))
	for _, b := range blocks {
		for i := range b.Instrs {
			for _, f := range m.blockFlows(b)[i] {
				if f.op == opStore && f.dst == p {
					stores[b.Index] = true
				}
			}
		}
	}
	// in[b]: every path to b's entry stored; a must-analysis to a fixed point.
	in := make([]bool, len(blocks))
	for i := range in {
		in[i] = true
	}
	in[0] = false
	for changed := true; changed; {
		changed = false
		for _, b := range blocks[1:] {
			v := len(b.Preds) > 0
			for _, pred := range b.Preds {
				v = v && (in[pred.Index] || stores[pred.Index])
			}
			if v != in[b.Index] {
				in[b.Index], changed = v, true
			}
		}
	}
	for _, b := range blocks {
		if !m.reachable[b.Index] {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && !in[b.Index] && !stores[b.Index] {
			return false
		}
	}
	return true
}

// preservedResults returns the results (bit n for result n) that every
// return of the function gives as a Preserve() result, so that its callers
// take them as such: func reusable(v VT) VT { return v.Preserve() }.
func (m *funcModel) preservedResults(sums *summaries) uint32 {
	results := m.fn.Signature.Results()
	var bits uint32
	for i := 0; i < results.Len() && i < 32; i++ {
		if isValueTask(results.At(i).Type()) {
			bits |= 1 << i
		}
	}
	returns := false
	for _, b := range m.fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && m.reachable[b.Index] {
			returns = true
			for i, v := range ret.Results {
				if i < 32 && bits&(1<<i) != 0 && !isPreservedValue(v, nil, sums) {
					bits &^= 1 << i
				}
			}
		}
	}
	if !returns {
		return 0
	}
	return bits
}

// renewsPreserved reports whether everything the function puts in memory
// p is a Preserve() result: its stores, and the renewals of its callees.
func (m *funcModel) renewsPreserved(p placeID, sums *summaries) bool {
	for _, b := range m.fn.Blocks {
		for i := range b.Instrs {
			for _, f := range m.blockFlows(b)[i] {
				switch {
				case f.op == opStore && f.dst == p && !isPreservedValue(f.val, nil, sums):
					return false
				case f.op == opCall:
					ok := true
					m.eachEffectPlace(f.site, sums, func(q placeID, eff *inputEffect) {
						if q == p && eff.bits&effRenew != 0 && eff.bits&effRenewPreserved == 0 {
							ok = false
						}
					})
					if !ok {
						return false
					}
				}
			}
		}
	}
	return true
}

// deepEffects are the hand-offs of memory reached from inputs: passing a
// parameter's pointer to code that is not followed, or storing it away,
// consumes and may overwrite everything it reaches.
func (m *funcModel) deepEffects(sums *summaries) []inputEffect {
	var out []inputEffect
	seen := make(map[string]bool)
	add := func(r placeID, pos token.Pos, verb string) {
		pi := m.places.get(r)
		if !pi.mem || !isInputRoot(pi.root) {
			return
		}
		if n := m.cycleAt(r); n >= 0 {
			// Through a recursive type (n.left.walk()): everything from
			// where the type repeats, so that recursion ends.
			r = m.places.extend(m.reg(pi.root), pi.sels[:n])
		}
		path, ok := m.inputPathOf(r)
		if !ok || seen[pathString(path)] {
			return
		}
		seen[pathString(path)] = true
		out = append(out, inputEffect{path: path, bits: effChange | effDeep, via: innerUse{verb: verb, where: m.where(pos), pos: pos}})
	}
	for _, b := range m.fn.Blocks {
		if !m.reachable[b.Index] {
			continue
		}
		for i, instr := range b.Instrs {
			for _, f := range m.blockFlows(b)[i] {
				switch {
				case f.op == opHandOff && f.how != useReturn:
					for _, r := range m.reach(f.val) {
						add(r, instr.Pos(), verbOf(consumption{how: f.how}))
					}
				case f.op == opCall && (f.site.kind == siteUnknown || f.site.kind == siteCallee && sums.of(f.site.callee) == nil):
					for _, in := range f.site.inputs {
						for _, r := range m.reach(in) {
							add(r, instr.Pos(), verbOf(consumption{how: useUnknown, name: f.site.name}))
						}
					}
				case f.op == opCall:
					m.eachEffectPlace(f.site, sums, func(q placeID, eff *inputEffect) {
						if eff.bits&effDeep != 0 {
							add(q, instr.Pos(), eff.via.verb)
						}
					})
				}
			}
		}
	}
	return out
}

// callEffects are the function values among the inputs that the
// function calls.
func (m *funcModel) callEffects(sums *summaries) []inputEffect {
	var out []inputEffect
	calls := make(map[string][]ssa.Instruction) // by input path
	for _, b := range m.fn.Blocks {
		if !m.reachable[b.Index] {
			continue
		}
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			site := m.site(ci)
			out = m.passedOnCalls(out, site, sums)
			if site.fnValue == nil {
				continue
			}
			// The function value is an input, or read from an input's
			// memory (a captured variable holding a literal).
			p := m.reg(site.fnValue)
			if from := m.sourceOf(site.fnValue); from != noPlace {
				p = from
			}
			if path, ok := m.inputPathOf(p); ok {
				bits := effCall
				if site.mode == modeGo {
					bits |= effGo
				}
				out = append(out, inputEffect{path: path, bits: bits, via: innerUse{at: ci.Pos()}})
				calls[pathString(path)] = append(calls[pathString(path)], ci)
			}
		}
	}
	for i := range out {
		if again := m.callsAgain(out[i].via.at, calls[pathString(out[i].path)]); again != nil {
			out[i].bits |= effCallAgain
			out[i].second = innerUse{verb: "calls it again", where: m.where(again.Pos()), at: again.Pos()}
		}
	}
	return out
}

// callsAgain returns a call among calls (of one function value) that may
// run after the call at pos in the same run: a later one on a path, the
// call itself in a loop, or, in a range-over-func body, the call itself
// when the body may ask for the next element afterwards.
func (m *funcModel) callsAgain(pos token.Pos, calls []ssa.Instruction) ssa.Instruction {
	var self ssa.Instruction
	for _, c := range calls {
		if c.Pos() == pos {
			self = c
		}
	}
	if self == nil {
		return nil
	}
	for _, c := range calls {
		if m.runsLater(self, []ssa.Instruction{c}) {
			return c
		}
	}
	if isYield(m.fn) {
		var next []ssa.Instruction
		for _, b := range m.fn.Blocks {
			if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && returnsTrue(ret) {
				next = append(next, ret)
			}
		}
		if m.runsLater(self, next) {
			return self
		}
	}
	return nil
}

// passedOnCalls are the function values among the inputs that a callee
// (a literal, say, that the function runs) calls: the function calls them
// too.
func (m *funcModel) passedOnCalls(out []inputEffect, site *callSite, sums *summaries) []inputEffect {
	if site.kind != siteCallee && site.kind != siteGoStarter {
		return out
	}
	m.eachEffectPlace(site, sums, func(q placeID, eff *inputEffect) {
		if eff.bits&effCall == 0 {
			return
		}
		if w := m.storedAt(q, site.instr); w != nil {
			q = m.reg(w) // a captured parameter's variable: the parameter
		}
		if path, ok := m.inputPathOf(q); ok {
			bits := eff.bits & (effCall | effGo)
			if site.mode == modeGo {
				bits |= effGo
			}
			out = append(out, inputEffect{path: path, bits: bits, via: innerUse{at: site.instr.Pos()}})
		}
	})
	return out
}

// clobbersGlobals reports whether the function may write ValueTasks held
// in package variables: directly, or through a call that may.
func (m *funcModel) clobbersGlobals(sums *summaries) bool {
	for _, b := range m.fn.Blocks {
		for i := range b.Instrs {
			for _, f := range m.blockFlows(b)[i] {
				switch f.op {
				case opStore, opKill, opCopyElems:
					if _, ok := m.places.get(f.dst).root.(*ssa.Global); ok {
						return true
					}
				case opCall:
					switch f.site.kind {
					case siteUnknown:
						return true
					case siteCallee:
						if sum := sums.of(f.site.callee); sum == nil || sum.clobbersGlobals {
							return true
						}
					}
				}
			}
		}
	}
	return false
}
