// Command demo wires the cache, the pooled line reader and the fan-out
// together. It runs correctly: its mistakes (marked MISTAKE) only bite when
// a ValueTask is backed by a pooled source, and here they are not. The
// analyzer reports them anyway:
//
//	go run ./cmd/valuetaskcheck ./testdata/demo/...
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"github.com/go-valuetask/valuetask/testdata/demo/cache"
	"github.com/go-valuetask/valuetask/testdata/demo/fanout"
	"github.com/go-valuetask/valuetask/testdata/demo/pooled"
)

// users is the slow store behind the cache.
var users = map[string]string{
	"u1": "Ada Lovelace",
	"u2": "Alan Turing",
	"u3": "Grace Hopper",
	"u4": "Edsger Dijkstra",
}

func loadUser(ctx context.Context, id string) (string, error) {
	select {
	case <-time.After(2 * time.Millisecond): // a database round trip
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if name, ok := users[id]; ok {
		return name, nil
	}
	return "", fmt.Errorf("user %q not found", id)
}

// requests is an access log: one user id per line.
const requests = "u1\nu2\nu1\nu3\nu1\nu2\n"

func main() {
	ctx := context.Background()
	c := cache.New(loadUser)
	c.Warm(ctx, "u1")

	// Read the access log through pooled ValueTasks, one line at a time.
	r := pooled.NewLineReader(strings.NewReader(requests))
	defer r.Close()
	var ids []string
	for {
		line := r.ReadLine()
		var id string
		var err error
		if line.IsCompleted() {
			id, err = line.Result() // guarded: no waiting, no ErrNotCompleted
		} else {
			id, err = line.Await(ctx)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		ids = append(ids, id)
	}
	fromBuffer, coreReads := r.Counts() // the last read through the core found the end of the input
	fmt.Printf("read %d requests (%d lines from the buffer, %d through the pooled core, which took %d reads)\n", len(ids), fromBuffer, len(ids)-fromBuffer, coreReads)

	// Serve them: Await each ValueTask exactly once.
	for _, id := range ids {
		name, err := c.Get(ctx, id).Await(ctx)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("  %s -> %s\n", id, name)
	}

	// Fan out.
	names, err := fanout.FetchAll(ctx, c, []string{"u1", "u2", "u3", "u4"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("all users:", strings.Join(names, ", "))

	a, b, err := fanout.Pair(ctx, c, "u3", "u4")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("pair:", a, "and", b)

	name, err := fanout.GetAudited(ctx, c, "u2", func(id, name string) {
		fmt.Printf("  audit: %s read %s\n", id, name)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("audited:", name)

	// MISTAKE (double-await): the ValueTask is awaited once for its error
	// and again for its value.
	v := c.Get(ctx, "u4")
	if _, err := v.Await(ctx); err != nil {
		log.Fatal(err)
	}
	name, _ = v.Await(ctx)
	fmt.Println("checked:", name)

	// MISTAKE (unguarded-result): u1 was loaded above, so this is a hit
	// today; after an eviction it is a miss and Result returns
	// ErrNotCompleted instead of waiting.
	name, err = c.Get(ctx, "u1").Result()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("fast path:", name)

	hits, loads := c.Stats()
	fmt.Printf("cache: %d hits, %d loads\n", hits, loads)
}
