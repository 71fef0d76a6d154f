package main_test

import (
	"bytes"
	"encoding/json"
	"go/format"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-valuetask/valuetask/internal/testmod"
)

// TestFixEverything runs valuetaskcheck -fix over every fix the analyzer
// offers in its own test packages (testdata/src) and the demo program:
// what it leaves must be gofmt-clean and build, and a second run must
// report nothing of a fixed finding's category on the line it was on.
func TestFixEverything(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mod")
	const modPath = "example.com/vt" // the analyzer's test packages import each other by it
	if err := testmod.Copy(dir, filepath.Join(repoRoot, "testdata", "src"), modPath, repoRoot); err != nil {
		t.Fatal(err)
	}
	copyDemo(t, filepath.Join(repoRoot, "testdata", "demo"), filepath.Join(dir, "demo"), modPath+"/demo")

	before := fixJSON(t, dir)
	fixed := make(map[string]bool) // the categories that got a fix
	for _, d := range before {
		if len(d.SuggestedFixes) > 0 {
			fixed[d.Category] = true
		}
	}
	for _, c := range []string{"double-await", "concurrent-await", "missing-astask", "unguarded-result"} {
		if !fixed[c] {
			t.Errorf("no %s finding with a fix in the test packages: the test checks nothing of that fix", c)
		}
	}

	lines := newLines(t, before)
	if r := check(t, dir, "-fix", "./..."); r.code != 0 {
		t.Fatalf("valuetaskcheck -fix ./...: exit status %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	gofmtClean(t, dir)
	if r := run(t, dir, goEnv(), "go", "build", "./..."); r.code != 0 {
		t.Fatalf("go build ./... after -fix: exit status %d\n%s", r.code, r.stderr)
	}

	after := make(map[string]bool)
	for _, d := range fixJSON(t, dir) {
		after[d.key()] = true
	}
	n := 0
	for _, d := range before {
		if len(d.SuggestedFixes) == 0 {
			continue
		}
		n++
		moved := d
		moved.line = lines(d.file, d.line)
		if after[moved.key()] {
			t.Errorf("%s:%d: [%s] %s: still reported after -fix (now at line %d)", d.file, d.line, d.Category, d.Message, moved.line)
		}
	}
	t.Logf("%d findings, %d with a fix", len(before), n)
}

// fixDiag is a finding of the -json output with its place.
type fixDiag struct {
	jsonDiag
	file string // as -json names it
	line int
}

func (d fixDiag) key() string { return d.file + ":" + strconv.Itoa(d.line) + ":" + d.Category }

// fixJSON returns the findings of valuetaskcheck -json ./... in dir.
func fixJSON(t *testing.T, dir string) []fixDiag {
	t.Helper()
	r := check(t, dir, "-json", "./...")
	noCrash(t, r.stderr)
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("valuetaskcheck -json ./...: %v\n%s", err, r.stdout)
	}
	var out []fixDiag
	for pkg, byAnalyzer := range tree {
		var ds []jsonDiag
		if err := json.Unmarshal(byAnalyzer["valuetask"], &ds); err != nil {
			t.Fatalf("%s: %s: %v", pkg, byAnalyzer["valuetask"], err)
		}
		for _, d := range ds {
			m := posnRE.FindStringSubmatch(d.Posn)
			if m == nil {
				t.Fatalf("%s: bad posn %q", pkg, d.Posn)
			}
			line, _ := strconv.Atoi(m[2])
			out = append(out, fixDiag{jsonDiag: d, file: m[1], line: line})
		}
	}
	return out
}

// newLines returns where a line of a file is after the fixes of ds: the
// line moves by the lines the edits before it insert. It reads the files
// as they are before the fixes.
func newLines(t *testing.T, ds []fixDiag) func(file string, line int) int {
	t.Helper()
	type edit struct {
		start, end int
		text       string
	}
	edits := make(map[string]map[edit]bool) // identical edits apply once
	sources := make(map[string][]byte)
	for _, d := range ds {
		for _, f := range d.SuggestedFixes {
			for _, e := range f.Edits {
				if edits[e.Filename] == nil {
					edits[e.Filename] = make(map[edit]bool)
					src, err := os.ReadFile(e.Filename)
					if err != nil {
						t.Fatal(err)
					}
					sources[e.Filename] = src
				}
				edits[e.Filename][edit{e.Start, e.End, e.New}] = true
			}
		}
	}
	return func(file string, line int) int {
		src := sources[file]
		start := lineStart(src, line)
		moved := line
		for e := range edits[file] {
			if e.end <= start {
				moved += strings.Count(e.text, "\n") - bytes.Count(src[e.start:e.end], []byte("\n"))
			}
		}
		return moved
	}
}

func lineStart(src []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return off
}

// gofmtClean fails the test for each Go file under dir that gofmt would
// change.
func gofmtClean(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if out, err := format.Source(src); err != nil || !bytes.Equal(out, src) {
			t.Errorf("%s is not gofmt-clean after -fix (%v)", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copyDemo copies the demo program to dst, as the packages of modPath.
func copyDemo(t *testing.T, src, dst, pkgPath string) {
	t.Helper()
	const demoPath = "github.com/go-valuetask/valuetask/testdata/demo"
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		data = bytes.ReplaceAll(data, []byte(`"`+demoPath+`/`), []byte(`"`+pkgPath+`/`))
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFixGolden checks each kind of fix, as valuetaskcheck -fix applies
// it, against fixable.go.golden (which the golangci-lint integration test
// holds golangci-lint run --fix to as well).
func TestFixGolden(t *testing.T) {
	dir := newModule(t)
	if r := check(t, dir, "-fix", "./fixable"); r.code != 0 {
		t.Fatalf("valuetaskcheck -fix ./fixable: exit status %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	matchGolden(t, dir, "fixable/fixable.go")
	if r := check(t, dir, "./fixable"); r.code != 0 {
		t.Errorf("valuetaskcheck ./fixable after -fix: exit status %d, want 0 (every finding fixed)\nstderr:\n%s", r.code, r.stderr)
	}
}

// matchGolden compares a file of the module in dir with the .golden file
// next to its original in testdata/src.
func matchGolden(t *testing.T, dir, file string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(repoRoot, "cmd", "valuetaskcheck", "testdata", "src", file+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s after the fixes:\n%s\nwant (%s.golden):\n%s", file, got, file, want)
	}
}
