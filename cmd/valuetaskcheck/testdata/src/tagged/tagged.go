// Package tagged has a file that only a build with -tags integration
// compiles, and holds findings; without the tag the package is clean.
package tagged

import "github.com/go-valuetask/valuetask/valuetask"

// Get returns a completed ValueTask.
func Get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }
