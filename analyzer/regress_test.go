package analyzer_test

import (
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestRegressions holds the misses the fuzz target and the generator found.
func TestRegressions(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/regress")
}
