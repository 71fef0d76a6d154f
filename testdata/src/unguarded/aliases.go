package unguarded

import "github.com/go-valuetask/valuetask/valuetask"

// Completion belongs to the ValueTask: checking it under one name guards
// Result() under another that holds the same one.

type slot struct{ a, b valuetask.ValueTask[int] }

func guardFieldReadVariable() (int, error) {
	v := get()
	var s slot
	s.a = v
	if s.a.IsCompleted() {
		return v.Result()
	}
	return 0, nil
}

func guardVariableReadField() (int, error) {
	v := get()
	s := slot{a: v}
	if v.IsCompletedSuccessfully() {
		return s.a.Result()
	}
	return 0, nil
}

func guardStructCopy() (int, error) {
	s := slot{a: get()}
	t := s
	if s.a.IsCompleted() {
		return t.a.Result()
	}
	return 0, nil
}

func guardArrayCopy() (int, error) {
	a := [2]valuetask.ValueTask[int]{get(), get()}
	b := a
	if !a[1].IsCompleted() {
		return 0, nil
	}
	return b[1].Result()
}

func guardMapEntryField() (int, error) {
	m := map[string]slot{"k": {a: get()}}
	if m["k"].a.IsFaulted() {
		return m["k"].a.Result()
	}
	return 0, nil
}

func guardMapEntryVariable() (int, error) {
	v := get()
	m := map[string]valuetask.ValueTask[int]{"k": v}
	if m["k"].IsCompleted() {
		return v.Result()
	}
	return 0, nil
}

func guardOtherField() (int, error) {
	s := slot{a: get(), b: get()}
	t := s
	if s.a.IsCompleted() {
		return t.b.Result() // want `unguarded Result\(\): t.b is not known to be completed here`
	}
	return 0, nil
}

func guardThenFieldReplaced() (int, error) {
	v := get()
	var s slot
	s.a = v
	if v.IsCompleted() {
		s.a = get()
		return s.a.Result() // want `unguarded Result\(\): s.a is not known to be completed here`
	}
	return 0, nil
}

func guardCopyThenSourceReplaced() (int, error) {
	s := slot{a: get()}
	t := s
	s.a = get()
	if s.a.IsCompleted() {
		return t.a.Result() // want `unguarded Result\(\): t.a is not known to be completed here`
	}
	return 0, nil
}
