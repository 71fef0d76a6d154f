package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// checkUnconsumed reports calls whose ValueTask result is dropped: a call
// used as a statement, assigned to _, or run by go or defer. Nothing can
// ever consume such a ValueTask, so its operation's result (and error) is
// lost, and a pooled source it points to is never released for reuse.
func checkUnconsumed(pass *analysis.Pass, r *reporter) {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ExprStmt:
				r.dropped(n.X, "used as a statement")
			case *ast.GoStmt:
				r.dropped(n.Call, "started with go")
			case *ast.DeferStmt:
				r.dropped(n.Call, "deferred")
			case *ast.AssignStmt:
				if len(n.Rhs) == 1 && len(n.Lhs) > 1 {
					for i, lhs := range n.Lhs {
						if isBlank(lhs) {
							r.droppedResult(n.Rhs[0], i)
						}
					}
					return true
				}
				for i, lhs := range n.Lhs {
					if isBlank(lhs) && i < len(n.Rhs) {
						r.dropped(n.Rhs[i], "assigned to _")
					}
				}
			case *ast.ValueSpec:
				if len(n.Values) == 1 && len(n.Names) > 1 {
					for i, id := range n.Names {
						if id.Name == "_" {
							r.droppedResult(n.Values[0], i)
						}
					}
					return true
				}
				for i, id := range n.Names {
					if id.Name == "_" && i < len(n.Values) {
						r.dropped(n.Values[i], "assigned to _")
					}
				}
			}
			return true
		})
	}
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// dropped reports e if it is a call whose results include a ValueTask.
func (r *reporter) dropped(e ast.Expr, how string) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || isPreserveExpr(r.pass, call) {
		return
	}
	switch t := r.pass.TypesInfo.TypeOf(call).(type) {
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			if isValueTask(t.At(i).Type()) {
				r.reportDropped(call, how)
				return
			}
		}
	default:
		if t != nil && isValueTask(t) {
			r.reportDropped(call, how)
		}
	}
}

// droppedResult reports e if result i of the call e is a ValueTask.
func (r *reporter) droppedResult(e ast.Expr, i int) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return
	}
	if t, ok := r.pass.TypesInfo.TypeOf(call).(*types.Tuple); ok && i < t.Len() && isValueTask(t.At(i).Type()) {
		r.reportDropped(call, "assigned to _")
	}
}

func (r *reporter) reportDropped(call *ast.CallExpr, how string) {
	r.report(analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: catUnconsumed,
		Message: fmt.Sprintf("unconsumed ValueTask: the result of %s is %s, so it is never awaited", callName(call), how),
	})
}

// isPreserveExpr reports whether call is v.Preserve() (also through a
// *ValueTask): dropping its result is allowed.
func isPreserveExpr(pass *analysis.Pass, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Preserve" {
		return false
	}
	t := pass.TypesInfo.TypeOf(sel.X)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return isValueTask(t)
}

// callName renders the called function of a call for messages.
func callName(call *ast.CallExpr) string {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	return types.ExprString(fun) + "()"
}
