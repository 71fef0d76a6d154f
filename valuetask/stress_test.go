package valuetask_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/go-valuetask/valuetask/valuetask"
)

// stressOps is 100k operations per goroutine, cut down where the race
// detector or -short makes each one several times dearer.
func stressOps() int {
	switch {
	case testing.Short():
		return 5_000
	case raceEnabled:
		return 20_000
	}
	return 100_000
}

func TestStressSourceCoreReuse(t *testing.T) {
	const workers = 4
	ops := stressOps()
	boom := errors.New("boom")

	type req struct {
		i      int
		cancel context.CancelFunc // mode 4: canceled around the completion
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var c valuetask.SourceCore[int]
			reqs, acks := make(chan req), make(chan struct{})
			go func() { // the completer: another goroutine, racing the consumer
				for r := range reqs {
					if r.cancel != nil && r.i%2 == 0 {
						r.cancel()
					}
					if r.i%5 == 3 {
						c.SetError(boom)
					} else {
						c.SetResult(r.i)
					}
					if r.cancel != nil {
						r.cancel()
					}
					acks <- struct{}{}
				}
			}()
			defer close(reqs)
			for i := range ops {
				c.Reset()
				vt := valuetask.FromSource(&c, c.Version())
				ctx, cancel := context.Background(), context.CancelFunc(nil)
				switch mode := i % 5; mode {
				case 0: // completed before it is awaited
					c.SetResult(i)
				case 4:
					// The consumer's ctx ends at about the time the result
					// arrives, so both cases of Consume's select race: it
					// must see its own result or ctx.Err(), and leave the
					// core clean for the next operation.
					ctx, cancel = context.WithCancel(ctx)
					reqs <- req{i, cancel}
				default:
					reqs <- req{i, nil}
				}
				v, err := vt.Await(ctx)
				switch mode := i % 5; {
				case mode == 3 && err != boom,
					mode == 4 && err != nil && !errors.Is(err, context.Canceled),
					mode != 3 && err == nil && v != i,
					mode < 3 && err != nil:
					t.Errorf("worker %d op %d (mode %d): got (%d, %v)", w, i, mode, v, err)
					return
				}
				if i%5 != 0 {
					<-acks // the completer is done with this operation before Reset
				}
			}
		})
	}
	within(t, wg.Wait)
}

// TestStressResetRacingConsumer resets the core while the previous
// operation's consumer may still be waking up. The next operation's consumer
// must wait for its own result, and the earlier one must get its result or
// ErrConsumed, never hang and never see the next operation's result.
func TestStressResetRacingConsumer(t *testing.T) {
	ops := stressOps() / 5
	var c valuetask.SourceCore[int]
	within(t, func() {
		// Two consumers are in flight at a time, so the next operation's
		// consumer can start waiting before the previous one has woken.
		var inFlight []chan error
		for i := range ops {
			if len(inFlight) == 2 {
				if err := <-inFlight[0]; err != nil {
					t.Error(err)
					return
				}
				inFlight = inFlight[1:]
			}
			vt := valuetask.FromSource(&c, c.Version())
			done := make(chan error, 1)
			inFlight = append(inFlight, done)
			go func() {
				v, err := vt.Await(context.Background())
				if err == nil && v != i || err != nil && err != valuetask.ErrConsumed {
					done <- fmt.Errorf("op %d: got (%d, %v)", i, v, err)
					return
				}
				done <- nil
			}()
			if i%2 == 0 {
				runtime.Gosched() // sometimes let the consumer block first
			}
			c.SetResult(i)
			c.Reset() // races the consumer's wake-up
		}
		for _, done := range inFlight {
			if err := <-done; err != nil {
				t.Error(err)
			}
		}
	})
}

func TestStressRacingConsumersExactlyOneWins(t *testing.T) {
	const consumers = 100
	rounds := 20
	if raceEnabled || testing.Short() {
		rounds = 5
	}
	for round := range rounds {
		var c valuetask.SourceCore[int]
		c.Reset()
		tok := c.Version()
		shared := valuetask.FromSource(&c, tok)
		// In debug builds copies of one ValueTask panic on the second
		// consumption, so there each goroutine gets its own ValueTask of the
		// same operation, which the source must still hand out once.
		vtFor := func() valuetask.ValueTask[int] {
			if valuetask.DebugEnabled {
				return valuetask.FromSource(&c, tok)
			}
			return shared
		}
		completeFirst := round%2 == 0
		if completeFirst {
			c.SetResult(round)
		}
		var winners, consumed atomic.Int32
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, consumers)
		for g := range consumers {
			vt := vtFor()
			wg.Go(func() {
				<-start
				var v int
				var err error
				switch g % 4 {
				case 0:
					v, err = vt.Await(context.Background())
				case 1:
					v, err = vt.AsTask().Await(context.Background())
				case 2:
					v, err = vt.Preserve().Await(context.Background())
				case 3:
					for {
						//valuetask:ignore polling Result until completion is under test
						if v, err = vt.Result(); err != valuetask.ErrNotCompleted {
							break
						}
						runtime.Gosched()
					}
				}
				switch {
				case err == nil && v == round:
					winners.Add(1)
				case err == valuetask.ErrConsumed:
					consumed.Add(1)
				default:
					errs <- fmt.Errorf("round %d consumer %d: (%d, %v)", round, g, v, err)
				}
			})
		}
		close(start)
		if !completeFirst {
			c.SetResult(round)
		}
		within(t, wg.Wait)
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if winners.Load() != 1 || consumed.Load() != consumers-1 {
			t.Fatalf("round %d: %d winners, %d ErrConsumed; want 1 and %d", round, winners.Load(), consumed.Load(), consumers-1)
		}
	}
}
