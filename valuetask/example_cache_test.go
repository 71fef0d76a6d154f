package valuetask_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/go-valuetask/valuetask/valuetask"
)

// userCache is a read-through cache, the case ValueTask exists for: most calls
// are hits and must cost nothing, a few are misses that have to wait.
type userCache struct {
	mu      sync.Mutex
	names   map[int]string
	loading map[int]*valuetask.Task[string] // misses in flight, shared by callers
	loads   int
	load    func(ctx context.Context, id int) (string, error)
}

// Get returns FromResult on a hit (no allocation, no goroutine) and a
// Task-backed ValueTask on a miss. Concurrent misses for one id share one load,
// which a *Task allows: it may be awaited by many.
func (c *userCache) Get(ctx context.Context, id int) valuetask.ValueTask[string] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if name, ok := c.names[id]; ok {
		return valuetask.FromResult(name)
	}
	t, ok := c.loading[id]
	if !ok {
		c.loads++
		// WithoutCancel: one caller giving up must not fail the load the
		// others share.
		t = valuetask.Run(context.WithoutCancel(ctx), func(ctx context.Context) (string, error) {
			name, err := c.load(ctx, id)
			c.mu.Lock()
			defer c.mu.Unlock()
			delete(c.loading, id)
			if err == nil {
				c.names[id] = name
			}
			return name, err
		})
		c.loading[id] = t
	}
	return valuetask.FromTask(t)
}

func Example_readThroughCache() {
	ctx := context.Background()
	cache := &userCache{
		names:   map[int]string{},
		loading: map[int]*valuetask.Task[string]{},
		load: func(ctx context.Context, id int) (string, error) {
			return fmt.Sprintf("user-%d", id), nil // a database query, say
		},
	}

	name, err := cache.Get(ctx, 7).Await(ctx) // miss: waits for the load
	fmt.Println(name, err)

	hit := cache.Get(ctx, 7) // hit: the result is already there
	fmt.Println("completed at once:", hit.IsCompleted())
	name, err = hit.Await(ctx)
	fmt.Println(name, err, "loads:", cache.loads)
	// Output:
	// user-7 <nil>
	// completed at once: true
	// user-7 <nil> loads: 1
}
