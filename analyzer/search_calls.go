package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// applyCall applies what a call does to the instance, at timing t.
func (s *searcher) applyCall(site *callSite, t timing, st *state) {
	switch site.kind {
	case siteMethod:
		s.method(site, t, st)
	case siteCombinator:
		for _, in := range site.inputs {
			s.combinatorInput(site, in, t, st)
		}
	case siteGoStarter:
		for _, in := range site.inputs {
			if mc, ok := in.(*ssa.MakeClosure); ok {
				s.closureCall(site, mc, inGoroutine, st)
			} else {
				s.handOffValue(site.instr, in, useUnknown, noPlace, st)
			}
		}
	case siteUnknown:
		s.unknownCall(site, t, st)
	case siteCallee:
		sum := s.sums.of(site.callee)
		if sum == nil {
			s.unknownCall(site, t, st)
			return
		}
		s.applySummary(site, site.inputs, sum, t, 0, st)
		for _, mc := range site.escaping {
			if !callsInput(sum, site.inputs, mc) {
				s.escapeClosure(site.instr, mc, st) // kept, or passed on: anyone may call it later
			}
		}
	}
	if site.loopBody != nil {
		s.loopBody(site, t, st)
	}
}

// method applies a ValueTask method: a consumption or a query of its
// receiver.
func (s *searcher) method(site *callSite, t timing, st *state) {
	q := s.m.reg(site.recv)
	if site.method == methodQuery || site.method.consumes() {
		s.use(site.instr, q, 0, func() event {
			return event{
				instr: site.instr, timing: t, query: site.method == methodQuery,
				use: consumption{how: useMethod, name: site.name},
				pos: site.instr.Pos(), stmt: stmtPos(site, t),
			}
		}, st)
	}
}

// stmtPos is the go or defer statement of a call, or its own position.
func stmtPos(site *callSite, t timing) token.Pos {
	if t == inGoroutine || t == atExit {
		return site.instr.Pos()
	}
	return token.NoPos
}

// combinatorInput hands one input of WhenAll/WhenAny over, and reports a
// ValueTask among them that was not turned into a Task first.
func (s *searcher) combinatorInput(site *callSite, in ssa.Value, t timing, st *state) {
	hitNow := false
	sink := s.sink
	s.sink = hookSink{hitSink: sink, onUse: func(eventID, *state) { hitNow = true }}
	s.handOffValue(site.instr, in, useCombinator, noPlace, st)
	s.sink = sink
	if hitNow {
		id := s.event(eventKey{site.instr, s.m.reg(in), -1}, func() event {
			return event{instr: site.instr, timing: t, use: consumption{how: useCombinator, name: site.name}, pos: site.instr.Pos()}
		})
		s.sink.missingAsTask(id, st)
	}
}

// hookSink passes everything on, and tells onUse about each use.
type hookSink struct {
	hitSink
	onUse func(eventID, *state)
}

func (h hookSink) used(e eventID, st *state) {
	h.onUse(e, st)
	h.hitSink.used(e, st)
}

// unknownCall: everything the call can reach is handed off, and memory it
// reaches or package variables may hold anything afterwards.
func (s *searcher) unknownCall(site *callSite, t timing, st *state) {
	for _, in := range site.inputs {
		if mc, ok := in.(*ssa.MakeClosure); ok {
			if mc != site.loopBody {
				s.escapeClosure(site.instr, mc, st)
			}
			continue
		}
		s.handOffAt(site, in, t, st)
	}
	s.clobberGlobals(st)
}

// handOffAt hands v off to a call whose callee is not known, at timing t:
// a ValueTask passed as a value is consumed there. Memory the call can
// reach through a reference may be changed, so it is forgotten, but it is
// not consumed: such calls mostly read (a logger, a metrics sink) or
// refill it, and a finding needs a consumption that surely happens.
func (s *searcher) handOffAt(site *callSite, v ssa.Value, t timing, st *state) {
	reach := s.m.reach(v)
	_, isSlice := v.Type().Underlying().(*types.Slice)
	consumes := func(r placeID) bool {
		// A value is handed over, and so are the elements of a slice the
		// function built (variadic arguments, a literal).
		return !s.m.places.get(r).mem || isSlice && s.m.isLocalMemory(r)
	}
	s.useReached(site.instr, v, reach, consumes, func() event {
		return event{instr: site.instr, timing: t, use: consumption{how: useUnknown, name: site.name}, pos: site.instr.Pos(), stmt: stmtPos(site, t)}
	}, st)
	s.forgetReachable(reach, st)
}

// clobberGlobals drops the places in package variables.
func (s *searcher) clobberGlobals(st *state) {
	st.removeIf(func(q placeID) bool {
		_, global := s.m.places.get(q).root.(*ssa.Global)
		return global
	})
}

// applySummary applies a callee's effects to the places its inputs name
// in the caller. effectBase offsets event keys, so that a loop body's
// and a callee's events at one call stay apart.
func (s *searcher) applySummary(site *callSite, inputs []ssa.Value, sum *summary, t timing, effectBase int, st *state) {
	m := s.m
	type mapped struct {
		eff *inputEffect
		q   placeID
		k   int
	}
	var ms []mapped
	for k := range sum.effects {
		eff := &sum.effects[k]
		if q := m.mapInput(site.instr, inputs, eff.path); q != noPlace {
			ms = append(ms, mapped{eff, q, effectBase + k + 1})
		}
	}
	// Uses first, then what the call returns, then what it overwrites: a
	// callee consumes what it was given before it stores a new one.
	// One call consumes one place of the instance once: a callee's paths
	// may overlap (xs[each] and xs[0]), and where one element can be used
	// twice, the callee's own summary says so (effDouble).
	used := make(map[placeID]bool)
	for _, x := range ms {
		if x.eff.bits&(effConsume|effGo|effWhenAll|effQuery) != 0 {
			s.usePattern(site, x.q, x.k, x.eff, t, used, st)
		}
	}
	for _, x := range ms {
		if x.eff.bits&effReturn != 0 && site.result != nil {
			s.returnInto(m.places.extend(callResultPlace(m, site.result, x.eff.result), x.eff.resultPath), x.q, st)
		}
	}
	if site.parentStack {
		return // see searcher.call
	}
	// What the callee copied between its inputs, as it was before the call
	// overwrites them: the destination then holds what the source held.
	var moved []staged
	for _, x := range ms {
		for _, to := range x.eff.to {
			dst := m.mapInput(site.instr, inputs, to)
			if dst == noPlace {
				continue
			}
			moved = s.stageCopy(moved, dst, x.q, st)
			if m.outlives(dst) && !m.readAfter(site.instr, dst) {
				// A literal stored it in memory that outlives this
				// function too: handed off here.
				s.usePattern(site, x.q, x.k+500, &inputEffect{bits: effConsume, via: innerUse{verb: "stores it in " + m.describePlace(dst), where: m.where(site.instr.Pos()), at: site.instr.Pos()}}, t, used, st)
			}
		}
	}
	for _, x := range ms {
		switch {
		case x.eff.bits&effDeep != 0 && x.eff.bits&effChange != 0:
			s.forgetReachable([]placeID{x.q}, st)
		case x.eff.replaces():
			s.killPattern(x.q, st)
		}
	}
	for _, sp := range moved {
		st.add(sp.p, sp.visiting)
	}
	for _, x := range ms {
		if x.eff.bits&effCall != 0 {
			tt := t
			if x.eff.bits&effGo != 0 {
				tt = inGoroutine
			}
			var mc *ssa.MakeClosure
			if len(x.eff.path.sels) == 0 {
				mc, _ = inputs[x.eff.path.input].(*ssa.MakeClosure)
			} else {
				mc = m.closureAt(x.q, site.instr)
			}
			s.callPassed(site, mc, tt, token.NoPos, x.eff, st)
		}
	}
	if sum.clobbersGlobals {
		s.clobberGlobals(st)
	}
}

// callsInput reports whether a callee calls the function literal mc that
// it receives (its summary says so for that input), rather than letting it
// escape.
func callsInput(sum *summary, inputs []ssa.Value, mc *ssa.MakeClosure) bool {
	for _, e := range sum.effects {
		if e.bits&effCall != 0 && len(e.path.sels) == 0 && e.path.input < len(inputs) && inputs[e.path.input] == mc {
			return true
		}
	}
	return false
}

// callValue applies a call, by a callee, of a function value the caller
// passed it: a literal does to what it captured what its summary says.
//
// again marks the callee's second call of it in one run (effCallAgain):
// its uses are events of their own, reported at again.
func (s *searcher) callValue(site *callSite, mc *ssa.MakeClosure, t timing, again token.Pos, st *state) {
	if mc == nil || s.calling[mc] {
		return // a recursive literal: its effects are applied once already
	}
	fn := mc.Fn.(*ssa.Function)
	if isYield(fn) {
		return // a range-over-func body: applied as a loop body (loopBody)
	}
	sum := s.sums.of(fn)
	if sum == nil {
		return
	}
	if s.calling == nil {
		s.calling = make(map[*ssa.MakeClosure]bool)
	}
	s.calling[mc] = true
	defer delete(s.calling, mc)
	// The literal is the callee here: a goroutine running it is reported
	// at the use inside it.
	inner := &callSite{instr: site.instr, mode: site.mode, kind: siteCallee, name: site.name, callee: fn, at: again}
	inputs := make([]ssa.Value, len(fn.Params), len(fn.Params)+len(mc.Bindings))
	inputs = append(inputs, mc.Bindings...)
	base := 4000 + len(s.calling)*1000
	if again.IsValid() {
		base += 100000
	}
	s.applySummary(inner, inputs, sum, t, base, st)
}

// callPassed applies the callee's call of a function value (at at, when
// valid), and its call again in the same run when its effect says so.
func (s *searcher) callPassed(site *callSite, mc *ssa.MakeClosure, t timing, at token.Pos, eff *inputEffect, st *state) {
	s.callValue(site, mc, t, at, st)
	if eff.bits&effCallAgain != 0 {
		s.callValue(site, mc, t, s.againAt(site, eff), st)
	}
}

// againAt is where a callee's second call of a function value is
// reported: at that call, when it is inside a function literal of this
// function (its position is this package's), and at the call of the
// callee otherwise.
func (s *searcher) againAt(site *callSite, eff *inputEffect) token.Pos {
	if site.callee != nil && site.callee.Parent() != nil && eff.second.at.IsValid() {
		return eff.second.at
	}
	return site.instr.Pos()
}

// staged is a place to add to the state once a call's overwrites are done.
type staged struct {
	p        placeID
	visiting bool
}

// stageCopy notes that dst will hold what src holds now.
func (s *searcher) stageCopy(out []staged, dst, src placeID, st *state) []staged {
	for _, q := range st.held {
		if rel, rest := s.m.matchPrefix(src, q); rel == indexSame {
			out = append(out, staged{s.m.places.extend(dst, rest), false})
		}
	}
	for _, q := range st.visiting {
		if rel, rest := s.m.matchPrefix(src, q); rel == indexSame {
			out = append(out, staged{s.m.places.extend(dst, rest), true})
		}
	}
	return out
}

// returnInto: the call's result (at dst) holds what the callee was given
// at the caller's place q. Where q stands for every element (a variadic
// argument), each element the instance is in lands at its own index.
func (s *searcher) returnInto(dst, q placeID, st *state) {
	if !s.copyInto(dst, q, st) {
		pt := s.m.places
		qi := pt.get(q)
		for _, p := range slices.Clone(st.held) {
			rel, rest := s.m.matchPrefix(q, p)
			if rel != indexVisits || len(rest) > 0 {
				continue
			}
			// p is q with a concrete element where q says each.
			pi := pt.get(p)
			if len(pi.sels) != len(qi.sels) {
				continue
			}
			for i, sel := range qi.sels {
				if sel.kind == selIndex && sel.ik == idxEach {
					st.add(replaceEach(pt, dst, pi.sels[i]), false)
					break
				}
			}
		}
	}
}

// replaceEach returns place p with its last "each" element made sel.
func replaceEach(pt *placeTable, p placeID, sel selector) placeID {
	pi := pt.get(p)
	last := -1
	for i, s := range pi.sels {
		if s.kind == selIndex && s.ik == idxEach {
			last = i
		}
	}
	if last < 0 {
		return p
	}
	sels := slices.Clone(pi.sels)
	sels[last] = sel
	return pt.extend(pt.reg(pi.root), sels)
}

// callResultPlace is the place of a call's result n.
func callResultPlace(m *funcModel, result ssa.Value, n int) placeID {
	if _, ok := result.Type().(*types.Tuple); ok {
		return m.places.child(m.reg(result), fieldSel(n))
	}
	return m.reg(result)
}

// usePattern applies one callee effect to every place of the instance the
// pattern q covers (q itself, its elements, or everything inside it for
// a deep effect).
//
// used are the places of the instance this call already consumed.
func (s *searcher) usePattern(site *callSite, q placeID, k int, eff *inputEffect, t timing, used map[placeID]bool, st *state) {
	covered := func(p placeID) bool {
		if eff.bits&effDeep != 0 {
			return s.m.places.within(p, q)
		}
		rel, rest := s.m.matchPrefix(q, p)
		return (rel == indexSame || rel == indexVisits) && len(rest) == 0
	}
	for _, p := range slices.Concat(st.held, st.visiting) {
		if !covered(p) {
			continue
		}
		consumes := eff.bits&(effConsume|effGo|effWhenAll) != 0
		if consumes && used[p] {
			return // this call consumed it there already
		}
		if consumes {
			used[p] = true
		}
		tt := t
		if eff.bits&effGo != 0 && eff.bits&effConsume == 0 {
			tt = inGoroutine
		}
		query := eff.bits&(effConsume|effGo|effWhenAll) == 0
		id := s.event(eventKey{site.instr, q, k}, func() event {
			return s.calleeEvent(site, eff, tt, query)
		})
		visiting := st.isVisiting(p)
		if rel, _ := s.m.matchPrefix(q, p); rel == indexVisits && eff.bits&effDeep == 0 {
			// The callee is given the element a range loop visits
			// (process(&xs[i])): it uses this one on this iteration only,
			// as a use of xs[i] in the body would.
			if loop := s.m.rangeLoopIn(q); loop != nil && (st.visitLoop == nil || st.visitLoop == loop) {
				st.visitLoop, st.visitSrc = loop, q
				visiting = true
			}
		}
		s.hit(id, visiting, st)
		if eff.bits&effWhenAll != 0 {
			s.sink.missingAsTask(id, st)
		}
		if eff.bits&effDouble != 0 && !s.summary {
			// The callee consumes this ValueTask twice: reported where it
			// does it a second time, now that it surely holds one.
			second := s.event(eventKey{site.instr, q, k + 10000}, func() event {
				e := s.calleeEvent(site, eff, tt, false)
				e.use.inner = eff.second
				if eff.second.at.IsValid() {
					e.pos = eff.second.at
				}
				e.elsewhere = true
				return e
			})
			s.sink.consumed(id, second, st)
		} else if eff.bits&effDouble != 0 {
			s.sink.consumed(id, id, st)
		}
		return // one instance, one use per effect
	}
}

// killPattern drops the places a callee may have overwritten.
func (s *searcher) killPattern(q placeID, st *state) {
	st.removeIf(func(p placeID) bool {
		rel, _ := s.m.matchPrefix(q, p)
		return rel != indexDistinct || s.m.mayOverlap(q, p)
	})
}

// calleeEvent describes a consumption by a callee.
func (s *searcher) calleeEvent(site *callSite, eff *inputEffect, t timing, query bool) event {
	pos := site.instr.Pos()
	if site.at.IsValid() {
		pos = site.at
	}
	literal := site.callee != nil && site.callee.Parent() != nil
	if t == inGoroutine && literal && eff.via.at.IsValid() {
		pos = eff.via.at // a goroutine on a function literal: the use inside it
	}
	return event{
		instr: site.instr, timing: t, query: query,
		use: consumption{how: useCall, name: site.name, inner: eff.via},
		pos: pos, stmt: stmtPos(site, t), callPos: site.at,
	}
}

// closureCall runs a function literal the way site runs it (a goroutine
// starter's argument).
func (s *searcher) closureCall(site *callSite, mc *ssa.MakeClosure, t timing, st *state) {
	fn := mc.Fn.(*ssa.Function)
	sum := s.sums.of(fn)
	if sum == nil {
		return
	}
	inner := &callSite{instr: site.instr, mode: modeGo, kind: siteGoStarter, name: site.name, callee: fn}
	inputs := make([]ssa.Value, len(fn.Params), len(fn.Params)+len(mc.Bindings))
	inputs = append(inputs, mc.Bindings...)
	s.applySummary(inner, inputs, sum, t, 1000, st)
}

// escapeClosure: a function literal that escapes (is passed, stored,
// returned) consumes what it captured where it escapes, as anyone may
// call it from then on.
func (s *searcher) escapeClosure(instr ssa.Instruction, mc *ssa.MakeClosure, st *state) {
	fn := mc.Fn.(*ssa.Function)
	sum := s.sums.of(fn)
	if sum == nil {
		return
	}
	nparams := len(fn.Params)
	for k := range sum.effects {
		eff := &sum.effects[k]
		j := eff.path.input - nparams
		if j < 0 || j >= len(mc.Bindings) || eff.bits&(effConsume|effGo) == 0 {
			continue
		}
		q := s.m.mapInput(instr, append(make([]ssa.Value, nparams), mc.Bindings...), eff.path)
		if q == noPlace {
			continue
		}
		for _, p := range slices.Concat(st.held, st.visiting) {
			if rel, rest := s.m.matchPrefix(q, p); (rel == indexSame || rel == indexVisits) && len(rest) == 0 {
				id := s.event(eventKey{instr, q, 2000 + k}, func() event {
					pos := instr.Pos()
					if !pos.IsValid() {
						pos = mc.Fn.Pos() // the literal itself, e.g. among append's arguments
					}
					return event{instr: instr, timing: atOnce, use: consumption{how: useEscape, inner: eff.via}, pos: pos}
				})
				s.hit(id, st.isVisiting(p), st)
				break
			}
		}
	}
}

// jumpVariable returns the jump variable go/ssa gives a range-over-func
// loop (see readyTest), among what its body captures.
func jumpVariable(mc *ssa.MakeClosure) *ssa.Alloc {
	for _, b := range mc.Bindings {
		if a, ok := b.(*ssa.Alloc); ok && strings.HasPrefix(a.Comment, "jump$") {
			return a
		}
	}
	return nil
}

// loopBody runs the body of a range-over-func loop: a consumption there
// of a ValueTask made before the loop runs again on the next iteration,
// unless the body replaced it or stopped the loop.
func (s *searcher) loopBody(site *callSite, t timing, st *state) {
	mc := site.loopBody
	fn := mc.Fn.(*ssa.Function)
	sum := s.sums.of(fn)
	if sum == nil {
		return
	}
	inputs := make([]ssa.Value, len(fn.Params), len(fn.Params)+len(mc.Bindings))
	inputs = append(inputs, mc.Bindings...)
	body := &callSite{instr: site.instr, mode: site.mode, kind: siteCallee, name: "the loop body", callee: fn}
	for k := range sum.effects {
		eff := &sum.effects[k]
		if eff.path.input < len(fn.Params) || eff.bits&(effConsume|effGo) == 0 {
			continue
		}
		q := s.m.mapInput(body.instr, inputs, eff.path)
		if q == noPlace {
			continue
		}
		for _, p := range slices.Concat(st.held, st.visiting) {
			if rel, rest := s.m.matchPrefix(q, p); (rel == indexSame || rel == indexVisits) && len(rest) == 0 {
				id := s.event(eventKey{site.instr, q, 3000 + k}, func() event {
					pos := eff.via.at
					if !pos.IsValid() {
						pos = site.instr.Pos()
					}
					tt := t
					if eff.bits&effGo != 0 && eff.bits&effConsume == 0 {
						tt = inGoroutine // the body starts a goroutine that consumes it
					}
					return event{instr: site.instr, timing: tt, use: consumption{how: useLoopBody, inner: eff.via}, pos: pos, stmt: eff.via.at, loopBody: true}
				})
				wasFirst := st.first == noEvent
				s.hit(id, false, st)
				if eff.bits&effContinue != 0 {
					s.hit(id, false, st) // the next iteration consumes it again
				}
				if jump := jumpVariable(mc); wasFirst && st.first == id && eff.bits&effExitOnly != 0 && jump != nil {
					st.exitOnly, st.exitJump = id, jump
				}
				break
			}
		}
	}
	// Function literals of this function that the body calls.
	for k := range sum.effects {
		eff := &sum.effects[k]
		if eff.path.input < len(fn.Params) || eff.bits&effCall == 0 {
			continue
		}
		if q := s.m.mapInput(body.instr, inputs, eff.path); q != noPlace {
			s.callPassed(body, s.m.closureAt(q, site.instr), t, eff.via.at, eff, st)
		}
	}
	var moved []staged
	for k := range sum.effects {
		eff := &sum.effects[k]
		if eff.path.input < len(fn.Params) {
			continue
		}
		q := s.m.mapInput(body.instr, inputs, eff.path)
		if q == noPlace {
			continue
		}
		for _, to := range eff.to {
			if dst := s.m.mapInput(body.instr, inputs, to); dst != noPlace {
				moved = s.stageCopy(moved, dst, q, st)
			}
		}
	}
	for k := range sum.effects {
		if eff := &sum.effects[k]; eff.path.input >= len(fn.Params) && eff.replaces() {
			if q := s.m.mapInput(body.instr, inputs, eff.path); q != noPlace {
				s.killPattern(q, st)
			}
		}
	}
	for _, sp := range moved {
		st.add(sp.p, sp.visiting)
	}
}

// storeEvent describes a store that hands a ValueTask off.
func (s *searcher) storeEvent(instr ssa.Instruction, f *flow) event {
	pos := f.pos
	if !pos.IsValid() {
		pos = instr.Pos()
	}
	return event{instr: instr, timing: atOnce, use: consumption{how: useStore, target: s.m.describePlace(f.dst)}, pos: pos}
}

// handOffEvent describes a send, return, panic or store of a value that
// reaches the ValueTask.
func (s *searcher) handOffEvent(instr ssa.Instruction, v ssa.Value, how useKind) event {
	pos := instr.Pos()
	if !pos.IsValid() {
		pos = v.Pos()
	}
	return event{instr: instr, timing: atOnce, use: consumption{how: how}, pos: pos}
}
