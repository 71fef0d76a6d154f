//go:build valuetaskdebug

package valuetask

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
)

// debugEnabled reports whether the package was built with -tags valuetaskdebug.
const debugEnabled = true

// debugInfo points at a record shared by every copy of one ValueTask: a
// ValueTask is passed by value, so the record, not the struct, must remember
// the first consumption. A nil rec means the ValueTask may be consumed any
// number of times (the zero value and the results of Preserve).
type debugInfo struct {
	rec *useRecord
}

// useRecord remembers where a ValueTask was first consumed.
type useRecord struct {
	mu    sync.Mutex
	first string // where it was first consumed (see callSite); empty until then
}

// logOnly is set by VALUETASK_DEBUG=log: a second consumption is reported
// on standard error and the program goes on, so that one run shows every
// double consumption it makes, not only the first.
var logOnly = os.Getenv("VALUETASK_DEBUG") == "log"

// track gives a new ValueTask its consumption record.
func track() debugInfo { return debugInfo{rec: new(useRecord)} }

// consumed records a consumption at the caller's call site and panics, naming
// both places, if the ValueTask was consumed before.
func (d debugInfo) consumed() {
	if d.rec == nil {
		return
	}
	here := callSite()
	d.rec.mu.Lock()
	first := d.rec.first
	if first == "" {
		d.rec.first = here
	}
	d.rec.mu.Unlock()
	if first == "" {
		return
	}
	msg := fmt.Sprintf("valuetask: ValueTask consumed twice: first at %s, again at %s", first, here)
	if logOnly {
		fmt.Fprintln(os.Stderr, msg)
		return
	}
	panic(msg)
}

// pkgPrefix is this package's symbol prefix ("<import path>."), taken from a
// function of the package so that it follows the module path.
var pkgPrefix = func() string {
	name := runtime.FuncForPC(reflect.ValueOf(track).Pointer()).Name()
	return name[:strings.LastIndex(name, ".")+1]
}()

// callSite returns "file:line" of the first frame outside this package
// (the user's call, even when it went through a combinator or a generic
// wrapper), and the calls that led there: "a.go:3 (called from a.go:10,
// main.go:5)". Frames of the Go runtime and of testing are left out.
func callSite() string {
	var pcs [32]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	var here string
	var callers []string
	for {
		f, more := frames.Next()
		switch {
		case strings.HasPrefix(f.Function, pkgPrefix):
		case strings.HasPrefix(f.Function, "runtime.") || strings.HasPrefix(f.Function, "testing."):
		case here == "":
			here = fmt.Sprintf("%s:%d", f.File, f.Line)
		default:
			callers = append(callers, fmt.Sprintf("%s:%d", f.File, f.Line))
		}
		if !more {
			break
		}
	}
	if here == "" {
		return "unknown location"
	}
	if len(callers) > 0 {
		here += " (called from " + strings.Join(callers, ", ") + ")"
	}
	return here
}
