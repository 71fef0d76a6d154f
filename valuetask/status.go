package valuetask

import (
	"context"
	"errors"
	"strconv"
)

// Status is the state of a [Task], a [ValueTask] or one operation of a [Source].
type Status uint8

const (
	// Pending means no result yet.
	Pending Status = iota
	// Succeeded means completed with a nil error.
	Succeeded
	// Faulted means completed with an error other than a context one.
	Faulted
	// Canceled means completed with an error matching context.Canceled or
	// context.DeadlineExceeded (wrapped or not).
	Canceled
)

// String returns the constant's name, so Status prints readably in logs and
// test failures.
func (s Status) String() string {
	switch s {
	case Pending:
		return "Pending"
	case Succeeded:
		return "Succeeded"
	case Faulted:
		return "Faulted"
	case Canceled:
		return "Canceled"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// statusOf classifies a completion error. Deadline expiry counts as
// cancellation because both mean "the caller stopped waiting", not "the work
// failed".
func statusOf(err error) Status {
	switch {
	case err == nil:
		return Succeeded
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return Canceled
	}
	return Faulted
}
