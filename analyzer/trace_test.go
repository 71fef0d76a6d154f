package analyzer_test

import (
	"os"
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestTrace prints the instance searches over one test package, for
// debugging: VALUETASK_TRACE=memory/containers go test -run TestTrace.
func TestTrace(t *testing.T) {
	pkg := os.Getenv("VALUETASK_TRACE")
	if pkg == "" {
		t.Skip("set VALUETASK_TRACE to a package of testdata/src to trace it")
	}
	analyzer.SetTrace(t.Logf)
	defer analyzer.SetTrace(nil)
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/"+pkg)
}
