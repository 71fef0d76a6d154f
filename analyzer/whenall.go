package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// missingAsTask reports a ValueTask that reaches WhenAll or WhenAny as an
// Awaitable, at the conversion where it became one, with a fix that
// inserts AsTask() where the user wrote the ValueTask.
func (r *reporter) missingAsTask(m *funcModel, conv *ssa.MakeInterface, e *event) {
	expr := conversionExpr(conv)
	what, fixed := "", "AsTask()"
	pos := conv.Pos()
	if expr != nil {
		what = types.ExprString(expr)
		fixed = what + ".AsTask()"
		if needsParens(expr) {
			fixed = "(" + what + ").AsTask()"
		}
		pos = expr.Pos()
	} else if name := m.nameOf(conv.X); name != "" {
		what = name
	}
	if !pos.IsValid() {
		pos = e.pos
	}
	if what == "" {
		what = "the ValueTask"
	}
	d := analysis.Diagnostic{
		Pos: pos, Category: catMissingAsTask,
		Message: fmt.Sprintf("missing AsTask(): ValueTask %s reaches %s as an Awaitable; pass %s instead", what, r.reachedName(e), fixed),
	}
	if e.pos.IsValid() && r.where(e.pos) != r.where(pos) {
		d.Related = related(e.pos, "reaches "+r.reachedName(e)+" here")
	}
	if expr != nil {
		d.End = expr.End()
		d.SuggestedFixes = []analysis.SuggestedFix{asTaskFix(expr)}
	}
	r.report(d)
}

// reachedName names the combinator, or the function that hands its
// argument to one.
func (r *reporter) reachedName(e *event) string {
	if e.use.name != "" {
		return e.use.name
	}
	return "WhenAll"
}

// conversionExpr returns the expression the user wrote where a ValueTask
// became an interface: the DebugRef of the converted operand that comes
// last before the conversion in its block.
func conversionExpr(mi *ssa.MakeInterface) ast.Expr {
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

// asTaskFix inserts .AsTask() after expr, parenthesized where needed.
func asTaskFix(expr ast.Expr) analysis.SuggestedFix {
	edits := []analysis.TextEdit{{Pos: expr.End(), End: expr.End(), NewText: []byte(".AsTask()")}}
	if needsParens(expr) {
		edits = []analysis.TextEdit{
			{Pos: expr.Pos(), End: expr.Pos(), NewText: []byte("(")},
			{Pos: expr.End(), End: expr.End(), NewText: []byte(").AsTask()")},
		}
	}
	return analysis.SuggestedFix{Message: "Insert AsTask()", TextEdits: edits}
}

// needsParens reports whether a method call on expr needs it parenthesized
// (*p.AsTask() would call AsTask on p).
func needsParens(expr ast.Expr) bool {
	switch expr.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.ParenExpr, *ast.CompositeLit:
		return false
	}
	return true
}
