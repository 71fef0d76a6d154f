package analyzer

import (
	"cmp"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// buildSSA builds SSA for the package's own functions, as the buildssa pass
// does, but only when asked: requiring buildssa would build SSA for every
// package of a repository, which costs several times what go vet itself does.
//
// GlobalDebug keeps DebugRef instructions, which map SSA values back to the
// expressions (and variable names) they came from, so diagnostics can point
// at the argument the user wrote and name the variable.
func buildSSA(pass *analysis.Pass) []*ssa.Function {
	prog := ssa.NewProgram(pass.Fset, ssa.GlobalDebug)
	prog.SetNoReturn(isNoReturn)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()

	var funcs []*ssa.Function
	seen := make(map[*ssa.Function]bool)
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil || seen[fn] {
			return
		}
		seen[fn] = true
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, mem := range pkg.Members {
		switch mem := mem.(type) {
		case *ssa.Function:
			add(mem)
		case *ssa.Type:
			// Declared methods, generic receivers included (a method set
			// of a generic type has no instances to offer).
			if named, ok := types.Unalias(mem.Type()).(*types.Named); ok {
				for i := 0; i < named.NumMethods(); i++ {
					add(prog.FuncValue(named.Method(i)))
				}
			}
		}
	}
	// Source order, so diagnostics come out in a stable order.
	slices.SortStableFunc(funcs, func(a, b *ssa.Function) int { return cmp.Compare(a.Pos(), b.Pos()) })
	return funcs
}

// isNoReturn knows the standard library functions that never return, so
// that `if !v.IsCompleted() { log.Fatal(...) }` guards what follows. (The
// ctrlflow pass computes this for every function, at a cost for every
// package; these cover what guard code calls in practice.)
func isNoReturn(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "os.Exit", "runtime.Goexit", "syscall.Exit",
		"log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln",
		"testing.common.FailNow", "testing.common.Fatal", "testing.common.Fatalf",
		"testing.common.SkipNow", "testing.common.Skip", "testing.common.Skipf":
		return true
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		recv := sig.Recv().Type()
		if p, ok := recv.(*types.Pointer); ok {
			recv = p.Elem()
		}
		if n, ok := types.Unalias(recv).(*types.Named); ok {
			switch fn.Pkg().Path() + "." + n.Obj().Name() + "." + fn.Name() {
			case "log.Logger.Fatal", "log.Logger.Fatalf", "log.Logger.Fatalln",
				"log.Logger.Panic", "log.Logger.Panicf", "log.Logger.Panicln",
				"testing.common.FailNow", "testing.common.Fatal", "testing.common.Fatalf",
				"testing.common.SkipNow", "testing.common.Skip", "testing.common.Skipf":
				return true
			}
		}
	}
	return false
}
