package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
)

// reporter sends diagnostics once per category and position, through the
// ignore directives, with ranges that cover the expression at fault.
type reporter struct {
	pass    *analysis.Pass
	ignores *ignoreIndex
	seen    map[reportKey]bool
	spans   map[*token.File]map[token.Pos]ast.Node
	// fixedAt holds the places a reported fix edits: findings about one
	// ValueTask share its one edit, which the first carries.
	fixedAt map[token.Pos]bool
}

type reportKey struct {
	category string
	pos      token.Pos
}

func newReporter(pass *analysis.Pass) *reporter {
	return &reporter{pass: pass, ignores: newIgnoreIndex(pass), seen: make(map[reportKey]bool), spans: make(map[*token.File]map[token.Pos]ast.Node), fixedAt: make(map[token.Pos]bool)}
}

// report sends d, once per category and position, unless a directive
// silences it; it reports whether d went out.
func (r *reporter) report(d analysis.Diagnostic) bool {
	start, end := r.span(d.Pos)
	k := reportKey{d.Category, start}
	if r.seen[k] {
		return false
	}
	r.seen[k] = true
	if d.End == token.NoPos {
		d.Pos, d.End = start, end
	}
	if d.URL == "" {
		d.URL = categoryURL(d.Category)
	}
	if r.ignores.silences(d.Category, d.Pos) {
		return false
	}
	r.pass.Report(d)
	return true
}

// where renders a position as file:line for messages.
func (r *reporter) where(pos token.Pos) string {
	p := r.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// span returns the source range of the construct an SSA position points
// into: the whole call for a call's parenthesis, the go or defer
// statement for its keyword, the send, return or assignment for theirs.
// A call that starts on an earlier line than its parenthesis (a method
// chain across lines) starts at the method's name, so the finding stays
// on the line of the call it is about.
func (r *reporter) span(pos token.Pos) (token.Pos, token.Pos) {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return pos, pos
	}
	idx, ok := r.spans[tf]
	if !ok {
		idx = r.indexFile(tf)
		r.spans[tf] = idx
	}
	n, ok := idx[pos]
	if !ok {
		return pos, pos
	}
	start := n.Pos()
	if call, ok := n.(*ast.CallExpr); ok && tf.Line(start) != tf.Line(call.Lparen) {
		start = call.Lparen
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && tf.Line(sel.Sel.Pos()) == tf.Line(call.Lparen) {
			start = sel.Sel.Pos()
		}
	}
	return start, n.End()
}

// indexFile maps the positions SSA gives instructions to the nodes they
// stand for, for one file.
func (r *reporter) indexFile(tf *token.File) map[token.Pos]ast.Node {
	idx := make(map[token.Pos]ast.Node)
	for _, f := range r.pass.Files {
		if r.pass.Fset.File(f.Pos()) != tf {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				idx[n.Lparen] = n
			case *ast.GoStmt:
				idx[n.Go] = n
			case *ast.DeferStmt:
				idx[n.Defer] = n
			case *ast.SendStmt:
				idx[n.Arrow] = n
			case *ast.ReturnStmt:
				idx[n.Return] = n
			case *ast.AssignStmt:
				if _, ok := idx[n.TokPos]; !ok {
					idx[n.TokPos] = n
				}
			case *ast.UnaryExpr:
				idx[n.OpPos] = n
			case *ast.CompositeLit:
				idx[n.Lbrace] = n
			}
			return true
		})
	}
	return idx
}

// nodeAt returns the AST node an SSA position stands for, if indexed.
func (r *reporter) nodeAt(pos token.Pos) ast.Node {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	if _, ok := r.spans[tf]; !ok {
		r.spans[tf] = r.indexFile(tf)
	}
	return r.spans[tf][pos]
}

func related(pos token.Pos, msg string) []analysis.RelatedInformation {
	if !pos.IsValid() {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: msg}}
}
