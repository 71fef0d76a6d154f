package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// eventKind is what an instruction does to a ValueTask.
type eventKind uint8

const (
	evConsume eventKind = iota // consumed or handed off, here and now
	evDefer                    // consumed when the function returns (defer)
	evGo                       // consumed by a goroutine started here
	evQuery                    // IsCompleted and the like
	evWhenAll                  // reaches WhenAll/WhenAny as an Awaitable
)

func (k eventKind) consumes() bool { return k == evConsume || k == evDefer || k == evGo }

func (k eventKind) effect() effect {
	switch k {
	case evConsume, evDefer:
		return effConsume
	case evGo:
		return effGo
	case evQuery:
		return effQuery
	case evWhenAll:
		return effWhenAll
	}
	return 0
}

// event is one use of a ValueTask (a root value or a location, by id).
type event struct {
	kind  eventKind
	instr ssa.Instruction
	key   int32
	pos   token.Pos // where a report about this use goes
	stmt  token.Pos // the statement or call that starts a goroutine or defers
	what  string    // how it is used, for messages: "Await", "passed to Drain"
	expr  ast.Expr  // evWhenAll: the argument the user wrote, for the fix
	// preserved marks a value made by Preserve, which may be consumed freely.
	preserved bool
}

// callMode is how a call instruction runs its callee.
type callMode uint8

const (
	modeCall callMode = iota
	modeGo
	modeDefer
)

func modeOf(ci ssa.CallInstruction) callMode {
	switch ci.(type) {
	case *ssa.Go:
		return modeGo
	case *ssa.Defer:
		return modeDefer
	}
	return modeCall
}

func (mode callMode) kind() eventKind {
	switch mode {
	case modeGo:
		return evGo
	case modeDefer:
		return evDefer
	}
	return evConsume
}

// collector gathers the events of one function, given callee summaries.
type collector struct {
	m      *funcModel
	sums   *summaries
	events []*event
}

func collectEvents(m *funcModel, sums *summaries) []*event {
	c := &collector{m: m, sums: sums}
	for _, b := range m.fn.Blocks {
		for _, instr := range b.Instrs {
			c.instr(instr)
		}
	}
	return c.events
}

func (c *collector) add(kind eventKind, instr ssa.Instruction, key int32, pos token.Pos, what string) *event {
	if pos == token.NoPos {
		pos = instr.Pos()
	}
	if pos == token.NoPos {
		pos = c.m.fn.Pos()
	}
	e := &event{kind: kind, instr: instr, key: key, pos: pos, what: what}
	if kind == evGo || kind == evDefer {
		e.stmt = instr.Pos() // the go or defer statement, or the call that starts it
	}
	c.events = append(c.events, e)
	return e
}

func (c *collector) instr(instr ssa.Instruction) {
	switch x := instr.(type) {
	case ssa.CallInstruction:
		c.call(x)
	case *ssa.Send:
		c.handOff(x, x.X, "sent on a channel")
	case *ssa.Return:
		for _, r := range x.Results {
			c.handOff(x, r, "returned")
		}
	case *ssa.Store:
		c.store(x)
	case *ssa.MapUpdate:
		c.handOff(x, x.Key, "stored in a map")
		c.handOff(x, x.Value, "stored in a map")
	case *ssa.Panic:
		c.handOff(x, x.X, "passed to panic")
	case *ssa.MakeClosure:
		c.closureEscapes(x)
	}
}

// handOff records v leaving the function's sight: a consumption.
func (c *collector) handOff(instr ssa.Instruction, v ssa.Value, what string) {
	if key, ok := c.m.keyOfValue(v); ok {
		c.add(evConsume, instr, key, token.NoPos, what)
	}
}

// store records a store: moving a ValueTask into a location this function
// reads back (its own variables, or a field it loads again) is no hand-off;
// storing it anywhere else is.
func (c *collector) store(st *ssa.Store) {
	if !c.m.tracked[st.Val] {
		return
	}
	if k, ok := locOf(st.Addr); ok {
		if _, fv := k.freeVar(); fv || k.local() || c.m.loadedLocs[k] {
			return
		}
	}
	if inLocalContainer(st.Addr) {
		return // an element of this function's own slice: followed where the slice goes
	}
	pos := st.Pos()
	if pos == token.NoPos {
		pos = st.Val.Pos()
	}
	if key, ok := c.m.keyOfValue(st.Val); ok {
		c.add(evConsume, st, key, pos, "stored outside the function")
	}
}

func (c *collector) call(ci ssa.CallInstruction) {
	common := ci.Common()
	mode := modeOf(ci)
	if common.IsInvoke() {
		if key, ok := c.m.keyOfValue(common.Value); ok {
			c.method(ci, mode, key, common.Method.Name())
		}
		c.handOffArgs(ci, mode, common.Args, "passed to "+common.Method.Name())
		return
	}
	callee := common.StaticCallee()
	if name, ok := valueTaskMethodOf(callee); ok {
		if key, ok := c.m.keyOfValue(common.Args[0]); ok {
			c.method(ci, mode, key, name)
		}
		return
	}
	if isCombinator(callee) {
		c.combinator(ci, mode, runtimeFunc(callee), common.Args)
		return
	}
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return // append, len, print...: no consumption
	}
	if startsGoroutine(callee) {
		for _, a := range common.Args {
			if mc, ok := a.(*ssa.MakeClosure); ok {
				c.closureCall(ci, modeGo, mc)
			}
		}
		return
	}
	if callee == nil {
		c.handOffArgs(ci, mode, common.Args, "passed to a function value")
		return
	}
	sum := c.sums.of(callee)
	what := "passed to " + calleeName(callee)
	for i, arg := range common.Args {
		var inner token.Pos
		if sum != nil && i < len(sum.params) {
			inner = sum.params[i].pos
		}
		c.argument(ci, mode, callee, sum.param(i), arg, inner, what)
	}
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		c.closureCall(ci, mode, mc)
	}
}

// closureCall records what running a closure (called, deferred, or started
// as a goroutine) does to the variables it captured.
func (c *collector) closureCall(ci ssa.CallInstruction, mode callMode, mc *ssa.MakeClosure) {
	fn := mc.Fn.(*ssa.Function)
	sum := c.sums.of(fn)
	if sum == nil {
		return
	}
	for j, b := range mc.Bindings {
		key, ok := c.bindingKey(b)
		if !ok || j >= len(sum.freeVars) {
			continue
		}
		c.apply(ci, mode, fn, sum.freeVars[j].eff, key, sum.freeVars[j].pos, "captured by "+calleeName(fn), nil)
	}
}

// bindingKey returns the key of a closure binding: a captured variable
// (its location) or a bound receiver (its value).
func (c *collector) bindingKey(b ssa.Value) (int32, bool) {
	if k, ok := locOf(b); ok && c.m.trackedLocs[k] {
		id, ok := c.m.ids[k]
		return id, ok
	}
	return c.m.keyOfValue(b)
}

// apply records what a call does to one ValueTask input, given the callee's
// effect on it.
func (c *collector) apply(ci ssa.CallInstruction, mode callMode, callee *ssa.Function, eff effect, key int32, inner token.Pos, what string, arg ssa.Value) {
	if eff&effConsume != 0 {
		pos := token.NoPos
		if mode == modeGo && callee != nil && callee.Parent() != nil && inner.IsValid() {
			pos = inner // a goroutine on a function literal: the use inside it
		}
		c.add(mode.kind(), ci, key, pos, what)
	}
	if eff&effGo != 0 {
		c.add(evGo, ci, key, token.NoPos, what)
	}
	if eff&effQuery != 0 {
		c.add(evQuery, ci, key, token.NoPos, what)
	}
	if eff&effWhenAll != 0 && arg != nil && !isValueTask(arg.Type()) && callee != nil {
		c.awaitables(ci, c.inputs(arg), calleeName(callee))
	}
}

// method records a call of a ValueTask method (directly or through an
// interface it was converted to).
func (c *collector) method(ci ssa.CallInstruction, mode callMode, key int32, name string) {
	switch valueTaskMethod(name) {
	case queryMethod:
		c.add(evQuery, ci, key, token.NoPos, name)
	case consumingMethod:
		c.add(mode.kind(), ci, key, token.NoPos, name)
	default:
		c.add(mode.kind(), ci, key, token.NoPos, "call of "+name)
	}
}

func (c *collector) handOffArgs(ci ssa.CallInstruction, mode callMode, args []ssa.Value, what string) {
	for _, a := range args {
		c.argument(ci, mode, nil, effConsume, a, token.NoPos, what)
	}
}

// argument records what a call does to one argument: a ValueTask itself,
// or a slice built from ValueTasks (a variadic argument list).
func (c *collector) argument(ci ssa.CallInstruction, mode callMode, callee *ssa.Function, eff effect, arg ssa.Value, inner token.Pos, what string) {
	if key, ok := c.m.keyOfValue(arg); ok {
		c.apply(ci, mode, callee, eff, key, inner, what, arg)
		return
	}
	if _, ok := arg.Type().Underlying().(*types.Slice); !ok || eff&(effWhenAll|effConsume|effGo) == 0 {
		return
	}
	elements := c.elementsOf(arg)
	if eff&effWhenAll != 0 {
		c.awaitables(ci, elements, calleeName(callee))
	}
	if eff&(effConsume|effGo) == 0 {
		return
	}
	for _, el := range elements {
		if key, ok := c.m.keyOfValue(el.val); ok {
			c.apply(ci, mode, callee, eff&^effWhenAll, key, inner, what, nil)
		}
	}
}

// closureEscapes records the consumptions of a function literal's captured
// ValueTasks where the literal escapes (is passed, stored, returned...)
// rather than called: from then on anyone may call it.
func (c *collector) closureEscapes(mc *ssa.MakeClosure) {
	sum := c.sums.of(mc.Fn.(*ssa.Function))
	if sum == nil {
		return
	}
	for _, r := range *mc.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
			continue
		case ssa.CallInstruction:
			if r.Common().Value == mc || startsGoroutine(r.Common().StaticCallee()) {
				continue // called, or started as a goroutine: handled at the call
			}
		}
		for j, b := range mc.Bindings {
			if j >= len(sum.freeVars) || sum.freeVars[j].eff&(effConsume|effGo) == 0 {
				continue
			}
			if key, ok := c.bindingKey(b); ok {
				pos := r.Pos()
				if !pos.IsValid() {
					pos = mc.Fn.Pos() // the literal, e.g. stored into append's arguments
				}
				c.add(evConsume, r, key, pos, "captured by a function literal that escapes")
			}
		}
	}
}

func calleeName(fn *ssa.Function) string {
	if o := fn.Origin(); o != nil {
		fn = o // a generic function's name, without type arguments
	}
	switch {
	case fn.Parent() != nil:
		return "a function literal"
	case strings.HasSuffix(fn.Name(), "$bound"):
		return "the method value " + strings.TrimSuffix(fn.Name(), "$bound")
	}
	return fn.Name()
}

// inLocalContainer reports whether addr is an element of an array or slice
// this function made itself (a literal or make), at any index.
func inLocalContainer(addr ssa.Value) bool {
	for {
		switch a := addr.(type) {
		case *ssa.IndexAddr:
			addr = a.X
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.Slice:
			addr = a.X
		case *ssa.Alloc, *ssa.MakeSlice:
			return true
		default:
			return false
		}
	}
}
