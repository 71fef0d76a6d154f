// Package unguarded holds cases of Result() on a ValueTask that is not
// known to be completed.
package unguarded

import (
	"context"
	"errors"
	"log"

	"github.com/go-valuetask/valuetask/valuetask"
)

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

func logf() {}

// ---- positives ----

func bare() (int, error) {
	v := get()
	return v.Result() // want `unguarded Result\(\): v is not known to be completed here`
}

func guardDoesNotDominate() (int, error) {
	vt := get()
	if vt.IsCompleted() {
		logf()
	}
	return vt.Result() // want `unguarded Result\(\): vt is not known`
}

func wrongBranch() (int, error) {
	v := get()
	if v.IsCompleted() {
		return 0, nil
	}
	return v.Result() // want `unguarded Result\(\)`
}

func otherValueGuarded() (int, error) {
	a, b := get(), get()
	if a.IsCompleted() {
		a.Await(context.Background())
		return b.Result() // want `unguarded Result\(\): b`
	}
	return 0, nil
}

func negationFallsThrough() (int, error) {
	v := get()
	if !v.IsCompleted() {
		logf()
	}
	return v.Result() // want `unguarded Result\(\)`
}

func param(v valuetask.ValueTask[int]) (int, error) {
	return v.Result() // want `unguarded Result\(\): v`
}

func generic[T any](v valuetask.ValueTask[T]) (T, error) {
	return v.Result() // want `unguarded Result\(\)`
}

func orGuard(a bool) (int, error) {
	v := get()
	if a || v.IsCompleted() {
		return v.Result() // want `unguarded Result\(\)`
	}
	return 0, nil
}

// ---- negatives ----

func guarded() (int, error) {
	v := get()
	if v.IsCompleted() {
		return v.Result()
	}
	return v.Await(context.Background())
}

func guardedSuccessfully() int {
	v := get()
	if v.IsCompletedSuccessfully() {
		n, _ := v.Result()
		return n
	}
	return 0
}

func guardedFaulted() error {
	v := get()
	if v.IsFaulted() || v.IsCanceled() {
		_, err := v.Result()
		return err
	}
	return nil
}

func earlyReturn() (int, error) {
	v := get()
	if !v.IsCompleted() {
		return 0, errors.New("pending")
	}
	return v.Result()
}

func earlyPanic() (int, error) {
	v := get()
	if !v.IsCompleted() {
		panic("pending")
	}
	return v.Result()
}

func earlyFatal() (int, error) {
	v := get()
	if !v.IsCompleted() {
		log.Fatal("pending")
	}
	return v.Result()
}

func storedGuard() (int, error) {
	v := get()
	done := v.IsCompleted()
	if !done {
		return 0, nil
	}
	return v.Result()
}

func bothBranchesOfLaterIf(c bool) (int, error) {
	v := get()
	if !v.IsCompleted() {
		return 0, nil
	}
	if c {
		logf()
	} else {
		logf()
	}
	return v.Result()
}

func andGuard(a bool) (int, error) {
	v := get()
	if a && v.IsCompleted() {
		return v.Result()
	}
	return 0, nil
}

func fromResult() (int, error) {
	return valuetask.FromResult(3).Result()
}

func fromError() error {
	v := valuetask.FromError[int](errors.New("x"))
	_, err := v.Result()
	return err
}

func zeroValue() (int, error) {
	var v valuetask.ValueTask[int]
	return v.Result()
}

func completedEitherWay(c bool) (int, error) {
	v := valuetask.FromResult(1)
	if c {
		v = valuetask.FromError[int](errors.New("x"))
	}
	return v.Result()
}

func guardedInLoop(xs []valuetask.ValueTask[int]) int {
	n := 0
	for _, x := range xs {
		if x.IsCompleted() {
			r, _ := x.Result()
			n += r
		}
	}
	return n
}

func combinedGuardInVariable(a bool) (int, error) {
	v := get()
	ready := a && v.IsCompleted()
	if !ready {
		return 0, nil
	}
	return v.Result()
}

func eitherGuardInVariable(a, b valuetask.ValueTask[int]) (int, error) {
	done := a.IsCompleted() || b.IsCompleted()
	if done {
		return a.Result() // want `unguarded Result\(\): a`
	}
	return 0, nil
}

func bothGuardsInVariable(a, b valuetask.ValueTask[int]) int {
	done := a.IsCompleted() && b.IsCompleted()
	if done {
		x, _ := a.Result()
		y, _ := b.Result()
		return x + y
	}
	return 0
}
