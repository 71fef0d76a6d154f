package valuetask_test

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-valuetask/valuetask/valuetask"
)

// timeout bounds every wait in the tests, so a hang fails the test instead of
// stalling the run until go test's own deadline.
const timeout = 5 * time.Second

// within fails the test if f has not returned after timeout. f runs in another
// goroutine, so it must report with t.Error, not t.Fatal.
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(timeout):
		t.Fatalf("did not finish within %v", timeout)
	}
}

// testCtx returns a context that ends after timeout, so an Await that should
// have returned fails with DeadlineExceeded instead of hanging.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	return ctx
}

// get awaits a with a bounded context and fails the test on any error.
func get[T any](t *testing.T, a valuetask.Awaitable[T]) T {
	t.Helper()
	v, err := a.Await(testCtx(t))
	if err != nil {
		t.Fatalf("Await: unexpected error %v", err)
	}
	return v
}

// closedWithin fails the test unless ch is closed (or receives) within timeout.
func closedWithin(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(timeout):
		t.Fatalf("%s: not done within %v", what, timeout)
	}
}

// isClosed reports, without blocking, whether ch is closed.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// mustPanic fails the test unless f panics with a message containing want.
func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic; want one containing %q", want)
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, want) {
			t.Fatalf("panic %q; want it to contain %q", msg, want)
		}
	}()
	f()
}

// skipIfDebug skips tests that consume a ValueTask twice on purpose: with
// -tags valuetaskdebug that is a panic, which debug_test.go checks instead.
func skipIfDebug(t *testing.T) {
	t.Helper()
	if valuetask.DebugEnabled {
		t.Skip("consumes a ValueTask twice on purpose; debug builds panic (see debug_test.go)")
	}
}

// valuetaskPkg is the runtime's import path, as stack traces spell it.
var valuetaskPkg = reflect.TypeFor[valuetask.Status]().PkgPath()

// goroutinesStartedBy returns the stacks of the running goroutines that
// function fn of the runtime package started, by goroutine ID. A count of all
// goroutines would let a leaked one hide behind unrelated goroutines that
// exit meanwhile; IDs are never reused, so a goroutine seen here is known to
// be gone once its ID is.
func goroutinesStartedBy(fn string) map[string]string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	creator := "created by " + valuetaskPkg + "." + fn
	found := map[string]string{}
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		header, _, _ := strings.Cut(g, "\n")
		id, _, ok := strings.Cut(strings.TrimPrefix(header, "goroutine "), " ")
		if !ok {
			continue
		}
		for line := range strings.Lines(g) {
			// A generic function prints as fn[...]; a plain one as fn.
			if rest, ok := strings.CutPrefix(line, creator); ok && (strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, " ")) {
				found[id] = g
				break
			}
		}
	}
	return found
}

// newGoroutines returns the goroutines of now that were not in before.
func newGoroutines(now, before map[string]string) map[string]string {
	for id := range before {
		delete(now, id)
	}
	return now
}

// goroutinesEnd waits until none of the goroutines gs (from
// goroutinesStartedBy fn) is running, and fails the test with the stacks of
// those left if that does not happen within timeout.
func goroutinesEnd(t *testing.T, fn string, gs map[string]string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		now := goroutinesStartedBy(fn)
		var left []string
		for id := range gs {
			if g, ok := now[id]; ok {
				left = append(left, g)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of the %d goroutines %s started are still running after %v; up to three of them:\n\n%s",
				len(left), len(gs), fn, timeout, strings.Join(left[:min(len(left), 3)], "\n\n"))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stillPending reports whether done stays open for a short while: long
// enough to catch a Task that completes too early, short enough to keep the
// suite fast.
func stillPending(done <-chan struct{}) bool {
	select {
	case <-done:
		return false
	case <-time.After(20 * time.Millisecond):
		return true
	}
}
