package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// element is one value stored into a slice (a variadic argument list or a
// slice literal) that a call receives.
type element struct {
	val   ssa.Value
	store *ssa.Store // nil when the value is passed as it is
}

// elementsOf returns the values a slice argument was built from in this
// function: the stores into a slice literal's or variadic call's array,
// through append, phis and local variables. A slice parameter stands for
// itself.
func (c *collector) elementsOf(v ssa.Value) []element {
	var out []element
	seen := make(map[ssa.Value]bool)
	var walk func(v ssa.Value)
	walk = func(v ssa.Value) {
		if seen[v] {
			return
		}
		seen[v] = true
		switch x := v.(type) {
		case *ssa.Slice:
			walk(x.X)
		case *ssa.Alloc, *ssa.MakeSlice:
			// A literal's or make's backing array: every element stored
			// through it, at constant or computed indexes.
			for _, r := range *x.Referrers() {
				ia, ok := r.(*ssa.IndexAddr)
				if !ok {
					continue
				}
				for _, rr := range *ia.Referrers() {
					if st, ok := rr.(*ssa.Store); ok && st.Addr == ia {
						out = append(out, element{val: st.Val, store: st})
					}
				}
			}
		case *ssa.Phi:
			for _, e := range x.Edges {
				walk(e)
			}
		case *ssa.Call:
			if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
				for _, a := range x.Call.Args {
					walk(a)
				}
			}
		case *ssa.UnOp:
			if k, ok := locOf(x.X); ok && x.Op == token.MUL {
				for _, st := range c.m.storesTo(k) {
					walk(st.Val)
				}
			}
		case *ssa.Parameter:
			out = append(out, element{val: x})
		}
	}
	walk(v)
	return out
}

// combinator records a call of WhenAll/WhenAny: every ValueTask among its
// inputs is handed off to it, and is a missing AsTask.
func (c *collector) combinator(ci ssa.CallInstruction, mode callMode, name string, args []ssa.Value) {
	for _, a := range args {
		inputs := c.inputs(a)
		c.awaitables(ci, inputs, name)
		for _, el := range inputs {
			if key, ok := c.m.keyOfValue(el.val); ok {
				c.add(mode.kind(), ci, key, token.NoPos, "passed to "+name)
			}
		}
	}
}

// inputs returns the values an argument hands over: itself, or for a slice
// the elements it was built from.
func (c *collector) inputs(arg ssa.Value) []element {
	if c.m.tracked[arg] {
		return []element{{val: arg}}
	}
	if _, ok := arg.Type().Underlying().(*types.Slice); ok {
		return c.elementsOf(arg)
	}
	return nil
}

// awaitables records, for the inputs of an argument that reaches WhenAll or
// WhenAny (directly, or through the named callee), every ValueTask it carries as
// an Awaitable: a missing AsTask where it was converted, or, for this
// function's own interface parameters, an effect for the summary.
func (c *collector) awaitables(ci ssa.CallInstruction, inputs []element, callee string) {
	for _, el := range inputs {
		key, ok := c.m.keyOfValue(el.val)
		if !ok {
			continue
		}
		root := rootOf(el.val)
		if p, ok := root.(*ssa.Parameter); ok && !isValueTask(p.Type()) {
			c.add(evWhenAll, ci, key, token.NoPos, callee)
			continue
		}
		if !isValueTask(root.Type()) && !c.m.tracked[root] {
			continue
		}
		if isPreserved(root) {
			continue
		}
		expr := conversionExpr(el.val)
		pos := token.NoPos
		switch {
		case expr != nil:
			pos = expr.Pos()
		case el.store != nil && el.store.Pos().IsValid():
			pos = el.store.Pos()
		}
		e := c.add(evWhenAll, ci, key, pos, callee)
		e.expr = expr
	}
}

// isPreserved reports whether v was made by Preserve, whose result may be
// consumed any number of times.
func isPreserved(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	name, ok := valueTaskMethodOf(call.Call.StaticCallee())
	return ok && name == "Preserve"
}

// conversionExpr returns the expression the user wrote where a ValueTask
// became an interface on its way into v: the DebugRef of the converted
// operand that comes last before the conversion in its block.
func conversionExpr(v ssa.Value) ast.Expr {
	for {
		mi, ok := v.(*ssa.MakeInterface)
		if !ok {
			switch x := v.(type) {
			case *ssa.ChangeInterface:
				v = x.X
				continue
			case *ssa.ChangeType:
				v = x.X
				continue
			}
			return nil
		}
		if !isValueTask(mi.X.Type()) {
			v = mi.X
			continue
		}
		b := mi.Block()
		idx := -1
		for i, instr := range b.Instrs {
			if instr == mi {
				idx = i
				break
			}
		}
		for i := idx - 1; i >= 0; i-- {
			if d, ok := b.Instrs[i].(*ssa.DebugRef); ok && d.X == mi.X && !d.IsAddr {
				return d.Expr
			}
		}
		return nil
	}
}
