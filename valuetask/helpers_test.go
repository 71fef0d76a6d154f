package valuetask_test

import (
	"context"
	"fmt"
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

// goroutinesSettle waits until runtime.NumGoroutine() <= limit and fails the
// test if that does not happen within timeout.
func goroutinesSettle(t *testing.T, limit int) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for runtime.NumGoroutine() > limit {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still running; want at most %d", runtime.NumGoroutine(), limit)
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
