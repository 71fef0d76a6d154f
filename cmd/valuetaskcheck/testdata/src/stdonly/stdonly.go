// Package stdonly imports only the standard library: the checker has
// nothing to do here and must be quick.
package stdonly

import (
	"fmt"
	"strings"
)

// Greet returns a greeting.
func Greet(name string) string {
	return fmt.Sprintf("hello, %s", strings.TrimSpace(name))
}
