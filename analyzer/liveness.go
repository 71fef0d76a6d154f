package analyzer

import (
	"encoding/binary"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// liveness knows, for each place, the blocks at whose entry it may still
// be used before its name is computed again. The instance search drops
// the places that are dead where it enters a block, so that a search
// covers the live range of a ValueTask and not the rest of the function:
// that keeps functions with thousands of ValueTasks linear. Dropping a
// dead place never changes a finding; keeping one only costs time.
type liveness struct {
	m        *funcModel
	live     map[placeID]liveBlocks
	shared   map[liveKey]liveBlocks
	rootUses map[ssa.Value]*uses // memory reached from a root value
	regUses  map[ssa.Value]*uses // a register
	marks    []bool              // scratch of compute, all false between calls
	// exitBlocks are where the function leaves (see exits), once known.
	exitBlocks []*ssa.BasicBlock
}

// liveBlocks are the indices of the blocks where a place is live, sorted,
// or nil for every block. A live range is short next to the function, so
// sets of indices keep the memory linear where a bit per block would not.
type liveBlocks []int32

// uses are the blocks where a value, or memory reached through it, is used;
// everywhere when a reference to that memory was stored away, so any later
// load may reach it.
type uses struct {
	blocks     []*ssa.BasicBlock
	everywhere bool
}

func newLiveness(m *funcModel) *liveness {
	return &liveness{m: m, live: make(map[placeID]liveBlocks), shared: make(map[liveKey]liveBlocks), rootUses: make(map[ssa.Value]*uses), regUses: make(map[ssa.Value]*uses)}
}

// liveAt reports whether place p may be used from the entry of block b on.
func (l *liveness) liveAt(p placeID, b *ssa.BasicBlock) bool {
	live, ok := l.live[p]
	if !ok {
		// Places with one root and the same values in their names (the
		// fields and elements of one variable) share their liveness.
		k := l.keyOf(p)
		if live, ok = l.shared[k]; !ok {
			live = l.compute(p)
			l.shared[k] = live
		}
		l.live[p] = live
	}
	if live == nil {
		return true
	}
	_, found := slices.BinarySearch(live, int32(b.Index))
	return found
}

// liveKey is what a place's liveness depends on.
type liveKey struct {
	root     ssa.Value
	mem      bool
	mentions string
}

func (l *liveness) keyOf(p placeID) liveKey {
	pi := l.m.places.get(p)
	var b []byte
	for _, v := range pi.mentions[1:] {
		b = binary.AppendUvarint(b, uint64(l.m.places.valueNum(v)))
	}
	return liveKey{pi.root, pi.mem, string(b)}
}

// compute returns the blocks where p is live, or nil for everywhere.
func (l *liveness) compute(p placeID) liveBlocks {
	pi := l.m.places.get(p)
	var u *uses
	if pi.mem {
		u = l.memoryUses(pi.root)
	} else {
		u = l.valueUses(pi.root)
	}
	if u.everywhere {
		return nil
	}
	// A block that computes a value the name depends on starts a new
	// meaning: the old one is dead at its entry.
	defs := make(map[*ssa.BasicBlock]bool)
	for _, v := range pi.mentions {
		if instr, ok := v.(ssa.Instruction); ok && instr.Block() != nil {
			defs[instr.Block()] = true
		}
	}
	if l.marks == nil {
		l.marks = make([]bool, len(l.m.fn.Blocks))
	}
	live := liveBlocks{}
	work := append([]*ssa.BasicBlock(nil), u.blocks...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if l.marks[b.Index] {
			continue
		}
		l.marks[b.Index] = true
		live = append(live, int32(b.Index))
		if defs[b] {
			continue
		}
		work = append(work, b.Preds...)
	}
	for _, i := range live {
		l.marks[i] = false
	}
	slices.Sort(live)
	return slices.Clip(live)
}

// valueUses are the blocks that use a register: its referrers, and for a
// phi operand the end of the predecessor it comes from.
func (l *liveness) valueUses(v ssa.Value) *uses {
	if u, ok := l.regUses[v]; ok {
		return u
	}
	u := &uses{}
	l.regUses[v] = u
	if refs := v.Referrers(); refs != nil {
		for _, r := range *refs {
			l.addUse(u, v, r)
		}
	}
	return u
}

// addUse adds to u the blocks where instruction r uses v: r's own, the
// end of the predecessor a phi operand comes from, and for a deferred call
// every block the function leaves by, where the call runs.
func (l *liveness) addUse(u *uses, v ssa.Value, r ssa.Instruction) {
	switch r := r.(type) {
	case *ssa.DebugRef:
		return
	case *ssa.Defer:
		u.blocks = append(u.blocks, l.exits()...)
	case *ssa.Phi:
		for i, e := range r.Edges {
			if e == v {
				u.blocks = append(u.blocks, r.Block().Preds[i])
			}
		}
		return
	}
	if r.Block() != nil {
		u.blocks = append(u.blocks, r.Block())
	}
}

// exits are the blocks that leave the function: by a return or a panic,
// or by running its deferred calls.
func (l *liveness) exits() []*ssa.BasicBlock {
	if l.exitBlocks == nil {
		l.exitBlocks = []*ssa.BasicBlock{}
		for _, b := range l.m.fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr.(type) {
				case *ssa.Return, *ssa.Panic, *ssa.RunDefers:
					l.exitBlocks = append(l.exitBlocks, b)
				}
			}
		}
		if r := l.m.fn.Recover; r != nil {
			l.exitBlocks = append(l.exitBlocks, r)
		}
	}
	return l.exitBlocks
}

// memoryUses are the blocks that use memory reached from root: every use
// of root and of the references derived from it (addresses of fields and
// elements, re-slices, conversions, pointers loaded from it, closures
// that capture it).
func (l *liveness) memoryUses(root ssa.Value) *uses {
	if u, ok := l.rootUses[root]; ok {
		return u
	}
	u := &uses{}
	l.rootUses[root] = u
	if _, ok := root.(*ssa.Global); ok {
		u.everywhere = true // every function may read a global
		return u
	}
	seen := make(map[ssa.Value]bool)
	var walk func(v ssa.Value)
	walk = func(v ssa.Value) {
		if seen[v] || u.everywhere {
			return
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			l.addUse(u, v, r)
			if st, ok := r.(*ssa.Store); ok && st.Val == v {
				u.everywhere = true // stored away: any later load may reach it
				return
			}
			if d, ok := r.(ssa.Value); ok && (isReference(d.Type()) || isRangeIter(d)) {
				walk(d)
			}
		}
	}
	walk(root)
	return u
}

// isReference reports whether values of type t refer to memory.
func isReference(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return true
	}
	return false
}

// isRangeIter reports whether v is a range loop's iterator over a map,
// which reads the map at every Next.
func isRangeIter(v ssa.Value) bool {
	_, ok := v.(*ssa.Range)
	return ok
}
