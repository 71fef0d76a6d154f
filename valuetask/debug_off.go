//go:build !valuetaskdebug

package valuetask

// debugEnabled reports whether the package was built with -tags valuetaskdebug.
const debugEnabled = false

// debugInfo is empty without the valuetaskdebug tag. It is the first field of
// ValueTask, where a zero-size field adds no padding, so the struct keeps the
// size it would have without it.
type debugInfo struct{}

// track gives a new ValueTask its (here: absent) consumption record.
func track() debugInfo { return debugInfo{} }

// consumed records a consumption; without the tag it compiles to nothing.
func (debugInfo) consumed() {}
