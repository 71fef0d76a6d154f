package valuetask_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/go-valuetask/valuetask/valuetask"
)

// fieldSource is a Source written by hand the way the docs advise: the
// SourceCore sits in a field, so none of its methods become the type's API.
// ValueTasks of it go through the runtime's generic Source path rather than
// the one for *SourceCore.
type fieldSource struct{ core valuetask.SourceCore[int] }

func (s *fieldSource) Status(token uint32) valuetask.Status { return s.core.Status(token) }

func (s *fieldSource) Consume(ctx context.Context, token uint32) (int, error) {
	return s.core.Consume(ctx, token)
}

func (s *fieldSource) TryConsume(token uint32) (int, bool, error) { return s.core.TryConsume(token) }

func (s *fieldSource) OnCompleted(token uint32, f func()) { s.core.OnCompleted(token, f) }

// failingKind makes a ValueTask whose operation fails with err. complete is
// nil when the kind is born completed (pendable is false); otherwise the
// ValueTask is pending until complete runs.
type failingKind struct {
	name     string
	pendable bool
	make     func(err error) (vt valuetask.ValueTask[int], complete func())
}

var failingKinds = []failingKind{
	{"FromError", false, func(err error) (valuetask.ValueTask[int], func()) {
		return valuetask.FromError[int](err), nil
	}},
	{"FromTask/Failed", false, func(err error) (valuetask.ValueTask[int], func()) {
		return valuetask.FromTask(valuetask.Failed[int](err)), nil
	}},
	{"FromTask/Promise", true, func(err error) (valuetask.ValueTask[int], func()) {
		p := valuetask.NewPromise[int]()
		return valuetask.FromTask(p.Task()), func() { p.Reject(err) }
	}},
	{"FromSource/SourceCore", true, func(err error) (valuetask.ValueTask[int], func()) {
		c := new(valuetask.SourceCore[int])
		c.Reset() // not the zero version, so a token mix-up would show
		return valuetask.FromSource(c, c.Version()), func() { c.SetError(err) }
	}},
	{"FromSource/fieldSource", true, func(err error) (valuetask.ValueTask[int], func()) {
		s := new(fieldSource)
		return valuetask.FromSource[int](s, s.core.Version()), func() { s.core.SetError(err) }
	}},
}

// failingConsumer consumes vt and returns what the consumer gets. When
// complete is not nil the operation is still pending, and the consumer runs
// complete once its consumption has begun.
type failingConsumer struct {
	name string
	// pending reports whether the consumer can begin on a pending ValueTask;
	// Result cannot, it only reports ErrNotCompleted.
	pending bool
	consume func(t *testing.T, vt valuetask.ValueTask[int], complete func()) (int, error)
}

var failingConsumers = []failingConsumer{
	{"Await", true, func(t *testing.T, vt valuetask.ValueTask[int], complete func()) (int, error) {
		ctx := testCtx(t)
		if complete == nil {
			return vt.Await(ctx)
		}
		// The hook completes the operation while Await is inside its wait,
		// after it checked for a result and before it blocks.
		return vt.Await(&hookCtx{Context: ctx, hook: complete, done: ctx.Done()})
	}},
	{"AsTask", true, func(t *testing.T, vt valuetask.ValueTask[int], complete func()) (int, error) {
		task := vt.AsTask()
		if complete != nil {
			complete()
		}
		v, err := task.Await(testCtx(t))
		if st := task.Status(); st != valuetask.Faulted {
			t.Errorf("the Task's Status is %v; want Faulted", st)
		}
		if _, again := task.Await(testCtx(t)); again != err {
			t.Errorf("the Task's second Await: %v; want %v again", again, err)
		}
		return v, err
	}},
	{"Preserve", true, func(t *testing.T, vt valuetask.ValueTask[int], complete func()) (int, error) {
		kept := vt.Preserve()
		if complete != nil {
			complete()
		}
		v, err := kept.Await(testCtx(t))
		if !kept.IsCompleted() || !kept.IsFaulted() {
			t.Errorf("the preserved ValueTask: IsCompleted %v, IsFaulted %v; want true, true", kept.IsCompleted(), kept.IsFaulted())
		}
		if _, again := kept.Await(testCtx(t)); again != err {
			t.Errorf("the preserved ValueTask's second Await: %v; want %v again", again, err)
		}
		return v, err
	}},
	{"Result", false, func(t *testing.T, vt valuetask.ValueTask[int], complete func()) (int, error) {
		if !vt.IsCompleted() {
			return 0, fmt.Errorf("test bug: Result on a pending ValueTask")
		}
		return vt.Result()
	}},
}

// A pending operation is told apart from a failed one by state, never by the
// error: whatever the operation's error wraps, every consumer of every kind
// gets that very error, once, and the ValueTask reports a completed failure.
func TestFailureWrappingASentinelIsACompletedFailure(t *testing.T) {
	sentinels := []struct {
		name string
		err  error
	}{{"ErrNotCompleted", valuetask.ErrNotCompleted}, {"ErrConsumed", valuetask.ErrConsumed}}
	for _, sentinel := range sentinels {
		for _, k := range failingKinds {
			for _, c := range failingConsumers {
				for _, pending := range []bool{false, true} {
					if pending && !(c.pending && k.pendable) {
						continue
					}
					name := fmt.Sprintf("%s/%s/%s/pending=%v", sentinel.name, k.name, c.name, pending)
					t.Run(name, func(t *testing.T) {
						want := fmt.Errorf("read: %w", sentinel.err)
						vt, complete := k.make(want)
						if !pending && complete != nil {
							complete()
							complete = nil
						}
						if complete == nil {
							checkCompletedFailure(t, "before consumption", vt)
						}
						var v int
						var err error
						within(t, func() { v, err = c.consume(t, vt, complete) })
						if err != want || v != 0 {
							t.Fatalf("%s gave (%d, %v); want (0, %v), the operation's own error", c.name, v, err, want)
						}
						checkCompletedFailure(t, "after consumption", vt)
					})
				}
			}
		}
	}
}

func checkCompletedFailure(t *testing.T, when string, vt valuetask.ValueTask[int]) {
	t.Helper()
	got := [4]bool{vt.IsCompleted(), vt.IsFaulted(), vt.IsCompletedSuccessfully(), vt.IsCanceled()}
	if got != [4]bool{true, true, false, false} {
		t.Fatalf("%s: IsCompleted, IsFaulted, IsCompletedSuccessfully, IsCanceled = %v; want a completed failure [true true false false]", when, got)
	}
}

// lyingSource breaks the Source protocol: it runs OnCompleted callbacks at
// once while TryConsume keeps reporting the operation pending.
type lyingSource struct{}

func (lyingSource) Status(uint32) valuetask.Status { return valuetask.Pending }

func (lyingSource) Consume(ctx context.Context, _ uint32) (int, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

func (lyingSource) TryConsume(uint32) (int, bool, error) { return 0, false, nil }

func (lyingSource) OnCompleted(_ uint32, f func()) { f() }

func TestSourceThatCallsBackWhilePendingPanics(t *testing.T) {
	vt := valuetask.FromSource[int](lyingSource{}, 7)
	mustPanic(t, "valuetask: valuetask_test.lyingSource.OnCompleted ran its callback while TryConsume(7) still reports the operation pending", func() {
		vt.AsTask()
	})
}
