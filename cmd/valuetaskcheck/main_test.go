package main_test

// Integration tests of the valuetaskcheck binary: standalone, -json, -fix,
// as a go vet tool and through the go tool directive, on the module of
// testdata/src (copied to a temporary directory, with a go.mod written at
// test time: a go.mod committed under testdata would make that folder a
// module of its own and drop it from this one).
//
// The golangci-lint module plugin is tested in golangci_integration_test.go.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-valuetask/valuetask/internal/testmod"
)

// testModulePath is the module path of testdata/src.
const testModulePath = "example.com/vtcheck"

var (
	// binPath is the valuetaskcheck binary built by TestMain.
	binPath string
	// repoRoot is the root of this module.
	repoRoot string
	// tmpRoot holds the binary and the shared test module.
	tmpRoot string
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	var err error
	repoRoot, err = filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	tmpRoot, err = os.MkdirTemp("", "valuetaskcheck-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmpRoot)

	binPath = filepath.Join(tmpRoot, "bin", "valuetaskcheck")
	if runtime.GOOS == "windows" {
		binPath += ".exe"
	}
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Env = goEnv()
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build -o %s .: %v\n%s", binPath, err, out)
		return 1
	}
	return m.Run()
}

// goEnv is the environment of the go commands the tests run: offline (the
// test module needs nothing beyond this module's own dependencies, already
// in the module cache), with no workspace and no toolchain switch.
func goEnv(extra ...string) []string {
	env := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=-buildvcs=false")
	return append(env, extra...)
}

var (
	sharedOnce sync.Once
	sharedDir  string
	sharedErr  error
)

// sharedModule returns the test module that tests only read.
func sharedModule(t *testing.T) string {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDir = filepath.Join(tmpRoot, "shared")
		sharedErr = makeModule(sharedDir)
	})
	if sharedErr != nil {
		t.Fatalf("making the test module: %v", sharedErr)
	}
	return sharedDir
}

// newModule returns a fresh copy of the test module that the test may change.
func newModule(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mod")
	if err := makeModule(dir); err != nil {
		t.Fatalf("making the test module: %v", err)
	}
	return dir
}

// makeModule copies testdata/src to dir as the test module.
func makeModule(dir string) error {
	return testmod.Copy(dir, filepath.Join(repoRoot, "cmd", "valuetaskcheck", "testdata", "src"), testModulePath, repoRoot)
}

// result is what a command did.
type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// run runs name with args in dir and returns its exit status and output.
// A command that cannot be started or is killed fails the test.
func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	return runTimeout(t, commandTimeout, dir, env, name, args...)
}

// runTimeout is run with a bound of its own on the command's time.
func runTimeout(t *testing.T, timeout time.Duration, dir string, env []string, name string, args ...string) result {
	t.Helper()
	// A command that hangs (on a lock of the shared build or module
	// cache, say) fails its test, naming it, instead of the whole binary
	// at go test's timeout.
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = 10 * time.Second
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if ctx.Err() == context.DeadlineExceeded {
			t.Fatalf("%s %s: still running after %v, killed\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), timeout, r.stdout, r.stderr)
		}
		if !ok || ee.ExitCode() < 0 {
			t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, r.stdout, r.stderr)
		}
		r.code = ee.ExitCode()
	}
	t.Logf("%s %s: exit %d in %v", filepath.Base(name), strings.Join(args, " "), r.code, r.took.Round(time.Millisecond))
	return r
}

// commandTimeout bounds each command a test runs, below go test's default
// timeout of 10 minutes; the longest, go vet of the standard library with
// an empty cache, takes about a minute. The golangci-lint builds of the
// integration tests have a bound of their own.
const commandTimeout = 8 * time.Minute

// check runs valuetaskcheck with args in dir.
func check(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return run(t, dir, goEnv(), binPath, args...)
}

// finding is one diagnostic as the tests expect it.
type finding struct {
	file     string // slash-separated, relative to the module root
	line     int
	category string
	message  string // regexp the whole message must match
}

func (f finding) String() string {
	return fmt.Sprintf("%s:%d: [%s] %s", f.file, f.line, f.category, f.message)
}

// wantAll lists the findings of ./... in the test module. valuetaskcheck
// and go vet do not read nolint comments, so the nolint package has three.
// Not reported: the clean, stdonly and facts/a packages, LogThenAwait in
// facts/b (a.LogState only queries v), the two directives with a reason in
// the ignore package and what the directives of the directives package
// silence, and the tagged package, whose findings are in a file that only
// -tags integration selects.
//
// The messages of the ignore-directive findings are this command's
// interface; those of the other categories are matched loosely, as the
// analyzer words them.
var wantAll = []finding{
	{"findings/findings.go", 17, "double-await", `double await of v\b.*findings\.go:16`},
	{"findings/findings.go", 23, "missing-astask", `missing AsTask\(\)\W.*\bv\.AsTask\(\).*`},
	{"findings/findings.go", 28, "unconsumed", `unconsumed ValueTask\b.*\bget\(\).*`},
	{"facts/b/b.go", 18, "double-await", `double await of v\b.*b\.go:17.*`},
	{"ignore/ignore.go", 32, "ignore-directive", `valuetask:ignore directive needs a reason: //valuetask:ignore <why this is safe>`},
	{"ignore/ignore.go", 33, "double-await", `double await of v\b.*ignore\.go:31`},
	{"nolint/nolint.go", 22, "double-await", `double await of v\b.*nolint\.go:21`},
	{"nolint/nolint.go", 30, "double-await", `double await of v\b.*nolint\.go:29`},
	{"nolint/nolint.go", 37, "double-await", `double await of v\b.*nolint\.go:36`},
	{"directives/directives.go", 27, "ignore-directive", `valuetask:ignore directive silences nothing: no unconsumed finding in the statement below it; remove it`},
	{"directives/directives.go", 28, "double-await", `double await of v\b.*directives\.go:26`},
	{"directives/directives.go", 47, "unconsumed", `unconsumed ValueTask\b.*`},
	{"directives/directives.go", 52, "ignore-directive", `valuetask:ignore directive silences nothing: no finding in the statement below it; remove it`},
	{"repeated/repeated.go", 18, "double-await", `double await of v\b.*repeated\.go:17`},
	{"repeated/repeated.go", 24, "double-await", `double await of v\b.*repeated\.go:23`},
	{"repeated/repeated.go", 30, "double-await", `double await of v\b.*repeated\.go:29`},
	{"repeated/repeated.go", 36, "double-await", `double await of v\b.*repeated\.go:35`},
	{"withtests/withtests.go", 20, "double-await", `double await of v\b.*withtests\.go:19`},
	{"withtests/withtests.go", 26, "missing-astask", `missing AsTask\(\)\W.*`},
	{"withtests/withtests.go", 31, "unconsumed", `unconsumed ValueTask\b.*`},
	{"withtests/internal_test.go", 6, "unconsumed", `unconsumed ValueTask\b.*`},
	{"withtests/external_test.go", 12, "double-await", `double await of v\b.*external_test\.go:11`},
	{"wide/wide.go", 11, "unconsumed", `unconsumed ValueTask\b.*`},
	{"fixable/fixable.go", 18, "double-await", `double await of v\b.*fixable\.go:17`},
	{"fixable/fixable.go", 27, "concurrent-await", `concurrent await of v\b.*fixable\.go:29`},
	{"fixable/fixable.go", 35, "unguarded-result", `unguarded Result\(\)\W.*`},
	{"fixable/fixable.go", 40, "missing-astask", `missing AsTask\(\)\W.*`},
}

// wantTagged lists the findings of ./tagged with -tags integration.
var wantTagged = []finding{
	{"tagged/integration.go", 18, "double-await", `double await of v\b.*integration\.go:17`},
	{"tagged/integration.go", 24, "missing-astask", `missing AsTask\(\)\W.*`},
}

// wantIn returns the findings of wantAll in files under the given
// package directories.
func wantIn(dirs ...string) []finding {
	var out []finding
	for _, f := range wantAll {
		for _, d := range dirs {
			if strings.HasPrefix(f.file, d+"/") {
				out = append(out, f)
			}
		}
	}
	return out
}

// diag is one diagnostic as a tool printed it.
type diag struct {
	file     string // slash-separated, relative to the module root
	line     int
	category string // "" where the output does not carry it
	message  string
}

// textDiag matches a line of the text output: file:line:col: message.
var textDiag = regexp.MustCompile(`^(.+?\.go):(\d+):(\d+): (.*)$`)

// parseText returns the diagnostics of text output, leaving out the
// related-information lines (whose message starts with a tab).
func parseText(t *testing.T, dir, out string) []diag {
	t.Helper()
	var ds []diag
	for _, line := range strings.Split(out, "\n") {
		m := textDiag.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(m[4], "\t") {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		ds = append(ds, diag{file: relFile(t, dir, m[1]), line: n, message: m[4]})
	}
	return ds
}

// relFile turns a file name printed by a tool into one relative to the
// module root dir.
func relFile(t *testing.T, dir, name string) string {
	t.Helper()
	if filepath.IsAbs(name) {
		// The temporary directory may be reached through a symlink.
		for _, root := range []string{dir, evalSymlinks(dir)} {
			if rel, err := filepath.Rel(root, name); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
		t.Errorf("file %s is outside the module %s", name, dir)
	}
	return filepath.ToSlash(name)
}

func evalSymlinks(p string) string {
	if q, err := filepath.EvalSymlinks(p); err == nil {
		return q
	}
	return p
}

// matchFindings checks that got holds exactly the findings of want, by
// file, line, message and (where got carries one) category.
func matchFindings(t *testing.T, got []diag, want []finding) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		re := regexp.MustCompile(`^` + w.message + `$`)
		found := false
		for i, g := range got {
			if used[i] || g.file != w.file || g.line != w.line || !re.MatchString(g.message) {
				continue
			}
			if g.category != "" && g.category != w.category {
				t.Errorf("%s:%d: category %q, want %q", g.file, g.line, g.category, w.category)
			}
			used[i], found = true, true
			break
		}
		if !found {
			t.Errorf("missing finding %v", w)
		}
	}
	for i, g := range got {
		if !used[i] {
			t.Errorf("unexpected finding %s:%d: [%s] %s", g.file, g.line, g.category, g.message)
		}
	}
}

// noCrash fails the test if output shows a panic or a goroutine dump
// (whose header is "goroutine 1 [running]:"; findings speak of goroutines
// too).
func noCrash(t *testing.T, out string) {
	t.Helper()
	for _, s := range []string{"panic:", "runtime error", "[signal "} {
		if strings.Contains(out, s) {
			t.Errorf("output shows a crash (%q):\n%s", s, out)
		}
	}
	if m := goroutineDump.FindString(out); m != "" {
		t.Errorf("output shows a crash (%q):\n%s", m, out)
	}
}

var goroutineDump = regexp.MustCompile(`(?m)^goroutine \d+ \[`)

func TestFindings(t *testing.T) {
	dir := sharedModule(t)
	r := check(t, dir, "./...")
	if r.code != 3 {
		t.Errorf("valuetaskcheck ./...: exit status %d, want 3 (findings)\nstderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("valuetaskcheck ./...: unexpected stdout:\n%s", r.stdout)
	}
	noCrash(t, r.stderr)
	matchFindings(t, parseText(t, dir, r.stderr), wantAll)

	// Each double await names the first consumption as related information,
	// on the next line, indented by a tab.
	for _, related := range []string{
		`findings/findings\.go:17:\d+: double await .*\n\S*findings/findings\.go:16:\d+: \tfirst consumed here\n`,
		`facts/b/b\.go:18:\d+: double await .*\n\S*facts/b/b\.go:17:\d+: \tfirst consumed here\n`,
	} {
		if !regexp.MustCompile(related).MatchString(filepath.ToSlash(r.stderr)) {
			t.Errorf("valuetaskcheck ./...: no related line matching %q in\n%s", related, r.stderr)
		}
	}
}

func TestClean(t *testing.T) {
	dir := sharedModule(t)
	for _, pkg := range []string{"./clean", "./stdonly", "./facts/a"} {
		r := check(t, dir, pkg)
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Errorf("valuetaskcheck %s: exit status %d, want 0 and no output\nstdout:\n%s\nstderr:\n%s", pkg, r.code, r.stdout, r.stderr)
		}
	}
}

// TestCrossPackageFacts checks that what a.Drain and a.LogState do with
// their ValueTask reaches package b.
func TestCrossPackageFacts(t *testing.T) {
	dir := sharedModule(t)
	r := check(t, dir, "./facts/b")
	if r.code != 3 {
		t.Errorf("valuetaskcheck ./facts/b: exit status %d, want 3\nstderr:\n%s", r.code, r.stderr)
	}
	matchFindings(t, parseText(t, dir, r.stderr), wantIn("facts/b"))
}

func TestDoesNotTypeCheck(t *testing.T) {
	dir := sharedModule(t)
	for _, args := range [][]string{{"./_broken"}, {"-json", "./_broken"}} {
		r := check(t, dir, args...)
		if r.code != 1 {
			t.Errorf("valuetaskcheck %s: exit status %d, want 1", strings.Join(args, " "), r.code)
		}
		noCrash(t, r.stdout+r.stderr)
		if !strings.Contains(filepath.ToSlash(r.stderr), "_broken/broken.go:14:9: too many return values") {
			t.Errorf("valuetaskcheck %s: stderr does not name the type error:\n%s", strings.Join(args, " "), r.stderr)
		}
	}
}

// jsonDiag is a diagnostic of the -json output (golang.org/x/tools's
// analysisflags.JSONDiagnostic).
type jsonDiag struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	End      string `json:"end"`
	Message  string `json:"message"`
	Related  []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename string `json:"filename"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			New      string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes"`
}

// posnRE splits a JSON posn: file:line:col.
var posnRE = regexp.MustCompile(`^(.+?\.go):(\d+):(\d+)$`)

func TestJSON(t *testing.T) {
	dir := sharedModule(t)
	r := check(t, dir, "-json", "./...")
	// singlechecker exits 0 with -json even when there are findings: a CI
	// step must read the output, not the exit status.
	if r.code != 0 {
		t.Errorf("valuetaskcheck -json ./...: exit status %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	noCrash(t, r.stderr)
	// package path -> analyzer name -> diagnostics (or {"error": ...})
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("valuetaskcheck -json ./...: output is not JSON: %v\n%s", err, r.stdout)
	}
	var got []diag
	for pkg, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			if name != "valuetask" {
				t.Errorf("%s: diagnostics of analyzer %q, want only valuetask: %s", pkg, name, raw)
				continue
			}
			var ds []jsonDiag
			if err := json.Unmarshal(raw, &ds); err != nil {
				t.Errorf("%s: %s: %v", pkg, raw, err)
				continue
			}
			for _, d := range ds {
				m := posnRE.FindStringSubmatch(d.Posn)
				if m == nil {
					t.Errorf("%s: bad posn %q", pkg, d.Posn)
					continue
				}
				line, _ := strconv.Atoi(m[2])
				file := relFile(t, dir, m[1])
				if !strings.HasPrefix(pkg, testModulePath+"/") || pkgDir(pkg) != filepath.ToSlash(filepath.Dir(file)) {
					t.Errorf("finding %s:%d listed under package %s", file, line, pkg)
				}
				// A finding of a non-test file belongs to the package
				// itself, not (again) to its test variant.
				if !strings.HasSuffix(file, "_test.go") && strings.Contains(pkg, " [") {
					t.Errorf("finding %s:%d of a non-test file listed under the test variant %s", file, line, pkg)
				}
				if d.Category == "" {
					t.Errorf("%s:%d: no category", file, line)
				}
				got = append(got, diag{file: file, line: line, category: d.Category, message: d.Message})
				checkJSONDetails(t, file, line, d)
			}
		}
	}
	matchFindings(t, got, wantAll)

	// Each finding once: as many entries as the text output has findings.
	text := check(t, dir, "./...")
	if n := len(parseText(t, dir, text.stderr)); len(got) != n {
		t.Errorf("valuetaskcheck -json ./...: %d entries, but the text output has %d findings", len(got), n)
	}
}

// pkgDir returns the directory of a test module package, relative to the
// module root: "withtests" for the package IDs "example.com/vtcheck/withtests",
// "example.com/vtcheck/withtests [example.com/vtcheck/withtests.test]" and
// "example.com/vtcheck/withtests_test [example.com/vtcheck/withtests.test]".
func pkgDir(pkg string) string {
	pkg, _, _ = strings.Cut(pkg, " [")
	return strings.TrimSuffix(strings.TrimPrefix(pkg, testModulePath+"/"), "_test")
}

// checkJSONDetails checks the related information and suggested fixes of
// two findings of the -json output.
func checkJSONDetails(t *testing.T, file string, line int, d jsonDiag) {
	t.Helper()
	switch {
	case file == "facts/b/b.go" && line == 18:
		// The call, and the Await inside a.Drain (its parenthesis, a.go:12:70),
		// which the facts carry across the package boundary.
		if len(d.Related) != 2 || !regexp.MustCompile(`b\.go:17:\d+$`).MatchString(d.Related[0].Posn) || d.Related[0].Message != "first consumed here" ||
			!regexp.MustCompile(`a\.go:12:70$`).MatchString(d.Related[1].Posn) || d.Related[1].Message != "where the callee awaits it" {
			t.Errorf("%s:%d: related = %+v, want the a.Drain call at b.go:17 and its Await at a.go:12:70", file, line, d.Related)
		}
	case d.Category == "missing-astask":
		if len(d.SuggestedFixes) != 1 || len(d.SuggestedFixes[0].Edits) != 1 || d.SuggestedFixes[0].Edits[0].New != ".AsTask()" {
			t.Errorf("%s:%d: suggested fixes = %+v, want one inserting .AsTask()", file, line, d.SuggestedFixes)
		}
	}
}

func TestFix(t *testing.T) {
	dir := newModule(t)
	file := filepath.Join(dir, "findings", "findings.go")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	// -fix -diff prints the fix and changes nothing.
	r := check(t, dir, "-fix", "-diff", "./...")
	if r.code != 0 {
		t.Errorf("valuetaskcheck -fix -diff ./...: exit status %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "+\treturn valuetask.WhenAll[int](v.AsTask()).Await(ctx)") {
		t.Errorf("valuetaskcheck -fix -diff ./...: no diff inserting AsTask() in\n%s", r.stdout)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Errorf("valuetaskcheck -fix -diff changed %s", file)
	}

	// -fix applies it, and exits 0 although findings without a fix remain.
	r = check(t, dir, "-fix", "./...")
	if r.code != 0 {
		t.Errorf("valuetaskcheck -fix ./...: exit status %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(before), "WhenAll[int](v)", "WhenAll[int](v.AsTask())", 1)
	want = strings.Replace(want, "func Twice(ctx context.Context) {\n\tv := get()\n", "func Twice(ctx context.Context) {\n\tv := get().Preserve()\n", 1)
	if string(after) != want {
		t.Errorf("after -fix, %s is\n%s\nwant\n%s", file, after, want)
	}

	if r := run(t, dir, goEnv(), "go", "build", "./..."); r.code != 0 {
		t.Fatalf("go build ./... after -fix: exit status %d\n%s", r.code, r.stderr)
	}
	r = check(t, dir, "./findings")
	if r.code != 3 {
		t.Errorf("valuetaskcheck ./findings after -fix: exit status %d, want 3 (the findings -fix cannot fix)", r.code)
	}
	var rest []finding
	for _, f := range wantIn("findings") {
		if f.category != "missing-astask" && f.category != "double-await" {
			rest = append(rest, f)
		}
	}
	matchFindings(t, parseText(t, dir, r.stderr), rest)
}

func TestVet(t *testing.T) {
	if testing.Short() {
		t.Skip("go vet runs the tool on every dependency; skipped with -short")
	}
	dir := newModule(t)
	vet := func(args ...string) result {
		return run(t, dir, goEnv(), "go", append([]string{"vet", "-vettool=" + binPath}, args...)...)
	}

	// Facts of package a travel to package b through the .vetx files.
	r := vet("./...")
	if r.code == 0 {
		t.Errorf("go vet -vettool ./...: exit status 0, want non-zero")
	}
	noCrash(t, r.stderr)
	matchFindings(t, parseText(t, dir, r.stderr), wantAll)

	for _, pkg := range []string{"./clean", "./facts/a"} {
		if r := vet(pkg); r.code != 0 {
			t.Errorf("go vet -vettool %s: exit status %d, want 0\n%s", pkg, r.code, r.stderr)
		}
	}

	// A package that imports only the standard library: the analyzer runs
	// on it and on every package it imports, and must cost next to nothing.
	// The first run fills the vet cache of the standard library (with a
	// cold Go cache that takes as long as plain go vet does); the timed one
	// re-vets the changed package only.
	if r := vet("./stdonly"); r.code != 0 {
		t.Fatalf("go vet -vettool ./stdonly: exit status %d\n%s", r.code, r.stderr)
	}
	f := filepath.Join(dir, "stdonly", "stdonly.go")
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, append(src, "\n// changed\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	r = vet("./stdonly")
	if r.code != 0 {
		t.Fatalf("go vet -vettool ./stdonly: exit status %d\n%s", r.code, r.stderr)
	}
	t.Logf("go vet -vettool ./stdonly (standard library imports only, warm cache): %v", r.took)
	if r.took > 20*time.Second {
		t.Errorf("go vet -vettool ./stdonly took %v, want well under 20s", r.took)
	}
}

// loadModuleGraph puts the go.mod file of every module in this module's
// graph into the module cache, with the proxy the user's go command uses.
// Building needs only the modules that provide packages, but go get loads
// the whole graph (go-sarif/v2 requires go-sarif v1, whose go.mod nothing
// else fetches), and the tests run it offline.
func loadModuleGraph(t *testing.T) {
	t.Helper()
	env := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=readonly")
	if r := run(t, repoRoot, env, "go", "list", "-m", "all"); r.code != 0 {
		t.Fatalf("go list -m all (to fill the module cache with this module's graph): exit status %d\n%s", r.code, r.stderr)
	}
}

// TestGoTool runs valuetaskcheck through the tool directive of go.mod (Go
// 1.24+), offline: the replace points at this checkout.
func TestGoTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool through the go command; skipped with -short")
	}
	loadModuleGraph(t)
	dir := newModule(t)
	env := goEnv()
	const tool = "github.com/go-valuetask/valuetask/cmd/valuetaskcheck"
	if r := run(t, dir, env, "go", "get", "-tool", tool); r.code != 0 {
		t.Fatalf("go get -tool %s (GOPROXY=off): exit status %d\n%s", tool, r.code, r.stderr)
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(strings.Split(string(gomod), "\n"), "tool "+tool) {
		t.Errorf("go.mod has no tool directive:\n%s", gomod)
	}

	r := run(t, dir, env, "go", "tool", "valuetaskcheck", "./findings")
	if r.code != 3 {
		t.Errorf("go tool valuetaskcheck ./findings: exit status %d, want 3\n%s", r.code, r.stderr)
	}
	matchFindings(t, parseText(t, dir, r.stderr), wantIn("findings"))

	if r := run(t, dir, env, "go", "tool", "valuetaskcheck", "./clean"); r.code != 0 {
		t.Errorf("go tool valuetaskcheck ./clean: exit status %d, want 0\n%s", r.code, r.stderr)
	}

	// Built as a dependency of the test module, which replaces this
	// module with a directory: a development build.
	if r := run(t, dir, env, "go", "tool", "valuetaskcheck", "-V"); r.stdout != "valuetaskcheck version (devel)\n" {
		t.Errorf("go tool valuetaskcheck -V: %q, want \"valuetaskcheck version (devel)\"", r.stdout)
	}
}
