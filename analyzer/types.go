package analyzer

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// runtimePath is the import path of the runtime package whose types the
// analyzer tracks.
const runtimePath = "github.com/go-valuetask/valuetask/valuetask"

// isRuntimeNamed reports whether t is the named type runtimePath.name
// (any instantiation of it).
func isRuntimeNamed(t types.Type, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == runtimePath
}

// isValueTask reports whether t is valuetask.ValueTask[T] for some T.
func isValueTask(t types.Type) bool { return isRuntimeNamed(t, "ValueTask") }

// methodKind classifies the methods of ValueTask (and the same names called
// through an interface that a ValueTask was converted to).
type methodKind uint8

const (
	notAMethod methodKind = iota
	consumingMethod
	queryMethod
)

// valueTaskMethod classifies a method of ValueTask by name.
func valueTaskMethod(name string) methodKind {
	switch name {
	case "Await", "AsTask", "Preserve", "Result":
		return consumingMethod
	case "IsCompleted", "IsCompletedSuccessfully", "IsFaulted", "IsCanceled":
		return queryMethod
	}
	return notAMethod
}

// runtimeFunc returns the name of fn if it is a package-level function of
// the runtime package (generic instantiations included), or "".
func runtimeFunc(fn *ssa.Function) string {
	if fn == nil {
		return ""
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != runtimePath {
		return ""
	}
	if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() != nil {
		return ""
	}
	return obj.Name()
}

// valueTaskMethodOf returns the method name and true if fn is a method of
// ValueTask (any instantiation).
func valueTaskMethodOf(fn *ssa.Function) (string, bool) {
	if fn == nil || fn.Signature.Recv() == nil {
		return "", false // also bound method values (v.Await), which drop it
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return "", false
	}
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return "", false
	}
	if !isValueTask(sig.Recv().Type()) {
		return "", false
	}
	return obj.Name(), true
}

// isCombinator reports whether fn is valuetask.WhenAll or valuetask.WhenAny.
func isCombinator(fn *ssa.Function) bool {
	switch runtimeFunc(fn) {
	case "WhenAll", "WhenAny":
		return true
	}
	return false
}

// startsGoroutine reports whether fn runs its function argument in a new
// goroutine, as a go statement would: WaitGroup.Go and errgroup's Go.
func startsGoroutine(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	switch obj.Origin().FullName() {
	case "(*sync.WaitGroup).Go",
		"(*golang.org/x/sync/errgroup.Group).Go",
		"(*golang.org/x/sync/errgroup.Group).TryGo":
		return true
	}
	return false
}
