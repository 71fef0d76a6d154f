package valuetask

// Internals exposed to the external test package (package valuetask_test).

// DebugEnabled reports whether the tests run with -tags valuetaskdebug, where
// a deliberate second consumption panics instead of returning ErrConsumed.
const DebugEnabled = debugEnabled

// SetVersion moves a SourceCore's version, so tests can cross the uint32
// wrap-around without 2^32 Resets.
func SetVersion[T any](c *SourceCore[T], v uint32) {
	c.mu.Lock()
	c.version.Store(v)
	c.mu.Unlock()
}
