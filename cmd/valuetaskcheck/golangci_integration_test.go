package main_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// gclBuildTimeout bounds a build of golangci-lint with the plugin: a go
// install of golangci-lint took 4 min 40 s with cold caches on 2 cores.
const gclBuildTimeout = 40 * time.Minute

// gclVersion is the golangci-lint version the plugin is built into.
const gclVersion = "v2.15.0"

// golangciConfig enables only the valuetask linter: the test module's
// code leaves errors unchecked on purpose, which the standard linters
// would report.
const golangciConfig = `version: "2"
linters:
  default: none
  enable:
    - valuetask
  settings:
    custom:
      valuetask:
        type: module
        description: reports misuse of valuetask.ValueTask
`

// TestIntegrationGolangciLint builds golangci-lint with the valuetask
// module plugin through scripts/build-custom-gcl.sh (the real
// `golangci-lint custom`, its git clone fed from the Go module proxy) and
// runs it on the test module.
//
// It needs VALUETASK_INTEGRATION=1, a reachable GOPROXY, git and bash, and
// several minutes; run it with a longer -timeout than go test's 10m
// default. With VALUETASK_GCL_CACHE set, the binary is kept in that
// directory, under a name that changes with this module's sources.
// GOLANGCI_LINT (an installed golangci-lint to run `custom` with) and
// VALUETASK_GCL_ROUTE=build (no git) are passed on to the script.
func TestIntegrationGolangciLint(t *testing.T) {
	if os.Getenv("VALUETASK_INTEGRATION") != "1" {
		t.Skip("skipping the golangci-lint integration test: set VALUETASK_INTEGRATION=1 to build golangci-lint " +
			gclVersion + " with the valuetask plugin (several minutes, needs GOPROXY, git and bash) and run it")
	}
	if runtime.GOOS == "windows" {
		t.Skip("scripts/build-custom-gcl.sh needs bash")
	}
	gcl := customGCL(t)

	dir := newModule(t)
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(golangciConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	env := goEnv("GOLANGCI_LINT_CACHE=" + t.TempDir())
	lint := func(args ...string) result {
		args = append([]string{"run", "--output.json.path=stdout", "--show-stats=false",
			// Every finding, not one per line or three per text.
			"--max-same-issues=0", "--max-issues-per-linter=0", "--uniq-by-line=false"}, args...)
		return run(t, dir, env, gcl, args...)
	}

	r := lint("./...")
	if r.code != 1 {
		t.Errorf("golangci-lint run ./...: exit status %d, want 1 (issues found)\nstderr:\n%s", r.code, r.stderr)
	}
	noCrash(t, r.stderr)
	issues := parseGCL(t, r.stdout)
	var got []diag
	for _, is := range issues {
		if is.FromLinter != "valuetask" {
			t.Errorf("issue from linter %q, want valuetask: %+v", is.FromLinter, is)
		}
		got = append(got, diag{file: relFile(t, dir, is.Pos.Filename), line: is.Pos.Line, message: is.Text})
	}
	// The findings of valuetaskcheck and their related lines, less those
	// on lines with //nolint:valuetask. golangci-lint, too, lists the
	// findings of a non-test file once, although it analyzes the package's
	// test variant as well.
	matchFindings(t, got, gclWant(t, dir, "./..."))

	// The fix of missing-astask comes through.
	for _, is := range issues {
		if strings.HasPrefix(is.Text, "missing AsTask()") && len(is.SuggestedFixes) != 1 {
			t.Errorf("missing-astask issue has %d suggested fixes, want 1: %+v", len(is.SuggestedFixes), is)
		}
	}

	r = lint("./clean", "./stdonly", "./facts/a")
	if r.code != 0 {
		t.Errorf("golangci-lint run on the clean packages: exit status %d, want 0\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if is := parseGCL(t, r.stdout); len(is) != 0 {
		t.Errorf("golangci-lint run on the clean packages: %d issues, want none: %+v", len(is), is)
	}

	// The shipped example configuration is valid, and with it the valuetask
	// findings come along with those of the standard linters (errcheck
	// reports the unchecked v.Await calls on the same lines).
	example, err := os.ReadFile(filepath.Join(repoRoot, ".golangci.yml.example"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), example, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, env, gcl, "config", "verify"); r.code != 0 {
		t.Errorf("golangci-lint config verify of .golangci.yml.example: exit status %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, env, gcl, "run", "--output.json.path=stdout", "--show-stats=false", "./findings")
	if r.code != 1 {
		t.Errorf("golangci-lint run ./findings with .golangci.yml.example: exit status %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	linters := make(map[string]bool)
	got = got[:0]
	for _, is := range parseGCL(t, r.stdout) {
		linters[is.FromLinter] = true
		if is.FromLinter == "valuetask" {
			got = append(got, diag{file: relFile(t, dir, is.Pos.Filename), line: is.Pos.Line, message: is.Text})
		}
	}
	if !linters["errcheck"] {
		t.Errorf("with .golangci.yml.example, no errcheck issues: the standard linters should run too")
	}
	matchFindings(t, got, gclWant(t, dir, "./findings"))

	// With the example configuration (max-same-issues: 0), every "first
	// consumed here" of ./repeated's four double awaits is shown; with
	// golangci-lint's default of 3 the fourth is dropped.
	countRelated := func(args ...string) int {
		t.Helper()
		r := run(t, dir, env, gcl, append([]string{"run", "--output.json.path=stdout", "--show-stats=false"}, args...)...)
		n := 0
		for _, is := range parseGCL(t, r.stdout) {
			if is.FromLinter == "valuetask" && strings.Contains(is.Text, "(related information): first consumed here") {
				n++
			}
		}
		return n
	}
	if n := countRelated("./repeated"); n != 4 {
		t.Errorf("golangci-lint run ./repeated with .golangci.yml.example: %d \"first consumed here\" issues, want 4", n)
	}
	if n := countRelated("--max-same-issues=3", "./repeated"); n != 3 {
		t.Errorf("golangci-lint run --max-same-issues=3 ./repeated: %d \"first consumed here\" issues, want 3 (the default drops the fourth)", n)
	}

	// An exclusion rule on the text drops the related-information issues.
	excl := golangciConfig + `  exclusions:
    rules:
      - linters:
          - valuetask
        text: "related information"
`
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(excl), 0o644); err != nil {
		t.Fatal(err)
	}
	r = lint("./findings")
	got = got[:0]
	for _, is := range parseGCL(t, r.stdout) {
		got = append(got, diag{file: relFile(t, dir, is.Pos.Filename), line: is.Pos.Line, message: is.Text})
	}
	var noRelated []finding
	for _, f := range gclWant(t, dir, "./findings") {
		if !strings.HasPrefix(f.message, relatedPrefix) {
			noRelated = append(noRelated, f)
		}
	}
	matchFindings(t, got, noRelated)

	// golangci-lint's SARIF has one rule for every category: ruleId
	// valuetask (the README says so, and points to valuetaskcheck -sarif).
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(golangciConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, env, gcl, "run", "--output.sarif.path=stdout", "--show-stats=false", "./findings")
	var gclSARIF sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &gclSARIF); err != nil || len(gclSARIF.Runs) != 1 {
		t.Fatalf("golangci-lint --output.sarif.path=stdout: not one SARIF run (%v):\n%s", err, r.stdout)
	}
	for _, res := range gclSARIF.Runs[0].Results {
		if res.RuleID != "valuetask" {
			t.Errorf("golangci-lint SARIF result with ruleId %q, want valuetask: %+v", res.RuleID, res)
		}
	}
	if len(gclSARIF.Runs[0].Results) == 0 {
		t.Errorf("golangci-lint SARIF: no results")
	}

	// --fix applies the missing-astask fix.
	fixDir := newModule(t)
	if err := os.WriteFile(filepath.Join(fixDir, ".golangci.yml"), []byte(golangciConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, fixDir, env, gcl, "run", "--fix", "./findings")
	fixed, err := os.ReadFile(filepath.Join(fixDir, "findings", "findings.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fixed), "valuetask.WhenAll[int](v.AsTask())") {
		t.Errorf("golangci-lint run --fix did not insert AsTask():\n%s", fixed)
	}
	// It applies each kind of fix as valuetaskcheck -fix does.
	run(t, fixDir, env, gcl, "run", "--fix", "./fixable")
	matchGolden(t, fixDir, "fixable/fixable.go")

	// Settings are rejected.
	bad := golangciConfig + "        settings:\n          strict: true\n"
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, env, gcl, "run", "./clean")
	if r.code == 0 || !strings.Contains(r.stderr, "the linter takes no settings") {
		t.Errorf("golangci-lint run with settings for valuetask: exit status %d, want an error saying it takes no settings\nstderr:\n%s", r.code, r.stderr)
	}
}

// TestIntegrationGolangciLintUserConfig builds golangci-lint with
// scripts/build-custom-gcl.sh from a user's own .custom-gcl.yml that lists
// another module plugin too: both linters are in the binary, and the
// valuetask plugin comes from this checkout although the file asks for a
// version that is not published.
func TestIntegrationGolangciLintUserConfig(t *testing.T) {
	if os.Getenv("VALUETASK_INTEGRATION") != "1" {
		t.Skip("skipping the golangci-lint integration test: set VALUETASK_INTEGRATION=1 (several minutes, needs GOPROXY, git and bash)")
	}
	if runtime.GOOS == "windows" {
		t.Skip("scripts/build-custom-gcl.sh needs bash")
	}
	// The custom binary of the other test runs `golangci-lint custom`.
	gcl := customGCL(t)

	// The user's module: another plugin in a directory of its own, and the
	// .custom-gcl.yml naming both, with relative paths.
	user := t.TempDir()
	other := filepath.Join(user, "tools", "otherlint")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"go.mod":       otherlintGoMod,
		"go.sum":       string(sum),
		"otherlint.go": otherlintSource,
	} {
		if err := os.WriteFile(filepath.Join(other, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	userConfig := `version: ` + gclVersion + `
name: my-gcl
destination: ./bin
plugins:
  - module: example.com/otherlint
    path: ./tools/otherlint
  - module: github.com/go-valuetask/valuetask
    import: github.com/go-valuetask/valuetask/golangci
    version: v0.1.0
`
	if err := os.WriteFile(filepath.Join(user, ".custom-gcl.yml"), []byte(userConfig), 0o644); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "custom-gcl")
	script := filepath.Join(repoRoot, "scripts", "build-custom-gcl.sh")
	env := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOLANGCI_LINT="+gcl, "GCL_VERSION=", "VALUETASK_GCL_CONFIG=")
	r := runTimeout(t, gclBuildTimeout, user, env, "bash", script, out)
	t.Logf("%s output:\n%s%s", script, r.stdout, r.stderr)
	if r.code != 0 {
		t.Fatalf("%s in a directory with a .custom-gcl.yml: exit status %d", script, r.code)
	}
	if !strings.Contains(r.stderr, "building the configuration "+filepath.Join(user, ".custom-gcl.yml")) {
		t.Errorf("%s did not say it builds the user's .custom-gcl.yml", script)
	}

	// Both linters run.
	dir := newModule(t)
	config := `version: "2"
linters:
  default: none
  enable:
    - valuetask
    - otherlint
  settings:
    custom:
      valuetask:
        type: module
      otherlint:
        type: module
`
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, goEnv("GOLANGCI_LINT_CACHE="+t.TempDir()), out, "run", "--output.json.path=stdout", "--show-stats=false",
		"--max-same-issues=0", "--uniq-by-line=false", "./findings")
	linters := make(map[string]int)
	for _, is := range parseGCL(t, r.stdout) {
		linters[is.FromLinter]++
	}
	if linters["valuetask"] == 0 || linters["otherlint"] == 0 {
		t.Errorf("golangci-lint built from the user's .custom-gcl.yml: issues by linter %v, want valuetask and otherlint\n%s", linters, r.stderr)
	}

	// The two must agree on the golangci-lint version.
	env = append(env, "GCL_VERSION=v2.0.0")
	if r := run(t, user, env, "bash", script, filepath.Join(t.TempDir(), "x")); r.code == 0 || !strings.Contains(r.stderr, "asks for golangci-lint "+gclVersion) {
		t.Errorf("%s with GCL_VERSION=v2.0.0 and a .custom-gcl.yml for %s: exit status %d, want an error\n%s", script, gclVersion, r.code, r.stderr)
	}
}

// otherlint is a module plugin of the user's, next to valuetask.
const (
	otherlintGoMod = `module example.com/otherlint

go 1.26.0

require (
	github.com/golangci/plugin-module-register v0.1.2
	golang.org/x/tools v0.52.0
)
`
	otherlintSource = `// Package otherlint is a golangci-lint module plugin that reports every
// package clause.
package otherlint

import (
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

func init() { register.Plugin("otherlint", New) }

func New(any) (register.LinterPlugin, error) { return plugin{}, nil }

type plugin struct{}

func (plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{{
		Name: "otherlint",
		Doc:  "reports every package clause",
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				pass.Reportf(f.Package, "otherlint saw package %s", pass.Pkg.Name())
			}
			return nil, nil
		},
	}}, nil
}

func (plugin) GetLoadMode() string { return register.LoadModeSyntax }
`
)

// relatedPrefix starts the text of the issues golangci-lint makes of the
// related positions of a finding.
const relatedPrefix = `valuetask\(related information\): `

// gclWant returns the issues golangci-lint should report on the packages:
// the findings valuetaskcheck prints, and an issue of its own for each
// related position, less those on lines with a //nolint:valuetask comment.
func gclWant(t *testing.T, dir string, pkgs ...string) []finding {
	t.Helper()
	r := check(t, dir, pkgs...)
	if r.code != 3 {
		t.Fatalf("valuetaskcheck %s: exit status %d, want 3\n%s", strings.Join(pkgs, " "), r.code, r.stderr)
	}
	nolint := make(map[string]bool) // file:line
	var want []finding
	var last finding // the finding the related lines below refer to
	for _, line := range strings.Split(r.stderr, "\n") {
		m := textDiag.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		file := relFile(t, dir, m[1])
		n, _ := strconv.Atoi(m[2])
		related := strings.HasPrefix(m[4], "\t")
		if !related {
			last = finding{file: file, line: n}
		} else if file != last.file {
			// golangci-lint shows a related position in another file
			// (inside a callee) at the finding's own place.
			file, n = last.file, last.line
		}
		key := file + ":" + strconv.Itoa(n)
		if _, ok := nolint[key]; !ok {
			src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(src), "\n")
			nolint[key] = n <= len(lines) && strings.Contains(lines[n-1], "//nolint:valuetask")
		}
		if nolint[key] {
			continue
		}
		msg := regexp.QuoteMeta(m[4])
		if rel, ok := strings.CutPrefix(m[4], "\t"); ok {
			msg = relatedPrefix + regexp.QuoteMeta(rel)
		}
		want = append(want, finding{file, n, "", msg})
	}
	return want
}

// gclIssue is an issue of golangci-lint's JSON output.
type gclIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
	SuggestedFixes []json.RawMessage
}

func parseGCL(t *testing.T, out string) []gclIssue {
	t.Helper()
	var report struct{ Issues []gclIssue }
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("golangci-lint output is not JSON: %v\n%s", err, out)
	}
	return report.Issues
}

// customGCL returns a golangci-lint binary with the valuetask plugin:
// the cached one if VALUETASK_GCL_CACHE holds one built from the current
// sources, else one built now by scripts/build-custom-gcl.sh.
func customGCL(t *testing.T) string {
	t.Helper()
	// The script's route: "custom" (the real `golangci-lint custom`, the
	// default) or "build" (no git: go build with a plugin import).
	route := os.Getenv("VALUETASK_GCL_ROUTE")
	if route == "" {
		route = "custom"
	}
	name := "custom-gcl-" + gclVersion + "-" + route + "-" + sourceHash(t)
	cacheDir := os.Getenv("VALUETASK_GCL_CACHE")
	if cacheDir != "" {
		cached := filepath.Join(cacheDir, name)
		if fi, err := os.Stat(cached); err == nil && fi.Mode().IsRegular() {
			t.Logf("using the cached %s", cached)
			return cached
		}
		if err := os.MkdirAll(cacheDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	out := filepath.Join(t.TempDir(), name)
	script := filepath.Join(repoRoot, "scripts", "build-custom-gcl.sh")
	// The build needs the Go module proxy.
	env := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GCL_VERSION="+gclVersion, "VALUETASK_GCL_ROUTE="+route)
	start := time.Now()
	r := runTimeout(t, gclBuildTimeout, repoRoot, env, "bash", script, out)
	t.Logf("%s output:\n%s%s", script, r.stdout, r.stderr)
	if r.code != 0 {
		t.Fatalf("%s: exit status %d", script, r.code)
	}
	t.Logf("built the custom golangci-lint in %v", time.Since(start).Round(time.Second))

	if cacheDir == "" {
		return out
	}
	cached := filepath.Join(cacheDir, name)
	tmp := cached + ".tmp"
	if err := copyFile(out, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, cached); err != nil {
		t.Fatal(err)
	}
	return cached
}

// sourceHash hashes what goes into the custom binary from this module:
// the sources a build of the command needs (moduleSources) and the build
// script.
func sourceHash(t *testing.T) string {
	t.Helper()
	files := append(moduleSources(t), "scripts/build-custom-gcl.sh")
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(h, f+"\x00")
		h.Write(data)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o755)
}
