package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// reporter sends diagnostics once per category and position, through the
// ignore directives.
type reporter struct {
	pass    *analysis.Pass
	ignores *ignoreIndex
	seen    map[reportKey]bool
}

type reportKey struct {
	category string
	pos      token.Pos
}

func newReporter(pass *analysis.Pass) *reporter {
	return &reporter{pass: pass, ignores: newIgnoreIndex(pass), seen: make(map[reportKey]bool)}
}

func (r *reporter) report(d analysis.Diagnostic) {
	k := reportKey{d.Category, d.Pos}
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	if d.URL == "" {
		d.URL = categoryURL(d.Category)
	}
	if r.ignores.silences(d.Category, d.Pos) {
		return
	}
	r.pass.Report(d)
}

// where renders a position as file:line for messages.
func (r *reporter) where(pos token.Pos) string {
	p := r.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func related(pos token.Pos, msg string) []analysis.RelatedInformation {
	if !pos.IsValid() {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: msg}}
}

// subject names the ValueTask of a key in messages.
func subject(m *funcModel, id int32) string {
	if name := m.nameOf(m.keyOf(id)); name != "" {
		return name
	}
	return "the ValueTask"
}

// originPos returns where the ValueTask of a key was made, if known.
func originPos(m *funcModel, id int32) token.Pos {
	switch k := m.keyOf(id).(type) {
	case ssa.Value:
		return k.Pos()
	case locKey:
		return k.base.Pos()
	}
	return token.NoPos
}

// pair reports that second can consume the ValueTask first consumed, on one
// path: a double await, or a concurrent one when a goroutine is involved.
func (r *reporter) pair(m *funcModel, first, second *event) {
	name := subject(m, first.key)
	if alt := subject(m, second.key); name == "the ValueTask" {
		name = alt
	}
	switch {
	case first == second && first.kind == evGo:
		r.report(analysis.Diagnostic{
			Pos: first.pos, Category: catConcurrentAwait,
			Message: fmt.Sprintf("concurrent await of %s: the goroutine is started in a loop, so several goroutines consume the same ValueTask", name),
			Related: related(first.stmt, "goroutine started here, in a loop"),
		})
	case first == second:
		r.report(analysis.Diagnostic{
			Pos: first.pos, Category: catDoubleAwait,
			Message: fmt.Sprintf("double await of %s: %s runs on every iteration of a loop, but %s was made before the loop", name, describe(first), name),
			Related: related(originPos(m, first.key), "made here, before the loop"),
		})
	case first.kind == evGo && second.kind == evGo:
		r.report(analysis.Diagnostic{
			Pos: second.pos, Category: catConcurrentAwait,
			Message: fmt.Sprintf("concurrent await of %s: consumed in this goroutine and in another one started at %s", name, r.where(first.stmt)),
			Related: related(first.pos, "also consumed in a goroutine here"),
		})
	case first.kind == evGo:
		r.report(analysis.Diagnostic{
			Pos: first.pos, Category: catConcurrentAwait,
			Message: fmt.Sprintf("concurrent await of %s: consumed in a goroutine that may run at the same time as %s at %s", name, describe(second), r.where(second.pos)),
			Related: related(second.pos, "also consumed here"),
		})
	case second.kind == evGo && first.kind == evDefer:
		r.report(analysis.Diagnostic{
			Pos: second.pos, Category: catConcurrentAwait,
			Message: fmt.Sprintf("concurrent await of %s: consumed in a goroutine that may run at the same time as the deferred %s at %s", name, first.what, r.where(first.pos)),
			Related: related(first.pos, "also consumed here, at return"),
		})
	case second.kind == evGo:
		r.report(analysis.Diagnostic{
			Pos: second.pos, Category: catDoubleAwait,
			Message: fmt.Sprintf("double await of %s: consumed in a goroutine after %s at %s", name, describe(first), r.where(first.pos)),
			Related: related(first.pos, "first consumed here"),
		})
	default:
		at, other := second, first
		if first.kind == evDefer {
			at, other = first, second // a deferred call runs at return, after the other
		}
		r.report(analysis.Diagnostic{
			Pos: at.pos, Category: catDoubleAwait,
			Message: fmt.Sprintf("double await of %s: %s, after %s at %s", name, describe(at), describe(other), r.where(other.pos)),
			Related: related(other.pos, "first consumed here"),
		})
	}
}

// describe says how an event uses the ValueTask, for messages.
func describe(e *event) string {
	s := e.what
	switch e.what {
	case "Await", "AsTask", "Preserve", "Result":
		s = e.what + "()"
	}
	if e.kind == evDefer {
		return "deferred " + s + " runs at return"
	}
	return s
}

// missingAsTask reports a ValueTask that reaches WhenAll or WhenAny as an
// Awaitable, with a fix that inserts AsTask() where the user wrote it.
func (r *reporter) missingAsTask(m *funcModel, e *event) {
	what, fixed := subject(m, e.key), "AsTask()"
	if e.expr != nil {
		what = types.ExprString(e.expr)
		fixed = what + ".AsTask()"
		if needsParens(e.expr) {
			fixed = "(" + what + ").AsTask()"
		}
	}
	d := analysis.Diagnostic{
		Pos: e.pos, Category: catMissingAsTask,
		Message: fmt.Sprintf("missing AsTask(): ValueTask %s reaches %s as an Awaitable; pass %s instead", what, e.what, fixed),
	}
	if e.instr.Pos().IsValid() && r.where(e.instr.Pos()) != r.where(e.pos) {
		d.Related = related(e.instr.Pos(), "reaches "+e.what+" here")
	}
	if e.expr != nil {
		d.End = e.expr.End()
		d.SuggestedFixes = []analysis.SuggestedFix{asTaskFix(e.expr)}
	}
	r.report(d)
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
