package analyzer_test

import (
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestMemory follows ValueTasks through containers, pointers, memory that
// outlives the function, phis, closures and range-over-func bodies.
func TestMemory(t *testing.T) {
	for _, pkg := range []string{"containers", "pointers", "handoff", "flow", "use"} {
		t.Run(pkg, func(t *testing.T) {
			analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/memory/"+pkg)
		})
	}
}

// TestSummaryFacts checks the summaries exported as facts for a package
// of helpers: what each does at each of its input paths.
func TestSummaryFacts(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Summaries, testModulePath+"/memory/lib")
}

// TestFixes applies every suggested fix of double-await, concurrent-await
// and unguarded-result findings and compares with the .golden files.
func TestFixes(t *testing.T) {
	for _, pkg := range []string{"preserve", "await"} {
		t.Run(pkg, func(t *testing.T) {
			analysistest.RunWithSuggestedFixes(t, testModule(t), analyzer.Analyzer, testModulePath+"/fixes/"+pkg)
		})
	}
}
