package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkResults reports Result() calls where the ValueTask is not known to
// be completed: Result does not wait, so on a pending ValueTask it returns
// ErrNotCompleted, a failure that only shows up when the operation is
// slow.
//
// "Known to be completed" is a forward must-analysis over the flows
// (flow.go): a place is completed on the true edge of its IsCompleted (and
// the like), on the false edge of the negation, after Await returns, when
// FromResult or FromError made it, or when it is the zero value; copies
// carry it, and whatever may overwrite a place forgets it. The facts of a
// block are those of every path into it. A load remembers which memory it
// read, so that checking xs[i].IsCompleted() also guards a later read of
// xs[i].
func checkResults(r *reporter, m *funcModel, sums *summaries) {
	var calls []*callSite
	for _, b := range m.fn.Blocks {
		if !m.reachable[b.Index] {
			continue
		}
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				if site := m.site(c); site.kind == siteMethod && site.method == methodResult {
					calls = append(calls, site)
				}
			}
		}
	}
	if len(calls) == 0 {
		return
	}
	g := &guards{m: m, sums: sums}
	g.solve()
	for _, site := range calls {
		b := site.instr.Block()
		st := g.in[b.Index].clone()
		for _, instr := range b.Instrs {
			if instr == site.instr {
				break
			}
			g.transfer(instr, st)
		}
		if st.complete(m, m.reg(site.recv)) {
			continue
		}
		name := m.nameOf(site.recv)
		if name == "" {
			name = "the ValueTask"
		}
		d := analysis.Diagnostic{
			Pos: site.instr.Pos(), Category: catUnguardedResult,
			Message: fmt.Sprintf("unguarded Result(): %s is not known to be completed here; check IsCompleted() first, or use Await", name),
		}
		if call, ok := r.nodeAt(site.instr.Pos()).(*ast.CallExpr); ok {
			d.SuggestedFixes = r.awaitFix(call)
		}
		r.report(d)
	}
}

// completion is what a point knows: the places known completed, and which
// registers hold what a memory place holds (from loads and stores).
type completion struct {
	top   bool // no path reaches here (yet): knows everything
	done  []placeID
	equal [][2]placeID // places that hold the same: a copy's source and destination
}

func (c *completion) clone() *completion {
	return &completion{top: c.top, done: slices.Clone(c.done), equal: slices.Clone(c.equal)}
}

func (c *completion) complete(m *funcModel, p placeID) bool {
	if c.top {
		return true
	}
	if _, ok := m.places.get(p).root.(*ssa.Const); ok {
		return true // the zero ValueTask is completed
	}
	_, ok := slices.BinarySearch(c.done, p)
	return ok
}

func (c *completion) markDone(p placeID) { c.done = insertSorted(c.done, p) }

// prove marks p completed, and every place known to hold the same
// ValueTask: through any chain of copies, and the parts of copied wholes
// (after t := s, proving s.a proves t.a). Completion belongs to the
// ValueTask, and once completed it stays so.
func (c *completion) prove(m *funcModel, p placeID) {
	work := []placeID{p}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if _, done := slices.BinarySearch(c.done, x); done {
			continue
		}
		c.markDone(x)
		for _, e := range c.equal {
			for k := 0; k < 2; k++ {
				if rest, ok := m.places.suffix(e[k], x); ok {
					work = append(work, m.places.extend(e[1-k], rest))
				}
			}
		}
	}
}

func (c *completion) forget(drop func(placeID) bool) {
	c.done = slices.DeleteFunc(c.done, drop)
	c.equal = slices.DeleteFunc(c.equal, func(e [2]placeID) bool { return drop(e[0]) || drop(e[1]) })
}

// meet keeps what both know.
func (c *completion) meet(o *completion) {
	if o.top {
		return
	}
	if c.top {
		*c = *o.clone()
		return
	}
	c.done = slices.DeleteFunc(c.done, func(p placeID) bool {
		_, ok := slices.BinarySearch(o.done, p)
		return !ok
	})
	c.equal = slices.DeleteFunc(c.equal, func(e [2]placeID) bool { return !slices.Contains(o.equal, e) })
}

func (c *completion) sameAs(o *completion) bool {
	return c.top == o.top && slices.Equal(c.done, o.done) && slices.Equal(c.equal, o.equal)
}

type guards struct {
	m    *funcModel
	sums *summaries
	in   []*completion
	out  []*completion
}

// solve computes the facts at every block's entry to a fixed point, in
// reverse postorder so facts flow forward in one sweep per loop nesting.
func (g *guards) solve() {
	blocks := g.m.fn.Blocks
	g.in = make([]*completion, len(blocks))
	g.out = make([]*completion, len(blocks))
	for i := range blocks {
		g.in[i], g.out[i] = &completion{top: true}, &completion{top: true}
	}
	order := reversePostorder(g.m.fn)
	for changed := true; changed; {
		changed = false
		for _, b := range order {
			in := &completion{top: true}
			if len(b.Preds) == 0 {
				in = &completion{}
			}
			for _, p := range b.Preds {
				in.meet(g.edge(p, b))
			}
			in.forget(func(p placeID) bool { return !g.m.liveness.liveAt(p, b) })
			g.in[b.Index] = in
			out := in.clone()
			for _, instr := range b.Instrs {
				g.transfer(instr, out)
			}
			if !out.sameAs(g.out[b.Index]) {
				g.out[b.Index] = out
				changed = true
			}
		}
	}
}

// edge is what holds on entry to succ from pred: pred's facts, what the
// branch proves, and the values the phis of succ take from pred.
func (g *guards) edge(pred, succ *ssa.BasicBlock) *completion {
	c := g.out[pred.Index].clone()
	if c.top {
		return c
	}
	if iff, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If); ok && len(pred.Succs) == 2 && pred.Succs[0] != pred.Succs[1] {
		proved, never := g.proves(iff.Cond, succ == pred.Succs[0], map[*ssa.Phi]bool{})
		if never {
			return &completion{top: true}
		}
		for _, p := range proved {
			c.prove(g.m, p)
		}
	}
	i := slices.Index(succ.Preds, pred)
	for _, instr := range succ.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if g.m.holds(phi) && c.complete(g.m, g.m.reg(phi.Edges[i])) {
			c.markDone(g.m.reg(phi))
		}
	}
	return c
}

// proves returns the places a branch condition proves completed when it
// has value want, and whether it can never have it.
func (g *guards) proves(cond ssa.Value, want bool, seen map[*ssa.Phi]bool) ([]placeID, bool) {
	switch c := cond.(type) {
	case *ssa.UnOp:
		if c.Op == token.NOT {
			return g.proves(c.X, !want, seen)
		}
	case *ssa.Const:
		if c.Value != nil && c.Value.Kind() == constant.Bool && constant.BoolVal(c.Value) != want {
			return nil, true
		}
	case *ssa.Call:
		if site := g.m.site(c); want && site.kind == siteMethod && site.method == methodQuery {
			return []placeID{g.m.reg(site.recv)}, false
		}
	case *ssa.Phi:
		// cond == want on a path means the edge it came by had that
		// value: what that proves, or what was known at the end of that
		// edge, holds on every edge. (The phis && and || leave when
		// their result is stored in a variable.)
		if seen[c] {
			return nil, false
		}
		seen[c] = true
		defer delete(seen, c)
		var all *completion
		for i, e := range c.Edges {
			pred := c.Block().Preds[i]
			here := g.out[pred.Index].clone()
			proved, never := g.proves(e, want, seen)
			if never {
				continue
			}
			for _, p := range proved {
				here.prove(g.m, p)
			}
			if all == nil {
				all = here
			} else {
				all.meet(here)
			}
		}
		if all == nil {
			return nil, true
		}
		if all.top {
			return nil, false
		}
		return all.done, false
	}
	return nil, false
}

// transfer applies one instruction's flows to the facts.
func (g *guards) transfer(instr ssa.Instruction, c *completion) {
	if c.top {
		return
	}
	m := g.m
	for _, f := range m.flowsOf(instr) {
		switch f.op {
		case opDefine:
			v := f.val
			c.forget(func(p placeID) bool { return slices.Contains(m.places.get(p).mentions, v) })
			if a, ok := v.(*ssa.Alloc); ok {
				// A new variable holds zero ValueTasks: completed.
				obj := m.places.child(m.reg(a), derefSel)
				for _, sels := range vtPaths(placeType(m.places.get(obj))) {
					c.markDone(m.places.extend(obj, sels))
				}
			}
		case opCopy:
			g.copy(f.dst, f.src, c)
		case opStore:
			c.forget(func(p placeID) bool { return m.mayOverlap(f.dst, p) })
			if f.src != noPlace {
				g.copy(f.dst, f.src, c)
			}
		case opKill:
			c.forget(func(p placeID) bool { return m.mayOverlap(f.dst, p) })
		case opCopyElems:
			c.forget(func(p placeID) bool { return m.places.within(p, f.dst) })
		case opHandOff:
			g.forgetReachable(m.reach(f.val), c)
		case opFresh:
			if f.fresh == freshCompleted {
				c.markDone(f.dst)
			}
		case opCall:
			g.call(f.site, c)
		}
	}
}

// copy: dst is completed where src is, and holds what src holds.
func (g *guards) copy(dst, src placeID, c *completion) {
	if src == noPlace {
		return
	}
	m := g.m
	for _, p := range slices.Clone(c.done) {
		if rest, ok := m.places.suffix(src, p); ok {
			c.markDone(m.places.extend(dst, rest))
		}
	}
	// One order per pair (a register first), so that joins match them.
	reg, mem := dst, src
	if m.places.get(dst).mem {
		reg, mem = src, dst
	}
	c.equal = append(c.equal, [2]placeID{reg, mem})
	slices.SortFunc(c.equal, func(a, b [2]placeID) int {
		if a[0] != b[0] {
			return int(a[0] - b[0])
		}
		return int(a[1] - b[1])
	})
	c.equal = slices.Compact(c.equal)
}

func (g *guards) forgetReachable(reach []placeID, c *completion) {
	m := g.m
	c.forget(func(p placeID) bool {
		if !m.places.get(p).mem {
			return false
		}
		for _, r := range reach {
			if m.places.within(p, r) {
				return true
			}
		}
		return false
	})
}

// call: Await completes its receiver; FromResult and FromError make
// completed ValueTasks; whatever a callee may overwrite is forgotten.
func (g *guards) call(site *callSite, c *completion) {
	m := g.m
	switch site.kind {
	case siteMethod:
		if site.method == methodAwait && site.mode == modeCall {
			c.prove(m, m.reg(site.recv))
		}
	case siteFromRuntime:
		if site.result != nil && (site.name == "FromResult" || site.name == "FromError") {
			c.markDone(m.reg(site.result))
		}
	case siteUnknown:
		for _, in := range site.inputs {
			g.forgetReachable(m.reach(in), c)
		}
		g.forgetGlobals(c)
	case siteCallee:
		sum := g.sums.of(site.callee)
		if sum == nil {
			for _, in := range site.inputs {
				g.forgetReachable(m.reach(in), c)
			}
			g.forgetGlobals(c)
			return
		}
		m.eachEffectPlace(site, g.sums, func(q placeID, eff *inputEffect) {
			if eff.bits&(effChange|effRenew|effDeep) != 0 {
				c.forget(func(p placeID) bool {
					rel, _ := m.matchPrefix(q, p)
					return rel != indexDistinct || m.mayOverlap(q, p) || m.places.within(p, q)
				})
			}
		})
		if sum.clobbersGlobals {
			g.forgetGlobals(c)
		}
	}
}

func (g *guards) forgetGlobals(c *completion) {
	c.forget(func(p placeID) bool {
		_, ok := g.m.places.get(p).root.(*ssa.Global)
		return ok
	})
}

// reversePostorder returns the function's blocks in reverse postorder from
// the entry, then any block no path reaches.
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
			post = append(post, b)
		}
	}
	slices.Reverse(post)
	return post
}
