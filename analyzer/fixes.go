package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
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

// reportWithPreserve reports a double or concurrent consumption with the
// fix that makes the ValueTask of origin o reusable where it is made, once
// per place: several findings about one ValueTask share one edit, which
// only the first reported carries.
func (r *reporter) reportWithPreserve(d analysis.Diagnostic, m *funcModel, o origin) {
	fix, at := r.preserveEdit(m, o)
	if fix != nil && !r.fixedAt[at] {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	} else {
		fix = nil
	}
	if r.report(d) && fix != nil {
		r.fixedAt[at] = true
	}
}

func (r *reporter) preserveEdit(m *funcModel, o origin) (*analysis.SuggestedFix, token.Pos) {
	if len(o.held) != 1 || o.consumedBy != nil {
		return nil, token.NoPos
	}
	pi := m.places.get(o.held[0])
	if pi.mem || len(pi.sels) != 0 || !isValueTask(pi.root.Type()) {
		return nil, token.NoPos
	}
	switch v := pi.root.(type) {
	case *ssa.Call:
		if o.instr != ssa.Instruction(v) {
			return nil, token.NoPos
		}
		call, name := r.boundCall(v)
		if call == nil {
			return nil, token.NoPos
		}
		return &analysis.SuggestedFix{
			Message:   "Preserve() " + name + " to await it more than once",
			TextEdits: []analysis.TextEdit{{Pos: call.End(), End: call.End(), NewText: []byte(".Preserve()")}},
		}, call.End()
	case *ssa.Parameter:
		if o.instr != nil || v.Object() == nil || v.Name() == "_" {
			return nil, token.NoPos
		}
		body := funcBody(m.fn)
		if body == nil || len(body.List) == 0 {
			return nil, token.NoPos
		}
		first := body.List[0].Pos()
		indent := strings.Repeat("\t", max(r.pass.Fset.Position(first).Column-1, 0))
		return &analysis.SuggestedFix{
			Message:   "Preserve() " + v.Name() + " to await it more than once",
			TextEdits: []analysis.TextEdit{{Pos: first, End: first, NewText: []byte(v.Name() + " = " + v.Name() + ".Preserve()\n" + indent)}},
		}, first
	}
	return nil, token.NoPos
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
