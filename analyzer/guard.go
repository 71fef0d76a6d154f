package analyzer

import (
	"fmt"
	"go/constant"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// resultCall is a call of Result() on a tracked ValueTask.
type resultCall struct {
	call  *ssa.Call
	class int32
	key   int32
}

// checkResults reports Result() calls where the ValueTask is not known to be
// completed: Result does not wait, so on a pending ValueTask it returns
// ErrNotCompleted, a failure that only shows up when the operation is slow.
//
// "Known to be completed" is a forward must-analysis over the control-flow
// graph: a ValueTask is completed on the true edge of its IsCompleted (and
// the like), on the false edge of the negation, and after Await returns;
// the facts of a block are those of all paths into it.
func checkResults(r *reporter, m *funcModel) {
	var calls []resultCall
	bit := make(map[int32]uint)
	for _, b := range m.fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			name, recv := methodCall(call.Common())
			if name != "Result" {
				continue
			}
			key, ok := m.keyOfValue(recv)
			if !ok || m.knownComplete(recv, make(map[ssa.Value]bool)) {
				continue
			}
			cls := m.find(key)
			if _, ok := bit[cls]; !ok {
				if len(bit) == 64 {
					continue // beyond 64 guarded ValueTasks in one function: stay silent
				}
				bit[cls] = uint(len(bit))
			}
			calls = append(calls, resultCall{call: call, class: cls, key: key})
		}
	}
	if len(calls) == 0 {
		return
	}
	in := completedOnEntry(m, bit)
	for _, rc := range calls {
		b := rc.call.Block()
		state := in[b.Index]
		for _, instr := range b.Instrs {
			if instr == rc.call {
				break
			}
			state |= awaitedBy(m, bit, instr)
		}
		if state&(1<<bit[rc.class]) != 0 {
			continue
		}
		name := subject(m, rc.key)
		r.report(analysis.Diagnostic{
			Pos: rc.call.Pos(), Category: catUnguardedResult,
			Message: fmt.Sprintf("unguarded Result(): %s is not known to be completed here; check IsCompleted() first, or use Await", name),
		})
	}
}

// methodCall returns the ValueTask method a call invokes and its receiver.
func methodCall(common *ssa.CallCommon) (string, ssa.Value) {
	if common.IsInvoke() {
		return common.Method.Name(), common.Value
	}
	if name, ok := valueTaskMethodOf(common.StaticCallee()); ok {
		return name, common.Args[0]
	}
	return "", nil
}

// completedOnEntry computes, per block, the set (as bits) of ValueTasks
// completed on every path into the block. Blocks are visited in reverse
// postorder, so facts flow forward in one sweep and loops add a sweep per
// nesting level, not one per block.
func completedOnEntry(m *funcModel, bit map[int32]uint) []uint64 {
	blocks := m.fn.Blocks
	in := make([]uint64, len(blocks))
	out := make([]uint64, len(blocks))
	gen := make([]uint64, len(blocks))
	for _, b := range blocks {
		in[b.Index], out[b.Index] = ^uint64(0), ^uint64(0)
		for _, instr := range b.Instrs {
			gen[b.Index] |= awaitedBy(m, bit, instr)
		}
	}
	order := reversePostorder(m.fn)
	for changed := true; changed; {
		changed = false
		for _, b := range order {
			var s uint64
			if len(b.Preds) == 0 {
				s = 0 // the entry block, and the recover block
			} else {
				s = ^uint64(0)
				for _, p := range b.Preds {
					s &= edgeFacts(m, bit, p, b, out)
				}
			}
			in[b.Index] = s
			if s |= gen[b.Index]; s != out[b.Index] {
				out[b.Index] = s
				changed = true
			}
		}
	}
	return in
}

// reversePostorder returns the function's blocks in reverse postorder from
// the entry, then the recover block and any other block no path reaches.
func reversePostorder(fn *ssa.Function) []*ssa.BasicBlock {
	seen := make([]bool, len(fn.Blocks))
	post := make([]*ssa.BasicBlock, 0, len(fn.Blocks))
	type frame struct {
		b    *ssa.BasicBlock
		next int
	}
	for _, root := range fn.Blocks {
		if seen[root.Index] || (root.Index != 0 && len(root.Preds) > 0) {
			continue
		}
		seen[root.Index] = true
		stack := []frame{{b: root}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(top.b.Succs) {
				succ := top.b.Succs[top.next]
				top.next++
				if !seen[succ.Index] {
					seen[succ.Index] = true
					stack = append(stack, frame{b: succ})
				}
				continue
			}
			post = append(post, top.b)
			stack = stack[:len(stack)-1]
		}
	}
	for _, b := range fn.Blocks {
		if !seen[b.Index] {
			post = append(post, b) // unreachable cycles: visited last, facts stay at the top
		}
	}
	slices.Reverse(post)
	return post
}

// edgeFacts adds what the branch from pred to succ proves.
func edgeFacts(m *funcModel, bit map[int32]uint, pred, succ *ssa.BasicBlock, out []uint64) uint64 {
	facts := out[pred.Index]
	iff, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
	if !ok || len(pred.Succs) != 2 || pred.Succs[0] == pred.Succs[1] {
		return facts
	}
	g := guardProof{m: m, bit: bit, out: out, seen: make(map[*ssa.Phi]bool)}
	return facts | g.proves(iff.Cond, succ == pred.Succs[0])
}

// guardProof computes which ValueTasks a branch condition proves completed
// when it has a given value.
type guardProof struct {
	m    *funcModel
	bit  map[int32]uint
	out  []uint64
	seen map[*ssa.Phi]bool
}

// proves returns the bits of the ValueTasks known completed when cond
// evaluates to want: v.IsCompleted() and the like, their negation, and the
// phis that && and || leave when their result is stored in a variable.
func (g *guardProof) proves(cond ssa.Value, want bool) uint64 {
	switch c := cond.(type) {
	case *ssa.UnOp:
		if c.Op == token.NOT {
			return g.proves(c.X, !want)
		}
	case *ssa.Const:
		if c.Value != nil && constant.BoolVal(c.Value) != want {
			return ^uint64(0) // this edge is never taken with that value
		}
	case *ssa.Call:
		name, recv := methodCall(c.Common())
		if !want || recv == nil || valueTaskMethod(name) != queryMethod {
			return 0
		}
		if key, ok := g.m.keyOfValue(recv); ok {
			if b, ok := g.bit[g.m.find(key)]; ok {
				return 1 << b
			}
		}
	case *ssa.Phi:
		// cond == want on a path means the incoming value of the edge it
		// came by had that value: what that proves, or what was already
		// known at the end of that edge, holds on every edge.
		if g.seen[c] {
			return 0
		}
		g.seen[c] = true
		defer delete(g.seen, c)
		all := ^uint64(0)
		for i, e := range c.Edges {
			pred := c.Block().Preds[i]
			all &= g.proves(e, want) | g.out[pred.Index]
		}
		return all
	}
	return 0
}

// awaitedBy returns the bit of a ValueTask that Await completes.
func awaitedBy(m *funcModel, bit map[int32]uint, instr ssa.Instruction) uint64 {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return 0
	}
	name, recv := methodCall(call.Common())
	if name != "Await" {
		return 0
	}
	if key, ok := m.keyOfValue(recv); ok {
		if b, ok := bit[m.find(key)]; ok {
			return 1 << b
		}
	}
	return 0
}

// knownComplete reports whether v holds a ValueTask that is completed by
// construction: FromResult, FromError, or the zero value.
func (m *funcModel) knownComplete(v ssa.Value, seen map[ssa.Value]bool) bool {
	v = rootOf(v)
	if seen[v] {
		return true // a cycle through phis adds nothing
	}
	seen[v] = true
	switch x := v.(type) {
	case *ssa.Const:
		return true
	case *ssa.Call:
		switch runtimeFunc(x.Call.StaticCallee()) {
		case "FromResult", "FromError":
			return true
		}
	case *ssa.Phi:
		for _, e := range x.Edges {
			if !m.knownComplete(e, seen) {
				return false
			}
		}
		return true
	case *ssa.UnOp, *ssa.Field:
		k, ok := loadedFrom(x)
		if !ok || !k.local() {
			return false
		}
		for _, st := range m.storesTo(k) {
			if !m.knownComplete(st.Val, seen) {
				return false
			}
		}
		return true
	}
	return false
}
