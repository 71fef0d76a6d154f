package main_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

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

	// The findings of valuetaskcheck, less those silenced with
	// //nolint:valuetask (nolint.go:22 and :30), plus one issue per Related
	// entry, which golangci-lint reports on its own line.
	var want []finding
	for _, f := range wantAll {
		if f.file == "nolint/nolint.go" && (f.line == 22 || f.line == 30) {
			continue
		}
		want = append(want, f)
	}
	const relatedMsg = `valuetask\(related information\): first consumed here`
	for _, at := range []struct {
		file string
		line int
	}{
		{"findings/findings.go", 16},
		{"facts/b/b.go", 17},
		{"ignore/ignore.go", 31},
		// The nolint comment on line 30 does not cover the first
		// consumption on line 29; line 21 has its own nolint comment.
		{"nolint/nolint.go", 29},
		{"nolint/nolint.go", 36},
	} {
		want = append(want, finding{at.file, at.line, "", relatedMsg})
	}
	var got []diag
	for _, is := range issues {
		if is.FromLinter != "valuetask" {
			t.Errorf("issue from linter %q, want valuetask: %+v", is.FromLinter, is)
		}
		got = append(got, diag{file: relFile(t, dir, is.Pos.Filename), line: is.Pos.Line, message: is.Text})
	}
	matchFindings(t, got, want)

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
	matchFindings(t, got, append(wantIn("findings"), finding{"findings/findings.go", 16, "", relatedMsg}))

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
	matchFindings(t, got, wantIn("findings"))

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
	r := run(t, repoRoot, env, "bash", script, out)
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

// sourceHash hashes what goes into the custom binary from this module: its
// Go sources outside testdata and tests, go.mod, go.sum and the build script.
func sourceHash(t *testing.T) string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != repoRoot && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	files = append(files,
		filepath.Join(repoRoot, "go.mod"),
		filepath.Join(repoRoot, "go.sum"),
		filepath.Join(repoRoot, "scripts", "build-custom-gcl.sh"))
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(repoRoot, f)
		io.WriteString(h, filepath.ToSlash(rel)+"\x00")
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
