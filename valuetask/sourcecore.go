package valuetask

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// SourceCore is a ready-made reusable Source (.NET's
// ManualResetValueTaskSourceCore): keep it in a field, Reset it per operation,
// complete it from any goroutine, and return FromSource(&x.core,
// x.core.Version()). *SourceCore[T] implements Source[T]. Reusing it allocates
// nothing.
//
// Embed it only in unexported types. Embedding promotes Reset, SetResult,
// SetError and the Source methods into the embedding type's method set, so an
// exported type that embeds a SourceCore lets any of its callers complete, or
// start over, the operations whose ValueTasks it hands out.
//
// The zero SourceCore is ready for its first operation, whose version is 0.
// Completing one operation twice panics. A SourceCore must not be copied after
// first use.
type SourceCore[T any] struct {
	mu sync.Mutex
	// version names the current operation. It changes only under mu but is
	// atomic so Version needs no lock. It wraps around after 2^32 operations;
	// wrapping is plain modular arithmetic, nothing special happens at 0.
	version atomic.Uint32
	flags   coreFlags
	status  Status // of the completed operation, kept after its value is handed out
	// wake carries one signal from the completer to the waiting consumer. It
	// is made once and reused by every operation; see the invariant at
	// coreFlags.
	wake  chan struct{}
	cont  func() // OnCompleted callback of the current operation
	value T
	err   error
}

// coreFlags describe the current operation. Invariant that lets wake be
// reused without draining it on every Reset: wake's buffer is empty unless
// signaled is set, and at most one consumer (the claimer) ever waits on it.
// When Reset cannot be sure the buffer is empty, it drops wake and the next
// waiter makes a new one, which only happens when Reset races with a consumer.
type coreFlags uint8

const (
	completed coreFlags = 1 << iota // value, err and status are set
	claimed                         // a consumer has taken, or is waiting for, the result
	waiting                         // the claimer is blocked on wake
	signaled                        // a signal was sent on wake that its waiter has not yet drained
)

// Reset starts a new operation: the version moves on and ValueTasks of earlier
// operations go stale (consuming them gives ErrConsumed). A consumer still
// blocked on the old operation is woken with ErrConsumed, and an OnCompleted
// callback of the old operation runs.
func (c *SourceCore[T]) Reset() {
	c.mu.Lock()
	switch {
	case c.flags&waiting != 0:
		// Wake the stranded consumer; the closed channel cannot be reused.
		close(c.wake)
		c.wake = nil
	case c.flags&signaled != 0:
		// The old consumer still owns a signal in the buffer; let it keep
		// the channel.
		c.wake = nil
	}
	var zero T
	c.value, c.err, c.status, c.flags = zero, nil, Pending, 0
	cont := c.cont
	c.cont = nil
	c.version.Add(1)
	c.mu.Unlock()
	if cont != nil {
		cont()
	}
}

// Version returns the token of the current operation.
func (c *SourceCore[T]) Version() uint32 {
	return c.version.Load()
}

// SetResult completes the current operation with v. It may be called from any
// goroutine; calling it (or SetError) again before Reset panics.
func (c *SourceCore[T]) SetResult(v T) {
	c.complete(v, nil, Succeeded, "SetResult")
}

// SetError completes the current operation with err. It may be called from
// any goroutine; calling it (or SetResult) again before Reset panics, and so
// does a nil err, which would read as success.
func (c *SourceCore[T]) SetError(err error) {
	if err == nil {
		panic("valuetask: SourceCore.SetError(nil)")
	}
	var zero T
	c.complete(zero, err, statusOf(err), "SetError")
}

// complete records the outcome and wakes the one waiting consumer, if any.
// The status is computed by the caller so SetResult skips errors.Is.
func (c *SourceCore[T]) complete(v T, err error, st Status, call string) {
	c.mu.Lock()
	if c.flags&completed != 0 {
		ver := c.version.Load()
		c.mu.Unlock()
		panic(fmt.Sprintf("valuetask: SourceCore.%s: operation %d was already completed (call Reset before completing again)", call, ver))
	}
	c.value, c.err, c.status = v, err, st
	c.flags |= completed
	if c.flags&waiting != 0 {
		c.flags = c.flags&^waiting | signaled
		c.wake <- struct{}{} // never blocks: the buffer is empty while waiting is set
	}
	cont := c.cont
	c.cont = nil
	c.mu.Unlock()
	if cont != nil {
		cont()
	}
}

// Status implements Source.
func (c *SourceCore[T]) Status(token uint32) Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.version.Load() != token:
		return Faulted
	case c.flags&completed == 0:
		return Pending
	}
	return c.status
}

// Consume implements Source. It claims the operation before waiting, so of
// several racing consumers exactly one gets the result and the others get
// ErrConsumed at once. Waiting reuses the core's channel: no allocation in
// steady state, including when ctx ends first.
func (c *SourceCore[T]) Consume(ctx context.Context, token uint32) (T, error) {
	var zero T
	c.mu.Lock()
	if c.version.Load() != token || c.flags&claimed != 0 {
		c.mu.Unlock()
		return zero, ErrConsumed
	}
	c.flags |= claimed
	if c.flags&completed != 0 {
		return c.takeLocked()
	}
	if c.wake == nil {
		c.wake = make(chan struct{}, 1)
	}
	wake := c.wake
	c.flags |= waiting
	c.mu.Unlock()

	select {
	case <-wake:
	case <-ctx.Done():
		c.mu.Lock()
		if c.flags&waiting != 0 && c.version.Load() == token {
			// Still pending: withdraw, so no signal is ever sent for us.
			c.flags &^= waiting
			c.mu.Unlock()
			return zero, ctx.Err()
		}
		c.mu.Unlock()
		// The completer sent its signal under the lock, or Reset closed
		// the channel: either way this does not block, and it leaves the
		// buffer empty for the next operation.
		<-wake
	}

	c.mu.Lock()
	if c.version.Load() != token {
		c.mu.Unlock()
		return zero, ErrConsumed
	}
	c.flags &^= signaled
	return c.takeLocked()
}

// TryConsume implements Source.
func (c *SourceCore[T]) TryConsume(token uint32) (v T, done bool, err error) {
	c.mu.Lock()
	switch {
	case c.version.Load() != token || c.flags&claimed != 0:
		c.mu.Unlock()
		return v, true, ErrConsumed
	case c.flags&completed == 0:
		c.mu.Unlock()
		return v, false, nil
	}
	c.flags |= claimed
	v, err = c.takeLocked()
	return v, true, err
}

// takeLocked hands out the result and unlocks. It clears the stored result so
// a pooled core does not keep the consumer's data alive.
func (c *SourceCore[T]) takeLocked() (T, error) {
	v, err := c.value, c.err
	var zero T
	c.value, c.err = zero, nil
	c.mu.Unlock()
	return v, err
}

// OnCompleted implements Source. One callback per operation is the usual case
// and costs no allocation beyond f; more are chained.
func (c *SourceCore[T]) OnCompleted(token uint32, f func()) {
	if f == nil {
		panic("valuetask: SourceCore.OnCompleted(token, nil)")
	}
	c.mu.Lock()
	if c.version.Load() != token || c.flags&completed != 0 {
		c.mu.Unlock()
		f()
		return
	}
	if prev := c.cont; prev != nil {
		next := f
		f = func() { prev(); next() }
	}
	c.cont = f
	c.mu.Unlock()
}
