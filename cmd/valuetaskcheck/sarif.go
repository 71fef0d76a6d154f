package main

import (
	"fmt"
	"go/token"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-valuetask/valuetask/analyzer"
	"github.com/owenrumney/go-sarif/v2/sarif"
	"golang.org/x/tools/go/analysis"
)

const (
	// informationURI is the tool's home page.
	informationURI = "https://github.com/go-valuetask/valuetask"
	// srcRoot is the uriBaseId of the artifact URIs relative to the main
	// module's root directory.
	srcRoot = "%SRCROOT%"
)

// writeSARIF prints the findings as a SARIF 2.1.0 log for code scanning:
// one rule per category (id = the category, with its documentation), one
// result per finding (ruleId = its category, its Related positions as
// relatedLocations, its suggested fixes as fixes). Artifact URIs are
// relative to the main module's root (uriBaseId %SRCROOT%), columns count
// UTF-16 code units, as SARIF's default columnKind does, and regions end
// where the diagnostic ends (or, without an End, where it starts).
// Analysis errors make the invocation unsuccessful, with a notification
// each.
func writeSARIF(w io.Writer, res *results) error {
	report, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI("valuetaskcheck", informationURI)
	run.Tool.Driver.WithVersion(moduleVersion())
	run.WithColumnKind("utf16CodeUnits")
	for _, c := range analyzer.Categories() {
		run.Tool.Driver.AddRule(rule(c))
	}

	conv := &sarifConverter{src: make(sourceCache)}
	if m := res.mainModule; m != nil {
		conv.root = m.Dir
		rootURI := fileURI(m.Dir)
		if !strings.HasSuffix(rootURI, "/") {
			rootURI += "/"
		}
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{
			srcRoot: sarif.NewArtifactLocation().WithUri(rootURI),
		})
	}

	for _, f := range res.findings {
		ruleID := f.diag.Category
		if ruleID == "" {
			ruleID = f.name
		}
		if !slices.ContainsFunc(run.Tool.Driver.Rules, func(r *sarif.ReportingDescriptor) bool { return r.ID == ruleID }) {
			// A category without documentation: still a rule of its own.
			run.Tool.Driver.AddRule(rule(analyzer.Category{
				ID: ruleID, Short: "A finding of the valuetask analyzer.", Full: "A finding of the valuetask analyzer.",
				Level: "warning", URL: analyzer.Analyzer.URL,
			}))
		}
		result := sarif.NewRuleResult(ruleID).
			WithLevel(ruleLevel(run, ruleID)).
			WithMessage(sarif.NewTextMessage(f.diag.Message)).
			WithLocations([]*sarif.Location{conv.location(f.pkg.Fset, f.diag.Pos, f.diag.End)})
		for i, r := range f.diag.Related {
			loc := conv.location(f.pkg.Fset, r.Pos, r.End).WithId(i + 1).WithMessage(sarif.NewTextMessage(r.Message))
			result.AddRelatedLocation(loc)
		}
		for _, fix := range f.diag.SuggestedFixes {
			result.AddFix(conv.fix(f.pkg.Fset, fix))
		}
		run.AddResult(result)
	}

	inv := sarif.NewInvocation().WithExecutionSuccess(res.loadErrors == 0 && len(res.failures) == 0)
	for _, e := range res.failures {
		n := sarif.NewNotification().
			WithLevel("error").
			WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s: %s: %v", e.pkgID, e.analyzer, e.err)))
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.AddInvocations(inv)

	report.AddRun(run)
	if err := report.PrettyWrite(w); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// rule is the SARIF rule of a category.
func rule(c analyzer.Category) *sarif.ReportingDescriptor {
	return sarif.NewRule(c.ID).
		WithName(ruleName(c.ID)).
		WithShortDescription(sarif.NewMultiformatMessageString(c.Short)).
		WithFullDescription(sarif.NewMultiformatMessageString(c.Full)).
		WithHelpURI(c.URL).
		WithHelp(sarif.NewMultiformatMessageString(c.Full + " See " + c.URL).
			WithMarkdown(c.Full + " See [the documentation](" + c.URL + ").")).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(c.Level))
}

// ruleName turns a category into the rule's name: double-await becomes
// DoubleAwait.
func ruleName(id string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		r, n := utf8.DecodeRuneInString(w)
		b.WriteString(strings.ToUpper(string(r)) + w[n:])
	}
	return b.String()
}

func ruleLevel(run *sarif.Run, id string) string {
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == id && r.DefaultConfiguration != nil {
			return r.DefaultConfiguration.Level
		}
	}
	return "warning"
}

// sarifConverter turns positions into SARIF locations.
type sarifConverter struct {
	root string // the main module's directory, or ""
	src  sourceCache
}

// artifact returns the artifact location of a file: relative to the main
// module's root, or an absolute file URI for a file outside it.
func (c *sarifConverter) artifact(filename string) *sarif.ArtifactLocation {
	if c.root != "" && within(filename, c.root) {
		if rel, err := filepath.Rel(c.root, filename); err == nil {
			u := &url.URL{Path: filepath.ToSlash(rel)}
			return sarif.NewArtifactLocation().WithUri(u.String()).WithUriBaseId(srcRoot)
		}
	}
	return sarif.NewArtifactLocation().WithUri(fileURI(filename))
}

// region returns the region from pos to end (pos itself when end is not
// set), 1-based, with UTF-16 columns.
func (c *sarifConverter) region(fset *token.FileSet, pos, end token.Pos) *sarif.Region {
	if !end.IsValid() {
		end = pos
	}
	start, stop := fset.Position(pos), fset.Position(end)
	return sarif.NewRegion().
		WithStartLine(start.Line).
		WithStartColumn(c.column(start)).
		WithEndLine(stop.Line).
		WithEndColumn(c.column(stop))
}

func (c *sarifConverter) location(fset *token.FileSet, pos, end token.Pos) *sarif.Location {
	return sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(c.artifact(fset.Position(pos).Filename)).
		WithRegion(c.region(fset, pos, end)))
}

// fix turns a suggested fix into a SARIF fix: one artifact change per
// file, one replacement per edit.
func (c *sarifConverter) fix(fset *token.FileSet, fix analysis.SuggestedFix) *sarif.Fix {
	f := sarif.NewFix().WithDescriptionText(fix.Message)
	changes := make(map[string]*sarif.ArtifactChange)
	var files []string
	for _, e := range fix.TextEdits {
		name := fset.Position(e.Pos).Filename
		ch, ok := changes[name]
		if !ok {
			ch = sarif.NewArtifactChange(c.artifact(name))
			changes[name] = ch
			files = append(files, name)
		}
		ch.WithReplacement(sarif.NewReplacement(c.region(fset, e.Pos, e.End)).
			WithInsertedContent(sarif.NewArtifactContent().WithText(string(e.NewText))))
	}
	for _, name := range files {
		f.AddArtifactChanges(changes[name])
	}
	return f
}

// column returns the 1-based column of a position in UTF-16 code units;
// go/token counts bytes.
func (c *sarifConverter) column(p token.Position) int {
	lines := c.src.lines(p.Filename)
	if p.Line < 1 || p.Line > len(lines) {
		return p.Column
	}
	line := lines[p.Line-1]
	n := p.Column - 1
	if n < 0 || n > len(line) {
		return p.Column
	}
	return len(utf16.Encode([]rune(line[:n]))) + 1
}

// fileURI returns the file URI of an absolute file name.
func fileURI(name string) string {
	p := filepath.ToSlash(name)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
