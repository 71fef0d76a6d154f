package analyzer_test

import (
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestIgnoreDirective checks //valuetask:ignore: with a reason it silences
// its line and the next; without one it is itself reported.
func TestIgnoreDirective(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/ignore")
}

// TestRobust runs the analyzer on unusual but well-typed Go (cgo, assembly,
// unsafe, range-over-func, infinite loops, dead code, recursive generic
// types): no panic, and only the marked finding.
func TestRobust(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/robust", testModulePath+"/robust/asm")
}

// TestCleanCode runs the analyzer on realistic correct code: it must
// report nothing.
func TestCleanCode(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/clean")
}
