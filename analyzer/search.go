package analyzer

import (
	"encoding/binary"
	"go/token"
	"maps"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// The instance search follows one ValueTask (an instance) forward from
// where it appears, along every path of the control-flow graph. Its state
// on a path is the set of places that certainly hold that ValueTask
// there, and which consumption of it ran first. Each instruction's flows
// (flow.go) update the state; a consumption of a place in the set is a
// consumption of the instance, and a second one on the same path is a
// finding. Because the set only ever holds places that must hold the
// instance, "may be the same" never reports.
//
// The same search, in summary mode, follows a function's inputs from its
// entry and records what the function does to them (summary.go).

// eventID names one consumption (or query) site, interned per function.
type eventID int32

const noEvent eventID = -1

// timing is when a consumption runs, relative to the path.
type timing uint8

const (
	atOnce      timing = iota // here and now
	inGoroutine               // in a goroutine started here
	atExit                    // when the function returns (defer)
)

// event is one use of a ValueTask.
type event struct {
	instr  ssa.Instruction
	place  placeID // the place it consumed
	timing timing
	query  bool
	use    consumption // how it is used, for messages
	pos    token.Pos   // where a finding about it is reported
	stmt   token.Pos   // the go or defer statement, or the call that starts the goroutine
	// loopBody marks a consumption in a range-over-func body that may run
	// again with the same ValueTask: it pairs with itself.
	loopBody bool
	// elsewhere marks a use a literal makes inside, reported where the
	// literal runs: a fix where the ValueTask is made is not for it.
	elsewhere bool
	// callPos, when valid, is the call that messages name instead of
	// instr's: a literal's call of another literal, inside it.
	callPos token.Pos
}

type eventKey struct {
	instr  ssa.Instruction
	place  placeID
	effect int
}

// state is what one path knows of the instance.
type state struct {
	held []placeID // places that certainly hold it (sorted)
	// visiting holds places that hold it only on the iteration of the
	// range loop visitLoop that visits its element (sorted).
	visiting  []placeID
	visitLoop ssa.Value
	visitSrc  placeID // the elements visitLoop visits (a pattern place)
	first     eventID // the consumption that ran first, or noEvent
	// firstLoop is the range loop whose visit consumed it first, while
	// that traversal lasts, and firstSrc what it visited. In nested range
	// loops (g.*[range i].*[range j]) an element is the indexes of all of
	// them: moved are the loops of firstSrc that have moved on since (none:
	// still the same iteration); once an outer one has, an inner one that
	// starts over visits other elements (another row).
	firstLoop ssa.Value
	firstSrc  placeID
	moved     []ssa.Value
	// conv is where the ValueTask last became an Awaitable (missing-astask).
	conv *ssa.MakeInterface
	// exitOnly is a first consumption by a range-over-func body that
	// consumes only on paths leaving the loop (effExitOnly), and exitJump
	// the loop's jump variable: when the code after the loop finds the
	// loop ended normally (jump == READY), that consumption did not
	// happen.
	exitOnly eventID
	exitJump *ssa.Alloc
	// defers are the deferred calls on this path, in order.
	defers []*callSite
	// from is the block the path entered the current one from (it decides
	// a loop's first test: see branchTaken).
	from *ssa.BasicBlock
}

func (st *state) clone() *state {
	c := *st
	c.held = slices.Clone(st.held)
	c.visiting = slices.Clone(st.visiting)
	c.defers = slices.Clip(st.defers)
	c.moved = slices.Clip(st.moved)
	return &c
}

func (st *state) empty() bool { return len(st.held) == 0 && len(st.visiting) == 0 }

func (st *state) holds(p placeID) bool {
	_, ok := slices.BinarySearch(st.held, p)
	return ok
}

func (st *state) isVisiting(p placeID) bool {
	_, ok := slices.BinarySearch(st.visiting, p)
	return ok
}

func insertSorted(s []placeID, p placeID) []placeID {
	if i, ok := slices.BinarySearch(s, p); !ok {
		s = slices.Insert(s, i, p)
	}
	return s
}

func (st *state) add(p placeID, visiting bool) {
	if visiting {
		if !st.holds(p) {
			st.visiting = insertSorted(st.visiting, p)
		}
		return
	}
	st.held = insertSorted(st.held, p)
	if i, ok := slices.BinarySearch(st.visiting, p); ok {
		st.visiting = slices.Delete(st.visiting, i, i+1)
	}
}

// removeIf drops every place for which drop is true.
func (st *state) removeIf(drop func(placeID) bool) {
	st.held = slices.DeleteFunc(st.held, drop)
	st.visiting = slices.DeleteFunc(st.visiting, drop)
	if len(st.visiting) == 0 {
		st.visitLoop = nil
	}
}

// rewrite drops the places for which f says so, holding in the stead of
// each the place f returns with it (noPlace: none), as surely or only on
// the visit as the one it replaces.
func (st *state) rewrite(f func(placeID) (drop bool, moved placeID)) {
	var moved, movedVisiting []placeID
	st.removeIf(func(p placeID) bool {
		drop, q := f(p)
		if drop && q != noPlace {
			if st.isVisiting(p) {
				movedVisiting = append(movedVisiting, q)
			} else {
				moved = append(moved, q)
			}
		}
		return drop
	})
	for _, q := range moved {
		st.add(q, false)
	}
	for _, q := range movedVisiting {
		st.add(q, true)
	}
}

func (st *state) key(b *ssa.BasicBlock) string {
	buf := make([]byte, 0, 16+4*(len(st.held)+len(st.visiting)))
	buf = binary.AppendUvarint(buf, uint64(b.Index))
	buf = binary.AppendUvarint(buf, uint64(len(st.held)))
	for _, p := range st.held {
		buf = binary.AppendUvarint(buf, uint64(p))
	}
	buf = binary.AppendUvarint(buf, uint64(len(st.visiting)))
	for _, p := range st.visiting {
		buf = binary.AppendUvarint(buf, uint64(p))
	}
	buf = binary.AppendVarint(buf, int64(st.first))
	str := string(buf)
	if st.firstLoop != nil {
		str += "L" + st.firstLoop.Name() + itoa(int(st.firstSrc))
		for _, l := range st.moved {
			str += "M" + l.Name()
		}
	}
	if st.visitLoop != nil {
		str += "V" + st.visitLoop.Name()
	}
	if st.conv != nil {
		str += "C" + st.conv.Name()
	}
	if st.exitJump != nil {
		str += "J" + st.exitJump.Name() + itoa(int(st.exitOnly))
	}
	for _, d := range st.defers {
		str += "D" + itoa(int(d.instr.Pos()))
	}
	return str
}

// memoKey is the state's key at the entry of b: where the path came from
// is part of it when it decides b's branch.
func (s *searcher) memoKey(st *state, b *ssa.BasicBlock) string {
	k := st.key(b)
	if st.from != nil && s.m.branchReadsPhi(b) {
		k += "F" + itoa(st.from.Index)
	}
	return k
}

func itoa(n int) string { return string(binary.AppendVarint(nil, int64(n))) }

// origin is where an instance appears: after instr (or before it, for a
// load whose own flows bring the ValueTask in), or at the function's
// entry when instr is nil.
type origin struct {
	instr  ssa.Instruction
	before bool
	held   []placeID
	pos    token.Pos // where the ValueTask was made, for loop findings
	// consumedBy, when set, is a consumption the instance has had before
	// the search starts: a callee left it in memory after consuming it.
	consumedBy *innerUse
}

// hit is one consumption or query of the instance on a path.
type hitSink interface {
	// consumed is called for each consumption of the instance after the
	// first; first is what ran first on that path.
	consumed(first, second eventID, st *state)
	// used is called for every use (also the first), for summaries.
	used(e eventID, st *state)
	// missingAsTask is called when the instance reaches WhenAll or WhenAny.
	missingAsTask(e eventID, st *state)
	// returned is called at each return with the results holding it.
	returned(ret ssa.Instruction, results []returnedAt, st *state)
	// lostPath is called when a path loses the instance before it ends.
	lostPath(st *state)
}

// searcher runs instance searches over one function.
type searcher struct {
	m       *funcModel
	sums    *summaries
	summary bool // summary mode: returns are results, not hand-offs
	sink    hitSink
	memo    map[string]int32 // the states explored, by key, as nodes of joins
	// joins, when set, records how the paths of the searches meet (see
	// stateGraph); cur is the node of the state being walked.
	joins  *stateGraph
	cur    int32
	events []event
	evIDs  map[eventKey]eventID
	// budget bounds the states one search may visit; a search that runs
	// out stops, which can only miss findings, never make one up.
	budget int
	// pinned are places never dropped as dead: a summary's inputs, whose
	// content at the returns is the point.
	pinned map[placeID]bool
	// calling holds the literals whose calls by a callee are being
	// applied, so that literals passed around in a cycle end.
	calling map[*ssa.MakeClosure]bool
}

func newSearcher(m *funcModel, sums *summaries, summary bool, sink hitSink, ev *eventTable) *searcher {
	return &searcher{m: m, sums: sums, summary: summary, sink: sink, memo: make(map[string]int32), events: ev.events, evIDs: ev.ids}
}

// eventTable interns the events of one function, shared by its searches.
type eventTable struct {
	events []event
	ids    map[eventKey]eventID
}

func newEventTable() *eventTable { return &eventTable{ids: make(map[eventKey]eventID)} }

func (s *searcher) event(k eventKey, mk func() event) eventID {
	if id, ok := s.evIDs[k]; ok {
		return id
	}
	id := eventID(len(s.events))
	e := mk()
	e.place = k.place
	s.events = append(s.events, e)
	s.evIDs[k] = id
	return id
}

func (s *searcher) ev(id eventID) *event { return &s.events[id] }

// statesPerBlock is the budget of one search, per block of the function.
const statesPerBlock = 64

// trace, when set (by tests), is told every origin and every flow a
// search applies.
var trace func(format string, args ...any)

func (s *searcher) placeNames(ps []placeID) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = s.m.places.String(p)
	}
	return out
}

// run searches forward from one origin.
func (s *searcher) run(o origin) {
	if trace != nil {
		trace("origin in %s at %v: %v (summary %v)", s.m.fn, o.instr, s.placeNames(o.held), s.summary)
	}
	st := &state{first: noEvent, exitOnly: noEvent, defers: s.m.pendingDefers(o.instr)}
	for _, p := range o.held {
		st.add(p, false)
	}
	if o.consumedBy != nil {
		site := s.m.site(o.instr.(ssa.CallInstruction))
		st.first = s.event(eventKey{o.instr, o.held[0], -2}, func() event {
			return event{instr: o.instr, use: consumption{how: useCall, name: site.name, inner: *o.consumedBy}, pos: o.instr.Pos()}
		})
	}
	s.budget = statesPerBlock * (len(s.m.fn.Blocks) + 1)
	type item struct {
		b    *ssa.BasicBlock
		st   *state
		node int32
	}
	var work []item
	enqueue := func(from *ssa.BasicBlock, st *state) {
		taken := s.m.branchTaken(from, st.from)
		for i, succ := range from.Succs {
			if taken >= 0 && i != taken || !s.m.reachable[succ.Index] {
				continue // a branch no path takes from here
			}
			ns := s.enter(from, succ, st.clone())
			if s.lost(ns) {
				continue
			}
			k := s.memoKey(ns, succ)
			node, seen := s.memo[k]
			if !seen {
				node = s.joins.add()
				s.memo[k] = node
			}
			s.joins.link(s.cur, node)
			if seen {
				continue
			}
			work = append(work, item{succ, ns, node})
		}
	}
	var b *ssa.BasicBlock
	start := 0
	if o.instr == nil {
		b = s.m.fn.Blocks[0]
	} else {
		b = o.instr.Block()
		start = s.m.index[o.instr]
		if o.before {
			// A load's origin is what its memory holds as the load
			// computes its value: after it defines that value (a map's
			// Next names the entry it reads after itself).
			if !s.walkFlows(o.instr, s.m.flowsOf(o.instr), st, true) {
				return
			}
		}
		start++
	}
	s.cur = s.joins.root()
	if s.walk(b, start, st) {
		enqueue(b, st)
	}
	for len(work) > 0 && s.budget > 0 {
		s.budget--
		it := work[len(work)-1]
		work = work[:len(work)-1]
		s.cur = it.node
		if s.walk(it.b, 0, it.st) {
			enqueue(it.b, it.st)
		}
	}
}

// walk runs the instructions of b from index i on; it reports whether the
// path goes on to b's successors.
func (s *searcher) walk(b *ssa.BasicBlock, i int, st *state) bool {
	flows := s.m.blockFlows(b)
	for j := i; j < len(b.Instrs); j++ {
		if !s.walkFlows(b.Instrs[j], flows[j], st, false) {
			return false
		}
	}
	return true
}

// walkFlows applies the flows of one instruction (but its opDefine, when
// skipDefine); it reports whether the path goes on.
func (s *searcher) walkFlows(instr ssa.Instruction, flows []flow, st *state, skipDefine bool) bool {
	for k := range flows {
		if skipDefine && flows[k].op == opDefine {
			continue
		}
		if !s.step(instr, &flows[k], st) {
			return false
		}
	}
	return !s.lost(st)
}

// lost reports whether a path has nothing left to follow. A summary
// follows a path on to its returns even so: what the function leaves in
// its input memory there is part of its summary.
func (s *searcher) lost(st *state) bool {
	if !st.empty() || len(st.defers) > 0 {
		return false
	}
	s.sink.lostPath(st)
	return !s.summary
}

// enter moves the state along the edge from pred to succ: phis take the
// value of that edge, select's send cases send, and places dead at succ
// leave the set.
func (s *searcher) enter(pred, succ *ssa.BasicBlock, st *state) *state {
	m := s.m
	st.from = pred
	if st.exitJump != nil {
		s.resumeAfterLoop(pred, succ, st)
	}
	if send := m.selectSendOn(pred, succ); send != nil {
		s.handOffValue(send.instr, send.val, useSend, noPlace, st)
	}
	predIdx := slices.Index(succ.Preds, pred)
	var adds []placeID
	var addsVisiting []placeID
	var phis []ssa.Value
	for _, instr := range succ.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		phis = append(phis, phi)
		edge := phi.Edges[predIdx]
		if _, init := edge.(*ssa.Const); init && phi.Comment == "rangeindex" {
			// The range loop starts over: a new traversal, of the same
			// elements unless a loop it is nested in moved on.
			if st.firstLoop == phi || st.firstLoop != nil && m.outerLoopOf(st.firstSrc, st.firstLoop, phi) {
				s.restartVisit(phi, st)
			}
			m.restartLoop(phi, st)
		}
		if !m.holds(phi) {
			continue
		}
		src, dst := m.reg(edge), m.reg(phi)
		for _, q := range st.held {
			if rest, ok := m.places.suffix(src, q); ok {
				adds = append(adds, m.places.extend(dst, rest))
			}
		}
		for _, q := range st.visiting {
			if rest, ok := m.places.suffix(src, q); ok {
				addsVisiting = append(addsVisiting, m.places.extend(dst, rest))
			}
		}
	}
	for _, phi := range phis {
		s.forget(phi, st)
	}
	for _, p := range adds {
		st.add(p, false)
	}
	for _, p := range addsVisiting {
		st.add(p, true)
	}
	st.removeIf(func(p placeID) bool { return !s.pinned[p] && !m.liveness.liveAt(p, succ) })
	return st
}

// resumeAfterLoop takes the edge from pred to succ after a range-over-func
// loop whose body consumed the instance only on paths leaving the loop.
// go/ssa resumes such a loop with a chain of tests of its jump variable
// (BUSY, READY, then each exit): the consumption happened only on the
// edges where an exit's test holds. Where the loop ended normally
// (READY), or no test held (no run gets there), it did not.
func (s *searcher) resumeAfterLoop(pred, succ *ssa.BasicBlock, st *state) {
	c, ok := jumpTest(pred, st.exitJump)
	if !ok {
		st.exitOnly, st.exitJump = noEvent, nil // past the tests
		return
	}
	if succ == pred.Succs[1] {
		if _, more := jumpTest(succ, st.exitJump); more {
			return // the next test decides
		}
		// No test follows. After a failed exit test that is the end of
		// the chain, which no run reaches; go/ssa folds an exit whose
		// case goes where the chain ends into a comparison without a
		// branch, which may hold.
		if c <= 0 || comparesJump(succ, st.exitJump) {
			st.exitOnly, st.exitJump = noEvent, nil
			return
		}
		c = 0
	}
	if c == 0 && st.first == st.exitOnly {
		st.first, st.firstLoop, st.moved = noEvent, nil, nil
	}
	st.exitOnly, st.exitJump = noEvent, nil
}

// comparesJump reports whether b compares a load of jump with something.
func comparesJump(b *ssa.BasicBlock, jump *ssa.Alloc) bool {
	for _, instr := range b.Instrs {
		if v, ok := instr.(ssa.Value); ok && jumpComparison(v, jump) != nil {
			return true
		}
	}
	return false
}

// jumpTest reports whether b ends with a test of a range-over-func loop's
// jump variable against a constant (`if *jump == c`), and returns c.
func jumpTest(b *ssa.BasicBlock, jump *ssa.Alloc) (int64, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return 0, false
	}
	br, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return 0, false
	}
	cmp := jumpComparison(br.Cond, jump)
	if cmp == nil {
		return 0, false
	}
	c := constOffset(cmp.Y)
	return c.n, c.known
}

// jumpComparison returns v as `*jump == y`, or nil when it is not that.
func jumpComparison(v ssa.Value, jump *ssa.Alloc) *ssa.BinOp {
	cmp, ok := v.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL {
		return nil
	}
	if load, ok := cmp.X.(*ssa.UnOp); !ok || load.Op != token.MUL || load.X != ssa.Value(jump) {
		return nil
	}
	return cmp
}

// forget drops the places named after v: v is computed again.
func (s *searcher) forget(v ssa.Value, st *state) {
	pt := s.m.places
	st.rewrite(func(p placeID) (bool, placeID) {
		pi := pt.get(p)
		if !mentionsValue(pi, v) {
			return false, noPlace
		}
		// Memory that v only indexes still holds the ValueTask, at an
		// element no longer known.
		if pi.root != v {
			return true, s.m.unindexed(p, v)
		}
		return true, noPlace
	})
	if st.firstLoop != nil {
		if loop := rangeLoopOf(v); loop != nil && (loop == st.firstLoop || s.m.outerLoopOf(st.firstSrc, st.firstLoop, loop)) {
			// A loop moved on to the next element.
			if !slices.Contains(st.moved, loop) {
				st.moved = append(slices.Clip(st.moved), loop)
			}
		}
		if _, isRange := v.(*ssa.Range); isRange && v == st.firstLoop {
			st.firstLoop = nil // a map range starts over
		}
	}
	if _, isRange := v.(*ssa.Range); isRange {
		s.m.restartLoop(v, st)
	}
}

// mentionsValue reports whether a place's name depends on the value v (as
// its root or an index), not merely on the loop v is (visited elements).
func mentionsValue(pi *placeInfo, v ssa.Value) bool {
	if pi.root == v {
		return true
	}
	for _, s := range pi.sels {
		if s.kind == selIndex && (s.ik == idxValue || s.ik == idxRange) && s.val == v {
			return true
		}
	}
	return false
}

// step applies one flow; it reports whether the path goes on.
func (s *searcher) step(instr ssa.Instruction, f *flow, st *state) bool {
	if trace != nil {
		trace("  %v: op %d dst %s src %s held %v visiting %v first %d", instr, f.op, s.m.places.String(f.dst), s.m.places.String(f.src), s.placeNames(st.held), s.placeNames(st.visiting), st.first)
	}
	switch f.op {
	case opDefine:
		s.forget(f.val, st)
	case opCopy:
		if s.copyInto(f.dst, f.src, st) {
			if mi, ok := instr.(*ssa.MakeInterface); ok && isValueTask(mi.X.Type()) {
				st.conv = mi
			}
		}
	case opStore:
		if f.keep != noPlace {
			st.removeIf(func(q placeID) bool { return s.overwrites(f.dst, q) && !s.m.places.within(q, f.keep) })
		} else {
			s.kill(f.dst, st)
		}
		if f.src != noPlace && s.copyInto(f.dst, f.src, st) && f.external && !s.m.readAfter(instr, f.dst) {
			s.use(instr, f.dst, 0, func() event { return s.storeEvent(instr, f) }, st)
		}
	case opCopyElems:
		if q := s.copyElems(f, st); q != noPlace && f.external && !s.m.readAfter(instr, f.dst) {
			s.use(instr, s.namedPlace(q, st), 0, func() event { return s.storeEvent(instr, f) }, st)
		}
	case opKill:
		s.kill(f.dst, st)
	case opHandOff:
		s.handOff(instr, f, st)
	case opCall:
		s.call(f.site, st)
	case opReturn:
		return s.ret(instr, f.vals, st)
	case opPanic:
		s.runDefers(st)
		return false
	}
	return true
}

// copyInto makes dst hold what src holds; it reports whether the instance
// is now in dst.
func (s *searcher) copyInto(dst, src placeID, st *state) bool {
	pt := s.m.places
	if src == noPlace {
		return false
	}
	var adds, addsVisiting []placeID
	for _, q := range st.held {
		switch rel, rest := s.m.matchPrefix(src, q); rel {
		case indexSame:
			adds = append(adds, pt.extend(dst, rest))
		case indexVisits:
			if loop := s.m.rangeLoopIn(src); loop != nil && (st.visitLoop == nil || st.visitLoop == loop) {
				st.visitLoop, st.visitSrc = loop, src
				addsVisiting = append(addsVisiting, pt.extend(dst, rest))
			}
		}
	}
	for _, q := range st.visiting {
		if rel, rest := s.m.matchPrefix(src, q); rel == indexSame {
			addsVisiting = append(addsVisiting, pt.extend(dst, rest))
		}
	}
	for _, p := range adds {
		st.add(p, false)
	}
	for _, p := range addsVisiting {
		st.add(p, true)
	}
	return len(adds)+len(addsVisiting) > 0
}

// copyElems copies the elements of one array into another (copy, append,
// clone), each to the index it lands on, and returns a place it copied
// the instance from (noPlace for none).
func (s *searcher) copyElems(f *flow, st *state) placeID {
	pt := s.m.places
	added := noPlace
	move := func(q placeID, visiting bool) {
		rest, ok := pt.suffix(f.src, q)
		if !ok || len(rest) == 0 || rest[0].kind != selIndex {
			return
		}
		sel := shiftIndex(rest[0], f.srcOff, f.dstOff)
		st.add(pt.extend(pt.child(f.dst, sel), rest[1:]), visiting)
		if added == noPlace {
			added = q
		}
	}
	for _, q := range slices.Clone(st.held) {
		move(q, false)
	}
	for _, q := range slices.Clone(st.visiting) {
		move(q, true)
	}
	return added
}

// shiftIndex moves an element selector from an array where a slice starts
// at from to one where it starts at to.
func shiftIndex(sel selector, from, to offset) selector {
	if from.known && to.known && from.n == to.n {
		return sel // also a map's keys, which are no numbers
	}
	switch sel.ik {
	case idxConst:
		if from.known && to.known {
			if n, ok := parseIndex(sel.key); ok {
				return constIndex(itoaIndex(n - from.n + to.n))
			}
		}
		return unknownSel
	case idxValue, idxRange, idxInput:
		if from.known && to.known && from.n == to.n {
			return sel
		}
		return unknownSel
	}
	return sel
}

// namedPlace returns the place to name in messages for an instance that
// was copied from q: a register of its, when q is in an array the
// compiler made (append(xs, v) copies v from one, and a literal
// []VT{get()} has no name of its own).
func (s *searcher) namedPlace(q placeID, st *state) placeID {
	if a, ok := s.m.places.get(q).root.(*ssa.Alloc); !ok || a.Comment != "varargs" && a.Comment != "slicelit" {
		return q
	}
	for _, p := range st.held {
		if pi := s.m.places.get(p); !pi.mem && len(pi.sels) == 0 && s.m.nameOf(pi.root) != "" {
			return p
		}
	}
	return q
}

// kill drops every place the memory dst may share storage with.
func (s *searcher) kill(dst placeID, st *state) {
	st.removeIf(func(q placeID) bool { return s.overwrites(dst, q) })
}

// overwrites reports whether writing dst may change what place q holds.
// A summary takes its inputs to be apart from package variables: a
// callee that writes one says so (clobbersGlobals), and its callers drop
// what they hold in globals, so a caller whose pointer does name the
// variable still forgets it, while every other caller keeps what it
// passed (parked = *p leaves *p as it was).
func (s *searcher) overwrites(dst, q placeID) bool {
	if !s.m.mayOverlap(dst, q) {
		return false
	}
	if s.summary {
		d, e := s.m.places.get(dst), s.m.places.get(q)
		_, dg := d.root.(*ssa.Global)
		_, eg := e.root.(*ssa.Global)
		if dg != eg {
			return false
		}
	}
	return true
}

// handOff consumes the instance wherever it is reachable from v, and
// forgets the memory the receiver may now change.
func (s *searcher) handOff(instr ssa.Instruction, f *flow, st *state) {
	s.handOffValue(instr, f.val, f.how, f.dst, st)
}

// handOffValue hands v off at instr (into memory dst, when it is stored).
func (s *searcher) handOffValue(instr ssa.Instruction, v ssa.Value, how useKind, dst placeID, st *state) {
	if mc, ok := v.(*ssa.MakeClosure); ok {
		s.escapeClosure(instr, mc, st)
		return
	}
	reach := s.m.reach(v)
	s.useReached(instr, v, reach, func(placeID) bool { return true }, func() event {
		e := s.handOffEvent(instr, v, how)
		if dst != noPlace {
			e.use.target = s.m.describePlace(dst)
		}
		return e
	}, st)
	s.forgetReachable(reach, st)
}

// useReached records one use, at instr, of the instance when it is held
// somewhere under the prefixes v reaches (and counts for consumes): one
// hand-off is one consumption, however many places hold the instance.
func (s *searcher) useReached(instr ssa.Instruction, v ssa.Value, reach []placeID, counts func(placeID) bool, mk func() event, st *state) {
	for _, q := range slices.Concat(st.held, st.visiting) {
		for _, r := range reach {
			if counts(r) && s.m.places.within(q, r) {
				id := s.event(eventKey{instr, s.m.reg(v), 0}, mk)
				s.hit(id, st.isVisiting(q), st)
				return
			}
		}
	}
}

// forgetReachable drops the memory places under the given prefixes.
func (s *searcher) forgetReachable(reach []placeID, st *state) {
	pt := s.m.places
	st.removeIf(func(q placeID) bool {
		if !pt.get(q).mem {
			return false
		}
		for _, r := range reach {
			if pt.within(q, r) && pt.get(r).mem {
				return true
			}
		}
		return false
	})
}

// use records a consumption (or query) of place q, if q holds the
// instance on this path.
func (s *searcher) use(instr ssa.Instruction, q placeID, effect int, mk func() event, st *state) {
	visiting := st.isVisiting(q)
	if !visiting && !st.holds(q) {
		return
	}
	id := s.event(eventKey{instr, q, effect}, mk)
	s.hit(id, visiting, st)
}

// hit applies one use of the instance to the path.
func (s *searcher) hit(id eventID, visiting bool, st *state) {
	s.sink.used(id, st)
	if s.ev(id).query {
		return
	}
	s.consume(id, visiting, st)
}

// consume records a consumption: the first on the path, or a second one.
func (s *searcher) consume(id eventID, visiting bool, st *state) {
	if st.first == noEvent {
		st.first = id
		if visiting {
			st.firstLoop, st.firstSrc, st.moved = st.visitLoop, st.visitSrc, nil
		}
		return
	}
	if visiting && st.visitLoop != nil && st.visitLoop == st.firstLoop && len(st.moved) > 0 && s.elementsHolding(st) < 2 {
		return // a later visit of the range loop: another element
	}
	if visiting && st.firstLoop != nil && s.otherRow(st) {
		return // another loop, nested in one that moved on since
	}
	s.sink.consumed(st.first, id, st)
}

// restartVisit takes the start of a new traversal by loop, the loop of the
// first consumption or one it is nested in: unless a loop further out
// has moved on since, the traversal visits the same elements again.
func (s *searcher) restartVisit(loop ssa.Value, st *state) {
	for _, l := range st.moved {
		if l != loop && s.m.encloses(st.firstSrc, l, loop) {
			st.moved = slices.DeleteFunc(slices.Clone(st.moved), func(x ssa.Value) bool { return x == loop || s.m.encloses(st.firstSrc, loop, x) })
			return
		}
	}
	st.firstLoop, st.moved = nil, nil
}

// otherRow reports whether the element a different loop visits now is
// surely not the one consumed first: both are selected by the index of an
// outer loop that has moved on since.
func (s *searcher) otherRow(st *state) bool {
	if st.visitLoop == st.firstLoop {
		return false
	}
	for _, l := range st.moved {
		if l != st.firstLoop && s.m.outerLoopOf(st.visitSrc, st.visitLoop, l) && s.m.sameOuterPath(st.visitSrc, st.firstSrc, l) {
			return true
		}
	}
	return false
}

// elementsHolding counts the elements the range loop of the state visits
// that surely hold the instance, each surely another: two means a later
// visit consumes it again (ys = append(ys, v, v)).
func (s *searcher) elementsHolding(st *state) int {
	var elems []placeID
	for _, q := range st.held {
		if rel, _ := s.m.matchPrefix(st.visitSrc, q); rel != indexVisits {
			continue
		}
		distinct := true
		for _, e := range elems {
			if s.m.places.relate(e, q) != indexDistinct {
				distinct = false
			}
		}
		if distinct {
			elems = append(elems, q)
		}
	}
	return len(elems)
}

// ret hands the results to the caller and runs the deferred calls.
func (s *searcher) ret(instr ssa.Instruction, vals []ssa.Value, st *state) bool {
	results := make([]returnedAt, len(vals))
	for i, v := range vals {
		if s.summary {
			// Returned to the caller, as the result or inside memory it
			// refers to: a summary's result, not a use.
			if s.m.holds(v) {
				if path, ok := s.heldPath(s.m.resultPlace(v), st); ok {
					results[i] = returnedAt{ok: true, path: path}
					continue
				}
			}
			if path, ok := s.returnedInside(v, st); ok {
				results[i] = returnedAt{ok: true, path: path}
				continue
			}
		}
		s.handOffValue(instr, v, useReturn, noPlace, st)
	}
	s.runDefers(st)
	s.sink.returned(instr, results, st)
	return false
}

// returnedAt says whether a return gives the caller the instance, and
// where: path is nil for the result itself, and a path into the memory the
// result refers to otherwise (return &Holder{v: v}).
type returnedAt struct {
	ok   bool
	path []selector
}

// returnedInside finds the instance in memory this function made that a
// returned reference refers to: in it, or in a slice or struct one of its
// parts refers to (return &Queue{items: vs}). It returns the path from the
// result.
func (s *searcher) returnedInside(v ssa.Value, st *state) ([]selector, bool) {
	m := s.m
	if !isReference(v.Type()) || !m.reaches(v.Type()) {
		return nil, false
	}
	r := m.pointee(v)
	if r.obj == noPlace || !r.off.known || r.off.n != 0 || !m.isLocalMemory(r.obj) {
		return nil, false
	}
	if rest, ok := s.heldPath(r.obj, st); ok {
		return append([]selector{derefSel}, rest...), true
	}
	for _, p := range slices.Sorted(maps.Keys(m.directStores)) {
		stores := m.directStores[p]
		inner, ok := m.places.suffix(r.obj, p)
		if !ok || len(stores) != 1 || !isReference(stores[0].Val.Type()) {
			continue
		}
		r2 := m.pointee(stores[0].Val)
		if r2.obj == noPlace || !r2.off.known || r2.off.n != 0 {
			continue
		}
		if rest, ok := s.heldPath(r2.obj, st); ok {
			path := append([]selector{derefSel}, inner...)
			return append(append(path, derefSel), rest...), true
		}
	}
	return nil, false
}

// heldPath returns where in place p the instance is (nil for p itself),
// if it is in p: return *h gives the caller h.v at result.0.
func (s *searcher) heldPath(p placeID, st *state) ([]selector, bool) {
	for _, q := range st.held {
		if rest, ok := s.m.places.suffix(p, q); ok {
			return rest, true
		}
	}
	return nil, false
}

// pendingDefers returns the deferred calls that have surely been made
// when the function gets to instr, in the order they were made: they run
// at exit on what a ValueTask made at instr is in then (a deferred
// literal reads the variables it captured when it runs).
func (m *funcModel) pendingDefers(instr ssa.Instruction) []*callSite {
	if instr == nil {
		return nil
	}
	var out []*callSite
	for _, d := range m.defers {
		if d != instr && m.dominates(d, instr) {
			if site := m.site(d); !site.parentStack {
				out = append(out, site)
			}
		}
	}
	// Dominators are in a chain, so dominance orders them.
	slices.SortFunc(out, func(a, b *callSite) int {
		switch {
		case a == b:
			return 0
		case m.dominates(a.instr, b.instr):
			return -1
		}
		return 1
	})
	return out
}

// runDefers runs the deferred calls of the path, last first.
func (s *searcher) runDefers(st *state) {
	for i := len(st.defers) - 1; i >= 0; i-- {
		s.applyCall(st.defers[i], atExit, st)
	}
	st.defers = nil
}

// call applies one call, go or defer.
func (s *searcher) call(site *callSite, st *state) {
	switch {
	case site.parentStack:
		// A defer of a range-over-func body runs when the enclosing
		// function returns: the body's consumption, as far as the loop
		// goes, but not what it overwrites, which the body's next
		// iterations do not see.
		s.applyCall(site, atOnce, st)
	case site.mode == modeDefer:
		st.defers = append(slices.Clip(st.defers), site)
	case site.mode == modeGo:
		s.applyCall(site, inGoroutine, st)
	default:
		s.applyCall(site, atOnce, st)
	}
}
