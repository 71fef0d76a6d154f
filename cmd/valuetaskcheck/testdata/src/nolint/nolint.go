// Package nolint has double awaits silenced for golangci-lint with nolint
// comments naming the valuetask linter. valuetaskcheck and go vet do not
// read nolint comments and report all three.
//
// golangci-lint turns the Related entry of a finding ("first consumed
// here") into an issue of its own, on the line of the first consumption, so
// a nolint comment on the reported line alone leaves that one behind.
package nolint

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// Silenced is silenced for golangci-lint on both lines.
func Silenced(ctx context.Context) {
	v := get()
	v.Await(ctx) //nolint:valuetask // get returns a FromResult ValueTask
	v.Await(ctx) //nolint:valuetask // get returns a FromResult ValueTask
}

// ReportedLineOnly is silenced on the reported line only: golangci-lint
// still shows the related information on the line above.
func ReportedLineOnly(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx) //nolint:valuetask // get returns a FromResult ValueTask
}

// Reported is not silenced.
func Reported(ctx context.Context) {
	v := get()
	v.Await(ctx)
	v.Await(ctx)
}
