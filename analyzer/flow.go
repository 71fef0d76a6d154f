package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// This file is the one model of how a ValueTask moves: for each SSA
// instruction, the flows it performs, in order. The instance search, the
// summaries and the guard analysis all interpret these flows; none of them
// looks at instructions on its own.

// flowOp is what one flow does.
type flowOp uint8

const (
	// opDefine: the instruction computes val again, so places named after
	// it (val itself, memory it referred to, elements it indexed) now mean
	// something new.
	opDefine flowOp = iota + 1
	// opCopy: dst (a register) now holds what src holds, with everything
	// inside it.
	opCopy
	// opStore: memory dst is overwritten with what src holds (src may be
	// noPlace: something untracked). external marks memory the function
	// did not make itself.
	opStore
	// opCopyElems: the elements of memory src are copied into memory dst
	// (copy, append of a slice, a clone).
	opCopyElems
	// opKill: memory dst, and everything inside it, may hold anything now.
	opKill
	// opUse: src is consumed, as how says.
	opUse
	// opHandOff: everything reachable from val leaves the function's sight.
	opHandOff
	// opQuery: src is asked IsCompleted and the like; the answer is val.
	opQuery
	// opFresh: dst holds a ValueTask made here.
	opFresh
	// opCall: a call, go or defer; what it does is in the callee's summary.
	opCall
	// opReturn: the function returns vals, then its deferred calls run.
	opReturn
	// opPanic: the deferred calls run and the path ends.
	opPanic
)

// useKind says how a consumption uses the ValueTask, for messages and for
// the phases that treat some uses apart (a return is a hand-off to the
// caller, a summary says "returns it").
type useKind uint8

const (
	useMethod     useKind = iota + 1 // Await, AsTask, Preserve, Result
	useCall                          // passed to a callee that consumes it
	useUnknown                       // passed to a call whose body is not known
	useSend                          // sent on a channel
	useReturn                        // returned
	useStore                         // stored in memory that outlives the function
	usePanic                         // passed to panic
	useEscape                        // captured by a function literal that escapes
	useCombinator                    // passed to WhenAll or WhenAny
	useLoopBody                      // consumed in the body of a range-over-func loop
)

// freshKind says what is known of a ValueTask made by an instruction.
type freshKind uint8

const (
	freshUnknown   freshKind = iota + 1 // a ValueTask from a call, a receive, ...
	freshCompleted                      // FromResult, FromError: completed by construction
	freshPreserved                      // Preserve(): may be consumed any number of times
)

type flow struct {
	op       flowOp
	dst, src placeID
	val      ssa.Value
	vals     []ssa.Value // opReturn: the results
	how      useKind
	fresh    freshKind
	external bool // opStore, opCopyElems: into memory that outlives the function
	// keep (opStore) is memory the store does not rename: a reference to
	// the very memory dst already refers to (xs = append(xs, v)).
	keep placeID
	// opCopyElems: the index of element 0 of dst and src within their
	// objects (a re-sliced slice starts further in).
	dstOff, srcOff offset
	site           *callSite
	pos            token.Pos // where the flow happens, for events
}

// callMode is how a call instruction runs its callee.
type callMode uint8

const (
	modeCall callMode = iota
	modeGo
	modeDefer
)

func modeOf(ci ssa.CallInstruction) callMode {
	switch ci.(type) {
	case *ssa.Go:
		return modeGo
	case *ssa.Defer:
		return modeDefer
	}
	return modeCall
}

// siteKind is what a call is, as far as ValueTasks go.
type siteKind uint8

const (
	siteMethod      siteKind = iota + 1 // a ValueTask method, also through an interface
	siteCombinator                      // WhenAll, WhenAny
	siteFromRuntime                     // FromResult and the like: a new ValueTask
	siteBuiltin                         // append, copy, len...: the flows say it all
	siteCallee                          // a function with a summary (this package or a fact)
	siteUnknown                         // a call whose callee is not known
	siteGoStarter                       // WaitGroup.Go and errgroup Go: runs its argument in a goroutine
)

// callSite is the static description of one call: what it calls and with
// what inputs, in the callee's order (parameters, then free variables).
type callSite struct {
	instr  ssa.CallInstruction
	mode   callMode
	kind   siteKind
	method vtMethod
	name   string // the method's or callee's name, for messages
	recv   ssa.Value
	callee *ssa.Function // the function whose summary applies
	inputs []ssa.Value
	result ssa.Value // nil for go and defer, and for calls without results
	// loopBody is the range-over-func body passed to the call: it runs
	// any number of times, as a loop body does.
	loopBody *ssa.MakeClosure
	// escaping are the function literals passed to the call: they escape
	// there (except a loop body, and the literal a goroutine starter runs).
	escaping []*ssa.MakeClosure
	// fnValue is the function value a call with no static callee calls.
	fnValue ssa.Value
	// parentStack marks a defer in the body of a range-over-func loop:
	// it runs when the enclosing function returns, not the body.
	parentStack bool
	// at, when valid, is where uses through this call are reported
	// instead of at instr: a literal's second call of another one.
	at token.Pos
}

// flowsOf returns the flows of one instruction.
func (m *funcModel) flowsOf(instr ssa.Instruction) []flow {
	return m.blockFlows(instr.Block())[m.index[instr]]
}

// blockFlows returns the flows of a block's instructions, by index,
// computed once.
func (m *funcModel) blockFlows(b *ssa.BasicBlock) [][]flow {
	fs := m.flows[b.Index]
	if fs == nil {
		fs = make([][]flow, len(b.Instrs))
		for i, in := range b.Instrs {
			fs[i] = m.computeFlows(in)
		}
		m.flows[b.Index] = fs
	}
	return fs
}

func (m *funcModel) computeFlows(instr ssa.Instruction) []flow {
	var fs []flow
	if v, ok := instr.(ssa.Value); ok {
		if _, phi := v.(*ssa.Phi); !phi {
			fs = append(fs, flow{op: opDefine, val: v})
		}
	}
	pos := instr.Pos()
	switch x := instr.(type) {
	case *ssa.UnOp:
		switch x.Op {
		case token.MUL:
			if m.holds(x) {
				fs = append(fs, flow{op: opCopy, dst: m.reg(x), src: m.pointee(x.X).obj})
			}
		case token.ARROW:
			fs = m.appendFresh(fs, x, freshUnknown)
		}
	case *ssa.Field:
		if m.holds(x) {
			fs = append(fs, flow{op: opCopy, dst: m.reg(x), src: m.places.child(m.reg(x.X), fieldSel(x.Field))})
		}
	case *ssa.Index:
		if m.holds(x) {
			sel := m.indexSel(x.Index, offset{known: true})
			fs = append(fs, flow{op: opCopy, dst: m.reg(x), src: m.places.child(m.reg(x.X), sel)})
		}
	case *ssa.Extract:
		if m.holds(x) {
			fs = append(fs, flow{op: opCopy, dst: m.reg(x), src: m.places.child(m.reg(x.Tuple), fieldSel(x.Index))})
		}
	case *ssa.MakeInterface:
		if m.holds(x.X) {
			fs = append(fs, flow{op: opCopy, dst: m.reg(x), src: m.reg(x.X), pos: pos})
		}
	case *ssa.ChangeInterface, *ssa.ChangeType, *ssa.Convert, *ssa.MultiConvert:
		v := x.(ssa.Value)
		if src := convertedFrom(x); m.holds(v) && m.holds(src) {
			fs = append(fs, flow{op: opCopy, dst: m.reg(v), src: m.reg(src)})
		}
	case *ssa.TypeAssert:
		if m.holds(x.X) {
			dst := m.reg(x)
			if x.CommaOk {
				dst = m.places.child(dst, fieldSel(0))
			}
			fs = append(fs, flow{op: opCopy, dst: dst, src: m.reg(x.X)})
		}
	case *ssa.Lookup:
		if _, isMap := x.X.Type().Underlying().(*types.Map); isMap && m.holdsType(lookupElem(x)) {
			dst := m.reg(x)
			if x.CommaOk {
				dst = m.places.child(dst, fieldSel(0))
			}
			fs = append(fs, flow{op: opCopy, dst: dst, src: m.entry(x.X, m.keySel(x.Index), x)})
		}
	case *ssa.Next:
		if !x.IsString {
			if r, ok := x.Iter.(*ssa.Range); ok && m.holdsType(x.Type().(*types.Tuple).At(2).Type()) {
				fs = append(fs, flow{op: opCopy, dst: m.places.child(m.reg(x), fieldSel(2)), src: m.entry(r.X, selector{kind: selIndex, ik: idxRange, val: x}, x)})
			}
		}
	case *ssa.Select:
		fs = m.selectFlows(fs, x)
	case *ssa.Store:
		fs = m.storeFlows(fs, x.Val, m.pointee(x.Addr).obj, pos)
	case *ssa.MapUpdate:
		fs = m.storeFlows(fs, x.Value, m.entry(x.Map, m.keySel(x.Key), x), pos)
		fs = m.appendHandOff(fs, x.Key, useStore, pos)
	case *ssa.Send:
		fs = m.appendHandOff(fs, x.X, useSend, pos)
	case *ssa.Panic:
		fs = m.appendHandOff(fs, x.X, usePanic, pos)
		fs = append(fs, flow{op: opPanic, pos: pos})
	case *ssa.RunDefers:
		// The results are handed to the caller before the deferred calls
		// run (a deferred consumption runs second), even when SSA reads
		// named results only after them.
		fs = append(fs, flow{op: opReturn, vals: m.resultsAt(x), pos: pos})
	case *ssa.Return:
		if !m.returnsAfterDefers(x) {
			fs = append(fs, flow{op: opReturn, vals: x.Results, pos: pos})
		}
	case ssa.CallInstruction:
		fs = m.callFlows(fs, x)
	}
	if v, ok := instr.(ssa.Value); ok && isReference(v.Type()) && isRead(v) {
		// A reference read from memory that is overwritten later names
		// what it refers to after itself: its read copies there what the
		// memory it was read from holds.
		m.pointee(v)
		if src, ok := m.renamed[v]; ok {
			fs = append(fs, flow{op: opCopy, dst: m.places.child(m.reg(v), derefSel), src: src})
		}
	}
	// A copy from memory with no name (through a nil pointer, say) is no
	// copy: the value is defined, and holds nothing followed.
	return slices.DeleteFunc(fs, func(f flow) bool { return f.op == opCopy && (f.src == noPlace || f.dst == noPlace) })
}

// isRead reports whether v is read from memory or from a value that was
// (the values sourceOf knows).
func isRead(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.UnOp:
		return x.Op == token.MUL
	case *ssa.Lookup, *ssa.Field, *ssa.Index, *ssa.Extract:
		return true
	}
	return false
}

// holds reports whether a value can carry a ValueTask in itself.
func (m *funcModel) holds(v ssa.Value) bool { return m.holdsType(v.Type()) }

func (m *funcModel) holdsType(t types.Type) bool { return m.types.canHold(t) }

// reaches reports whether a value of type t can lead to a ValueTask.
func (m *funcModel) reaches(t types.Type) bool { return m.types.reach(t) }

// convertedFrom returns the operand of a conversion.
func convertedFrom(instr ssa.Instruction) ssa.Value {
	switch x := instr.(type) {
	case *ssa.ChangeInterface:
		return x.X
	case *ssa.ChangeType:
		return x.X
	case *ssa.Convert:
		return x.X
	case *ssa.MultiConvert:
		return x.X
	}
	return nil
}

func lookupElem(x *ssa.Lookup) types.Type {
	return x.X.Type().Underlying().(*types.Map).Elem()
}

func (m *funcModel) appendFresh(fs []flow, v ssa.Value, kind freshKind) []flow {
	if !m.holds(v) {
		return fs
	}
	dst := m.reg(v)
	if t, ok := v.Type().(*types.Tuple); ok && !m.types.canHold(t.At(0).Type()) {
		return fs
	} else if ok {
		dst = m.places.child(dst, fieldSel(0)) // v, ok := <-ch
	}
	return append(fs, flow{op: opFresh, dst: dst, fresh: kind})
}

// selectFlows: each received value is a new ValueTask; a send happens only
// on the branch that chose it (see sendChosen).
func (m *funcModel) selectFlows(fs []flow, x *ssa.Select) []flow {
	tuple := x.Type().(*types.Tuple)
	k := 2
	for _, st := range x.States {
		if st.Dir != types.RecvOnly {
			continue
		}
		if m.holdsType(tuple.At(k).Type()) {
			fs = append(fs, flow{op: opFresh, dst: m.places.child(m.reg(x), fieldSel(k)), fresh: freshUnknown})
		}
		k++
	}
	return fs
}

// storeFlows overwrites memory dst with val; a ValueTask stored in memory
// that outlives the function and is not consumed back is handed off, and
// so is what a reference stored there reaches.
func (m *funcModel) storeFlows(fs []flow, val ssa.Value, dst placeID, pos token.Pos) []flow {
	if dst == noPlace {
		return m.appendHandOff(fs, val, useStore, pos)
	}
	src := noPlace
	if m.holds(val) {
		src = m.reg(val)
	}
	ext := m.outlives(dst)
	// What the stored value reaches is handed off before the store
	// overwrites dst, which may be how that memory was named.
	switch {
	case m.isClosure(val) && (ext || !m.isVariableCell(dst)):
		// A stored function literal escapes: from then on anyone may
		// call it. (Stored in a variable of this function, it is
		// followed to where it is called: see storedClosure.)
		fs = m.appendHandOff(fs, val, useEscape, pos)
	case ext && !m.holds(val) && m.reaches(val.Type()) && !m.refersOutside(val):
		fs = m.appendHandOff(fs, val, useStore, pos)
		fs[len(fs)-1].dst = dst // where it goes, for messages
	}
	keep := noPlace
	if isReference(val.Type()) {
		if r := m.pointee(val); r.obj != noPlace && r.obj == m.places.child(dst, derefSel) && r.off.known && r.off.n == 0 {
			keep = r.obj
		}
	}
	return append(fs, flow{op: opStore, dst: dst, src: src, external: ext, val: val, pos: pos, keep: keep})
}

// refersOutside reports whether v is a reference to memory that is
// outside the function already (a parameter's, a receiver's, a global):
// storing it in other such memory gives nobody a ValueTask they could not
// reach before (q.items = q.items[:n-1]).
func (m *funcModel) refersOutside(v ssa.Value) bool {
	if !isReference(v.Type()) {
		return false
	}
	r := m.pointee(v)
	return r.obj != noPlace && !m.isLocalMemory(r.obj)
}

// appendHandOff hands off v and everything reachable from it.
func (m *funcModel) appendHandOff(fs []flow, v ssa.Value, how useKind, pos token.Pos) []flow {
	if !m.holds(v) && !m.reaches(v.Type()) && !m.isClosure(v) {
		return fs
	}
	return append(fs, flow{op: opHandOff, val: v, how: how, pos: pos, dst: noPlace})
}

func (m *funcModel) isClosure(v ssa.Value) bool {
	_, ok := v.(*ssa.MakeClosure)
	return ok
}

// resultsAt returns what a function returns when it runs its deferred
// calls at x: the Return that follows, with named results read back from
// their variables as the places they are read from.
func (m *funcModel) resultsAt(x *ssa.RunDefers) []ssa.Value {
	b := x.Block()
	ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
	if !ok {
		return nil
	}
	return ret.Results
}

// returnsAfterDefers reports whether a Return follows a RunDefers in its
// block, whose flows already handed its results off.
func (m *funcModel) returnsAfterDefers(ret *ssa.Return) bool {
	for _, instr := range ret.Block().Instrs {
		if _, ok := instr.(*ssa.RunDefers); ok {
			return true
		}
	}
	return false
}

// callFlows describes a call, go or defer statement.
func (m *funcModel) callFlows(fs []flow, ci ssa.CallInstruction) []flow {
	site := m.site(ci)
	pos := ci.Pos()
	if site.kind == siteBuiltin {
		return m.builtinFlows(fs, ci.Common(), site.result)
	}
	return append(fs, flow{op: opCall, site: site, pos: pos})
}

// builtinFlows: append and the clones share a slice's elements, copy
// copies them, delete and clear remove them.
func (m *funcModel) builtinFlows(fs []flow, common *ssa.CallCommon, result ssa.Value) []flow {
	name := ""
	if b, ok := common.Value.(*ssa.Builtin); ok {
		name = b.Name()
	} else if clonesElements(common.StaticCallee()) {
		name = "clone"
	}
	args := common.Args
	at := common.Pos()
	switch name {
	case "append":
		if result == nil || len(args) != 2 {
			return fs
		}
		dst := m.pointee(result)
		if dst.obj == noPlace || !m.reaches(args[1].Type()) {
			return fs
		}
		// The appended elements go after the first slice's: at a known
		// index when its length is known.
		off := offset{}
		if n := m.knownLen(args[0]); n.known && dst.off.known {
			off = offset{known: true, n: dst.off.n + n.n}
		}
		if src := m.pointee(args[1]); src.obj != noPlace {
			fs = append(fs, flow{op: opCopyElems, dst: dst.obj, dstOff: off, src: src.obj, srcOff: src.off, external: m.outlives(dst.obj), val: args[1], pos: at})
		}
	case "copy":
		if len(args) != 2 {
			return fs
		}
		dst, src := m.pointee(args[0]), m.pointee(args[1])
		if dst.obj != noPlace {
			fs = append(fs, flow{op: opKill, dst: dst.obj})
		}
		if dst.obj != noPlace && src.obj != noPlace {
			fs = append(fs, flow{op: opCopyElems, dst: dst.obj, dstOff: dst.off, src: src.obj, srcOff: src.off, external: m.outlives(dst.obj), val: args[1], pos: at})
		}
	case "clone":
		if result == nil || len(args) != 1 {
			return fs
		}
		dst, src := m.pointee(result), m.pointee(args[0])
		if dst.obj != noPlace && src.obj != noPlace {
			fs = append(fs, flow{op: opCopyElems, dst: dst.obj, dstOff: offset{known: true}, src: src.obj, srcOff: src.off, pos: at})
		}
	case "delete":
		if len(args) == 2 {
			if e := m.entry(args[0], m.keySel(args[1]), nil); e != noPlace {
				fs = append(fs, flow{op: opKill, dst: e})
			}
		}
	case "clear":
		if len(args) == 1 {
			if r := m.pointee(args[0]); r.obj != noPlace {
				fs = append(fs, flow{op: opKill, dst: r.obj})
			}
		}
	}
	return fs
}

// site returns the static description of a call, computed once.
func (m *funcModel) site(ci ssa.CallInstruction) *callSite {
	if s, ok := m.sites[ci]; ok {
		return s
	}
	s := m.describeCall(ci)
	m.sites[ci] = s
	return s
}

func (m *funcModel) describeCall(ci ssa.CallInstruction) *callSite {
	common := ci.Common()
	s := &callSite{instr: ci, mode: modeOf(ci)}
	if d, ok := ci.(*ssa.Defer); ok && d.DeferStack != nil && isYield(m.fn) {
		s.parentStack = true
	}
	if v, ok := ci.(*ssa.Call); ok {
		s.result = v
	}
	if meth, name, recv := calledVTMethod(common); meth != notVTMethod {
		s.kind, s.method, s.name, s.recv = siteMethod, meth, name, recv
		return s
	}
	if common.IsInvoke() {
		s.kind, s.name = siteUnknown, common.Method.Name()
		s.inputs = append([]ssa.Value{common.Value}, common.Args...)
		m.noteClosures(s)
		return s
	}
	if _, ok := common.Value.(*ssa.Builtin); ok {
		s.kind = siteBuiltin
		return s
	}
	callee := common.StaticCallee()
	switch {
	case clonesElements(callee):
		s.kind = siteBuiltin
		return s
	case isCombinator(callee):
		s.kind, s.name, s.inputs = siteCombinator, runtimeFunc(callee), common.Args
		return s
	case startsGoroutine(callee):
		s.kind, s.name, s.inputs = siteGoStarter, calleeName(callee), common.Args
		return s
	case runtimeFunc(callee) != "":
		s.kind, s.name, s.inputs = siteFromRuntime, runtimeFunc(callee), common.Args
		return s
	case callee == nil:
		if mc := m.storedClosure(common.Value, ci); mc != nil {
			// A literal kept in a variable (captured by another literal,
			// say) and called from there.
			s.kind, s.callee, s.name = siteCallee, mc.Fn.(*ssa.Function), "a function literal"
			s.inputs = append(append(s.inputs, common.Args...), mc.Bindings...)
			m.noteClosures(s)
			return s
		}
		s.kind, s.name, s.inputs = siteUnknown, "a function value", common.Args
		s.fnValue = common.Value
		m.noteClosures(s)
		return s
	}
	if method := thunkedMethod(callee); method != nil {
		callee = method // (*T).m(p, x) is p.m(x)
	}
	s.kind, s.callee, s.name = siteCallee, callee, calleeName(callee)
	s.inputs = append(s.inputs, common.Args...)
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		if method := boundMethod(callee); method != nil {
			// A method value: the bound receiver is the method's first
			// parameter.
			s.callee = method
			s.inputs = append(append([]ssa.Value{}, mc.Bindings...), common.Args...)
			s.name = calleeName(method)
		} else {
			s.inputs = append(s.inputs, mc.Bindings...)
		}
	}
	if o := s.callee.Origin(); o != nil {
		s.callee = o // generic functions are summarized once, on their body
	}
	m.noteClosures(s)
	return s
}

// isVariableCell reports whether p is a local variable itself (not a
// field or element of one).
func (m *funcModel) isVariableCell(p placeID) bool {
	pi := m.places.get(p)
	return len(pi.sels) == 1 && isVariable(pi.root)
}

// storedClosure returns the function literal a function value is, when it
// is read from a variable this function stores that literal to once,
// before the read at.
func (m *funcModel) storedClosure(v ssa.Value, at ssa.Instruction) *ssa.MakeClosure {
	switch x := v.(type) {
	case *ssa.MakeClosure:
		return x
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return m.closureAt(m.pointee(x.X).obj, at)
		}
	}
	return nil
}

// closureAt returns the function literal memory p holds at at: the one
// store to it, when that store dominates at.
func (m *funcModel) closureAt(p placeID, at ssa.Instruction) *ssa.MakeClosure {
	mc, _ := m.storedAt(p, at).(*ssa.MakeClosure)
	return mc
}

// storedAt returns the value local memory p holds at at, when the
// function stores to it once, before at; or nil.
func (m *funcModel) storedAt(p placeID, at ssa.Instruction) ssa.Value {
	if p == noPlace {
		return nil
	}
	stores := m.directStores[p]
	if len(stores) != 1 || !m.dominates(stores[0], at) {
		return nil
	}
	return stores[0].Val
}

// noteClosures records the function literals a call receives: a
// range-over-func body runs as a loop body; the others escape.
func (m *funcModel) noteClosures(s *callSite) {
	for _, in := range s.inputs {
		mc, ok := in.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		if fn, ok := mc.Fn.(*ssa.Function); ok && fn.Synthetic == "range-over-func yield" {
			s.loopBody = mc
			continue
		}
		s.escaping = append(s.escaping, mc)
	}
}

// boundMethod returns the declared method a method-value wrapper calls, or
// nil when fn is not such a wrapper.
func boundMethod(fn *ssa.Function) *ssa.Function {
	if fn == nil || fn.Synthetic == "" || len(fn.FreeVars) != 1 {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	if sig, ok := obj.Type().(*types.Signature); !ok || sig.Recv() == nil {
		return nil
	}
	// A method of an instantiated generic type is summarized on the
	// generic body (see describeCall).
	return fn.Prog.FuncValue(obj.Origin())
}

// thunkedMethod returns the declared method a method expression's thunk
// calls with the same arguments ((*T).m takes the receiver first), or nil
// when fn is no such thunk. A thunk that also dereferences the receiver
// or selects an embedded field is not the method's own call, and stays
// a call with no known callee.
func thunkedMethod(fn *ssa.Function) *ssa.Function {
	if fn == nil || !strings.HasPrefix(fn.Synthetic, "thunk ") {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || len(fn.Params) == 0 || !types.Identical(fn.Params[0].Type(), sig.Recv().Type()) {
		return nil
	}
	return fn.Prog.FuncValue(obj.Origin())
}

// calleeName names a function in messages.
func calleeName(fn *ssa.Function) string {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Parent() != nil {
		return "a function literal"
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() != nil {
			recv := sig.Recv().Type()
			if p, ok := recv.(*types.Pointer); ok {
				recv = p.Elem()
			}
			if n, ok := types.Unalias(recv).(*types.Named); ok {
				return n.Obj().Name() + "." + obj.Name()
			}
		}
		return obj.Name()
	}
	return fn.Name()
}
