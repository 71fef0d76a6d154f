// Package demo is a small program that uses the valuetask runtime the way a
// service would, with a few real mistakes left in for the analyzer to find.
// From the repository root:
//
//	go run ./testdata/demo/cmd/demo                # runs, and works: the mistakes do not bite here
//	go run ./cmd/valuetaskcheck ./testdata/demo/... # reports them (exit status 3)
//
// It lives under testdata so that ./... (go test, go vet, CI) leaves it out.
package demo
