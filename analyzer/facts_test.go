package analyzer_test

import (
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestFacts runs the analyzer on a package whose helpers live in another
// package: their effects arrive as facts.
func TestFacts(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/facts/use")
}
