package analyzer_test

import (
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestUnconsumed(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/unconsumed")
}

func TestUnguardedResult(t *testing.T) {
	analysistest.Run(t, testModule(t), analyzer.Analyzer, testModulePath+"/unguarded")
}
