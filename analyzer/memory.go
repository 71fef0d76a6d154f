package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/ssa"
)

// This file holds the abstract memory's questions: which places name the
// same storage, which may share it, what a value reaches, and how a
// callee's input paths name the caller's places.

// matchPrefix compares a source place (a pattern: its element selectors
// may be range visits or "each") with the start of place q: indexSame
// when q is src or inside it, indexVisits when q is an element src's range
// visits, indexMay or indexDistinct otherwise. rest is what q selects
// beyond src.
func (m *funcModel) matchPrefix(src, q placeID) (indexRelation, []selector) {
	ps, qs := m.places.get(src), m.places.get(q)
	if ps.root != qs.root || len(qs.sels) < len(ps.sels) {
		return indexDistinct, nil
	}
	rel := indexSame
	for i, a := range ps.sels {
		b := qs.sels[i]
		if a.kind != b.kind {
			return indexDistinct, nil
		}
		switch a.kind {
		case selField:
			if a.field != b.field {
				return indexDistinct, nil
			}
		case selIndex:
			switch relateIndexes(a, b) {
			case indexDistinct:
				return indexDistinct, nil
			case indexMay:
				return indexMay, nil
			case indexVisits:
				rel = indexVisits
			}
		}
	}
	return rel, qs.sels[len(ps.sels):]
}

// unindexed returns place p with every element selector that v indexes
// made unknown: the same memory once v holds another index. A register
// cannot be renamed so.
func (m *funcModel) unindexed(p placeID, v ssa.Value) placeID {
	pi := m.places.get(p)
	if !pi.mem || pi.root == v {
		return noPlace
	}
	sels := slices.Clone(pi.sels)
	for i, s := range sels {
		if s.kind != selIndex {
			continue
		}
		switch {
		case s.ik == idxRange && s.val == v:
			// The loop moves on: this element it has visited.
			sels[i] = selector{kind: selIndex, ik: idxVisited, val: rangeLoopOf(v)}
		case s.ik == idxValue && s.val == v:
			sels[i] = unknownSel
		}
	}
	return m.places.extend(m.reg(pi.root), sels)
}

// revisitable returns place p with the elements loop visited made
// unknown, or noPlace when it has none.
func (m *funcModel) revisitable(p placeID, loop ssa.Value) placeID {
	pi := m.places.get(p)
	sels := slices.Clone(pi.sels)
	changed := false
	for i, s := range sels {
		if s.kind == selIndex && s.ik == idxVisited && s.val == loop {
			sels[i], changed = unknownSel, true
		}
	}
	if !changed {
		return noPlace
	}
	return m.places.extend(m.reg(pi.root), sels)
}

// restartLoop makes the elements a range loop visited unknown again: a
// new traversal visits them too.
func (m *funcModel) restartLoop(loop ssa.Value, st *state) {
	st.rewrite(func(p placeID) (bool, placeID) {
		if !slices.Contains(m.places.get(p).mentions, loop) {
			return false, noPlace
		}
		return true, m.revisitable(p, loop)
	})
}

// rangeLoops returns the range loops whose indexes select the elements
// place p names, outermost first (i, j for g.*[range i].*[range j]).
func (m *funcModel) rangeLoops(p placeID) []ssa.Value {
	if p == noPlace {
		return nil
	}
	var out []ssa.Value
	for _, s := range m.places.get(p).sels {
		if s.kind == selIndex && s.ik == idxRange {
			out = append(out, rangeLoopOf(s.val))
		}
	}
	return out
}

// rangeLoopIn returns the range loop a place's innermost range selector
// visits (j in g.*[range i].*[range j]): the last of rangeLoops, without
// making the list, as the search asks it at every copy of a visit.
func (m *funcModel) rangeLoopIn(p placeID) ssa.Value {
	var loop ssa.Value
	for _, s := range m.places.get(p).sels {
		if s.kind == selIndex && s.ik == idxRange {
			loop = rangeLoopOf(s.val)
		}
	}
	return loop
}

// outerLoopOf reports whether loop is a range loop other than inner whose
// index selects the elements place p names (i in g.*[range i].*[range j]):
// a loop inner is nested in.
func (m *funcModel) outerLoopOf(p placeID, inner, loop ssa.Value) bool {
	return loop != inner && slices.Contains(m.rangeLoops(p), loop)
}

// encloses reports whether, in the selectors of place p, loop outer's range
// index comes before loop inner's: outer's loop is the one inner's is
// nested in.
func (m *funcModel) encloses(p placeID, outer, inner ssa.Value) bool {
	loops := m.rangeLoops(p)
	i, j := slices.Index(loops, outer), slices.Index(loops, inner)
	return i >= 0 && j > i
}

// sameOuterPath reports whether places p and q name their elements alike up
// to and including loop's range index: the same container, the same row.
func (m *funcModel) sameOuterPath(p, q placeID, loop ssa.Value) bool {
	a, b := m.places.get(p), m.places.get(q)
	if a.root != b.root {
		return false
	}
	for i := 0; i < len(a.sels) && i < len(b.sels); i++ {
		if a.sels[i] != b.sels[i] {
			return false
		}
		if s := a.sels[i]; s.kind == selIndex && s.ik == idxRange && rangeLoopOf(s.val) == loop {
			return true
		}
	}
	return false
}

// mayOverlap reports whether writing memory dst may change what place q
// holds: q is dst, inside it, contains it, or may be the same storage
// under another name.
func (m *funcModel) mayOverlap(dst, q placeID) bool {
	d, e := m.places.get(dst), m.places.get(q)
	if !e.mem {
		return false // a register: stores never change it
	}
	if d.root == e.root {
		for i := 0; i < min(len(d.sels), len(e.sels)); i++ {
			a, b := d.sels[i], e.sels[i]
			if a.kind != b.kind {
				return true
			}
			if a.kind == selField && a.field != b.field {
				return false
			}
			if a.kind == selIndex && relateIndexes(a, b) == indexDistinct {
				return false
			}
		}
		return true
	}
	return m.mayAlias(d, e)
}

// mayAlias reports whether two memory places with different roots may be
// the same storage: memory the function made and kept to itself is
// nobody else's; other memory may be reached through any reference of a
// matching type.
func (m *funcModel) mayAlias(d, e *placeInfo) bool {
	if !d.mem || !e.mem || m.isOwnMemory(d) || m.isOwnMemory(e) {
		return false
	}
	dt, et := placeType(d), placeType(e)
	if dt == nil || et == nil {
		return true
	}
	// A store changes memory of its own type and what that contains; q
	// holds a ValueTask, whose insides no user code writes.
	return types.Identical(dt, et) || containsType(dt, et)
}

// isOwnMemory reports whether a memory place is in an object this
// function made and whose address it never gave away.
func (m *funcModel) isOwnMemory(pi *placeInfo) bool {
	if orig, ok := m.renamed[pi.root]; ok {
		return m.isOwnMemory(m.places.get(orig)) // a reread reference: where it was read
	}
	switch r := pi.root.(type) {
	case *ssa.Alloc:
		if leaks, ok := m.leaks[r]; ok {
			return !leaks
		}
		leaks := m.addressLeaks(r, true)
		m.leaks[r] = leaks
		return !leaks
	case *ssa.MakeSlice, *ssa.MakeMap, *ssa.MakeChan:
		return true
	case *ssa.FreeVar:
		// A captured variable is a variable of its own: no other
		// reference of the literal's names it.
		return len(pi.sels) == 1
	}
	return false
}

// containsType reports whether a value of type outer holds one of type
// inner in a field or element (not through a pointer).
func containsType(outer, inner types.Type) bool {
	seen := make(map[types.Type]bool)
	var walk func(t types.Type) bool
	walk = func(t types.Type) bool {
		if seen[t] {
			return false
		}
		seen[t] = true
		switch u := t.Underlying().(type) {
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				if f := u.Field(i).Type(); types.Identical(f, inner) || walk(f) {
					return true
				}
			}
		case *types.Array:
			return types.Identical(u.Elem(), inner) || walk(u.Elem())
		}
		return false
	}
	return walk(outer)
}

// reach returns the prefixes of the places a value leads to: the value
// itself, the memory it refers to, and for a value read from memory, that
// memory (its pointers point where the value's do).
func (m *funcModel) reach(v ssa.Value) []placeID {
	var out []placeID
	if !m.reaches(v.Type()) && !m.isClosure(v) {
		return nil // an int read from memory lends no access to that memory
	}
	if m.holds(v) {
		out = append(out, m.reg(v))
	}
	if isReference(v.Type()) {
		if r := m.pointee(v); r.obj != noPlace {
			out = append(out, r.obj)
		}
	}
	switch x := v.(type) {
	case *ssa.MakeInterface:
		if !m.holds(x.X) {
			out = append(out, m.reach(x.X)...)
		}
	}
	return out
}

// resultPlace is the place a returned value is read from: a named result
// is read back from its variable after the deferred calls ran, so its
// variable holds what the caller gets.
func (m *funcModel) resultPlace(v ssa.Value) placeID {
	if x, ok := v.(*ssa.UnOp); ok && x.Op == token.MUL {
		if r := m.pointee(x.X); r.obj != noPlace {
			return r.obj
		}
	}
	return m.reg(v)
}

// readAfter reports whether the function may read memory dst (load it,
// pass what reaches it to a call or a closure, return it) on some path
// after instr: a store of a ValueTask there that is read back is no
// hand-off.
func (m *funcModel) readAfter(instr ssa.Instruction, dst placeID) bool {
	readers, ok := m.readers[dst]
	if !ok {
		readers = m.computeReaders(dst)
		m.readers[dst] = readers
	}
	if len(readers) == 0 {
		return false
	}
	return m.runsLater(instr, readers)
}

// computeReaders returns the instructions whose flows may read dst.
func (m *funcModel) computeReaders(dst placeID) []ssa.Instruction {
	overlaps := func(p placeID) bool {
		return p != noPlace && (m.places.within(p, dst) || m.places.within(dst, p) || m.mayOverlap(dst, p))
	}
	var reaches func(v ssa.Value, at ssa.Instruction) bool
	reaches = func(v ssa.Value, at ssa.Instruction) bool {
		if mc, ok := v.(*ssa.MakeClosure); ok {
			for _, b := range mc.Bindings {
				if reaches(b, at) {
					return true
				}
			}
			return false
		}
		// What v reaches, and what the references held there reach (a
		// captured parameter's variable holds the parameter).
		work := m.reach(v)
		seen := make(map[placeID]bool)
		for len(work) > 0 {
			r := work[len(work)-1]
			work = work[:len(work)-1]
			if seen[r] {
				continue
			}
			seen[r] = true
			if overlaps(r) {
				return true
			}
			if pi := m.places.get(r); pi.mem {
				if t := placeType(pi); t != nil && isReference(t) {
					if _, ok := pi.root.(*ssa.Alloc); ok && len(pi.sels) == 1 {
						if d := m.deref(r, at); d.obj != noPlace {
							work = append(work, d.obj)
						}
					}
				}
			}
		}
		return false
	}
	var out []ssa.Instruction
	for _, b := range m.fn.Blocks {
		for _, instr := range b.Instrs {
			if m.flowReads(instr, overlaps, reaches) {
				out = append(out, instr)
			}
		}
	}
	return out
}

func (m *funcModel) flowReads(instr ssa.Instruction, overlaps func(placeID) bool, reaches func(ssa.Value, ssa.Instruction) bool) bool {
	for _, f := range m.flowsOf(instr) {
		switch f.op {
		case opCopy:
			if m.places.get(f.src).mem && overlaps(f.src) {
				return true
			}
		case opCopyElems:
			if overlaps(f.src) {
				return true
			}
		case opHandOff:
			if reaches(f.val, instr) {
				return true
			}
		case opReturn:
			for _, v := range f.vals {
				if reaches(v, instr) {
					return true
				}
			}
		case opCall:
			if f.site.recv != nil && reaches(f.site.recv, instr) {
				return true
			}
			for _, in := range f.site.inputs {
				if reaches(in, instr) {
					return true
				}
			}
		}
	}
	return false
}

// selectSend is the send a select statement makes on one of its branches.
type selectSend struct {
	instr *ssa.Select
	val   ssa.Value
}

// selectSendOn returns the send that happens when the path goes from pred
// to succ: the branch that compares select's chosen index with a send
// case's.
func (m *funcModel) selectSendOn(pred, succ *ssa.BasicBlock) *selectSend {
	iff, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
	if !ok || len(pred.Succs) != 2 || pred.Succs[0] != succ {
		return nil
	}
	eq, ok := iff.Cond.(*ssa.BinOp)
	if !ok || eq.Op != token.EQL {
		return nil
	}
	ex, ok := eq.X.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return nil
	}
	sel, ok := ex.Tuple.(*ssa.Select)
	k := constOffset(eq.Y)
	if !ok || !k.known || k.n < 0 || int(k.n) >= len(sel.States) {
		return nil
	}
	st := sel.States[k.n]
	if st.Dir != types.SendOnly || !m.holds(st.Send) && !m.reaches(st.Send.Type()) {
		return nil
	}
	return &selectSend{instr: sel, val: st.Send}
}

// inputPath names a place in a callee by its inputs: input (a parameter,
// then the free variables) and the selectors from there.
type inputPath struct {
	input int
	sels  []selector
}

// mapInput returns the caller's place an input path of the callee names
// at a call: a pattern place when the path selects each element.
func (m *funcModel) mapInput(at ssa.Instruction, inputs []ssa.Value, path inputPath) placeID {
	if path.input >= len(inputs) {
		return noPlace
	}
	base := inputs[path.input]
	if base == nil {
		return noPlace // a literal's parameter, when only its captures are bound
	}
	cur := m.reg(base)
	off := offset{known: true}
	for _, sel := range path.sels {
		switch sel.kind {
		case selDeref:
			var r ref
			if pi := m.places.get(cur); !pi.mem && len(pi.sels) == 0 {
				r = m.pointee(base)
			} else {
				r = m.deref(cur, at)
			}
			if r.obj == noPlace {
				return noPlace
			}
			cur, off = r.obj, r.off
		case selField:
			cur, off = m.places.child(cur, sel), offset{known: true}
		case selIndex:
			cur = m.places.child(cur, m.callerIndex(sel, inputs, off))
			off = offset{known: true}
		}
	}
	return cur
}

// callerIndex translates a callee's element selector to the caller's.
func (m *funcModel) callerIndex(sel selector, inputs []ssa.Value, off offset) selector {
	switch sel.ik {
	case idxInput:
		if sel.n < len(inputs) {
			return m.indexSel(inputs[sel.n], off)
		}
		return unknownSel
	case idxConst:
		if n, ok := parseIndex(sel.key); ok {
			if o := off.plus(offset{known: true, n: n}); o.known {
				return constIndex(itoaIndex(o.n))
			}
			return unknownSel
		}
		return sel // a map key
	case idxEach:
		if off.known && off.n == 0 {
			return sel
		}
	}
	return unknownSel
}

func parseIndex(key string) (int64, bool) {
	n, err := strconv.ParseInt(key, 10, 64)
	return n, err == nil
}

func itoaIndex(n int64) string { return constant.MakeInt64(n).ExactString() }
