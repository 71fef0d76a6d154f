package main_test

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// position is a file:line:column of the text output.
type position struct {
	file      string
	line, col int
}

func (p position) compare(q position) int {
	return cmp.Or(cmp.Compare(p.file, q.file), cmp.Compare(p.line, q.line), cmp.Compare(p.col, q.col))
}

// TestTextSorted checks that the text output lists the findings in file,
// line and column order, each once, each followed by its related lines.
func TestTextSorted(t *testing.T) {
	dir := sharedModule(t)
	for _, args := range [][]string{{"./..."}, {"./withtests", "./findings", "./directives"}, {"-c=1", "./..."}} {
		r := check(t, dir, args...)
		if r.code != 3 {
			t.Errorf("valuetaskcheck %s: exit status %d, want 3\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
		var prev *position
		seen := make(map[string]bool)
		n := 0
		for _, line := range strings.Split(r.stderr, "\n") {
			m := textDiag.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(m[4], "\t") {
				continue // a context line, a related line, or the end
			}
			l, _ := strconv.Atoi(m[2])
			c, _ := strconv.Atoi(m[3])
			p := position{relFile(t, dir, m[1]), l, c}
			if prev != nil && p.compare(*prev) < 0 {
				t.Errorf("valuetaskcheck %s: %s:%d:%d listed after %s:%d:%d", strings.Join(args, " "), p.file, p.line, p.col, prev.file, prev.line, prev.col)
			}
			if key := line; seen[key] {
				t.Errorf("valuetaskcheck %s: listed twice: %s", strings.Join(args, " "), line)
			} else {
				seen[key] = true
			}
			prev = &p
			n++
		}
		if n == 0 {
			t.Errorf("valuetaskcheck %s: no findings in\n%s", strings.Join(args, " "), r.stderr)
		}
	}

	// The analyzer reports the dropped ValueTask of findings.go:28 before
	// the double await of line 17; the output is in line order regardless,
	// and the related line stays under its finding.
	r := check(t, dir, "./findings")
	lines := strings.Split(strings.TrimSpace(filepath.ToSlash(r.stderr)), "\n")
	want := []string{
		`findings/findings\.go:17:\d+: double await `,
		`findings/findings\.go:16:\d+: \tfirst consumed here$`,
		`findings/findings\.go:23:\d+: missing AsTask`,
		`findings/findings\.go:28:\d+: unconsumed `,
	}
	if len(lines) != len(want) {
		t.Fatalf("valuetaskcheck ./findings: %d lines, want %d:\n%s", len(lines), len(want), r.stderr)
	}
	for i, w := range want {
		if !regexp.MustCompile(w).MatchString(lines[i]) {
			t.Errorf("line %d: %q, want it to match %q", i+1, lines[i], w)
		}
	}
}

// TestContext checks -c=N: each position with its lines of source.
func TestContext(t *testing.T) {
	dir := sharedModule(t)
	r := check(t, dir, "-c=1", "./findings")
	if r.code != 3 {
		t.Fatalf("valuetaskcheck -c=1 ./findings: exit status %d, want 3\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"16\tv.Await(ctx)\n17\tv.Await(ctx)\n18\t}\n",        // line 17 with one line around
		"27\tfunc Drop() {\n28\tget()\n29\t}\n",              // line 28
		"15\tv := get()\n16\tv.Await(ctx)\n17\tv.Await(ctx)", // the related position, line 16
	} {
		if !strings.Contains(strings.ReplaceAll(r.stderr, "\t\t", "\t"), want) {
			t.Errorf("valuetaskcheck -c=1 ./findings: no %q in\n%s", want, r.stderr)
		}
	}
}

// TestTags checks that -tags selects files as go build -tags does.
func TestTags(t *testing.T) {
	dir := sharedModule(t)

	// Without the tag, integration.go is left out: no findings.
	if r := check(t, dir, "./tagged"); r.code != 0 || r.stderr != "" {
		t.Errorf("valuetaskcheck ./tagged: exit status %d, want 0 and no output\n%s", r.code, r.stderr)
	}
	for _, tags := range []string{"integration", "other,integration", "other integration"} {
		r := check(t, dir, "-tags", tags, "./tagged")
		if r.code != 3 {
			t.Errorf("valuetaskcheck -tags %q ./tagged: exit status %d, want 3\n%s", tags, r.code, r.stderr)
		}
		// default.go (//go:build !integration) is left out too, or
		// Mode would be declared twice.
		noCrash(t, r.stderr)
		matchFindings(t, parseText(t, dir, r.stderr), wantTagged)
	}

	// -tags replaces the tags of GOFLAGS, as on the go command line.
	r := run(t, dir, goEnv("GOFLAGS=-buildvcs=false -tags=integration"), binPath, "./tagged")
	if r.code != 3 {
		t.Errorf("GOFLAGS=-tags=integration valuetaskcheck ./tagged: exit status %d, want 3\n%s", r.code, r.stderr)
	}
	r = run(t, dir, goEnv("GOFLAGS=-buildvcs=false -tags=integration"), binPath, "-tags=", "./tagged")
	if r.code != 0 {
		t.Errorf("GOFLAGS=-tags=integration valuetaskcheck -tags= ./tagged: exit status %d, want 0\n%s", r.code, r.stderr)
	}

	// -json and -sarif see the tagged file too.
	r = check(t, dir, "-json", "-tags=integration", "./tagged")
	if r.code != 0 || !strings.Contains(r.stdout, "integration.go:18:") {
		t.Errorf("valuetaskcheck -json -tags=integration ./tagged: exit status %d, no integration.go:18 in\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = check(t, dir, "-sarif", "-tags=integration", "./tagged")
	if r.code != 3 || !strings.Contains(r.stdout, `"uri": "tagged/integration.go"`) {
		t.Errorf("valuetaskcheck -sarif -tags=integration ./tagged: exit status %d, no tagged/integration.go in\n%s%s", r.code, r.stdout, r.stderr)
	}

	// -fix, which singlechecker runs, fixes the tagged file.
	fixDir := newModule(t)
	r = check(t, fixDir, "-fix", "-tags", "integration", "./tagged")
	if r.code != 0 {
		t.Errorf("valuetaskcheck -fix -tags integration ./tagged: exit status %d, want 0\n%s", r.code, r.stderr)
	}
	fixed, err := os.ReadFile(filepath.Join(fixDir, "tagged", "integration.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fixed), "valuetask.WhenAll[int](v.AsTask())") {
		t.Errorf("valuetaskcheck -fix -tags integration did not fix tagged/integration.go:\n%s", fixed)
	}

	// A file that does not type-check with the tag is an error, as in go build.
	brokenDir := newModule(t)
	bad := "//go:build integration\n\npackage tagged\n\nfunc Broken() int { return \"\" }\n"
	if err := os.WriteFile(filepath.Join(brokenDir, "tagged", "broken.go"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := check(t, brokenDir, "./tagged"); r.code != 0 {
		t.Errorf("valuetaskcheck ./tagged (broken.go needs the tag): exit status %d, want 0\n%s", r.code, r.stderr)
	}
	if r := check(t, brokenDir, "-tags", "integration", "./tagged"); r.code != 1 || !strings.Contains(r.stderr, "broken.go:5:") {
		t.Errorf("valuetaskcheck -tags integration ./tagged (broken.go does not type-check): exit status %d, want 1 and the error\n%s", r.code, r.stderr)
	}
}

// TestDirectives checks //valuetask:ignore end to end: categories, a
// statement covered over several lines, and directives that silence
// nothing, reported in the category ignore-directive.
func TestDirectives(t *testing.T) {
	dir := sharedModule(t)
	r := check(t, dir, "-json", "./directives")
	if r.code != 0 {
		t.Fatalf("valuetaskcheck -json ./directives: exit status %d\n%s", r.code, r.stderr)
	}
	matchFindings(t, parseJSON(t, dir, r.stdout), wantIn("directives"))

	// A directive without categories covers every category; with them,
	// only those. Removing the categories of OtherCategory's directive
	// silences its double await, and the directive is no longer stale.
	changed := newModule(t)
	file := filepath.Join(changed, "directives", "directives.go")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src2 := strings.Replace(string(src), "//valuetask:ignore unconsumed the directive names another category", "//valuetask:ignore the directive names no category", 1)
	if src2 == string(src) {
		t.Fatal("directives.go has no OtherCategory directive")
	}
	if err := os.WriteFile(file, []byte(src2), 0o644); err != nil {
		t.Fatal(err)
	}
	r = check(t, changed, "-json", "./directives")
	var want []finding
	for _, f := range wantIn("directives") {
		if f.line != 27 && f.line != 28 {
			want = append(want, f)
		}
	}
	matchFindings(t, parseJSON(t, changed, r.stdout), want)

	// Under go vet too.
	if testing.Short() {
		return
	}
	r = run(t, dir, goEnv(), "go", "vet", "-vettool="+binPath, "./directives")
	if r.code == 0 {
		t.Errorf("go vet -vettool ./directives: exit status 0, want non-zero")
	}
	matchFindings(t, parseText(t, dir, r.stderr), wantIn("directives"))
}

// parseJSON returns the diagnostics of -json output.
func parseJSON(t *testing.T, dir, out string) []diag {
	t.Helper()
	var tree map[string]map[string][]jsonDiag
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out)
	}
	var got []diag
	for _, byAnalyzer := range tree {
		for _, ds := range byAnalyzer {
			for _, d := range ds {
				m := posnRE.FindStringSubmatch(d.Posn)
				if m == nil {
					t.Errorf("bad posn %q", d.Posn)
					continue
				}
				line, _ := strconv.Atoi(m[2])
				got = append(got, diag{file: relFile(t, dir, m[1]), line: line, category: d.Category, message: d.Message})
			}
		}
	}
	return got
}

// TestBadInput checks that odd flags and arguments get a clear error and
// exit status 2 (flags) or 1 (what cannot be loaded), never a crash.
func TestBadInput(t *testing.T) {
	dir := sharedModule(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string // regexp the standard error must match
	}{
		{[]string{"-nosuchflag", "./..."}, 2, `flag provided but not defined: -nosuchflag\nRun 'valuetaskcheck -h' for the flags\.`},
		{[]string{"-json", "-sarif", "./..."}, 2, `-json and -sarif cannot be combined`},
		{[]string{"-sarif", "-fix", "./..."}, 2, `-sarif and -fix cannot be combined`},
		{[]string{"-json", "-fix", "./..."}, 2, `-json and -fix cannot be combined`},
		{[]string{"-tags", "a;b", "./..."}, 2, `-tags "a;b": "a;b" is not a build tag`},
		{[]string{"-V=short"}, 2, `invalid boolean value "short" for -V: unsupported value \(use -V or -V=full\)`},
		{[]string{"-c=x", "./..."}, 2, `invalid value "x" for flag -c`},
		{[]string{"-debug=z", "./..."}, 2, `-debug=z: the debug flags are a subset of "fpstv"`},
		{[]string{}, 1, `Usage: valuetaskcheck \[-flag\] \[package\]`},
		{[]string{"./nosuchdir/..."}, 1, `nosuchdir`},
		{[]string{"-sarif", "./nosuchdir/..."}, 1, `nosuchdir`},
		{[]string{"example.com/nosuchmodule/x"}, 1, `nosuchmodule`},
		{[]string{"./_broken"}, 1, `too many return values`},
	} {
		r := check(t, dir, tc.args...)
		name := "valuetaskcheck " + strings.Join(tc.args, " ")
		if r.code != tc.code {
			t.Errorf("%s: exit status %d, want %d\nstderr:\n%s", name, r.code, tc.code, r.stderr)
		}
		noCrash(t, r.stderr)
		if !regexp.MustCompile(tc.msg).MatchString(r.stderr) {
			t.Errorf("%s: stderr does not match %q:\n%s", name, tc.msg, r.stderr)
		}
	}
	if r := check(t, dir, "-h"); r.code != 0 || !strings.Contains(r.stderr, "-sarif") || !strings.Contains(r.stderr, "-tags") {
		t.Errorf("valuetaskcheck -h: exit status %d, want 0 and the flags\n%s", r.code, r.stderr)
	}
}

// TestDebugFlags checks the singlechecker flags for debugging and
// profiling that the standalone driver implements: -debug, -cpuprofile,
// -memprofile and -trace.
func TestDebugFlags(t *testing.T) {
	dir := sharedModule(t)
	out := t.TempDir()
	cpu, mem, trc := filepath.Join(out, "cpu.prof"), filepath.Join(out, "mem.prof"), filepath.Join(out, "trace.out")
	r := check(t, dir, "-debug=fpstv", "-cpuprofile="+cpu, "-memprofile="+mem, "-trace="+trc, "./facts/...")
	if r.code != 3 {
		t.Errorf("valuetaskcheck -debug=fpstv ... ./facts/...: exit status %d, want 3\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"load [./facts/...]",                // v: verbose
		"building graph of analysis passes", // v
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("valuetaskcheck -debug=fpstv: no %q in\n%s", want, r.stderr)
		}
	}
	// t: the times of the slowest actions (those of 90% of the time).
	if !regexp.MustCompile(`(?m)^[0-9.]+[nµm]?s\tvaluetask(summaries)?@\S+$`).MatchString(r.stderr) {
		t.Errorf("valuetaskcheck -debug=t: no times of the actions in\n%s", r.stderr)
	}
	if !regexp.MustCompile(`(?m)facts/a/a\.go:\d+:\d+: object func a\.Drain\(.*\) has fact `).MatchString(r.stderr) {
		t.Errorf("valuetaskcheck -debug=f: no fact of a.Drain logged in\n%s", r.stderr)
	}
	for _, f := range []string{cpu, mem, trc} {
		if fi, err := os.Stat(f); err != nil || fi.Size() == 0 {
			t.Errorf("%s: not written (%v)", f, err)
		}
	}
	// -v is -debug=v.
	if r := check(t, dir, "-v", "./clean"); r.code != 0 || !strings.Contains(r.stderr, "load [./clean]") {
		t.Errorf("valuetaskcheck -v ./clean: exit status %d, no verbose log\n%s", r.code, r.stderr)
	}
}
