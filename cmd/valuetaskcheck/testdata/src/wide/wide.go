// Package wide has a finding after characters that take more than one
// byte: SARIF counts columns in UTF-16 code units, go/token in bytes.
package wide

import "github.com/go-valuetask/valuetask/valuetask"

func get() valuetask.ValueTask[int] { return valuetask.FromResult(1) }

// Drop drops a ValueTask after a comment with a snowman and an emoji.
func Drop() {
	/* ☃😀 */ get()
}
