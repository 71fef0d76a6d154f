package valuetask_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/go-valuetask/valuetask/valuetask"
)

type ctxKey struct{}

func TestRunRunsFnInNewGoroutineWithCtx(t *testing.T) {
	release := make(chan struct{})
	ctx := context.WithValue(testCtx(t), ctxKey{}, "passed")
	var task *valuetask.Task[string]
	within(t, func() {
		task = valuetask.Run(ctx, func(ctx context.Context) (string, error) {
			<-release // Run must not wait for this
			return ctx.Value(ctxKey{}).(string), nil
		})
	})
	if task.IsCompleted() || task.Status() != valuetask.Pending {
		t.Fatalf("task completed before fn returned: status %v", task.Status())
	}
	close(release)
	if got := get[string](t, task); got != "passed" {
		t.Fatalf("got %q; want the ctx value %q", got, "passed")
	}
}

func TestRunCompletesWithFnError(t *testing.T) {
	boom := errors.New("boom")
	task := valuetask.Run(testCtx(t), func(context.Context) (int, error) { return 7, boom })
	v, err := task.Await(testCtx(t))
	if !errors.Is(err, boom) || v != 7 {
		t.Fatalf("got (%d, %v); want (7, boom)", v, err)
	}
	if task.Status() != valuetask.Faulted {
		t.Fatalf("status %v; want Faulted", task.Status())
	}
}

func TestRunNilFuncPanics(t *testing.T) {
	mustPanic(t, "valuetask: Run(", func() { valuetask.Run[int](context.Background(), nil) })
}

func TestCompleted(t *testing.T) {
	task := valuetask.Completed(42)
	if !task.IsCompleted() || task.Status() != valuetask.Succeeded {
		t.Fatalf("IsCompleted %v, Status %v; want true, Succeeded", task.IsCompleted(), task.Status())
	}
	if !isClosed(task.Done()) {
		t.Fatal("Done of a completed task is not closed")
	}
	for range 3 { // any number of times
		if v, err := task.Await(testCtx(t)); v != 42 || err != nil {
			t.Fatalf("got (%d, %v); want (42, nil)", v, err)
		}
	}
}

func TestFailed(t *testing.T) {
	boom := errors.New("boom")
	task := valuetask.Failed[int](boom)
	if !task.IsCompleted() || task.Status() != valuetask.Faulted {
		t.Fatalf("IsCompleted %v, Status %v; want true, Faulted", task.IsCompleted(), task.Status())
	}
	if !isClosed(task.Done()) {
		t.Fatal("Done of a failed task is not closed")
	}
	if _, err := task.Await(testCtx(t)); !errors.Is(err, boom) {
		t.Fatalf("err %v; want boom", err)
	}
}

func TestFailedNilPanics(t *testing.T) {
	mustPanic(t, "valuetask: Failed(nil)", func() { valuetask.Failed[int](nil) })
}

func TestZeroTaskIsCompletedWithZeroValue(t *testing.T) {
	var task valuetask.Task[int]
	if v, err := task.Await(testCtx(t)); v != 0 || err != nil || !task.IsCompleted() {
		t.Fatalf("zero Task: (%d, %v), completed %v; want (0, nil), true", v, err, task.IsCompleted())
	}
	if !isClosed(task.Done()) {
		t.Fatal("Done of the zero Task is not closed")
	}
}

func TestTaskAwaitBlocksUntilCompletion(t *testing.T) {
	p := valuetask.NewPromise[int]()
	got := make(chan int, 1)
	go func() {
		v, _ := p.Task().Await(testCtx(t))
		got <- v
	}()
	select {
	case v := <-got:
		t.Fatalf("Await returned %d before the task completed", v)
	case <-time.After(20 * time.Millisecond):
	}
	p.Resolve(5)
	select {
	case v := <-got:
		if v != 5 {
			t.Fatalf("got %d; want 5", v)
		}
	case <-time.After(timeout):
		t.Fatal("Await did not return after completion")
	}
}

func TestTaskAwaitReturnsCtxErrWhenCtxEndsFirst(t *testing.T) {
	p := valuetask.NewPromise[int]()
	task := p.Task()

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	within(t, func() {
		if _, err := task.Await(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("err %v; want context.Canceled", err)
		}
	})

	dctx, dcancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer dcancel()
	within(t, func() {
		if _, err := task.Await(dctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err %v; want context.DeadlineExceeded", err)
		}
	})

	// The task itself is unaffected.
	if task.IsCompleted() {
		t.Fatal("ctx ending completed the task")
	}
	p.Resolve(9)
	if v := get[int](t, task); v != 9 {
		t.Fatalf("after ctx ended, got %d; want 9", v)
	}
}

func TestTaskAwaitPrefersResultOverEndedCtx(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if v, err := valuetask.Completed(3).Await(ctx); v != 3 || err != nil {
		t.Fatalf("completed task with ended ctx: (%d, %v); want (3, nil)", v, err)
	}
}

func TestTaskAwaitedByManyGoroutinesAtOnce(t *testing.T) {
	p := valuetask.NewPromise[int]()
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			v, err := p.Task().Await(testCtx(t))
			if v != 11 || err != nil {
				errs <- fmt.Errorf("got (%d, %v); want (11, nil)", v, err)
			}
		})
	}
	p.Resolve(11)
	within(t, wg.Wait)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestTaskDoneUsableInSelect(t *testing.T) {
	p := valuetask.NewPromise[int]()
	if isClosed(p.Task().Done()) {
		t.Fatal("Done closed while pending")
	}
	go p.Resolve(1)
	select {
	case <-p.Task().Done():
	case <-time.After(timeout):
		t.Fatal("Done not closed after completion")
	}
	if !p.Task().IsCompleted() {
		t.Fatal("Done closed but IsCompleted false")
	}
}

func TestTaskStatus(t *testing.T) {
	other := errors.New("other")
	tests := []struct {
		name string
		err  error
		want valuetask.Status
	}{
		{"nil", nil, valuetask.Succeeded},
		{"plain error", other, valuetask.Faulted},
		{"wrapped plain error", fmt.Errorf("op: %w", other), valuetask.Faulted},
		{"Canceled", context.Canceled, valuetask.Canceled},
		{"DeadlineExceeded", context.DeadlineExceeded, valuetask.Canceled},
		{"wrapped Canceled", fmt.Errorf("op: %w", context.Canceled), valuetask.Canceled},
		{"wrapped DeadlineExceeded", fmt.Errorf("op: %w", context.DeadlineExceeded), valuetask.Canceled},
		{"joined Canceled", errors.Join(other, context.Canceled), valuetask.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valuetask.NewPromise[int]()
			if s := p.Task().Status(); s != valuetask.Pending {
				t.Fatalf("before completion: %v; want Pending", s)
			}
			if tt.err == nil {
				p.Resolve(1)
			} else {
				p.Reject(tt.err)
			}
			if s := p.Task().Status(); s != tt.want {
				t.Fatalf("status %v; want %v", s, tt.want)
			}
			if tt.err != nil {
				if s := valuetask.Failed[int](tt.err).Status(); s != tt.want {
					t.Fatalf("Failed: status %v; want %v", s, tt.want)
				}
			}
		})
	}
}

func TestTaskIsCompleted(t *testing.T) {
	p := valuetask.NewPromise[int]()
	if p.Task().IsCompleted() {
		t.Fatal("pending task reports completed")
	}
	p.Reject(errors.New("x"))
	if !p.Task().IsCompleted() {
		t.Fatal("failed task reports not completed")
	}
}

func TestStatusString(t *testing.T) {
	for s, want := range map[valuetask.Status]string{
		valuetask.Pending: "Pending", valuetask.Succeeded: "Succeeded",
		valuetask.Faulted: "Faulted", valuetask.Canceled: "Canceled", 9: "Status(9)",
	} {
		if s.String() != want {
			t.Errorf("%d.String() = %q; want %q", uint8(s), s.String(), want)
		}
	}
	if valuetask.Pending != 0 || valuetask.Succeeded != 1 || valuetask.Faulted != 2 || valuetask.Canceled != 3 {
		t.Fatal("Status constants out of contract order")
	}
}
