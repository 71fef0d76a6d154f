package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// consumption describes how an event uses a ValueTask, for messages.
type consumption struct {
	how    useKind
	name   string   // the method, callee, combinator or call it goes to
	inner  innerUse // what a callee, literal or loop body does with it inside
	target string   // useStore: where it is stored
}

// where renders a position as file:line, as messages name places.
func (m *funcModel) where(pos token.Pos) string { return shortPosition(m.fn.Prog.Fset, pos) }

// shortPosition renders a position as file:line, or "" for NoPos.
func shortPosition(fset *token.FileSet, pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// verbOf says what a use does to "it", for a caller's message:
// "awaits it", "stores it in q.items".
func verbOf(c consumption) string {
	switch c.how {
	case useMethod:
		switch c.name {
		case "Await":
			return "awaits it"
		case "AsTask":
			return "turns it into a Task with AsTask()"
		case "Preserve":
			return "calls Preserve() on it"
		case "Result":
			return "reads its Result()"
		}
		return "calls " + c.name + " on it"
	case useCall, useEscape, useLoopBody:
		if c.inner.verb != "" {
			return c.inner.verb
		}
		return "passes it to " + c.name
	case useUnknown:
		return "passes it to " + c.name
	case useSend:
		return "sends it on a channel"
	case useReturn:
		return "returns it"
	case useStore:
		if c.target != "" {
			return "stores it in " + c.target
		}
		return "stores it outside the function"
	case usePanic:
		return "passes it to panic"
	case useCombinator:
		return "passes it to " + c.name
	}
	return "consumes it"
}

const goroutineVerb = "hands it to a goroutine started"

// innerUseOf is how a caller describes a consumption inside this
// function: for a consumption through a callee, the callee's own
// consumption (a chain of helpers names the final one); for a goroutine,
// that a goroutine consumes it.
func (m *funcModel) innerUseOf(e *event) innerUse {
	if e.timing == inGoroutine {
		// What a goroutine does inside is its own affair: where it starts
		// is what the caller needs.
		stmt := e.stmt
		if !stmt.IsValid() {
			stmt = e.pos
		}
		u := m.innerAt(goroutineVerb, stmt)
		u.at = e.pos
		return u
	}
	u := m.innerAt(verbOf(e.use), e.pos)
	if e.use.inner.where != "" {
		u = e.use.inner
	}
	u.at = e.pos
	return u
}

// innerAt describes a use at pos.
func (m *funcModel) innerAt(verb string, pos token.Pos) innerUse {
	u := innerUse{verb: verb, where: m.where(pos), pos: pos}
	if pos.IsValid() {
		p := m.fn.Prog.Fset.Position(pos)
		u.file, u.line, u.col = p.Filename, p.Line, p.Column
	}
	return u
}

// describePlace names a memory place the way the source would: h.vt,
// q.items[0], *p.
func (m *funcModel) describePlace(p placeID) string {
	pi := m.places.get(p)
	var b strings.Builder
	b.WriteString(m.rootName(pi.root))
	t := pi.root.Type()
	derefs := 0
	sels := pi.sels
	if isVariable(pi.root) && len(sels) > 0 && sels[0].kind == selDeref {
		// A variable's own memory: v, not *v.
		t = selectType(t, sels[0])
		sels = sels[1:]
	}
	for _, s := range sels {
		switch s.kind {
		case selDeref:
			derefs++
		case selField:
			if st, ok := structOf(t); ok && s.field < st.NumFields() {
				b.WriteString("." + st.Field(s.field).Name())
			}
			derefs = 0
		case selIndex:
			switch s.ik {
			case idxConst:
				b.WriteString("[" + s.key + "]")
			case idxValue, idxRange:
				b.WriteString("[" + m.valueName(s.val) + "]")
			default:
				b.WriteString("[…]")
			}
			derefs = 0
		}
		if t != nil {
			t = selectType(t, s)
		}
	}
	if derefs > 0 && len(sels) > 0 && sels[len(sels)-1].kind == selDeref && !isBacked(lastBeforeDeref(pi)) {
		return strings.Repeat("*", derefs) + b.String()
	}
	return b.String()
}

// lastBeforeDeref is the type a place's final * selects from.
func lastBeforeDeref(pi *placeInfo) types.Type {
	t := pi.root.Type()
	for _, s := range pi.sels[:len(pi.sels)-1] {
		if t = selectType(t, s); t == nil {
			return nil
		}
	}
	return t
}

// isBacked reports whether t is a slice, map or channel: its memory is
// named by the value itself (q.items, not *q.items).
func isBacked(t types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Chan:
		return true
	}
	return false
}

// isVariable reports whether v is the address of a variable: a local one
// whose address is taken or that a literal captures, or a captured one.
func isVariable(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.Alloc:
		return x.Comment != "" && !strings.Contains(x.Comment, "lit") && x.Comment != "varargs" && x.Comment != "makeslice"
	case *ssa.FreeVar:
		_, ptr := x.Type().Underlying().(*types.Pointer)
		return ptr
	case *ssa.Global:
		return true
	}
	return false
}

func structOf(t types.Type) (*types.Struct, bool) {
	if t == nil {
		return nil, false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	s, ok := t.Underlying().(*types.Struct)
	return s, ok
}

// rootName names a place's root value: the variable it is, or what made
// it.
func (m *funcModel) rootName(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Alloc:
		if isVariable(x) {
			return x.Comment
		}
		if name := m.nameOf(x); name != "" {
			return name // h := &holder{...}: the pointer's variable
		}
		return "a local"
	}
	return m.valueName(v)
}

// valueName names a value by the variable or expression it came from.
func (m *funcModel) valueName(v ssa.Value) string {
	if name := m.nameOf(v); name != "" {
		return name
	}
	return "…"
}

// nameOf returns the source name of the variable holding v, or the call
// that made it when short, or "".
func (m *funcModel) nameOf(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Parameter:
		if m.fn.Synthetic == "" {
			return x.Name() // (a range-over-func body's are arg0...: see the DebugRefs)
		}
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.Global:
		return x.Name()
	}
	if m.debug == nil {
		m.debug = make(map[ssa.Value][]*ssa.DebugRef)
		for _, b := range m.fn.Blocks {
			for _, instr := range b.Instrs {
				if d, ok := instr.(*ssa.DebugRef); ok {
					m.debug[d.X] = append(m.debug[d.X], d)
				}
			}
		}
	}
	expr := ""
	for _, d := range m.debug[v] {
		if d.IsAddr {
			continue
		}
		if obj, isVar := d.Object().(*types.Var); isVar && !obj.IsField() {
			return obj.Name()
		}
		if s := types.ExprString(d.Expr); expr == "" && len(s) <= 40 {
			expr = s
		}
	}
	if expr == "" {
		if p, ok := v.(*ssa.Parameter); ok {
			return p.Name()
		}
	}
	return expr
}
