package analyzer_test

import (
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestClosuresAndStores covers captured variables (called, escaping,
// deferred, started with go), struct fields, array elements and
// variables a closure reassigns.
func TestClosuresAndStores(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/closures")
}
