package analyzer

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// ignoreDirective is the comment that silences the diagnostics of its line
// and of the next line. It must give a reason, so that the next reader
// knows why the finding does not apply.
const ignoreDirective = "//valuetask:ignore"

type lineKey struct {
	file string
	line int
}

// ignoreIndex knows the lines silenced by ignore directives.
type ignoreIndex struct {
	fset  *token.FileSet
	lines map[lineKey]bool
}

// newIgnoreIndex collects the directives of the package and reports those
// that give no reason (which silence nothing).
func newIgnoreIndex(pass *analysis.Pass) *ignoreIndex {
	idx := &ignoreIndex{fset: pass.Fset, lines: make(map[lineKey]bool)}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				idx.add(pass, c)
			}
		}
	}
	return idx
}

func (idx *ignoreIndex) add(pass *analysis.Pass, c *ast.Comment) {
	rest, ok := strings.CutPrefix(c.Text, ignoreDirective)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return
	}
	// A comment after the directive ("//valuetask:ignore // TODO") is no reason.
	reason, _, _ := strings.Cut(rest, "//")
	if strings.TrimSpace(reason) == "" {
		pass.Report(analysis.Diagnostic{
			Pos: c.Pos(), End: c.End(), Category: catIgnoreDirective, URL: docURL + "suppressing-a-finding",
			Message: "valuetask:ignore directive needs a reason: //valuetask:ignore <why this is safe>",
		})
		return
	}
	p := idx.fset.Position(c.Pos())
	// The directive covers its own line (a trailing comment) and the next
	// one (a comment on a line of its own above the finding).
	idx.lines[lineKey{p.Filename, p.Line}] = true
	idx.lines[lineKey{p.Filename, p.Line + 1}] = true
}

// silences reports whether a diagnostic at pos is silenced.
func (idx *ignoreIndex) silences(pos token.Pos) bool {
	p := idx.fset.Position(pos)
	return idx.lines[lineKey{p.Filename, p.Line}]
}
