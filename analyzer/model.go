package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A funcModel is what the analyzer knows of one SSA function: its places,
// the flows of its instructions (flow.go), and the static facts the
// phases share (which memory is the function's own, what is live where).
// It does not depend on callee summaries, so it is built once per
// function and reused while the summaries reach their fixed point.
type funcModel struct {
	fn     *ssa.Function
	places *placeTable

	flows     [][][]flow // by block and instruction index, built per block
	sites     map[ssa.CallInstruction]*callSite
	types     *typeMemo // shared by the package's models
	pointees  map[ssa.Value]ref
	lens      map[ssa.Value]offset
	index     map[ssa.Instruction]int // an instruction's index in its block
	reachable []bool                  // blocks reachable from the entry

	directStores map[placeID][]*ssa.Store // stores to a local variable's own memory
	defers       []*ssa.Defer             // the defer statements on reachable blocks
	// overwrites are the stores and map updates that put other memory in
	// a place (not append or a re-slice of what is there), by the value
	// their address selects into (addressBase); renamed are the
	// references read from memory that is overwritten so later, each
	// with the place it was read from (see computePointee).
	overwrites map[ssa.Value][]ssa.Instruction
	renamed    map[ssa.Value]placeID
	escapes    map[*ssa.Alloc]bool // for must-points-to: any use but loads and stores
	leaks      map[*ssa.Alloc]bool // for aliasing: also not counting captures

	readers  map[placeID][]ssa.Instruction // instructions that may read a place
	debug    map[ssa.Value][]*ssa.DebugRef // DebugRefs by value, built on demand
	liveness *liveness
	onceVars map[ssa.Value]bool // variables assigned once (indexKey)
}

// offset is a slice's start within its backing array, when known.
type offset struct {
	known bool
	n     int64
}

func (o offset) plus(p offset) offset {
	if !o.known || !p.known {
		return offset{}
	}
	return offset{known: true, n: o.n + p.n}
}

// ref is the memory a reference value (pointer, slice, map, channel)
// refers to: obj, and for a slice the index of its first element there.
type ref struct {
	obj placeID
	off offset
}

var noRef = ref{obj: noPlace}

// newFuncModel builds the model of fn, or returns nil when fn has no body
// or nothing in it can lead to a ValueTask.
func newFuncModel(fn *ssa.Function, tm *typeMemo) *funcModel {
	if fn.Blocks == nil || !mayTouchValueTasks(fn, tm) {
		return nil
	}
	m := &funcModel{
		fn:           fn,
		places:       newPlaceTable(),
		flows:        make([][][]flow, len(fn.Blocks)),
		sites:        make(map[ssa.CallInstruction]*callSite),
		types:        tm,
		pointees:     make(map[ssa.Value]ref),
		lens:         make(map[ssa.Value]offset),
		index:        make(map[ssa.Instruction]int),
		directStores: make(map[placeID][]*ssa.Store),
		escapes:      make(map[*ssa.Alloc]bool),
		leaks:        make(map[*ssa.Alloc]bool),
		readers:      make(map[placeID][]ssa.Instruction),
		overwrites:   make(map[ssa.Value][]ssa.Instruction),
		renamed:      make(map[ssa.Value]placeID),
	}
	m.reachable = make([]bool, len(fn.Blocks))
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	m.reachable[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if !m.reachable[s.Index] && !checksAnInvariant(s) {
				m.reachable[s.Index] = true
				work = append(work, s)
			}
		}
	}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			m.index[instr] = i
			if st, ok := instr.(*ssa.Store); ok {
				if p, ok := m.directTarget(st.Addr); ok {
					m.directStores[p] = append(m.directStores[p], st)
				}
			}
			if d, ok := instr.(*ssa.Defer); ok && m.reachable[b.Index] {
				m.defers = append(m.defers, d)
			}
			switch w := instr.(type) {
			case *ssa.Store:
				if !keepsElements(w.Val) {
					base := addressBase(w.Addr)
					m.overwrites[base] = append(m.overwrites[base], w)
				}
			case *ssa.MapUpdate:
				if !keepsElements(w.Value) {
					m.overwrites[w.Map] = append(m.overwrites[w.Map], w)
				}
			}
		}
	}
	m.liveness = newLiveness(m)
	return m
}

// mayTouchValueTasks reports whether anything in fn can lead to a
// ValueTask: a parameter, free variable or computed value of such a type,
// or a function literal capturing one.
func mayTouchValueTasks(fn *ssa.Function, tm *typeMemo) bool {
	for _, p := range fn.Params {
		if tm.reach(p.Type()) {
			return true
		}
	}
	for _, fv := range fn.FreeVars {
		if tm.reach(fv.Type()) {
			return true
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok && tm.reach(v.Type()) {
				return true
			}
		}
	}
	return false
}

func (m *funcModel) reg(v ssa.Value) placeID { return m.places.reg(v) }

// pointee returns the memory a reference value refers to, named by its
// canonical access path: through field and element addresses, re-slices,
// conversions and loads, so that every expression for one location gives
// the same place. A reference with no known origin refers to memory of its
// own, named after it.
func (m *funcModel) pointee(v ssa.Value) ref {
	if r, ok := m.pointees[v]; ok {
		return r
	}
	m.pointees[v] = noRef // cycles through phis
	r := m.computePointee(v)
	m.pointees[v] = r
	return r
}

func (m *funcModel) computePointee(v ssa.Value) ref {
	start := offset{known: true}
	switch x := v.(type) {
	case *ssa.Const:
		return noRef // nil
	case *ssa.FieldAddr:
		if r := m.pointee(x.X); r.obj != noPlace {
			return ref{m.places.child(r.obj, fieldSel(x.Field)), start}
		}
		return noRef
	case *ssa.IndexAddr:
		if r := m.pointee(x.X); r.obj != noPlace {
			return ref{m.places.child(r.obj, m.indexSel(x.Index, r.off)), start}
		}
		return noRef
	case *ssa.Slice:
		if _, isString := x.X.Type().Underlying().(*types.Basic); isString {
			return noRef
		}
		r := m.pointee(x.X)
		if r.obj == noPlace {
			return noRef
		}
		low := offset{known: true}
		if x.Low != nil {
			low = constOffset(x.Low)
		}
		return ref{r.obj, r.off.plus(low)}
	case *ssa.UnOp, *ssa.Lookup, *ssa.Field, *ssa.Index, *ssa.Extract:
		// A reference read from memory refers to what the memory's
		// content refers to: m["a"][0] names one element however often
		// m["a"] is read.
		if from := m.sourceOf(v); from != noPlace {
			r := m.deref(from, v.(ssa.Instruction))
			if r.obj == m.places.child(from, derefSel) && m.overwrittenAfter(v, from) {
				// The memory's name will come to mean other memory
				// (items := q.items; q.items = nil; range items): the
				// reference names what it refers to after itself, and
				// its read copies there what is there (flow.go).
				m.renamed[v] = r.obj
				return ref{m.places.child(m.reg(v), derefSel), start}
			}
			return r
		}
	case *ssa.ChangeType:
		return m.pointee(x.X)
	case *ssa.Convert:
		if _, ok := x.X.Type().Underlying().(*types.Pointer); ok {
			return m.pointee(x.X)
		}
	case *ssa.MultiConvert:
		return m.pointee(x.X)
	case *ssa.SliceToArrayPointer:
		return m.pointee(x.X)
	case *ssa.MakeInterface:
		if !m.holds(x.X) {
			return m.pointee(x.X)
		}
	case *ssa.ChangeInterface:
		return m.pointee(x.X)
	case *ssa.TypeAssert:
		if !x.CommaOk {
			return m.pointee(x.X)
		}
	case *ssa.Phi:
		// One memory when every edge refers to it (a loop that keeps
		// a pointer, say); memory of its own otherwise.
		var same ref
		for i, e := range x.Edges {
			r := m.pointee(e)
			if r == noRef {
				continue
			}
			if i > 0 && same != noRef && r != same {
				same = noRef
				break
			}
			same = r
		}
		if same != noRef {
			return same
		}
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && len(x.Call.Args) > 0 {
			switch b.Name() {
			case "append":
				if r := m.pointee(x.Call.Args[0]); r.obj != noPlace {
					return r // shares the first slice's elements
				}
			case "ssa:wrapnilchk":
				return m.pointee(x.Call.Args[0])
			}
		}
	}
	return ref{m.places.child(m.reg(v), derefSel), start}
}

// overwrittenAfter reports whether the reference memory from holds, which
// v was read from, may be replaced by other memory on some path after v's
// read.
func (m *funcModel) overwrittenAfter(v ssa.Value, from placeID) bool {
	read, ok := v.(ssa.Instruction)
	if !ok || !isReference(v.Type()) || !m.reaches(v.Type()) {
		return false
	}
	var later []ssa.Instruction
	for _, w := range m.overwrites[m.places.get(from).root] {
		dst := noPlace
		switch w := w.(type) {
		case *ssa.Store:
			dst = m.pointee(w.Addr).obj
		case *ssa.MapUpdate:
			dst = m.entry(w.Map, m.keySel(w.Key), w)
		}
		if dst != noPlace && (dst == from || m.mayOverlap(dst, from)) {
			later = append(later, w)
		}
	}
	return len(later) > 0 && m.runsLater(read, later)
}

// keepsElements reports whether storing v keeps the elements that were
// there under their names: v appends to or re-slices a slice it did not
// make here (a literal is new memory).
func keepsElements(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.Slice:
		_, fresh := x.X.(*ssa.Alloc)
		return !fresh
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(x.Call.Args) > 0 {
			_, fresh := x.Call.Args[0].(*ssa.Const)
			return !fresh
		}
	}
	return false
}

// addressBase returns the value an address selects into by fields and
// elements: q for &q.items and &q.items[0].
func addressBase(addr ssa.Value) ssa.Value {
	for {
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.IndexAddr:
			addr = a.X
		default:
			return addr
		}
	}
}

// unrenamed returns the place that p, a place inside what a renamed
// reference refers to, was named by where the reference was read.
func (m *funcModel) unrenamed(p placeID) placeID {
	pi := m.places.get(p)
	orig, ok := m.renamed[pi.root]
	if !ok || len(pi.sels) == 0 || pi.sels[0].kind != selDeref {
		return p
	}
	return m.places.extend(orig, pi.sels[1:])
}

// sourceOf returns the memory place whose content a value was read from:
// a load's, a map lookup's, or a field or element of a value read so.
func (m *funcModel) sourceOf(v ssa.Value) placeID {
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return m.pointee(x.X).obj
		}
	case *ssa.Lookup:
		if _, isMap := x.X.Type().Underlying().(*types.Map); isMap && !x.CommaOk {
			return m.entry(x.X, m.keySel(x.Index), x)
		}
	case *ssa.Extract:
		if l, ok := x.Tuple.(*ssa.Lookup); ok && x.Index == 0 {
			return m.entry(l.X, m.keySel(l.Index), l)
		}
	case *ssa.Field:
		if from := m.sourceOf(x.X); from != noPlace {
			return m.places.child(from, fieldSel(x.Field))
		}
	case *ssa.Index:
		if from := m.sourceOf(x.X); from != noPlace {
			return m.places.child(from, m.indexSel(x.Index, offset{known: true}))
		}
	}
	return noPlace
}

// deref returns the memory that the reference stored at place from refers
// to, as read at instruction at. A reference in a local variable that
// the function stores once, before at, refers to what the stored value
// refers to: p := &v; pp := &p; **pp is v. So does one inside a struct
// or array the function stored once as a whole: after o2 := o, o2.p is
// o.p, and after a parameter is copied to its variable, o.p is the
// parameter's, memory from outside.
func (m *funcModel) deref(from placeID, at ssa.Instruction) ref {
	if r := m.storedReference(from, at); r.obj != noPlace {
		return r
	}
	return ref{m.places.child(from, derefSel), offset{known: true}}
}

// storedReference finds the one store that gave place from its value, at
// from itself or at the variable's part that contains it, with nothing
// stored in between; noRef when there is none, or more than one.
func (m *funcModel) storedReference(from placeID, at ssa.Instruction) ref {
	if mm, ok := m.places.get(from).root.(*ssa.MakeMap); ok {
		return m.storedInMap(mm, from, at)
	}
	a, ok := m.places.get(from).root.(*ssa.Alloc)
	if !ok {
		return noRef
	}
	for p := from; p != noPlace; p = m.places.get(p).parent {
		stores := m.directStores[p]
		if len(stores) == 0 {
			if sels := m.places.get(p).sels; len(sels) == 0 || sels[len(sels)-1].kind == selDeref {
				return noRef // the variable's storage ends here
			}
			continue
		}
		if len(stores) > 1 || !m.dominates(stores[0], at) || m.addressLeaks(a, true) || capturedAndWritten(a) {
			return noRef
		}
		rest, _ := m.places.suffix(p, from)
		return m.referenceIn(stores[0].Val, rest, at)
	}
	return noRef
}

// storedInMap is storedReference for a map the function made and keeps
// to itself: the one update of the entry, before at, gave it its value
// (m["a"] = []VT{v}; m["a"][0] is v).
func (m *funcModel) storedInMap(mm *ssa.MakeMap, from placeID, at ssa.Instruction) ref {
	sels := m.places.get(from).sels
	if len(sels) < 2 || sels[0].kind != selDeref || sels[1].kind != selIndex {
		return noRef
	}
	var update *ssa.MapUpdate
	for _, r := range *mm.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Lookup:
			if r.X != ssa.Value(mm) {
				return noRef
			}
		case *ssa.MapUpdate:
			if r.Map != ssa.Value(mm) {
				return noRef // the map is stored in another map
			}
			switch relateIndexes(m.keySel(r.Key), sels[1]) {
			case indexDistinct:
			case indexSame:
				if update != nil {
					return noRef
				}
				update = r
			default:
				return noRef
			}
		default:
			return noRef // ranged over, passed on, deleted from, or kept
		}
	}
	if update == nil || !m.dominates(update, at) {
		return noRef
	}
	return m.referenceIn(update.Value, sels[2:], at)
}

// referenceIn returns the memory that the reference at path rest inside
// value v refers to.
func (m *funcModel) referenceIn(v ssa.Value, rest []selector, at ssa.Instruction) ref {
	if len(rest) == 0 {
		return m.pointee(v)
	}
	if from := m.sourceOf(v); from != noPlace {
		return m.deref(m.places.extend(from, rest), at) // v was read from memory
	}
	if isInputRoot(v) {
		// A reference inside a parameter's value: memory from outside,
		// named after the parameter.
		return ref{m.places.child(m.places.extend(m.reg(v), rest), derefSel), offset{known: true}}
	}
	return noRef
}

// capturedAndWritten reports whether a function literal that captures
// variable a (directly, or through a literal nested in it) assigns it.
func capturedAndWritten(a ssa.Value) bool {
	return !eachCapturedUse(a, func(fv *ssa.FreeVar, use ssa.Instruction) bool {
		st, ok := use.(*ssa.Store)
		return !ok || st.Addr != fv
	})
}

// eachCapturedUse calls f with each use of variable a inside the function
// literals that capture it, directly or through literals nested in them
// (fv is the literal's free variable for it); it stops, and reports false,
// when f does.
func eachCapturedUse(a ssa.Value, f func(fv *ssa.FreeVar, use ssa.Instruction) bool) bool {
	for _, r := range *a.Referrers() {
		mc, ok := r.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		lit := mc.Fn.(*ssa.Function)
		for j, b := range mc.Bindings {
			if b != a || j >= len(lit.FreeVars) {
				continue
			}
			fv := lit.FreeVars[j]
			for _, use := range *fv.Referrers() {
				if !f(fv, use) {
					return false
				}
			}
			if !eachCapturedUse(fv, f) {
				return false
			}
		}
	}
	return true
}

// directTarget returns the place an address denotes when it selects into
// a local variable by fields and constant indexes only: stores through
// such an address are the only way the function writes that memory.
func (m *funcModel) directTarget(addr ssa.Value) (placeID, bool) {
	switch a := addr.(type) {
	case *ssa.Alloc:
		return m.places.child(m.reg(a), derefSel), true
	case *ssa.FieldAddr:
		if p, ok := m.directTarget(a.X); ok {
			return m.places.child(p, fieldSel(a.Field)), true
		}
	case *ssa.IndexAddr:
		if c, ok := a.Index.(*ssa.Const); ok {
			if _, isArray := a.X.Type().Underlying().(*types.Pointer); isArray {
				if p, ok := m.directTarget(a.X); ok {
					return m.places.child(p, constIndex(c.Value.ExactString())), true
				}
			}
		}
	}
	return noPlace, false
}

// allocEscapes reports whether a local variable's address (or one inside
// it) goes anywhere but loads, stores to it and calls with summaries.
func (m *funcModel) allocEscapes(a *ssa.Alloc) bool {
	if e, ok := m.escapes[a]; ok {
		return e
	}
	e := m.addressLeaks(a, false)
	m.escapes[a] = e
	return e
}

// addressLeaks reports whether a's address goes anywhere but loads,
// stores to it, calls with summaries, and (when captures is true) the
// function literals that capture the variable: those name it only as
// their own free variable, never under another name.
func (m *funcModel) addressLeaks(a *ssa.Alloc, captures bool) bool {
	var escapes func(v ssa.Value) bool
	escapes = func(v ssa.Value) bool {
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return true
				}
			case *ssa.Store:
				if r.Val == v {
					return true
				}
			case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Slice:
				if escapes(r.(ssa.Value)) {
					return true
				}
			case ssa.CallInstruction:
				switch site := m.site(r); site.kind {
				case siteCallee, siteMethod, siteCombinator, siteFromRuntime:
				case siteBuiltin:
					// append's result shares the memory; copy, len and
					// the like only read or write it.
					if site.result != nil && m.reaches(site.result.Type()) && escapes(site.result) {
						return true
					}
				default:
					return true
				}
			case *ssa.MakeClosure:
				if !captures {
					return true
				}
			default:
				return true
			}
		}
		return false
	}
	return escapes(a)
}

// dominates reports whether instruction a runs before b on every path to b.
func (m *funcModel) dominates(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == bb {
		return m.index[a] < m.index[b]
	}
	return ab.Dominates(bb)
}

// checksAnInvariant reports whether b is one of the panics go/ssa adds
// for what the language makes impossible in a correct program: a
// range-over-func iterator that swallowed the body's panic or called
// yield after the loop ended, a blocking select that matched no case.
// Those panics have no position, as no statement of the source is them;
// their blocks are not followed, so no path runs deferred calls there.
func checksAnInvariant(b *ssa.BasicBlock) bool {
	p, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	return ok && p.Pos() == token.NoPos
}

// branchTaken returns which successor of b a path takes, when b ends in a
// condition that is known: 0 or 1, or -1 when either may be taken. The
// condition is known when it compares constants (for range 3 tests 0 < 3
// first), or compares a loop's phi with a constant on the entry that
// comes by the phi's constant edge (for i := 0; i < 2; i++): from is the
// block the path came from into b.
func (m *funcModel) branchTaken(b, from *ssa.BasicBlock) int {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return -1
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return -1
	}
	x, y := m.constantAt(cmp.X, b, from), m.constantAt(cmp.Y, b, from)
	if x == nil || y == nil {
		return -1
	}
	switch cmp.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return -1
	}
	if x.Kind() != y.Kind() || x.Kind() == constant.Unknown {
		return -1
	}
	if constant.Compare(x, cmp.Op, y) {
		return 0
	}
	return 1
}

// branchReadsPhi reports whether b's branch may be decided by the
// constant edge of one of its phis.
func (m *funcModel) branchReadsPhi(b *ssa.BasicBlock) bool {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return false
	}
	isPhi := func(v ssa.Value) bool { p, ok := v.(*ssa.Phi); return ok && p.Block() == b }
	return isPhi(cmp.X) || isPhi(cmp.Y)
}

// constantAt is the constant v is on entry to b from from: a constant, or
// a phi of b whose edge from from is one.
func (m *funcModel) constantAt(v ssa.Value, b, from *ssa.BasicBlock) constant.Value {
	switch x := v.(type) {
	case *ssa.Const:
		return x.Value
	case *ssa.Phi:
		if x.Block() == b && from != nil {
			if i := slices.Index(b.Preds, from); i >= 0 {
				if c, ok := x.Edges[i].(*ssa.Const); ok {
					return c.Value
				}
			}
		}
	}
	return nil
}

// constOffset returns the value of an integer constant, if v is one.
func constOffset(v ssa.Value) offset {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return offset{}
	}
	n, exact := constant.Int64Val(c.Value)
	return offset{known: exact, n: n}
}

// indexSel names element idx of a slice or array whose first element is
// at off in its memory.
func (m *funcModel) indexSel(idx ssa.Value, off offset) selector {
	if c := constOffset(idx); c.known {
		if o := off.plus(c); o.known {
			return constIndex(constant.MakeInt64(o.n).ExactString())
		}
		return unknownSel
	}
	if !off.known || off.n != 0 {
		return unknownSel
	}
	if isRangeIndex(idx) {
		return selector{kind: selIndex, ik: idxRange, val: idx}
	}
	return selector{kind: selIndex, ik: idxValue, val: m.indexKey(idx)}
}

// keySel names the entry of a map for a key.
func (m *funcModel) keySel(key ssa.Value) selector {
	if c, ok := key.(*ssa.Const); ok && c.Value != nil {
		return constIndex(c.Value.ExactString())
	}
	if e, ok := key.(*ssa.Extract); ok && e.Index == 1 {
		if n, ok := e.Tuple.(*ssa.Next); ok {
			return selector{kind: selIndex, ik: idxRange, val: n}
		}
	}
	return selector{kind: selIndex, ik: idxValue, val: m.indexKey(key)}
}

// entry returns the place of a map's entry (or a slice's element) sel.
func (m *funcModel) entry(container ssa.Value, sel selector, _ ssa.Instruction) placeID {
	r := m.pointee(container)
	if r.obj == noPlace {
		return noPlace
	}
	return m.places.child(r.obj, sel)
}

// isRangeIndex reports whether v is the index a range loop over a slice or
// array visits: SSA's phi commented "rangeindex", plus one.
func isRangeIndex(v ssa.Value) bool {
	b, ok := v.(*ssa.BinOp)
	if !ok || b.Op != token.ADD {
		return false
	}
	phi, ok := b.X.(*ssa.Phi)
	return ok && phi.Comment == "rangeindex"
}

// rangeLoopOf returns what identifies one traversal of the range loop
// that a range selector's value iterates: the index phi of a slice range
// (entered afresh from its initial edge), or the map's Range.
func rangeLoopOf(iter ssa.Value) ssa.Value {
	switch x := iter.(type) {
	case *ssa.BinOp:
		return x.X
	case *ssa.Next:
		return x.Iter
	}
	return nil
}

// knownLen returns the length of a slice value when it is a constant.
func (m *funcModel) knownLen(v ssa.Value) offset {
	if n, ok := m.lens[v]; ok {
		return n
	}
	m.lens[v] = offset{} // cycles
	n := m.computeLen(v)
	m.lens[v] = n
	return n
}

func (m *funcModel) computeLen(v ssa.Value) offset {
	switch x := v.(type) {
	case *ssa.Const:
		if x.IsNil() {
			return offset{known: true}
		}
	case *ssa.Slice:
		low := offset{known: true}
		if x.Low != nil {
			low = constOffset(x.Low)
		}
		var high offset
		if x.High != nil {
			high = constOffset(x.High)
		} else if p, ok := x.X.Type().Underlying().(*types.Pointer); ok {
			if a, ok := p.Elem().Underlying().(*types.Array); ok {
				high = offset{known: true, n: a.Len()}
			}
		} else {
			high = m.knownLen(x.X)
		}
		if low.known && high.known {
			return offset{known: true, n: high.n - low.n}
		}
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(x.Call.Args) == 2 {
			return m.knownLen(x.Call.Args[0]).plus(m.knownLen(x.Call.Args[1]))
		}
	}
	return offset{}
}

// outlives reports whether a ValueTask stored at place p leaves the
// function's sight: memory it did not make, other than memory a literal
// reaches through the variables it captured. That it shares with the
// function that made it, which finds there what the literal stored (the
// literal's summary says so: inputEffect.to), and decides itself whether
// the store handed the ValueTask off.
func (m *funcModel) outlives(p placeID) bool {
	p = m.unrenamed(p)
	if m.isLocalMemory(p) {
		return false
	}
	_, captured := m.places.get(p).root.(*ssa.FreeVar)
	return !captured
}

// isLocalMemory reports whether a place is memory this function made
// itself (a variable, a composite literal, make, a fresh append or clone):
// nothing outside can see it unless the function hands it over.
func (m *funcModel) isLocalMemory(p placeID) bool {
	p = m.unrenamed(p)
	pi := m.places.get(p)
	if !pi.mem {
		return true
	}
	switch r := pi.root.(type) {
	case *ssa.Alloc, *ssa.MakeSlice, *ssa.MakeMap, *ssa.MakeChan:
		return true
	case *ssa.Call:
		if b, ok := r.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			return true // appended to nil: a new array
		}
		return clonesElements(r.Call.StaticCallee())
	}
	return false
}

// isInputRoot reports whether a value is one of the function's inputs: a
// parameter or a free variable.
func isInputRoot(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return true
	}
	return false
}

// maxArrayPaths is the longest array value whose elements are followed
// one by one; it bounds the work for [1 << 20]ValueTask[T] values, which
// no real program passes around by value.
const maxArrayPaths = 64

// vtPaths returns the paths to the ValueTask-holding parts of a value of
// type t: none for a ValueTask or interface itself (the empty path), the
// fields and elements of structs, arrays and tuples that hold one.
func vtPaths(t types.Type) [][]selector {
	if t == nil {
		return nil
	}
	var out [][]selector
	var walk func(t types.Type, path []selector, seen map[types.Type]bool)
	walk = func(t types.Type, path []selector, seen map[types.Type]bool) {
		if isValueTask(t) {
			out = append(out, append([]selector(nil), path...))
			return
		}
		if seen[t] {
			return
		}
		seen[t] = true
		defer delete(seen, t)
		switch u := t.Underlying().(type) {
		case *types.Interface:
			if acceptsValueTask(u) {
				out = append(out, append([]selector(nil), path...))
			}
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				walk(u.Field(i).Type(), append(path, fieldSel(i)), seen)
			}
		case *types.Tuple:
			for i := 0; i < u.Len(); i++ {
				walk(u.At(i).Type(), append(path, fieldSel(i)), seen)
			}
		case *types.Array:
			if !canHoldValueTask(u.Elem()) {
				return
			}
			if u.Len() > maxArrayPaths {
				// A huge array value is one unnamed element: it is
				// followed as a whole, never element by element.
				walk(u.Elem(), append(path, unknownSel), seen)
				return
			}
			for i := int64(0); i < u.Len(); i++ {
				walk(u.Elem(), append(path, constIndex(constant.MakeInt64(i).ExactString())), seen)
			}
		}
	}
	walk(t, nil, make(map[types.Type]bool))
	return out
}
