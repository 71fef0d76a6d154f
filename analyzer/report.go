package analyzer

import (
	"go/ast"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// reporter sends diagnostics once per category and position, through the
// ignore directives, with ranges that cover the expression at fault. It
// holds them until flush, because one finding may be found once per
// ValueTask that reaches it, and its fix must make all of them reusable.
type reporter struct {
	pass    *analysis.Pass
	ignores *ignoreIndex
	seen    map[reportKey]*queued // nil: silenced by a directive
	queue   []*queued
	spans   map[*token.File]map[token.Pos]ast.Node
}

// queued is a finding waiting for flush, with the Preserve edits its fix
// needs: one per ValueTask that reaches it.
type queued struct {
	d         analysis.Diagnostic
	preserve  []preserveEdit
	unfixable bool // some ValueTask that reaches it has no mechanical fix
}

type reportKey struct {
	category string
	pos      token.Pos
}

func newReporter(pass *analysis.Pass) *reporter {
	return &reporter{pass: pass, ignores: newIgnoreIndex(pass), seen: make(map[reportKey]*queued), spans: make(map[*token.File]map[token.Pos]ast.Node)}
}

// report queues d, once per category and position, unless a directive
// silences it.
func (r *reporter) report(d analysis.Diagnostic) { r.enqueue(d) }

// enqueue queues d and returns its entry: the earlier one for a finding
// already queued at that place, nil for one a directive silences.
func (r *reporter) enqueue(d analysis.Diagnostic) *queued {
	start, end := r.span(d.Pos)
	k := reportKey{d.Category, start}
	if q, ok := r.seen[k]; ok {
		return q
	}
	if d.End == token.NoPos {
		d.Pos, d.End = start, end
	}
	if d.URL == "" {
		d.URL = categoryURL(d.Category)
	}
	for i, rel := range d.Related {
		if rel.End == token.NoPos {
			d.Related[i].Pos, d.Related[i].End = r.span(rel.Pos)
		}
	}
	if r.ignores.silences(d.Category, d.Pos) {
		r.seen[k] = nil
		return nil
	}
	q := &queued{d: d}
	r.seen[k] = q
	r.queue = append(r.queue, q)
	return q
}

// flush sends the queued findings in the order they were found, each with
// its fix. Findings about one ValueTask share the one edit that makes it
// reusable, which the first carries, so that applying all fixes never
// edits a place twice.
func (r *reporter) flush() {
	fixed := make(map[token.Pos]bool)
	params := mergeParams(r.queue)
	for _, q := range r.queue {
		if fix := preserveFix(q, params, fixed); fix != nil {
			q.d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		q.d.SuggestedFixes = slices.DeleteFunc(q.d.SuggestedFixes, func(f analysis.SuggestedFix) bool { return !r.editable(f) })
		r.pass.Report(q.d)
	}
	r.queue = nil
}

// editable reports whether every edit of fix is in a file as it is on
// disk: not in one cgo generated, nor behind a //line directive, where the
// offsets of the syntax are not those of the file a user edits.
func (r *reporter) editable(fix analysis.SuggestedFix) bool {
	for _, e := range fix.TextEdits {
		for _, pos := range []token.Pos{e.Pos, e.End} {
			if r.pass.Fset.PositionFor(pos, false) != r.pass.Fset.PositionFor(pos, true) {
				return false
			}
		}
	}
	return true
}

// where renders a position as file:line for messages.
func (r *reporter) where(pos token.Pos) string { return shortPosition(r.pass.Fset, pos) }

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
