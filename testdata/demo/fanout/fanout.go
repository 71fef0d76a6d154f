// Package fanout looks up many keys of a cache at once.
package fanout

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"

	"github.com/go-valuetask/valuetask/testdata/demo/cache"
)

// FetchAll looks up every key at once and returns the values in key order.
// Each ValueTask is converted with AsTask before WhenAll sees it.
func FetchAll(ctx context.Context, c *cache.Cache, keys []string) ([]string, error) {
	tasks := make([]valuetask.Awaitable[string], len(keys))
	for i, k := range keys {
		tasks[i] = c.Get(ctx, k).AsTask()
	}
	return valuetask.WhenAll(tasks...).Await(ctx)
}

// Pair looks up two keys at once.
func Pair(ctx context.Context, c *cache.Cache, a, b string) (string, string, error) {
	// MISTAKE (missing-astask): the ValueTasks reach WhenAll as Awaitables;
	// WhenAll consumes them, which nothing at this call says.
	vs, err := valuetask.WhenAll(c.Get(ctx, a), c.Get(ctx, b)).Await(ctx)
	if err != nil {
		return "", "", err
	}
	return vs[0], vs[1], nil
}

// GetAudited looks up key and reports it to audit once it has loaded.
func GetAudited(ctx context.Context, c *cache.Cache, key string, audit func(key, value string)) (string, error) {
	v := c.Get(ctx, key)
	done := make(chan struct{})
	go func() {
		defer close(done)
		// MISTAKE (concurrent-await): this goroutine consumes v while
		// GetAudited awaits v too.
		if value, err := v.Await(ctx); err == nil {
			audit(key, value)
		}
	}()
	value, err := v.Await(ctx)
	<-done
	return value, err
}
