package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// The mechanical repairs, one per finding where there is one:
//
//   - double-await and concurrent-await: make the ValueTask reusable where
//     it is made. A call whose result this function binds to a variable
//     (v := Get(ctx)) gets .Preserve(); a parameter gets v = v.Preserve()
//     as the function's first statement. Preserve returns a ValueTask of
//     the same type that may be awaited any number of times, from any
//     goroutines (at the cost of a Task when the operation is pending).
//     There is no fix for a ValueTask from a field, a container or a
//     callee's result used inside an expression, nor for one that came
//     from another function.
//   - unguarded-result: Result() becomes Await(ctx), which has the same
//     results and waits, when exactly one context.Context is in scope.
//   - missing-astask: see whenall.go.

// attachPreserve notes on a queued double or concurrent consumption the
// edit that makes the ValueTask of origin o reusable where it is made;
// flush turns the edits of all the origins that reach one finding into its
// fix, or gives it none when one of them has no mechanical fix.
func (r *reporter) attachPreserve(q *queued, m *funcModel, o origin) {
	e, ok := r.preserveEdit(m, o)
	if !ok {
		q.unfixable = true
		return
	}
	if !slices.ContainsFunc(q.preserve, func(x preserveEdit) bool { return x.edit.Pos == e.edit.Pos && x.param == e.param }) {
		q.preserve = append(q.preserve, e)
	}
}

// preserveEdit is the edit that makes one ValueTask reusable where it is
// made: .Preserve() after the call that makes it, or, for a parameter,
// v = v.Preserve() before the function's first statement. The edits for
// the parameters of one function make one edit there (see mergeParams).
type preserveEdit struct {
	names []string // the variables that hold the ValueTasks
	param int      // the parameter's index; -1 for a call
	edit  analysis.TextEdit
}

// preserveFix returns the fix of a queued finding: the Preserve edits it
// needs that no earlier finding carries (recorded in fixed).
func preserveFix(q *queued, params map[token.Pos]preserveEdit, fixed map[token.Pos]bool) *analysis.SuggestedFix {
	if q.unfixable {
		return nil
	}
	var names []string
	var edits []analysis.TextEdit
	for _, e := range q.preserve {
		if e.param >= 0 {
			e = params[e.edit.Pos]
		}
		if fixed[e.edit.Pos] {
			continue
		}
		fixed[e.edit.Pos] = true
		names = append(names, e.names...)
		edits = append(edits, e.edit)
	}
	switch len(names) {
	case 0:
		return nil
	case 1:
		return &analysis.SuggestedFix{Message: "Preserve() " + names[0] + " to await it more than once", TextEdits: edits}
	}
	return &analysis.SuggestedFix{Message: "Preserve() " + strings.Join(names, " and ") + " to await them more than once", TextEdits: edits}
}

// mergeParams returns, per function, the one edit that preserves all of
// its parameters that some fixable finding needs, in parameter order, so
// that the fixes of two findings never insert at one place.
func mergeParams(queue []*queued) map[token.Pos]preserveEdit {
	byPos := make(map[token.Pos][]preserveEdit)
	for _, q := range queue {
		if q.unfixable {
			continue
		}
		for _, e := range q.preserve {
			if e.param >= 0 && !slices.ContainsFunc(byPos[e.edit.Pos], func(x preserveEdit) bool { return x.param == e.param }) {
				byPos[e.edit.Pos] = append(byPos[e.edit.Pos], e)
			}
		}
	}
	merged := make(map[token.Pos]preserveEdit)
	for pos, es := range byPos {
		slices.SortFunc(es, func(a, b preserveEdit) int { return a.param - b.param })
		m := es[0]
		m.names, m.edit.NewText = nil, nil
		for _, e := range es {
			m.names = append(m.names, e.names...)
			m.edit.NewText = append(m.edit.NewText, e.edit.NewText...)
		}
		merged[pos] = m
	}
	return merged
}

func (r *reporter) preserveEdit(m *funcModel, o origin) (preserveEdit, bool) {
	if len(o.held) != 1 || o.consumedBy != nil {
		return preserveEdit{}, false
	}
	pi := m.places.get(o.held[0])
	if pi.mem || len(pi.sels) != 0 || !isValueTask(pi.root.Type()) {
		return preserveEdit{}, false
	}
	switch v := pi.root.(type) {
	case *ssa.Call:
		if o.instr != ssa.Instruction(v) {
			return preserveEdit{}, false
		}
		call, name := r.boundCall(v)
		if call == nil {
			return preserveEdit{}, false
		}
		return preserveEdit{[]string{name}, -1, analysis.TextEdit{Pos: call.End(), End: call.End(), NewText: []byte(".Preserve()")}}, true
	case *ssa.Parameter:
		if o.instr != nil || v.Object() == nil || v.Name() == "_" {
			return preserveEdit{}, false
		}
		body := funcBody(m.fn)
		if body == nil || len(body.List) == 0 {
			return preserveEdit{}, false
		}
		first := body.List[0].Pos()
		indent := strings.Repeat("\t", max(r.pass.Fset.Position(first).Column-1, 0))
		return preserveEdit{[]string{v.Name()}, slices.Index(m.fn.Params, v), analysis.TextEdit{Pos: first, End: first, NewText: []byte(v.Name() + " = " + v.Name() + ".Preserve()\n" + indent)}}, true
	}
	return preserveEdit{}, false
}

// boundCall returns the call that made v when the source binds its result
// to a local variable of its own (v := Get(ctx), v = Get(ctx), var v =
// Get(ctx)), with that variable's name.
func (r *reporter) boundCall(v *ssa.Call) (*ast.CallExpr, string) {
	call, ok := r.nodeAt(v.Pos()).(*ast.CallExpr)
	if !ok {
		return nil, ""
	}
	file := r.fileOf(call.Pos())
	if file == nil {
		return nil, ""
	}
	path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
	// path[0] is the call; skip parentheses around it.
	i := 1
	for i < len(path) {
		if _, ok := path[i].(*ast.ParenExpr); !ok {
			break
		}
		i++
	}
	if i >= len(path) {
		return nil, ""
	}
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch s := path[i].(type) {
	case *ast.AssignStmt:
		lhs, rhs = s.Lhs, s.Rhs
	case *ast.ValueSpec:
		for _, n := range s.Names {
			lhs = append(lhs, n)
		}
		rhs = s.Values
	default:
		return nil, ""
	}
	if len(lhs) != len(rhs) {
		return nil, ""
	}
	for k, e := range rhs {
		if ast.Unparen(e) != ast.Expr(call) {
			continue
		}
		id, ok := ast.Unparen(lhs[k]).(*ast.Ident)
		if !ok || id.Name == "_" {
			return nil, ""
		}
		obj, ok := r.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok || obj.IsField() || obj.Parent() == r.pass.Pkg.Scope() || !isValueTask(obj.Type()) {
			return nil, ""
		}
		return call, id.Name
	}
	return nil, ""
}

// fileOf returns the syntax of the file that holds pos.
func (r *reporter) fileOf(pos token.Pos) *ast.File {
	for _, f := range r.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// funcBody returns the body of a function's syntax.
func funcBody(fn *ssa.Function) *ast.BlockStmt {
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		return s.Body
	case *ast.FuncLit:
		return s.Body
	}
	return nil
}

// awaitFix replaces Result() with Await(ctx) when exactly one
// context.Context variable (a parameter or a local) is in scope there.
func (r *reporter) awaitFix(call *ast.CallExpr) []analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Result" || len(call.Args) != 0 {
		return nil
	}
	ctx := r.onlyContextAt(call.Pos())
	if ctx == "" {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   "Await(" + ctx + ") instead: it waits for the result",
		TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: call.End(), NewText: []byte("Await(" + ctx + ")")}},
	}}
}

// onlyContextAt returns the name of the one context.Context parameter or
// local in scope at pos, or "" when there is none or more than one.
func (r *reporter) onlyContextAt(pos token.Pos) string {
	pkg := r.pass.Pkg.Scope()
	inner := pkg.Innermost(pos)
	found := ""
	seen := make(map[string]bool)
	for s := inner; s != nil && s != pkg && s != types.Universe; s = s.Parent() {
		for _, name := range s.Names() {
			if seen[name] {
				continue // shadowed by an inner one
			}
			seen[name] = true
			obj, ok := s.Lookup(name).(*types.Var)
			if !ok || !isContext(obj.Type()) || obj.Pos() > pos {
				continue
			}
			if _, o := inner.LookupParent(name, pos); o != obj {
				continue
			}
			if found != "" {
				return "" // more than one: which is meant is not mechanical
			}
			found = name
		}
	}
	return found
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}
