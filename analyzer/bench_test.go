package analyzer_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"github.com/go-valuetask/valuetask/internal/gen"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

// The benchmarks run the analyzer (with the summaries pass it requires, on
// the named package and, for facts, on every package it imports) over fixed
// generated code: the packages are loaded once, outside the timed loop, so
// ns/op and B/op are the analysis alone.
//
//	go test -run '^$' -bench . -benchmem ./analyzer/
//
// BenchmarkPathological's two sizes differ by 4x in code: their ratio shows
// whether the analyzer stays linear in the size of one function.
// BenchmarkPathologicalSSA times only the SSA construction inside it, which
// x/tools does in worse than linear time for one huge function.

// benchDir generates the benchmark module: package plain000 never touches a
// ValueTask, p000 and p001 are typical valuetask-using packages (p001 calls
// p000's helpers, through facts), and pathoN holds a function of N steps.
// The code is the same on every run: the seed is fixed.
func benchDir(b *testing.B) string {
	b.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		b.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, err := gen.Write(dir, gen.Config{Packages: 2, Plain: 1, Seed: 1, Replace: root, GoSum: sum}); err != nil {
		b.Fatal(err)
	}
	for _, n := range pathoSteps {
		name := "patho" + strconv.Itoa(n)
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, name+".go"), gen.PathologicalPackage(name, n), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

var pathoSteps = []int{500, 2000}

// loadBench loads one package of the benchmark module with everything it
// imports from source (facts need the dependencies analyzed too).
func loadBench(b *testing.B, rel string) []*packages.Package {
	b.Helper()
	dir := benchDir(b)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, gen.DefaultModule+"/"+rel)
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) != 1 {
		b.Fatalf("loading %s failed", rel)
	}
	return pkgs
}

func runBench(b *testing.B, rel string, wantDiags int) {
	pkgs := loadBench(b, rel)
	analyze := func() int {
		g, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, &checker.Options{Sequential: true})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for act := range g.All() {
			if act.Err != nil {
				b.Fatalf("%s: %v", act, act.Err)
			}
			if act.Analyzer == analyzer.Analyzer {
				n += len(act.Diagnostics)
			}
		}
		return n
	}
	if n := analyze(); n != wantDiags {
		b.Fatalf("%s: %d diagnostics, want %d", rel, n, wantDiags)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		analyze()
	}
}

// BenchmarkNoValueTask is the early exit: a package (and its standard
// library imports) that never touches a ValueTask.
func BenchmarkNoValueTask(b *testing.B) { runBench(b, "pkgs/plain000", 0) }

// BenchmarkTypical is a typical valuetask-using package of about 650 lines
// that calls another one's helpers.
func BenchmarkTypical(b *testing.B) { runBench(b, "pkgs/p001", 0) }

// BenchmarkPathological is one function of thousands of blocks and
// ValueTasks, at two sizes 4x apart.
func BenchmarkPathological(b *testing.B) {
	for _, n := range pathoSteps {
		b.Run("steps="+strconv.Itoa(n), func(b *testing.B) { runBench(b, "patho"+strconv.Itoa(n), 0) })
	}
}

// BenchmarkPathologicalSSA is the share of BenchmarkPathological that is
// building the package's SSA form the way the analyzer does (x/tools'
// go/ssa, with debug information), which the analyzer cannot do without:
// BenchmarkPathological minus this is the analyzer's own work.
func BenchmarkPathologicalSSA(b *testing.B) {
	for _, n := range pathoSteps {
		b.Run("steps="+strconv.Itoa(n), func(b *testing.B) {
			pkg := loadBench(b, "patho"+strconv.Itoa(n))[0]
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				prog := ssa.NewProgram(pkg.Fset, ssa.GlobalDebug)
				for _, imp := range pkg.Types.Imports() {
					prog.CreatePackage(imp, nil, nil, true)
				}
				prog.CreatePackage(pkg.Types, pkg.Syntax, pkg.TypesInfo, false).Build()
			}
		})
	}
}
