package analyzer_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestCalleeExplanations checks that a finding whose consumption goes
// through a callee (here, in a chain of helpers, in another package) says
// what the callee does and where, and has a Related entry at that place:
// the line of testdata/src/explain marked "consumes: NAME" for the finding
// marked "explains:NAME".
func TestCalleeExplanations(t *testing.T) {
	dir := testModule(t)
	results := analysistest.Run(t, dir, analyzer.Analyzer, testModulePath+"/explain/use")
	marks := make(map[string]string) // NAME -> file:line of the consumption
	explains := make(map[string]string)
	for _, file := range []string{"explain/lib/lib.go", "explain/use/use.go"} {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			if m := regexp.MustCompile(`// consumes: (\w+)`).FindStringSubmatch(sc.Text()); m != nil {
				marks[m[1]] = filepath.Base(file) + ":" + itoa(line)
			}
			if m := regexp.MustCompile(`explains:(\w+)`).FindStringSubmatch(sc.Text()); m != nil {
				explains[filepath.Base(file)+":"+itoa(line)] = m[1]
			}
		}
		f.Close()
	}
	n := 0
	for _, res := range results {
		fset := res.Action.Package.Fset
		for _, d := range res.Diagnostics {
			at := fset.Position(d.Pos)
			name, ok := explains[filepath.Base(at.Filename)+":"+itoa(at.Line)]
			if !ok {
				continue
			}
			n++
			want := marks[name]
			var got []string
			for _, rel := range d.Related {
				p := fset.Position(rel.Pos)
				got = append(got, filepath.Base(p.Filename)+":"+itoa(p.Line))
			}
			if !strings.Contains(strings.Join(got, " "), want) {
				t.Errorf("%s: Related %v, want an entry at %s, where %s consumes it", at, got, want, name)
			}
		}
	}
	if n != len(explains) {
		t.Errorf("%d findings explained, want %d", n, len(explains))
	}
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
