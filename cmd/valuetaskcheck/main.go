// Command valuetaskcheck runs the valuetask analyzer.
//
// Standalone:
//
//	valuetaskcheck ./...          # exit status 3 on findings, 1 on errors
//	valuetaskcheck -json ./...
//	valuetaskcheck -fix ./...     # insert the missing AsTask() calls
//
// As a go vet tool:
//
//	go vet -vettool=$(which valuetaskcheck) ./...
package main

import (
	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(analyzer.Analyzer) }
