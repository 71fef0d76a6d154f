package main_test

import (
	"encoding/json"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaFile is the official SARIF 2.1.0 JSON schema of OASIS
// (errata01, https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json,
// the same as sarif-2.1/schema/sarif-schema-2.1.0.json of
// github.com/oasis-tcs/sarif-spec).
const sarifSchemaFile = "testdata/sarif-schema-2.1.0.json"

// The parts of a SARIF log the tests read.
type (
	sarifLog struct {
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool struct {
			Driver struct {
				Name           string      `json:"name"`
				Version        string      `json:"version"`
				InformationURI string      `json:"informationUri"`
				Rules          []sarifRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		ColumnKind  string        `json:"columnKind"`
		Results     []sarifResult `json:"results"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string       `json:"level"`
				Message sarifMessage `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		FullDescription      sarifMessage `json:"fullDescription"`
		HelpURI              string       `json:"helpUri"`
		DefaultConfiguration struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        *int            `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifMessage    `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations"`
		Fixes            []struct {
			Description     sarifMessage `json:"description"`
			ArtifactChanges []struct {
				ArtifactLocation sarifArtifact `json:"artifactLocation"`
				Replacements     []struct {
					DeletedRegion   sarifRegion `json:"deletedRegion"`
					InsertedContent struct {
						Text string `json:"text"`
					} `json:"insertedContent"`
				} `json:"replacements"`
			} `json:"artifactChanges"`
		} `json:"fixes"`
	}
	sarifLocation struct {
		ID               *int          `json:"id"`
		Message          *sarifMessage `json:"message"`
		PhysicalLocation struct {
			ArtifactLocation sarifArtifact `json:"artifactLocation"`
			Region           sarifRegion   `json:"region"`
		} `json:"physicalLocation"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
)

// sarifSchema compiles the SARIF 2.1.0 schema, with format assertions.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", sarifSchemaFile, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatalf("compiling %s: %v", sarifSchemaFile, err)
	}
	return schema
}

// sarifError returns why out is not valid SARIF 2.1.0, or nil.
func sarifError(t *testing.T, out string) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		return err
	}
	return sarifSchema(t).Validate(inst)
}

// validateSARIF checks out against the SARIF 2.1.0 schema and decodes it.
func validateSARIF(t *testing.T, out string) sarifLog {
	t.Helper()
	if err := sarifError(t, out); err != nil {
		t.Fatalf("-sarif output is not valid SARIF 2.1.0: %v\n%s", err, out)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("SARIF version %q with %d runs, want 2.1.0 with one", log.Version, len(log.Runs))
	}
	return log
}

// TestSARIFSchemaRejects makes sure the schema check can fail.
func TestSARIFSchemaRejects(t *testing.T) {
	dir := sharedModule(t)
	r := check(t, dir, "-sarif", "./findings")
	if err := sarifError(t, r.stdout); err != nil {
		t.Fatalf("valuetaskcheck -sarif ./findings: %v", err)
	}
	for _, bad := range []struct{ from, to string }{
		{`"version": "2.1.0"`, `"version": "2.2"`},
		{`"startLine": 17`, `"startLine": 0`},
		{`"level": "error"`, `"level": "fatal"`},
		{`"helpUri": "https://github.com/go-valuetask/valuetask#double-await"`, `"helpUri": "not a URI"`},
	} {
		out := strings.Replace(r.stdout, bad.from, bad.to, 1)
		if out == r.stdout {
			t.Fatalf("no %s in the SARIF output", bad.from)
		}
		if sarifError(t, out) == nil {
			t.Errorf("SARIF with %s instead of %s passes the schema check", bad.to, bad.from)
		}
	}
}

func TestSARIF(t *testing.T) {
	dir := sharedModule(t)
	r := check(t, dir, "-sarif", "./...")
	if r.code != 3 {
		t.Errorf("valuetaskcheck -sarif ./...: exit status %d, want 3 (findings)\nstderr:\n%s", r.code, r.stderr)
	}
	noCrash(t, r.stderr)
	log := validateSARIF(t, r.stdout)
	run := log.Runs[0]

	// The tool, with the version -V prints.
	drv := run.Tool.Driver
	v := check(t, dir, "-V")
	if want := strings.TrimSpace(strings.TrimPrefix(v.stdout, "valuetaskcheck version ")); drv.Name != "valuetaskcheck" || drv.Version != want || drv.InformationURI != "https://github.com/go-valuetask/valuetask" {
		t.Errorf("tool.driver = %q %q %q, want valuetaskcheck %q https://github.com/go-valuetask/valuetask", drv.Name, drv.Version, drv.InformationURI, want)
	}

	// One rule per category, documented.
	cats := analyzer.Categories()
	if len(drv.Rules) != len(cats) {
		t.Fatalf("%d rules, want one per category (%d)", len(drv.Rules), len(cats))
	}
	levels := make(map[string]string)
	for i, c := range cats {
		rule := drv.Rules[i]
		levels[rule.ID] = rule.DefaultConfiguration.Level
		if rule.ID != c.ID || rule.HelpURI != c.URL || rule.ShortDescription.Text != c.Short || rule.FullDescription.Text != c.Full || rule.DefaultConfiguration.Level != c.Level {
			t.Errorf("rule %d = %+v, want the documentation of %s: %+v", i, rule, c.ID, c)
		}
		if !strings.HasPrefix(rule.HelpURI, "https://github.com/go-valuetask/valuetask#") {
			t.Errorf("rule %s: helpUri %q is not a section of the README", rule.ID, rule.HelpURI)
		}
	}

	// Artifact URIs are relative to the module root.
	root, ok := run.OriginalURIBaseIDs["%SRCROOT%"]
	if !ok || !strings.HasPrefix(root.URI, "file:///") || !strings.HasSuffix(root.URI, "/") {
		t.Errorf("originalUriBaseIds = %+v, want %%SRCROOT%% as a file URI ending in /", run.OriginalURIBaseIDs)
	} else if u, err := url.Parse(root.URI); err != nil || evalSymlinks(filepath.FromSlash(strings.TrimSuffix(u.Path, "/"))) != evalSymlinks(dir) {
		t.Errorf("%%SRCROOT%% = %s, want the module root %s", root.URI, dir)
	}
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q, want utf16CodeUnits", run.ColumnKind)
	}
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("invocations = %+v, want one, successful", run.Invocations)
	}

	// One result per finding, with its category as ruleId.
	var got []diag
	byPos := make(map[string]sarifResult)
	for _, res := range run.Results {
		if len(res.Locations) != 1 {
			t.Errorf("result %+v: %d locations, want 1", res, len(res.Locations))
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		checkArtifact(t, loc.ArtifactLocation)
		checkRegion(t, loc.Region)
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(drv.Rules) || drv.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("%s:%d: ruleIndex %v does not name rule %s", loc.ArtifactLocation.URI, loc.Region.StartLine, res.RuleIndex, res.RuleID)
		}
		if res.Level != levels[res.RuleID] {
			t.Errorf("%s:%d: level %q, want the rule's %q", loc.ArtifactLocation.URI, loc.Region.StartLine, res.Level, levels[res.RuleID])
		}
		got = append(got, diag{file: loc.ArtifactLocation.URI, line: loc.Region.StartLine, category: res.RuleID, message: res.Message.Text})
		byPos[loc.ArtifactLocation.URI+":"+strconv.Itoa(loc.Region.StartLine)] = res
	}
	matchFindings(t, got, wantAll)

	// Related positions as relatedLocations.
	res := byPos["findings/findings.go:17"]
	if len(res.RelatedLocations) != 1 {
		t.Fatalf("findings.go:17: relatedLocations = %+v, want one", res.RelatedLocations)
	}
	rel := res.RelatedLocations[0]
	checkArtifact(t, rel.PhysicalLocation.ArtifactLocation)
	if rel.ID == nil || rel.Message == nil || rel.Message.Text != "first consumed here" ||
		rel.PhysicalLocation.ArtifactLocation.URI != "findings/findings.go" ||
		rel.PhysicalLocation.Region.StartLine != 16 {
		t.Errorf("findings.go:17: related location %+v, want findings.go:16 \"first consumed here\" with an id", rel)
	}
	checkRegion(t, rel.PhysicalLocation.Region)
	if reg := rel.PhysicalLocation.Region; reg.StartColumn < 2 || reg.EndColumn > 14 {
		t.Errorf("findings.go:17: related region %+v, want one within v.Await(ctx), 16:2-14", reg)
	}
	if rels := byPos["facts/b/b.go:18"].RelatedLocations; len(rels) != 2 || rels[1].PhysicalLocation.ArtifactLocation.URI != "facts/a/a.go" || rels[1].PhysicalLocation.Region.StartLine != 12 {
		t.Errorf("facts/b/b.go:18: relatedLocations = %+v, want the a.Drain call and the Await inside it", rels)
	}

	// The missing-astask finding: its region is the argument v
	// (findings.go:23:32-33), and its fix inserts .AsTask() after it.
	res = byPos["findings/findings.go:23"]
	if reg := res.Locations[0].PhysicalLocation.Region; reg != (sarifRegion{23, 32, 23, 33}) {
		t.Errorf("findings.go:23: region %+v, want 23:32-23:33, the argument v", reg)
	}
	if len(res.Fixes) != 1 || len(res.Fixes[0].ArtifactChanges) != 1 || len(res.Fixes[0].ArtifactChanges[0].Replacements) != 1 {
		t.Fatalf("findings.go:23: fixes = %+v, want one with one replacement", res.Fixes)
	}
	fix := res.Fixes[0]
	ch := fix.ArtifactChanges[0]
	checkArtifact(t, ch.ArtifactLocation)
	rep := ch.Replacements[0]
	if fix.Description.Text == "" || ch.ArtifactLocation.URI != "findings/findings.go" ||
		rep.DeletedRegion != (sarifRegion{23, 33, 23, 33}) || rep.InsertedContent.Text != ".AsTask()" {
		t.Errorf("findings.go:23: fix %+v, want .AsTask() inserted at findings.go:23:33", fix)
	}

	// Columns count UTF-16 code units: wide.go:11 is byte column 16, after
	// a tab, "/* ", a snowman (3 bytes, 1 unit), an emoji (4 bytes, 2
	// units) and " */ ".
	if reg := byPos["wide/wide.go:11"].Locations[0].PhysicalLocation.Region; reg.StartColumn != 12 {
		t.Errorf("wide.go:11: startColumn %d, want 12 (UTF-16 code units; the byte column is 16)", reg.StartColumn)
	}

	// Each region ends where the diagnostic does (-json's end), or, for a
	// diagnostic without an End, where it starts.
	j := check(t, dir, "-json", "./...")
	var tree map[string]map[string][]jsonDiag
	if err := json.Unmarshal([]byte(j.stdout), &tree); err != nil {
		t.Fatal(err)
	}
	for _, byAnalyzer := range tree {
		for _, d := range byAnalyzer["valuetask"] {
			start, end := posnRE.FindStringSubmatch(d.Posn), posnRE.FindStringSubmatch(d.End)
			if start == nil || end == nil {
				t.Errorf("bad posn or end: %+v", d)
				continue
			}
			res, ok := byPos[relFile(t, dir, start[1])+":"+start[2]]
			if !ok || strings.HasPrefix(start[1], filepath.Join(dir, "wide")) {
				continue
			}
			reg := res.Locations[0].PhysicalLocation.Region
			if strconv.Itoa(reg.EndLine) != end[2] || strconv.Itoa(reg.EndColumn) != end[3] {
				t.Errorf("%s: SARIF region ends at %d:%d, -json at %s:%s", d.Posn, reg.EndLine, reg.EndColumn, end[2], end[3])
			}
		}
	}
}

// checkArtifact checks that a SARIF artifact location is a file of the
// module, relative to %SRCROOT%.
func checkArtifact(t *testing.T, a sarifArtifact) {
	t.Helper()
	if a.URIBaseID != "%SRCROOT%" || a.URI == "" || strings.HasPrefix(a.URI, "/") || strings.Contains(a.URI, ":") {
		t.Errorf("artifact location %+v, want a relative URI with uriBaseId %%SRCROOT%%", a)
	}
}

// checkRegion checks that a region is 1-based and does not end before it
// starts.
func checkRegion(t *testing.T, r sarifRegion) {
	t.Helper()
	if r.StartLine < 1 || r.StartColumn < 1 || r.EndLine < r.StartLine || (r.EndLine == r.StartLine && r.EndColumn < r.StartColumn) {
		t.Errorf("region %+v is not 1-based from start to end", r)
	}
}

// TestSARIFCleanAndErrors checks the SARIF of a clean run (no results,
// exit 0) and of a package that does not type-check (exit 1, an
// unsuccessful invocation that says why).
func TestSARIFCleanAndErrors(t *testing.T) {
	dir := sharedModule(t)
	r := check(t, dir, "-sarif", "./clean", "./stdonly")
	if r.code != 0 {
		t.Errorf("valuetaskcheck -sarif ./clean ./stdonly: exit status %d, want 0\n%s", r.code, r.stderr)
	}
	log := validateSARIF(t, r.stdout)
	if run := log.Runs[0]; len(run.Results) != 0 || len(run.Tool.Driver.Rules) != len(analyzer.Categories()) || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("clean run: %d results, %d rules, invocation %+v; want none, every rule, successful", len(run.Results), len(run.Tool.Driver.Rules), run.Invocations)
	}
	if !strings.Contains(r.stdout, `"results": []`) {
		t.Errorf("clean run: no empty results list (code scanning reads a missing one as no run)")
	}

	r = check(t, dir, "-sarif", "./_broken", "./findings")
	if r.code != 1 {
		t.Errorf("valuetaskcheck -sarif ./_broken ./findings: exit status %d, want 1\n%s", r.code, r.stderr)
	}
	log = validateSARIF(t, r.stdout)
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) == 0 {
		t.Fatalf("invocations = %+v, want one, unsuccessful, with notifications", inv)
	}
	for _, n := range inv[0].ToolExecutionNotifications {
		if n.Level != "error" || !strings.Contains(n.Message.Text, "_broken") {
			t.Errorf("notification %+v, want an error naming the package _broken", n)
		}
	}
	if len(log.Runs[0].Results) != len(wantIn("findings")) {
		t.Errorf("%d results, want those of ./findings (%d)", len(log.Runs[0].Results), len(wantIn("findings")))
	}
}

// TestHelpURIsInREADME checks that each category's documentation URL names
// a section of the README.
func TestHelpURIsInREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := make(map[string]bool)
	inFence := false
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		anchors[githubAnchor(strings.TrimLeft(line, "# "))] = true
	}
	for _, c := range analyzer.Categories() {
		base, anchor, _ := strings.Cut(c.URL, "#")
		if base != "https://github.com/go-valuetask/valuetask" || !anchors[anchor] {
			t.Errorf("%s: %s is not a section of README.md (sections: %v)", c.ID, c.URL, slices.Sorted(maps.Keys(anchors)))
		}
	}
	if !anchors[strings.TrimPrefix(analyzer.Analyzer.URL, "https://github.com/go-valuetask/valuetask#")] {
		t.Errorf("the analyzer's URL %s is not a section of README.md", analyzer.Analyzer.URL)
	}
}

// githubAnchor is the anchor GitHub gives a heading: lower case, without
// punctuation other than '-' and '_', spaces turned into '-'.
func githubAnchor(heading string) string {
	heading = regexp.MustCompile("`").ReplaceAllString(heading, "")
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}
