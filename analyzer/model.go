package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A funcModel is what the analyzer knows about the ValueTasks of one SSA
// function: which values hold one, which memory locations do, and how they
// connect. It does not depend on callee summaries, so it is built once per
// function and reused while summaries reach their fixed point.
type funcModel struct {
	fn *ssa.Function

	// tracked holds every value that may carry a ValueTask: ValueTask-typed
	// values, interfaces converted from them, and parameters of an interface
	// type a ValueTask can be passed as (for the function's summary).
	tracked map[ssa.Value]bool
	// trackedLocs holds the memory locations a tracked value is stored to.
	trackedLocs map[locKey]bool
	// loadedLocs holds every location the function loads from: a store to
	// a field or global that the function itself loads back is no hand-off.
	loadedLocs map[locKey]bool

	// ids numbers the keys (roots and locations) for the path search.
	ids   map[any]int32
	keys  []any   // the inverse of ids, built on demand
	class []int32 // union-find parent per id

	debug  map[ssa.Value][]*ssa.DebugRef // DebugRefs by value, built on demand
	stores map[locKey][]*ssa.Store       // stores by location, built on demand

	// Locations indexed by base, built on demand.
	byBase       map[ssa.Value][]locKey // tracked locations
	byBaseLen    int                    // len(trackedLocs) when byBase was built
	storedByBase map[ssa.Value][]locKey // locations stored to
}

// locKey names a memory location: a base value (an Alloc, Global, FreeVar
// or pointer parameter) and a path of constant field and element selections.
type locKey struct {
	base ssa.Value
	path string
}

// local reports whether the location lives in this function's own frame,
// so only this function's stores and closures can change it.
func (k locKey) local() bool { _, ok := k.base.(*ssa.Alloc); return ok }

// freeVar returns the free variable a closure's location is based on.
func (k locKey) freeVar() (*ssa.FreeVar, bool) {
	fv, ok := k.base.(*ssa.FreeVar)
	return fv, ok && k.path == ""
}

// loadedFrom returns the location a value is read from: a load (*p), or a
// field of a loaded struct (s.f for a struct variable s, which SSA reads
// as a load of s and a Field of it).
func loadedFrom(v ssa.Value) (locKey, bool) {
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return locOf(x.X)
		}
	case *ssa.Field:
		if k, ok := loadedFrom(x.X); ok {
			k.path += "." + strconv.Itoa(x.Field)
			return k, true
		}
	}
	return locKey{}, false
}

// rootOf follows the operations that keep the identity of a ValueTask
// (interface conversions and assertions) back to the value that started it.
func rootOf(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.TypeAssert:
			if x.CommaOk {
				return v
			}
			v = x.X
		case *ssa.Extract:
			ta, ok := x.Tuple.(*ssa.TypeAssert)
			if !ok || x.Index != 0 {
				return v
			}
			v = ta.X
		default:
			return v
		}
	}
}

// locOf returns the location an address value denotes, if it is one the
// analyzer can name.
func locOf(addr ssa.Value) (locKey, bool) {
	switch a := addr.(type) {
	case *ssa.Alloc, *ssa.Global, *ssa.FreeVar, *ssa.Parameter:
		return locKey{base: a}, true
	case *ssa.FieldAddr:
		base, ok := locOf(a.X)
		if !ok {
			return locKey{}, false
		}
		base.path += "." + strconv.Itoa(a.Field)
		return base, true
	case *ssa.IndexAddr:
		c, ok := a.Index.(*ssa.Const)
		if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
			return locKey{}, false
		}
		x := a.X
		if s, ok := x.(*ssa.Slice); ok && s.Low == nil {
			x = s.X // xs := []T{...}: the elements live in the literal's array
		}
		base, ok := locOf(x)
		if !ok {
			return locKey{}, false
		}
		base.path += "[" + c.Value.ExactString() + "]"
		return base, true
	}
	return locKey{}, false
}

// interestingInterface reports whether a ValueTask can be passed as t
// without the caller's code naming another method: any, Awaitable, or an
// interface of ValueTask's own methods. Other interface parameters
// (context.Context, io.Reader, ...) cannot hold one and are not tracked.
func interestingInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for i := 0; i < it.NumMethods(); i++ {
		if valueTaskMethod(it.Method(i).Name()) == notAMethod {
			return false
		}
	}
	return true
}

// paramOfInterest reports whether a parameter can receive a ValueTask.
func paramOfInterest(t types.Type) bool {
	if isValueTask(t) || interestingInterface(t) {
		return true
	}
	if s, ok := t.Underlying().(*types.Slice); ok {
		return interestingInterface(s.Elem()) || isValueTask(s.Elem())
	}
	return false
}

// newFuncModel builds the model of fn, or returns nil when fn has nothing
// that may hold a ValueTask.
func newFuncModel(fn *ssa.Function) *funcModel {
	if fn.Blocks == nil {
		return nil // no Go body (assembly, linkname): calls to it are hand-offs
	}
	m := &funcModel{
		fn:          fn,
		tracked:     make(map[ssa.Value]bool),
		trackedLocs: make(map[locKey]bool),
		loadedLocs:  make(map[locKey]bool),
		ids:         make(map[any]int32),
	}
	for _, p := range fn.Params {
		if paramOfInterest(p.Type()) {
			m.tracked[p] = true
		}
	}
	for _, fv := range fn.FreeVars {
		switch t := fv.Type(); {
		case isValueTask(t):
			m.tracked[fv] = true // a bound receiver, or a nested closure's copy
		case isValueTaskPointer(t):
			m.trackedLocs[locKey{base: fv}] = true // a captured variable
		}
	}
	holds := len(m.tracked) > 0 || len(m.trackedLocs) > 0
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok && isValueTask(v.Type()) {
				m.tracked[v] = true
				holds = true
			}
			if v, ok := instr.(ssa.Value); ok {
				if k, ok := loadedFrom(v); ok {
					m.loadedLocs[k] = true
				}
			}
		}
	}
	if !holds {
		return nil
	}
	m.propagate()
	m.buildClasses()
	return m
}

func isValueTaskPointer(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	return ok && isValueTask(p.Elem())
}

// propagate extends tracked to the values and locations a tracked value
// flows to, until nothing changes (loops need more than one pass).
func (m *funcModel) propagate() {
	for changed := true; changed; {
		changed = false
		mark := func(v ssa.Value) {
			if !m.tracked[v] {
				m.tracked[v] = true
				changed = true
			}
		}
		for _, b := range m.fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.ChangeType, *ssa.TypeAssert:
					v := x.(ssa.Value)
					if m.tracked[rootOf(v)] {
						mark(v)
					}
				case *ssa.Extract:
					if m.tracked[rootOf(x)] {
						mark(x)
					}
				case *ssa.Phi:
					for _, e := range x.Edges {
						if m.tracked[e] {
							mark(x)
							break
						}
					}
				case *ssa.Store:
					if m.tracked[x.Val] {
						if k, ok := locOf(x.Addr); ok && !m.trackedLocs[k] {
							m.trackedLocs[k] = true
							changed = true
						}
					}
					if dst, src, ok := structCopy(x); ok {
						for _, inner := range m.innerLocs(src) {
							rest, _ := inner.within(src)
							if k := (locKey{dst.base, dst.path + rest}); !m.trackedLocs[k] {
								m.trackedLocs[k] = true
								changed = true
							}
						}
					}
				case *ssa.UnOp, *ssa.Field:
					v := x.(ssa.Value)
					if k, ok := loadedFrom(v); ok && (m.trackedLocs[k] || isValueTask(v.Type())) {
						mark(v)
						if !m.trackedLocs[k] {
							m.trackedLocs[k] = true
							changed = true
						}
					}
				}
			}
		}
	}
}

// id returns the number of a root value or location, creating it.
func (m *funcModel) id(k any) int32 {
	if id, ok := m.ids[k]; ok {
		return id
	}
	id := int32(len(m.class))
	m.ids[k] = id
	m.class = append(m.class, id)
	return id
}

func (m *funcModel) find(id int32) int32 {
	for m.class[id] != id {
		m.class[id] = m.class[m.class[id]]
		id = m.class[id]
	}
	return id
}

func (m *funcModel) union(a, b int32) {
	a, b = m.find(a), m.find(b)
	if a != b {
		m.class[a] = b
	}
}

// buildClasses groups roots and locations that may hold the same
// ValueTask: a phi with its edges, a location with what is stored to it and
// what is loaded from it. Summaries use the classes ("may this parameter be
// consumed"); the path search decides per path.
func (m *funcModel) buildClasses() {
	for v := range m.tracked {
		m.id(rootOf(v))
	}
	for k := range m.trackedLocs {
		m.id(k)
	}
	for _, b := range m.fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Phi:
				if !m.tracked[x] {
					continue
				}
				for _, e := range x.Edges {
					if m.tracked[e] {
						m.union(m.id(x), m.id(rootOf(e)))
					}
				}
			case *ssa.Store:
				if k, ok := locOf(x.Addr); ok && m.tracked[x.Val] {
					m.union(m.id(k), m.id(rootOf(x.Val)))
				}
				if dst, src, ok := structCopy(x); ok {
					for _, inner := range m.innerLocs(src) {
						rest, _ := inner.within(src)
						m.union(m.id(inner), m.id(locKey{dst.base, dst.path + rest}))
					}
				}
			case *ssa.UnOp, *ssa.Field:
				v := x.(ssa.Value)
				if k, ok := loadedFrom(v); ok && m.tracked[v] {
					m.union(m.id(k), m.id(v))
				}
			}
		}
	}
}

// keyOfValue returns the id of the root of a tracked value.
func (m *funcModel) keyOfValue(v ssa.Value) (int32, bool) {
	if !m.tracked[v] {
		return 0, false
	}
	id, ok := m.ids[rootOf(v)]
	return id, ok
}

// debugRefs indexes the function's DebugRef instructions by value.
func (m *funcModel) debugRefs() map[ssa.Value][]*ssa.DebugRef {
	if m.debug != nil {
		return m.debug
	}
	m.debug = make(map[ssa.Value][]*ssa.DebugRef)
	for _, b := range m.fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.DebugRef); ok {
				m.debug[d.X] = append(m.debug[d.X], d)
			}
		}
	}
	return m.debug
}

// nameOf returns the source name of the variable holding a ValueTask key,
// or "" when it has none (a call result used at once, say).
func (m *funcModel) nameOf(k any) string {
	switch k := k.(type) {
	case locKey:
		switch b := k.base.(type) {
		case *ssa.Alloc:
			if k.path == "" && b.Comment != "" && b.Comment != "varargs" && b.Comment != "slicelit" && b.Comment != "complit" {
				return b.Comment
			}
		case *ssa.FreeVar:
			if k.path == "" {
				return b.Name()
			}
		case *ssa.Global:
			if k.path == "" {
				return b.Name()
			}
		}
		return ""
	case *ssa.Parameter:
		return k.Name()
	case *ssa.UnOp, *ssa.Field:
		if loc, ok := loadedFrom(k.(ssa.Value)); ok {
			if name := m.nameOf(loc); name != "" {
				return name
			}
		}
	}
	if v, ok := k.(ssa.Value); ok {
		var expr string
		for _, d := range m.debugRefs()[v] {
			if d.IsAddr {
				continue
			}
			if id, ok := d.Expr.(*ast.Ident); ok {
				if _, isVar := d.Object().(*types.Var); isVar {
					return id.Name
				}
			}
			// No variable: the call that made it, if short enough to read.
			if s := types.ExprString(d.Expr); expr == "" && len(s) <= 40 {
				if _, isCall := d.Expr.(*ast.CallExpr); isCall {
					expr = s
				}
			}
		}
		return expr
	}
	return ""
}

// keyOf returns what an id stands for: a root value or a location.
func (m *funcModel) keyOf(id int32) any {
	if len(m.keys) != len(m.class) {
		m.keys = make([]any, len(m.class))
		for k, i := range m.ids {
			m.keys[i] = k
		}
	}
	return m.keys[id]
}

// locOfID returns the location an id stands for, if it is one.
func (m *funcModel) locOfID(id int32) (locKey, bool) {
	k, ok := m.keyOf(id).(locKey)
	return k, ok
}

// aliasesAt returns the keys that hold the same ValueTask as id where it is
// consumed: a value loaded from a location is still in that location, and
// is the value stored there when the function stores it only once.
func (m *funcModel) aliasesAt(id int32) aliasSet {
	s := aliasSet{id}
	// Follow a short chain: xs[0] was stored from v, which was loaded from
	// the captured variable v lives in.
	for range 4 {
		kid, ok := m.keyOfLoadedFrom(id)
		if !ok || s.has(kid) {
			return s
		}
		s = s.with(kid)
		k, _ := m.locOfID(kid)
		stored := m.storedValues(k, 2)
		if len(stored) != 1 {
			return s
		}
		v, ok := m.keyOfValue(stored[0])
		if !ok || s.has(v) {
			return s
		}
		s = s.with(v)
		id = v
	}
	return s
}

// keyOfLoadedFrom returns the location a loaded root was read from.
func (m *funcModel) keyOfLoadedFrom(id int32) (int32, bool) {
	v, ok := m.keyOf(id).(ssa.Value)
	if !ok {
		return 0, false
	}
	k, ok := loadedFrom(v)
	if !ok {
		return 0, false
	}
	kid, ok := m.ids[k]
	return kid, ok
}

// storesTo returns the stores of the function to location k.
func (m *funcModel) storesTo(k locKey) []*ssa.Store {
	if m.stores == nil {
		m.stores = make(map[locKey][]*ssa.Store)
		for _, b := range m.fn.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok {
					if sk, ok := locOf(st.Addr); ok {
						m.stores[sk] = append(m.stores[sk], st)
					}
				}
			}
		}
	}
	return m.stores[k]
}

// definingBlock returns the block whose execution makes a new value for
// key id: the block of the instruction that computes it (a phi's block:
// phis run on entry), or of the Alloc of a local location. Parameters,
// free variables and other locations have none.
func (m *funcModel) definingBlock(id int32) *ssa.BasicBlock {
	switch k := m.keyOf(id).(type) {
	case ssa.Instruction:
		return k.Block()
	case locKey:
		if a, ok := k.base.(*ssa.Alloc); ok {
			return a.Block()
		}
	}
	return nil
}

// within reports whether location k lies inside location outer (a field or
// element of it, at any depth), and returns the path below outer.
func (k locKey) within(outer locKey) (string, bool) {
	if k.base != outer.base || len(k.path) <= len(outer.path) || !strings.HasPrefix(k.path, outer.path) {
		return "", false
	}
	rest := k.path[len(outer.path):]
	return rest, rest[0] == '.' || rest[0] == '['
}

// innerLocs returns the tracked locations inside outer: the fields a
// whole-struct store to outer overwrites.
func (m *funcModel) innerLocs(outer locKey) []locKey {
	var out []locKey
	for _, k := range m.trackedByBase()[outer.base] {
		if _, ok := k.within(outer); ok {
			out = append(out, k)
		}
	}
	return out
}

// trackedByBase indexes the tracked locations by base value. It is built
// once trackedLocs is complete (propagate may still add locations, so it
// is rebuilt when their number changed).
func (m *funcModel) trackedByBase() map[ssa.Value][]locKey {
	if m.byBaseLen != len(m.trackedLocs) || m.byBase == nil {
		m.byBase = make(map[ssa.Value][]locKey)
		for k := range m.trackedLocs {
			m.byBase[k.base] = append(m.byBase[k.base], k)
		}
		m.byBaseLen = len(m.trackedLocs)
	}
	return m.byBase
}

// structCopy returns, for a store of a whole struct loaded from another
// location (h := holder{v: v} is built in a temporary and copied into h),
// the location copied from.
func structCopy(st *ssa.Store) (dst, src locKey, ok bool) {
	if isValueTask(st.Val.Type()) {
		return locKey{}, locKey{}, false
	}
	dst, ok = locOf(st.Addr)
	if !ok {
		return locKey{}, locKey{}, false
	}
	src, ok = loadedFrom(st.Val)
	return dst, src, ok
}

// storedValues returns the values stored to location k, directly or by a
// whole-struct copy into a location that contains it.
func (m *funcModel) storedValues(k locKey, depth int) []ssa.Value {
	var out []ssa.Value
	for _, st := range m.storesTo(k) {
		out = append(out, st.Val)
	}
	if depth == 0 {
		return out
	}
	for _, outer := range m.storedLocsByBase()[k.base] {
		rest, ok := k.within(outer)
		if !ok {
			continue
		}
		for _, st := range m.storesTo(outer) {
			if _, src, ok := structCopy(st); ok {
				out = append(out, m.storedValues(locKey{src.base, src.path + rest}, depth-1)...)
			}
		}
	}
	return out
}

// storedLocsByBase indexes the locations the function stores to by base.
func (m *funcModel) storedLocsByBase() map[ssa.Value][]locKey {
	if m.storedByBase == nil {
		m.storesTo(locKey{})
		m.storedByBase = make(map[ssa.Value][]locKey)
		for k := range m.stores {
			m.storedByBase[k.base] = append(m.storedByBase[k.base], k)
		}
	}
	return m.storedByBase
}
