package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// ignoreDirective is the comment that silences findings:
//
//	//valuetask:ignore [CATEGORIES] REASON
//
// CATEGORIES is an optional comma-separated list of categories (the first
// word is one when every item of it is a category); without it the
// directive covers every category. As a trailing comment it covers its own
// line; on a line of its own it covers the statement that starts on the
// next line of code, all of its lines. The reason is required: a directive
// without one silences nothing. A directive without a reason, and one that
// silenced nothing, are reported as ignore-directive; those findings cannot
// be silenced themselves.
const ignoreDirective = "//valuetask:ignore"

// directive is one //valuetask:ignore comment.
type directive struct {
	comment    *ast.Comment
	from, to   int      // the lines it covers
	ownLine    bool     // on a line of its own, not trailing code
	statement  bool     // it covers a statement (ownLine only)
	categories []string // nil: every category
	hasReason  bool
	used       bool // it silenced a finding
}

// ignoreIndex holds the directives of a package and what they silenced.
type ignoreIndex struct {
	pass   *analysis.Pass
	dirs   []*directive
	byFile map[*token.File][]*directive
}

// newIgnoreIndex collects the directives of the package's files.
func newIgnoreIndex(pass *analysis.Pass) *ignoreIndex {
	idx := &ignoreIndex{pass: pass, byFile: make(map[*token.File][]*directive)}
	for _, f := range pass.Files {
		var found []*directive
		var groups []*ast.CommentGroup
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if d := parseDirective(c); d != nil {
					found = append(found, d)
					groups = append(groups, cg)
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		lines := scanLines(tf, f)
		for i, d := range found {
			line := tf.Line(d.comment.Pos())
			d.from, d.to = line, line
			if first, ok := lines.firstCode[line]; !ok || first > d.comment.Pos() {
				// On a line of its own: the statement that starts on the
				// first line after its block of comments.
				d.ownLine = true
				next := tf.Line(groups[i].End()) + 1
				d.from, d.to = next, next
				if end, ok := lines.stmtEnd[next]; ok {
					d.to, d.statement = end, true
				}
			}
			idx.byFile[tf] = append(idx.byFile[tf], d)
			idx.dirs = append(idx.dirs, d)
		}
	}
	return idx
}

// parseDirective returns the directive a comment holds, or nil.
func parseDirective(c *ast.Comment) *directive {
	rest, ok := strings.CutPrefix(c.Text, ignoreDirective)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil
	}
	// A comment after the directive ("//valuetask:ignore // TODO") is no reason.
	text, _, _ := strings.Cut(rest, "//")
	words := strings.Fields(text)
	d := &directive{comment: c}
	if len(words) > 0 {
		if cats := strings.Split(words[0], ","); !slices.ContainsFunc(cats, func(c string) bool { return !isCategory(c) }) {
			d.categories = cats
			words = words[1:]
		}
	}
	d.hasReason = len(words) > 0
	return d
}

// fileLines knows, per line of a file, where its code starts and where
// the statements that start on it end.
type fileLines struct {
	firstCode map[int]token.Pos // line -> the first position of code on it
	stmtEnd   map[int]int       // line -> the last line of the statements that start on it
}

func scanLines(tf *token.File, f *ast.File) fileLines {
	fl := fileLines{firstCode: make(map[int]token.Pos), stmtEnd: make(map[int]int)}
	mark := func(p token.Pos) {
		if int(p) < tf.Base() || int(p) > tf.Base()+tf.Size() {
			return
		}
		line := tf.Line(p)
		if first, ok := fl.firstCode[line]; !ok || p < first {
			fl.firstCode[line] = p
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case nil:
			return false
		case *ast.CommentGroup, *ast.Comment:
			return false // Doc and Comment fields: not code
		case *ast.File:
			mark(n.Package)
			return true
		}
		// Every token starts or ends a node, or sits on a line where one
		// does before it: marking where each node starts and ends marks
		// every line that holds code, at or before its first token.
		mark(n.Pos())
		mark(n.End() - 1)
		if s, ok := n.(ast.Stmt); ok {
			from := tf.Line(s.Pos())
			to := max(from, tf.Line(max(s.Pos(), s.End()-1))) // an implicit empty statement has no length
			fl.stmtEnd[from] = max(fl.stmtEnd[from], to)
		}
		return true
	})
	return fl
}

// silences reports whether a finding of the category at pos is silenced,
// and marks the directives that silence it as used.
func (idx *ignoreIndex) silences(category string, pos token.Pos) bool {
	if category == catIgnoreDirective || !pos.IsValid() {
		return false
	}
	tf := idx.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	line := tf.Line(pos)
	silenced := false
	for _, d := range idx.byFile[tf] {
		if d.hasReason && d.from <= line && line <= d.to && (d.categories == nil || slices.Contains(d.categories, category)) {
			d.used = true
			silenced = true
		}
	}
	return silenced
}

// reportUnused reports the directives that give no reason and those that
// silenced nothing. Call it once every finding of the package was offered
// to silences.
func (idx *ignoreIndex) reportUnused() {
	for _, d := range idx.dirs {
		var msg string
		switch {
		case !d.hasReason:
			msg = "valuetask:ignore directive needs a reason: //valuetask:ignore <why this is safe>"
		case !d.used:
			msg = fmt.Sprintf("valuetask:ignore directive silences nothing: no %s %s; remove it", d.what(), d.where())
		default:
			continue
		}
		idx.pass.Report(analysis.Diagnostic{
			Pos: d.comment.Pos(), End: d.comment.End(), Category: catIgnoreDirective,
			URL: categoryURL(catIgnoreDirective), Message: msg,
		})
	}
}

// what names the findings a directive silences, for messages.
func (d *directive) what() string {
	switch n := len(d.categories); n {
	case 0:
		return "finding"
	case 1:
		return d.categories[0] + " finding"
	default:
		return strings.Join(d.categories[:n-1], ", ") + " or " + d.categories[n-1] + " finding"
	}
}

// where names the lines a directive covers, for messages.
func (d *directive) where() string {
	switch {
	case !d.ownLine:
		return "on its line"
	case d.statement:
		return "in the statement below it"
	default:
		return "on the line below it"
	}
}
