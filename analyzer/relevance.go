package analyzer

import (
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// mentionsRuntimeTypes reports whether any expression or declared object of
// the package has a type built from the runtime package's types.
//
// This is the cheap early exit that keeps the analyzer near free on packages
// that can never hold a ValueTask: it walks the type-checker's records once
// and never builds SSA. Checking imports is not enough: a package can receive
// a ValueTask from a dependency without importing valuetask itself.
func mentionsRuntimeTypes(pass *analysis.Pass) bool {
	seen := make(map[types.Type]bool)
	for _, tv := range pass.TypesInfo.Types {
		if typeMentionsRuntime(tv.Type, seen) {
			return true
		}
	}
	for _, obj := range pass.TypesInfo.Defs {
		if obj != nil && typeMentionsRuntime(obj.Type(), seen) {
			return true
		}
	}
	return false
}

// typeMentionsRuntime reports whether t is, or is composed of, a named type
// declared in the runtime package. It does not look into the underlying
// types of other named types: a field of such a type that holds a ValueTask
// shows up as an expression of its own where the package touches it.
func typeMentionsRuntime(t types.Type, seen map[types.Type]bool) bool {
	if t == nil {
		return false
	}
	if v, ok := seen[t]; ok {
		return v
	}
	seen[t] = false // breaks cycles through recursive types
	var r bool
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if obj := t.Obj(); obj.Pkg() != nil && obj.Pkg().Path() == runtimePath {
			r = true
		} else if args := t.TypeArgs(); args != nil {
			for i := 0; i < args.Len() && !r; i++ {
				r = typeMentionsRuntime(args.At(i), seen)
			}
		}
	case *types.Pointer:
		r = typeMentionsRuntime(t.Elem(), seen)
	case *types.Slice:
		r = typeMentionsRuntime(t.Elem(), seen)
	case *types.Array:
		r = typeMentionsRuntime(t.Elem(), seen)
	case *types.Chan:
		r = typeMentionsRuntime(t.Elem(), seen)
	case *types.Map:
		r = typeMentionsRuntime(t.Key(), seen) || typeMentionsRuntime(t.Elem(), seen)
	case *types.Tuple:
		for i := 0; i < t.Len() && !r; i++ {
			r = typeMentionsRuntime(t.At(i).Type(), seen)
		}
	case *types.Signature:
		r = typeMentionsRuntime(t.Params(), seen) || typeMentionsRuntime(t.Results(), seen)
	case *types.Struct:
		for i := 0; i < t.NumFields() && !r; i++ {
			r = typeMentionsRuntime(t.Field(i).Type(), seen)
		}
	}
	seen[t] = r
	return r
}
