// Package cache is a read-through cache whose Get returns a ValueTask: a hit
// is a completed ValueTask that costs no allocation, a miss is backed by one
// load Task that concurrent callers share.
package cache

import (
	"context"
	"sync"

	"github.com/go-valuetask/valuetask/valuetask"
)

// Loader fetches the value of a key from the slow store behind the cache.
type Loader func(ctx context.Context, key string) (string, error)

// Cache caches the values of a Loader. Failed loads are not cached.
type Cache struct {
	load Loader

	mu      sync.Mutex
	values  map[string]string
	loading map[string]*valuetask.Task[string] // misses in flight
	hits    int
	loads   int
}

// New returns an empty cache in front of load.
func New(load Loader) *Cache {
	return &Cache{
		load:    load,
		values:  make(map[string]string),
		loading: make(map[string]*valuetask.Task[string]),
	}
}

// Get returns the value of key. On a hit the ValueTask is already completed;
// on a miss it completes when the (shared) load does. The caller must
// consume it exactly once.
func (c *Cache) Get(ctx context.Context, key string) valuetask.ValueTask[string] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.values[key]; ok {
		c.hits++
		return valuetask.FromResult(v)
	}
	t, ok := c.loading[key]
	if !ok {
		c.loads++
		// WithoutCancel: one caller giving up must not fail the load that
		// other callers share.
		t = valuetask.Run(context.WithoutCancel(ctx), func(ctx context.Context) (string, error) {
			v, err := c.load(ctx, key)
			c.mu.Lock()
			defer c.mu.Unlock()
			delete(c.loading, key)
			if err == nil {
				c.values[key] = v
			}
			return v, err
		})
		c.loading[key] = t
	}
	return valuetask.FromTask(t)
}

// Warm starts loading keys in the background, so that later Gets hit.
func (c *Cache) Warm(ctx context.Context, keys ...string) {
	for _, k := range keys {
		// MISTAKE (unconsumed): the ValueTask is dropped, so a failed load
		// goes unnoticed; with a pooled source behind Get, the operation
		// would never be released.
		c.Get(ctx, k)
	}
}

// Stats returns how many Gets hit and how many loads were started.
func (c *Cache) Stats() (hits, loads int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.loads
}
