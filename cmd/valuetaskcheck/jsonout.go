package main

import (
	"encoding/json"
	"go/token"
	"io"
)

// The JSON output of the x/tools checkers (golang.org/x/tools's
// internal/analysis/driverutil.JSONTree, which is not importable): a map
// from package ID to analyzer name to either the list of diagnostics or
// {"error": "..."}.
type (
	jsonTree map[string]map[string]any

	jsonError struct {
		Err string `json:"error"`
	}

	jsonDiagnostic struct {
		Category       string             `json:"category,omitempty"`
		Posn           string             `json:"posn"` // file:line:column
		End            string             `json:"end"`
		Message        string             `json:"message"`
		SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated      `json:"related,omitempty"`
	}

	jsonSuggestedFix struct {
		Message string         `json:"message"`
		Edits   []jsonTextEdit `json:"edits"`
	}

	// jsonTextEdit replaces bytes [Start, End) of a file with New.
	jsonTextEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}

	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
)

// writeJSON prints the findings and errors as the x/tools checkers do,
// each finding once, under the first package (by ID) that reported it.
func writeJSON(w io.Writer, res *results) error {
	tree := make(jsonTree)
	add := func(pkgID, name string, v any) {
		m, ok := tree[pkgID]
		if !ok {
			m = make(map[string]any)
			tree[pkgID] = m
		}
		m[name] = v
	}
	for _, e := range res.failures {
		add(e.pkgID, e.analyzer, jsonError{e.err.Error()})
	}
	for _, f := range res.findings {
		fset := f.pkg.Fset
		var diags []jsonDiagnostic
		if prev, ok := tree[f.pkg.ID][f.name].([]jsonDiagnostic); ok {
			diags = prev
		}
		add(f.pkg.ID, f.name, append(diags, toJSON(fset, f)))
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func toJSON(fset *token.FileSet, f finding) jsonDiagnostic {
	d := jsonDiagnostic{
		Category: f.diag.Category,
		Posn:     f.posn.String(),
		End:      f.end.String(),
		Message:  f.diag.Message,
	}
	for _, fix := range f.diag.SuggestedFixes {
		jf := jsonSuggestedFix{Message: fix.Message}
		for _, e := range fix.TextEdits {
			start := fset.Position(e.Pos)
			end := start
			if e.End.IsValid() {
				end = fset.Position(e.End)
			}
			jf.Edits = append(jf.Edits, jsonTextEdit{Filename: start.Filename, Start: start.Offset, End: end.Offset, New: string(e.NewText)})
		}
		d.SuggestedFixes = append(d.SuggestedFixes, jf)
	}
	for _, r := range f.diag.Related {
		end := r.End
		if !end.IsValid() {
			end = r.Pos
		}
		d.Related = append(d.Related, jsonRelated{Posn: fset.Position(r.Pos).String(), End: fset.Position(end).String(), Message: r.Message})
	}
	return d
}
