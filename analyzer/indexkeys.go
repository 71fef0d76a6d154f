package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// A captured variable is memory: each read of it (*i) is an SSA value of
// its own, so xs[i] read twice would name two elements that may differ.
// A variable that holds one value for as long as it exists names one
// element however often it is read; indexKey gives every read of it one
// key, the variable's address. (When the address is made again, in a
// loop, the key is redefined, and the elements named by it are
// forgotten as for any other index value.)

// indexKey is the value that names the element or entry idx selects.
func (m *funcModel) indexKey(idx ssa.Value) ssa.Value {
	u, ok := idx.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return idx
	}
	switch u.X.(type) {
	case *ssa.Alloc, *ssa.FreeVar:
		if m.assignedOnce(u.X) {
			return u.X
		}
	}
	return idx
}

// assignedOnce reports whether the variable at addr (an Alloc, or a
// FreeVar that captures one) holds one value while it exists: it is
// stored at most once, in the block that makes it, and its address is
// only read and captured by literals that only read it.
func (m *funcModel) assignedOnce(addr ssa.Value) bool {
	if m.onceVars == nil {
		m.onceVars = make(map[ssa.Value]bool)
	}
	if v, ok := m.onceVars[addr]; ok {
		return v
	}
	ok := false
	switch a := addr.(type) {
	case *ssa.Alloc:
		ok = allocAssignedOnce(a)
	case *ssa.FreeVar:
		if b := bindingOf(a); b != nil {
			switch x := b.(type) {
			case *ssa.Alloc:
				ok = allocAssignedOnce(x)
			case *ssa.FreeVar:
				ok = m.assignedOnce(x)
			}
		}
	}
	m.onceVars[addr] = ok
	return ok
}

// allocAssignedOnce is assignedOnce for the function that declares the
// variable.
func allocAssignedOnce(a *ssa.Alloc) bool {
	if a.Block() == nil {
		return false
	}
	stores := 0
	for _, r := range *a.Referrers() {
		switch x := r.(type) {
		case *ssa.Store:
			if x.Addr != ssa.Value(a) || x.Val == ssa.Value(a) || x.Block() != a.Block() {
				return false
			}
			stores++
		default:
			if !onlyReads(r, a) {
				return false
			}
		}
	}
	return stores <= 1 && eachCapturedUse(a, func(fv *ssa.FreeVar, use ssa.Instruction) bool { return onlyReads(use, fv) })
}

// onlyReads reports whether use, a use of the variable at addr, only reads
// it: a load, a debug reference, or a capture by a literal (whose own
// uses eachCapturedUse visits).
func onlyReads(use ssa.Instruction, addr ssa.Value) bool {
	switch x := use.(type) {
	case *ssa.UnOp:
		return x.Op == token.MUL && x.X == addr
	case *ssa.DebugRef, *ssa.MakeClosure:
		return true
	}
	return false
}

// bindingOf returns what the literal's parent binds free variable fv to,
// when one MakeClosure makes the literal.
func bindingOf(fv *ssa.FreeVar) ssa.Value {
	lit := fv.Parent()
	if lit == nil || lit.Parent() == nil {
		return nil
	}
	k := -1
	for i, f := range lit.FreeVars {
		if f == fv {
			k = i
		}
	}
	var found ssa.Value
	for _, b := range lit.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == lit && k < len(mc.Bindings) {
				if found != nil && found != mc.Bindings[k] {
					return nil
				}
				found = mc.Bindings[k]
			}
		}
	}
	return found
}
