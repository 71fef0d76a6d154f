package analyzer_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestRelated checks what // want cannot: that each diagnostic's Related
// information points at the other use, marked "// related" in the same
// function of testdata/src/related.
func TestRelated(t *testing.T) {
	dir := testModule(t)
	results := analysistest.Run(t, dir, analyzer.Analyzer, testModulePath+"/related")
	file := filepath.Join(dir, "related", "related.go")
	funcOf, marked := scanRelatedMarkers(t, file)
	n := 0
	for _, res := range results {
		for _, d := range res.Diagnostics {
			n++
			posn := res.Action.Package.Fset.Position(d.Pos)
			fn := funcOf[posn.Line]
			want, ok := marked[fn]
			if !ok {
				t.Errorf("%s: no // related marker in %s", posn, fn)
				continue
			}
			if len(d.Related) == 0 {
				t.Errorf("%s: %q has no Related information, want line %d", posn, d.Message, want)
				continue
			}
			got := res.Action.Package.Fset.Position(d.Related[0].Pos).Line
			if got != want {
				t.Errorf("%s: Related points at line %d, want line %d", posn, got, want)
			}
		}
	}
	if n != len(marked) {
		t.Errorf("got %d diagnostics, want one per function with a marker (%d)", n, len(marked))
	}
}

// scanRelatedMarkers maps each line to its enclosing function and each
// function to the line of its "// related" marker.
func scanRelatedMarkers(t *testing.T, file string) (funcOf map[int]string, marked map[string]int) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	funcOf, marked = make(map[int]string), make(map[string]int)
	fn := ""
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if name, ok := strings.CutPrefix(text, "func "); ok {
			fn = name[:strings.Index(name, "(")]
		}
		funcOf[line] = fn
		if strings.HasSuffix(strings.TrimSpace(text), "// related") || strings.Contains(text, "/* related */") {
			marked[fn] = line
		}
	}
	return funcOf, marked
}
