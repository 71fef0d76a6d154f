package analyzer

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file is the one place that knows the runtime package's API: its
// types, what each ValueTask method does, and which functions build,
// combine or start work on ValueTasks. Everything else asks here.

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

// vtMethod is a method of ValueTask, by what it does to the ValueTask.
type vtMethod uint8

const (
	notVTMethod vtMethod = iota
	methodAwait
	methodAsTask
	methodPreserve
	methodResult
	methodQuery // IsCompleted, IsCompletedSuccessfully, IsFaulted, IsCanceled
)

// vtMethodNamed classifies a method of ValueTask (or the same name called
// through an interface a ValueTask was converted to) by its name.
func vtMethodNamed(name string) vtMethod {
	switch name {
	case "Await":
		return methodAwait
	case "AsTask":
		return methodAsTask
	case "Preserve":
		return methodPreserve
	case "Result":
		return methodResult
	case "IsCompleted", "IsCompletedSuccessfully", "IsFaulted", "IsCanceled":
		return methodQuery
	}
	return notVTMethod
}

// consumes reports whether the method uses the ValueTask up.
func (m vtMethod) consumes() bool { return m >= methodAwait && m <= methodResult }

// vtMethodOf returns the method of ValueTask that fn is (any
// instantiation), or notVTMethod. A bound method value (v.Await) is a
// wrapper, not the method, and is not one.
func vtMethodOf(fn *ssa.Function) (vtMethod, string) {
	if fn == nil || fn.Signature.Recv() == nil {
		return notVTMethod, ""
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || !isVTMethodObj(obj) {
		return notVTMethod, ""
	}
	return vtMethodNamed(obj.Name()), obj.Name()
}

// isVTMethodObj reports whether obj is a method declared on ValueTask.
func isVTMethodObj(obj *types.Func) bool {
	sig, ok := obj.Type().(*types.Signature)
	return ok && sig.Recv() != nil && isValueTask(sig.Recv().Type())
}

// calledVTMethod returns the ValueTask method a call invokes (statically,
// or through an interface holding a ValueTask) and its receiver.
func calledVTMethod(common *ssa.CallCommon) (vtMethod, string, ssa.Value) {
	if common.IsInvoke() {
		return vtMethodNamed(common.Method.Name()), common.Method.Name(), common.Value
	}
	if m, name := vtMethodOf(common.StaticCallee()); m != notVTMethod {
		return m, name, common.Args[0]
	}
	return notVTMethod, "", nil
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

// isCombinator reports whether fn is valuetask.WhenAll or valuetask.WhenAny.
func isCombinator(fn *ssa.Function) bool {
	switch runtimeFunc(fn) {
	case "WhenAll", "WhenAny":
		return true
	}
	return false
}

// isPreserveCall reports whether v is the result of Preserve(), a
// ValueTask that may be consumed any number of times.
func isPreserveCall(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	m, _, _ := calledVTMethod(call.Common())
	return m == methodPreserve
}

// startsGoroutine reports whether fn runs its function argument in a new
// goroutine, as a go statement would: valuetask.Run, WaitGroup.Go and
// errgroup's Go.
func startsGoroutine(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	if runtimeFunc(fn) == "Run" {
		return true
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

// clonesElements reports whether fn returns a copy of its first argument's
// elements (the standard library's generic clones, whose bodies the
// analyzer does not see): the result holds the same ValueTasks.
func clonesElements(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() + "." + obj.Name() {
	case "slices.Clone", "maps.Clone":
		return true
	}
	return false
}

// canHoldValueTask reports whether a value of type t can carry a
// ValueTask as it is (not inside memory it points to): a ValueTask, an
// interface a ValueTask can be converted to without naming another method
// (any, Awaitable, a type parameter so constrained), or a struct, array or
// tuple that contains one of those.
func canHoldValueTask(t types.Type) bool {
	return leadsToVT(t, false, make(map[types.Type]bool))
}

// acceptsValueTask reports whether a ValueTask can be stored in an
// interface of this method set without naming any other method. Other
// interfaces (context.Context, io.Reader, ...) cannot hold one.
func acceptsValueTask(it *types.Interface) bool {
	for i := 0; i < it.NumMethods(); i++ {
		if vtMethodNamed(it.Method(i).Name()) == notVTMethod {
			return false
		}
	}
	return true
}

// reachesValueTask reports whether a value of type t can lead to a
// ValueTask: hold one, or point to, or refer to memory that does, at any
// depth (pointers, slices, maps, channels, functions that capture one).
func reachesValueTask(t types.Type) bool {
	return leadsToVT(t, true, make(map[types.Type]bool))
}

// leadsToVT is canHoldValueTask, and with throughRefs reachesValueTask.
func leadsToVT(t types.Type, throughRefs bool, seen map[types.Type]bool) bool {
	if isValueTask(t) {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return acceptsValueTask(u)
	case *types.Array:
		return leadsToVT(u.Elem(), throughRefs, seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if leadsToVT(u.Field(i).Type(), throughRefs, seen) {
				return true
			}
		}
	case *types.Tuple:
		for i := 0; i < u.Len(); i++ {
			if leadsToVT(u.At(i).Type(), throughRefs, seen) {
				return true
			}
		}
	}
	if !throughRefs {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return leadsToVT(u.Elem(), throughRefs, seen)
	case *types.Slice:
		return leadsToVT(u.Elem(), throughRefs, seen)
	case *types.Chan:
		return leadsToVT(u.Elem(), throughRefs, seen)
	case *types.Map:
		return leadsToVT(u.Key(), throughRefs, seen) || leadsToVT(u.Elem(), throughRefs, seen)
	case *types.Signature:
		return true // a closure may capture one
	}
	return false
}

// typeMemo caches what the analysis asks of types, for one package: its
// functions share their types and ask about them again and again.
type typeMemo struct {
	holds   map[types.Type]bool
	reaches map[types.Type]bool
}

func newTypeMemo() *typeMemo {
	return &typeMemo{holds: make(map[types.Type]bool), reaches: make(map[types.Type]bool)}
}

func (tm *typeMemo) canHold(t types.Type) bool {
	h, ok := tm.holds[t]
	if !ok {
		h = canHoldValueTask(t)
		tm.holds[t] = h
	}
	return h
}

func (tm *typeMemo) reach(t types.Type) bool {
	r, ok := tm.reaches[t]
	if !ok {
		r = reachesValueTask(t)
		tm.reaches[t] = r
	}
	return r
}
