package analyzer

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// aliasSet is the set of keys (root values and locations) that hold one
// particular ValueTask at a point of one path, kept sorted.
type aliasSet []int32

func (s aliasSet) has(id int32) bool { _, ok := slices.BinarySearch(s, id); return ok }

func (s aliasSet) with(id int32) aliasSet {
	i, ok := slices.BinarySearch(s, id)
	if ok {
		return s
	}
	return slices.Insert(slices.Clone(s), i, id)
}

func (s aliasSet) without(id int32) aliasSet {
	i, ok := slices.BinarySearch(s, id)
	if !ok {
		return s
	}
	return slices.Delete(slices.Clone(s), i, i+1)
}

func (s aliasSet) String() string {
	b := make([]byte, 0, 4*len(s))
	for _, id := range s {
		b = append(b, byte(id), byte(id>>8), byte(id>>16), byte(id>>24))
	}
	return string(b)
}

// pathSearch finds, for one consumption, the consumptions of the same
// ValueTask that can run after it on some path of the control-flow graph.
// It follows the ValueTask along each path: through phis entered by the
// edge the path takes, stores and loads of locations, and it drops a key
// when the path runs its definition again (a new ValueTask) or, for
// locations outside the frame, calls that may overwrite them.
type pathSearch struct {
	m       *funcModel
	sums    *summaries
	eventAt map[ssa.Instruction][]*event
	index   map[ssa.Instruction]int // position of each instruction in its block

	// useBlocks holds, per key, the blocks that use it (consume it, pass
	// it to a phi, store or load it), and live the blocks at whose entry
	// it may still be used: a key that is dead there leaves the set, and a
	// path with an empty set ends. This keeps a function with thousands of
	// ValueTasks linear: each search covers its ValueTask's live range, not
	// the rest of the function.
	useBlocks map[int32][]*ssa.BasicBlock
	live      map[int32]map[int]bool
}

func newPathSearch(m *funcModel, sums *summaries, events []*event) *pathSearch {
	ps := &pathSearch{
		m: m, sums: sums,
		eventAt:   make(map[ssa.Instruction][]*event),
		index:     make(map[ssa.Instruction]int),
		useBlocks: make(map[int32][]*ssa.BasicBlock),
		live:      make(map[int32]map[int]bool),
	}
	for _, e := range events {
		if e.kind.consumes() {
			ps.eventAt[e.instr] = append(ps.eventAt[e.instr], e)
			ps.useBlocks[e.key] = append(ps.useBlocks[e.key], e.instr.Block())
		}
	}
	for _, b := range m.fn.Blocks {
		for i, instr := range b.Instrs {
			ps.index[instr] = i
			ps.recordUses(instr)
		}
	}
	return ps
}

// after returns the consumptions reachable after first, each once.
func (ps *pathSearch) after(first *event) []*event {
	start := ps.m.aliasesAt(first.key)
	var found []*event
	seenEvent := make(map[*event]bool)
	type item struct {
		b *ssa.BasicBlock
		s aliasSet
	}
	visited := make(map[*ssa.BasicBlock]map[string]bool)
	var work []item

	// walk runs the instructions of b from index i on; it returns the set
	// at the end of the block, or nil when the path ends.
	walk := func(b *ssa.BasicBlock, i int, s aliasSet) aliasSet {
		for _, instr := range b.Instrs[i:] {
			for _, e := range ps.eventAt[instr] {
				if s.has(e.key) {
					if !seenEvent[e] {
						seenEvent[e] = true
						found = append(found, e)
					}
					return nil // the next pair starts from e itself
				}
			}
			s = ps.transfer(instr, s)
			if len(s) == 0 {
				return nil
			}
		}
		return s
	}
	enqueue := func(from *ssa.BasicBlock, s aliasSet) {
		for _, succ := range from.Succs {
			ns := ps.dropDead(ps.enterBlock(from, succ, s), succ)
			if len(ns) == 0 {
				continue
			}
			key := ns.String()
			if visited[succ] == nil {
				visited[succ] = make(map[string]bool)
			}
			if visited[succ][key] {
				continue
			}
			visited[succ][key] = true
			work = append(work, item{succ, ns})
		}
	}
	b := first.instr.Block()
	if s := walk(b, ps.index[first.instr]+1, start); s != nil {
		enqueue(b, s)
	}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if s := walk(it.b, 0, it.s); s != nil {
			enqueue(it.b, s)
		}
	}
	return found
}

// enterBlock updates the set for the phis of succ when the path comes from
// pred: a phi holds the ValueTask exactly when its edge from pred does.
func (ps *pathSearch) enterBlock(pred, succ *ssa.BasicBlock, s aliasSet) aliasSet {
	predIdx := slices.Index(succ.Preds, pred)
	for _, instr := range succ.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		id, ok := ps.m.ids[phi]
		if !ok {
			continue
		}
		if in, ok := ps.m.keyOfValue(phi.Edges[predIdx]); ok && s.has(in) {
			s = s.with(id)
		} else {
			s = s.without(id)
		}
	}
	return s
}

// transfer updates the set across one instruction.
func (ps *pathSearch) transfer(instr ssa.Instruction, s aliasSet) aliasSet {
	m := ps.m
	switch x := instr.(type) {
	case *ssa.Phi:
		return s // handled on entry to the block
	case *ssa.Store:
		k, ok := locOf(x.Addr)
		if !ok {
			return s
		}
		// A whole-struct store overwrites the fields inside it: each now
		// holds what the same field of the copied struct held, or nothing.
		src, isCopy := locKey{}, false
		if _, from, ok := structCopy(x); ok {
			src, isCopy = from, true
		}
		for _, inner := range m.innerLocs(k) {
			id, ok := m.ids[inner]
			if !ok {
				continue
			}
			rest, _ := inner.within(k)
			if from, ok := m.ids[locKey{src.base, src.path + rest}]; isCopy && ok && s.has(from) {
				s = s.with(id)
			} else {
				s = s.without(id)
			}
		}
		id, ok := m.ids[k]
		if !ok {
			return s
		}
		if v, ok := m.keyOfValue(x.Val); ok && s.has(v) {
			return s.with(id)
		}
		return s.without(id)
	case *ssa.UnOp, *ssa.Field:
		v := x.(ssa.Value)
		if id, ok := m.ids[v]; ok {
			if k, ok := loadedFrom(v); ok {
				if kid, ok := m.ids[k]; ok && s.has(kid) {
					return s.with(id)
				}
			}
			return s.without(id)
		}
		return s
	case ssa.CallInstruction:
		if v, ok := instr.(ssa.Value); ok {
			if id, ok := m.ids[v]; ok {
				s = s.without(id)
			}
		}
		return ps.clobber(x, s)
	case ssa.Value:
		if id, ok := m.ids[x]; ok {
			return s.without(id) // run again: a new ValueTask
		}
	}
	return s
}

// clobber drops the locations a call may overwrite: any outside the frame,
// and the captured variables of a closure that assigns them.
func (ps *pathSearch) clobber(ci ssa.CallInstruction, s aliasSet) aliasSet {
	common := ci.Common()
	if !common.IsInvoke() {
		if _, ok := valueTaskMethodOf(common.StaticCallee()); ok {
			return s
		}
		if _, ok := common.Value.(*ssa.Builtin); ok {
			return s
		}
	}
	for _, id := range s {
		k, ok := ps.m.locOfID(id)
		if !ok || k.local() {
			continue
		}
		if _, captured := k.base.(*ssa.FreeVar); captured {
			continue // a captured variable: only closures sharing it assign it
		}
		s = s.without(id)
	}
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		sum := ps.sums.of(mc.Fn.(*ssa.Function))
		for j, b := range mc.Bindings {
			if sum == nil || j >= len(sum.writesFreeVar) || sum.writesFreeVar[j] {
				if k, ok := locOf(b); ok {
					if id, ok := ps.m.ids[k]; ok {
						s = s.without(id)
					}
				}
			}
		}
	}
	return s
}

// recordUses notes the keys an instruction uses to carry a ValueTask on:
// a phi edge (used at the end of its predecessor), a store of it, a load
// from a location.
func (ps *pathSearch) recordUses(instr ssa.Instruction) {
	m := ps.m
	use := func(id int32, b *ssa.BasicBlock) { ps.useBlocks[id] = append(ps.useBlocks[id], b) }
	switch x := instr.(type) {
	case *ssa.Phi:
		for i, e := range x.Edges {
			if id, ok := m.keyOfValue(e); ok {
				use(id, x.Block().Preds[i])
			}
		}
	case *ssa.Store:
		if id, ok := m.keyOfValue(x.Val); ok {
			use(id, x.Block())
		}
	case *ssa.UnOp, *ssa.Field:
		if k, ok := loadedFrom(x.(ssa.Value)); ok {
			if id, ok := m.ids[k]; ok {
				use(id, x.Block())
			}
		}
	}
}

// dropDead removes from s the keys no use of which can follow the entry
// of b.
func (ps *pathSearch) dropDead(s aliasSet, b *ssa.BasicBlock) aliasSet {
	for _, id := range s {
		if !ps.liveAt(id)[b.Index] {
			s = s.without(id)
		}
	}
	return s
}

// liveAt returns the blocks at whose entry key id may still be used: those
// from which a use is reachable without running its definition again.
func (ps *pathSearch) liveAt(id int32) map[int]bool {
	if l, ok := ps.live[id]; ok {
		return l
	}
	def := ps.m.definingBlock(id)
	live := make(map[int]bool)
	work := append([]*ssa.BasicBlock(nil), ps.useBlocks[id]...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if live[b.Index] {
			continue
		}
		live[b.Index] = true
		if b == def {
			continue // entering it makes a new value
		}
		work = append(work, b.Preds...)
	}
	ps.live[id] = live
	return live
}
