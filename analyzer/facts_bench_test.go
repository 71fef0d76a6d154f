package analyzer_test

import (
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// BenchmarkFacts measures what cross-package facts cost: the analyzer on
// testdata/src/facts/use and its helper package lib (analyzed for facts),
// with facts exported and imported, and with them switched off (every call
// into lib then counts as a hand-off, so the findings differ).
//
//	go test -run '^$' -bench Facts -benchmem ./analyzer/
func BenchmarkFacts(b *testing.B) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: testModule(b)}
	pkgs, err := packages.Load(cfg, testModulePath+"/facts/use")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Fatalf("loading: %v", err)
	}
	for _, bc := range []struct {
		name  string
		facts bool
	}{{"with", true}, {"without", false}} {
		b.Run(bc.name, func(b *testing.B) {
			defer analyzer.SetFactsEnabled(bc.facts)()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, &checker.Options{Sequential: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
