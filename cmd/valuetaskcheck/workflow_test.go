package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/go-valuetask/valuetask/internal/testmod"
)

// workflowFile is the GitHub Actions workflow users copy. .ci/run checks it
// with actionlint; this test checks what it promises and runs its
// valuetaskcheck steps as GitHub's bash would.
const workflowFile = "docs/ci/valuetask.yml"

// workflowStep is a step of the workflow: its name, what it uses and its
// run script.
type workflowStep struct {
	name, uses, run string
}

// workflowSteps reads the steps of the workflow's one job. It knows the
// layout of that file (two-space indentation, block scalars for scripts),
// not YAML at large; actionlint checks that the file is valid.
func workflowSteps(t *testing.T, text string) []workflowStep {
	t.Helper()
	var steps []workflowStep
	lines := strings.Split(text, "\n")
	item := regexp.MustCompile(`^      - (\w[\w-]*): ?(.*)$`)
	field := regexp.MustCompile(`^        (\w[\w-]*): ?(.*)$`)
	set := func(s *workflowStep, key, value string) {
		value = strings.TrimSpace(regexp.MustCompile(`\s+#.*$`).ReplaceAllString(value, ""))
		switch key {
		case "name":
			s.name = value
		case "uses":
			s.uses = value
		case "run":
			s.run = value
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := item.FindStringSubmatch(line); m != nil {
			steps = append(steps, workflowStep{})
			set(&steps[len(steps)-1], m[1], m[2])
			continue
		}
		m := field.FindStringSubmatch(line)
		if m == nil || len(steps) == 0 {
			continue
		}
		s := &steps[len(steps)-1]
		if m[1] == "run" && strings.TrimSpace(m[2]) == "|" {
			var script []string
			for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], "          ") || strings.TrimSpace(lines[i+1]) == "") {
				i++
				script = append(script, strings.TrimPrefix(lines[i], "          "))
			}
			s.run = strings.TrimSpace(strings.Join(script, "\n")) + "\n"
			continue
		}
		set(s, m[1], m[2])
	}
	return steps
}

func TestWorkflow(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, workflowFile))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	steps := workflowSteps(t, text)

	// What it promises: push and pull_request, the permissions the upload
	// needs, pinned actions and a pinned valuetaskcheck.
	for _, want := range []string{"\non:\n  push:\n", "\n  pull_request:\n", "security-events: write", "cache: true"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s: no %q", workflowFile, want)
		}
	}
	pinned := regexp.MustCompile(`^[\w-]+/[\w/-]+@[0-9a-f]{40}$`)
	uses := make(map[string]bool)
	for _, s := range steps {
		if s.uses == "" {
			continue
		}
		if !pinned.MatchString(s.uses) {
			t.Errorf("%s: %s is not pinned to a commit", workflowFile, s.uses)
		}
		uses[strings.Split(s.uses, "@")[0]] = true
	}
	for _, a := range []string{"actions/checkout", "actions/setup-go", "github/codeql-action/upload-sarif"} {
		if !uses[a] {
			t.Errorf("%s: no step uses %s", workflowFile, a)
		}
	}
	if m := regexp.MustCompile(`\n\s+VALUETASK_VERSION: (\S+)\n`).FindStringSubmatch(text); m == nil || !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(m[1]) {
		t.Errorf("%s: VALUETASK_VERSION is not pinned to a release", workflowFile)
	}
	byName := make(map[string]workflowStep)
	for _, s := range steps {
		byName[s.name] = s
	}
	install, sarifStep, gate := byName["Install valuetaskcheck"], byName["valuetaskcheck -sarif"], byName["valuetaskcheck"]
	if !strings.Contains(install.run, "go install \"github.com/go-valuetask/valuetask/cmd/valuetaskcheck@${VALUETASK_VERSION}\"") {
		t.Errorf("%s: the install step %q does not install the pinned version", workflowFile, install.run)
	}
	if sarifStep.run == "" || gate.run == "" {
		t.Fatalf("%s: no steps named \"valuetaskcheck -sarif\" and \"valuetaskcheck\" with a script (steps: %+v)", workflowFile, steps)
	}
	if runtime.GOOS == "windows" {
		return
	}

	// The two valuetaskcheck steps, run as GitHub runs a bash step, with
	// the valuetaskcheck under test on PATH.
	env := goEnv("PATH=" + filepath.Dir(binPath) + string(os.PathListSeparator) + os.Getenv("PATH"))
	step := func(dir string, s workflowStep) result {
		t.Helper()
		script := filepath.Join(t.TempDir(), "step.sh")
		if err := os.WriteFile(script, []byte(s.run), 0o644); err != nil {
			t.Fatal(err)
		}
		return run(t, dir, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	}

	// Findings: the SARIF step succeeds and writes a valid log; the gate fails.
	dir := newModule(t)
	if r := step(dir, sarifStep); r.code != 0 {
		t.Errorf("step %q with findings: exit status %d, want 0 (the gate fails the job)\n%s", sarifStep.name, r.code, r.stderr)
	}
	out, err := os.ReadFile(filepath.Join(dir, "valuetask.sarif"))
	if err != nil {
		t.Fatalf("step %q wrote no valuetask.sarif: %v", sarifStep.name, err)
	}
	if log := validateSARIF(t, string(out)); len(log.Runs[0].Results) != len(wantAll) {
		t.Errorf("valuetask.sarif: %d results, want %d", len(log.Runs[0].Results), len(wantAll))
	}
	if r := step(dir, gate); r.code != 3 || !strings.Contains(r.stderr, "findings/findings.go:17:") {
		t.Errorf("step %q with findings: exit status %d, want 3 and the findings in the log\n%s", gate.name, r.code, r.stderr)
	}

	// A package that does not type-check fails both.
	if err := os.WriteFile(filepath.Join(dir, "clean", "broken.go"), []byte("package clean\n\nfunc Broken() int { return \"\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := step(dir, sarifStep); r.code != 1 {
		t.Errorf("step %q with a package that does not type-check: exit status %d, want 1\n%s", sarifStep.name, r.code, r.stderr)
	}
	if r := step(dir, gate); r.code != 1 {
		t.Errorf("step %q with a package that does not type-check: exit status %d, want 1\n%s", gate.name, r.code, r.stderr)
	}

	// A clean module passes both, with an empty log.
	clean := filepath.Join(t.TempDir(), "clean")
	if err := testmod.Copy(clean, filepath.Join(repoRoot, "cmd", "valuetaskcheck", "testdata", "src", "clean"), testModulePath, repoRoot); err != nil {
		t.Fatal(err)
	}
	if r := step(clean, sarifStep); r.code != 0 {
		t.Errorf("step %q on a clean module: exit status %d, want 0\n%s", sarifStep.name, r.code, r.stderr)
	}
	if out, err := os.ReadFile(filepath.Join(clean, "valuetask.sarif")); err != nil || len(validateSARIF(t, string(out)).Runs[0].Results) != 0 {
		t.Errorf("step %q on a clean module: no valid, empty valuetask.sarif (%v)", sarifStep.name, err)
	}
	if r := step(clean, gate); r.code != 0 {
		t.Errorf("step %q on a clean module: exit status %d, want 0\n%s", gate.name, r.code, r.stderr)
	}
}
