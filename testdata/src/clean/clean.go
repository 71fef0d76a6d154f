// Package clean is realistic, correct valuetask code: the analyzer must
// report nothing in it.
package clean

import (
	"context"
	"errors"
	"sync"

	"github.com/go-valuetask/valuetask/valuetask"
)

type Cache struct {
	mu     sync.Mutex
	values map[string]string
	core   valuetask.SourceCore[string]
}

func (c *Cache) Get(ctx context.Context, key string) valuetask.ValueTask[string] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.values[key]; ok {
		return valuetask.FromResult(v)
	}
	c.core.Reset()
	vt := valuetask.FromSource(&c.core, c.core.Version())
	c.core.SetResult(key)
	return vt
}

// Lookup awaits once and keeps the result.
func Lookup(ctx context.Context, c *Cache, key string) (string, error) {
	name, err := c.Get(ctx, key).Await(ctx)
	if err != nil {
		return "", err
	}
	return name, nil
}

// FastPath reads a completed result without waiting, else awaits.
func FastPath(ctx context.Context, c *Cache, key string) (string, error) {
	v := c.Get(ctx, key)
	if v.IsCompletedSuccessfully() {
		return v.Result()
	}
	return v.Await(ctx)
}

// FanOut converts each ValueTask to a Task before WhenAll.
func FanOut(ctx context.Context, c *Cache, keys []string) ([]string, error) {
	tasks := make([]valuetask.Awaitable[string], 0, len(keys))
	for _, k := range keys {
		tasks = append(tasks, c.Get(ctx, k).AsTask())
	}
	return valuetask.WhenAll(tasks...).Await(ctx)
}

// First races Tasks, not ValueTasks.
func First(ctx context.Context, c *Cache, a, b string) (valuetask.Awaitable[string], error) {
	return valuetask.WhenAny[string](c.Get(ctx, a).AsTask(), c.Get(ctx, b).AsTask()).Await(ctx)
}

// Shared preserves a ValueTask that several goroutines await.
func Shared(ctx context.Context, c *Cache, key string) []string {
	p := c.Get(ctx, key).Preserve()
	out := make([]string, 4)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() { out[i], _ = p.Await(ctx) })
	}
	wg.Wait()
	return out
}

// Retry makes a new ValueTask for each attempt.
func Retry(ctx context.Context, c *Cache, key string) (string, error) {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var v string
		if v, err = c.Get(ctx, key).Await(ctx); err == nil {
			return v, nil
		}
	}
	return "", err
}

// Background hands the ValueTask to exactly one goroutine.
func Background(ctx context.Context, c *Cache, key string) <-chan string {
	ch := make(chan string, 1)
	v := c.Get(ctx, key)
	go func() {
		s, _ := v.Await(ctx)
		ch <- s
	}()
	return ch
}

// Forward returns the ValueTask to the caller unconsumed.
func Forward(ctx context.Context, c *Cache, key string) valuetask.ValueTask[string] {
	if key == "" {
		return valuetask.FromError[string](errors.New("empty key"))
	}
	return c.Get(ctx, key)
}

// Pending reports progress without consuming.
func Pending(vs []valuetask.ValueTask[string]) int {
	n := 0
	for _, v := range vs {
		if !v.IsCompleted() {
			n++
		}
	}
	return n
}

// Drain consumes every ValueTask of a slice once.
func Drain(ctx context.Context, vs []valuetask.ValueTask[string]) error {
	var errs []error
	for _, v := range vs {
		if _, err := v.Await(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Select consumes on exactly one branch.
func Select(ctx context.Context, c *Cache, key string, stop <-chan struct{}) (string, error) {
	v := c.Get(ctx, key)
	select {
	case <-stop:
		t := v.AsTask()
		go t.Await(context.Background())
		return "", context.Canceled
	default:
		return v.Await(ctx)
	}
}

// Deferred consumes once, at return.
func Deferred(ctx context.Context, c *Cache, key string, log func(string)) {
	v := c.Get(ctx, key)
	defer func() {
		s, _ := v.Await(ctx)
		log(s)
	}()
	log("started " + key)
}

type request struct {
	reply valuetask.ValueTask[string]
}

// Field stores a ValueTask in a struct this function consumes from.
func Field(ctx context.Context, c *Cache, key string) (string, error) {
	r := request{reply: c.Get(ctx, key)}
	return r.reply.Await(ctx)
}

// Generic works for any T.
func Generic[T any](ctx context.Context, v valuetask.ValueTask[T], fallback T) T {
	if v.IsFaulted() || v.IsCanceled() {
		_, _ = v.Result()
		return fallback
	}
	r, err := v.Await(ctx)
	if err != nil {
		return fallback
	}
	return r
}
