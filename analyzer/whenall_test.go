package analyzer_test

import (
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestMissingAsTask checks the diagnostics and that applying every
// suggested fix gives whenall.go.golden.
func TestMissingAsTask(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testModule(t), analyzer.Analyzer, testModulePath+"/whenall")
}
