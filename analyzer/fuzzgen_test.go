package analyzer_test

import (
	"fmt"
	"strconv"
	"strings"
)

// The fuzz target's program generator. genProgram turns bytes into a
// small, well-typed, deterministic package whose func Run uses three
// ValueTask variables, a map, a slice, an appended slice, a box that
// stores them, pointer helpers and a range-over-func iterator. Every branch
// tests a bool parameter of its own, so running Run with every combination
// of them runs every path the program has.

// maxBranches is the number of bool parameters of Run: at most that many
// branches, so at most 1<<maxBranches runs per program.
const maxBranches = 5

// maxStmts bounds a program's statements, maxDepth its nesting.
const (
	maxStmts = 36
	maxDepth = 3
)

// program is a generated package and what the oracle needs to know of it.
type program struct {
	src      string
	n        int // Run's int argument
	branches int // how many bool parameters the body tests
	// spans are the line ranges of function literals whose calls run
	// later than the line that makes them (defer), by first line: a
	// finding at that line is about a consumption inside.
	spans map[int]int
	// aliases say where a consumption the analyzer reports at one line
	// happens at run time: b.put hands the ValueTask to the box, which
	// drain consumes at the end.
	aliases map[int]int
	// calls maps the line of a call of a literal to its body's lines: a
	// finding at the call is about a consumption in there.
	calls map[int][2]int
}

const progHeader = `package %s

import (
	"context"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

type holder struct{ v VT }

// box keeps what it is given; drain consumes it all.
type box struct{ vs []VT }

func (b *box) put(v VT) { b.vs = append(b.vs, v) }

func (b *box) drain(ctx context.Context) int {
	sum := 0
	for _, v := range b.vs {
		x, _ := v.Await(ctx)
		sum += x
	}
	return sum
}

func src(c *valuetask.SourceCore[int], k int) VT {
	c.Reset()
	tok := c.Version()
	c.SetResult(k)
	return valuetask.FromSource(c, tok)
}

func consume(ctx context.Context, v VT) int {
	x, _ := v.Await(ctx)
	return x
}

func consumeP(ctx context.Context, p *VT) int {
	x, _ := p.Await(ctx)
	return x
}

func query(v VT) bool { return v.IsCompleted() && !v.IsFaulted() }

func queryP(p *VT) bool { return p.IsCompleted() }

func refill(p *VT, k int) { *p = valuetask.FromResult(k) }

func pass(v VT) VT { return v }

func seq2(yield func(int) bool) {
	for i := 0; i < 2; i++ {
		if !yield(i) {
			return
		}
	}
}

func Run(ctx context.Context, n int, c0, c1, c2, c3, c4 bool) int {
	_, _, _, _, _ = c0, c1, c2, c3, c4
	sum := 0
	var s0, s1 valuetask.SourceCore[int]
	v0, v1, v2 := valuetask.FromResult(1), src(&s0, 2), src(&s1, 3)
	m := map[string]VT{}
	xs := make([]VT, 3)
	var ys []VT
	i := n %% 3
	b := &box{}
	_, _, _, _ = m, xs, ys, i
`

// headerLines is how many lines come before the body.
var headerLines = strings.Count(fmt.Sprintf(progHeader, "x"), "\n")

type progGen struct {
	data     []byte
	pos      int
	lines    []string
	indent   int
	stmts    int
	funcs    int
	branches int
	// repeats is true inside a loop or a literal called twice: its
	// branches would test one parameter on several iterations, and a path
	// that takes both arms is not one any input runs.
	repeats bool
	// deferred is true inside a deferred literal, which runs after the
	// box is drained: what it puts there nothing consumes.
	deferred bool
	// varIndex: this program indexes xs by the variable i only (else by
	// constants only), so that two element accesses are the same element
	// or surely not.
	varIndex bool
	spans    map[int]int
	aliases  map[int]int
	calls    map[int][2]int
}

func genProgram(name string, data []byte) program {
	g := &progGen{data: data, indent: 1, spans: make(map[int]int), aliases: make(map[int]int), calls: make(map[int][2]int)}
	n := int(g.next() % 6)
	g.varIndex = g.next()%2 == 0
	for k := 0; k < 1+int(g.next()%8) && g.stmts < maxStmts; k++ {
		g.stmt(0)
	}
	drainLine := headerLines + len(g.lines) + 1
	g.line("sum += b.drain(ctx)")
	for l := range g.aliases {
		g.aliases[l] = drainLine
	}
	var b strings.Builder
	fmt.Fprintf(&b, progHeader, name)
	for _, l := range g.lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	b.WriteString("\t_, _, _ = v0, v1, v2\n\treturn sum\n}\n")
	return program{src: b.String(), n: n, branches: g.branches, spans: g.spans, aliases: g.aliases, calls: g.calls}
}

func (g *progGen) next() byte {
	if g.pos >= len(g.data) {
		return 0
	}
	b := g.data[g.pos]
	g.pos++
	return b
}

func (g *progGen) v() string { return "v" + strconv.Itoa(int(g.next()%3)) }

// lineNo is the number the next line written will have in the file.
func (g *progGen) lineNo() int { return headerLines + len(g.lines) + 1 }

func (g *progGen) line(format string, args ...any) {
	g.lines = append(g.lines, strings.Repeat("\t", g.indent)+fmt.Sprintf(format, args...))
}

// block writes 1..3 statements at depth+1 between the caller's braces.
func (g *progGen) block(depth int) {
	g.indent++
	for k := 0; k < 1+int(g.next()%3) && g.stmts < maxStmts; k++ {
		g.stmt(depth + 1)
	}
	g.indent--
}

// repeated writes a block that runs more than once.
func (g *progGen) repeated(depth int) {
	was := g.repeats
	g.repeats = true
	g.block(depth)
	g.repeats = was
}

func (g *progGen) index() string {
	if g.varIndex {
		return "i"
	}
	return strconv.Itoa(int(g.next() % 3))
}

func (g *progGen) key() string { return strconv.Quote(string(rune('a' + g.next()%2))) }

func (g *progGen) stmt(depth int) {
	g.stmts++
	op := g.next() % 29
	if depth >= maxDepth && (op >= 8 && op <= 12 || op == 28) {
		op = 2 // no more nesting
	}
	if op == 8 && (g.repeats || g.branches == maxBranches) {
		op = 6 // no branch left to give a parameter of its own
	}
	if op == 27 && g.deferred {
		op = 6 // put after the box was drained
	}
	switch op {
	case 0:
		g.line("%s = valuetask.FromResult(%d)", g.v(), g.next()%10)
	case 1:
		g.line("%s = src(&s%d, %d)", g.v(), g.next()%2, g.next()%10)
	case 2:
		g.line("if x, err := %s.Await(ctx); err == nil {", g.v())
		g.line("\tsum += x")
		g.line("}")
	case 3:
		g.line("if x, err := %s.AsTask().Await(ctx); err == nil {", g.v())
		g.line("\tsum += x")
		g.line("}")
	case 4:
		v := g.v()
		g.line("if %s.IsCompleted() {", v)
		g.line("\tx, _ := %s.Result()", v)
		g.line("\tsum += x")
		g.line("}")
	case 5:
		g.line("if query(%s) {", g.v())
		g.line("\tsum++")
		g.line("}")
	case 6:
		g.line("sum += consume(ctx, %s)", g.v())
	case 7:
		g.line("%s = %s", g.v(), g.v())
	case 8:
		c := g.branches
		g.branches++
		g.line("if c%d {", c)
		g.block(depth)
		if g.next()%2 == 0 {
			g.line("} else {")
			g.block(depth)
		}
		g.line("}")
	case 9:
		// Three iterations: the analyzer takes a loop to run any number of
		// times; a ValueTask stored late in one iteration and consumed
		// early in the next is consumed twice from the third on.
		g.line("for range 3 {")
		g.repeated(depth)
		g.line("}")
	case 10:
		f := "f" + strconv.Itoa(g.funcs)
		g.funcs++
		calls := 1 + int(g.next()%2)
		g.line("%s := func() {", f)
		body := g.lineNo()
		if calls > 1 {
			g.repeated(depth)
		} else {
			g.block(depth)
		}
		end := g.lineNo() - 1
		g.line("}")
		for range calls {
			g.calls[g.lineNo()] = [2]int{body, end}
			g.line("%s()", f)
		}
	case 11:
		start := g.lineNo()
		g.line("defer func() {")
		was := g.deferred
		g.deferred = true
		g.block(depth)
		g.deferred = was
		g.line("}()")
		g.spans[start] = g.lineNo() - 1
	case 12:
		g.line("{")
		g.line("\tdone := make(chan struct{})")
		g.line("\tvar gp any")
		g.line("\tgo func() {")
		g.line("\t\tdefer func() { gp = recover(); close(done) }()")
		g.indent++
		g.block(depth)
		g.indent--
		g.line("\t}()")
		g.line("\t<-done")
		g.line("\tif gp != nil {")
		g.line("\t\tpanic(gp)")
		g.line("\t}")
		g.line("}")
	case 13:
		v := g.v()
		g.line("%s = %s.Preserve()", v, v)
	case 14:
		g.line("{")
		g.line("\tvar a valuetask.Awaitable[int] = %s", g.v())
		g.line("\tx, _ := a.Await(ctx)")
		g.line("\tsum += x")
		g.line("}")
	case 15:
		g.line("{")
		if g.next()%2 == 0 {
			g.line("\th := holder{v: %s}", g.v())
			g.line("\tx, _ := h.v.Await(ctx)")
		} else {
			g.line("\tlit := []VT{%s}", g.v())
			g.line("\tx, _ := lit[0].Await(ctx)")
		}
		g.line("\tsum += x")
		g.line("}")
	case 16:
		g.line("%s = pass(%s)", g.v(), g.v())
	case 17:
		g.line("if xs, err := valuetask.WhenAll[int](%s.AsTask()).Await(ctx); err == nil {", g.v())
		g.line("\tsum += xs[0]")
		g.line("}")
	case 18:
		g.line("m[%s] = %s", g.key(), g.v())
	case 19:
		g.line("sum += consume(ctx, m[%s])", g.key())
	case 20:
		g.line("xs[%s] = %s", g.index(), g.v())
	case 21:
		g.line("sum += consume(ctx, xs[%s])", g.index())
	case 22:
		g.line("ys = append(ys, %s)", g.v())
	case 23:
		switch g.next() % 3 {
		case 0:
			g.line("for _, y := range ys {")
		case 1:
			g.line("for _, y := range xs {")
		default:
			g.line("for _, y := range m {")
		}
		g.line("\tsum += consume(ctx, y)")
		g.line("}")
	case 24:
		g.line("sum += consumeP(ctx, &%s)", g.v())
	case 25:
		g.line("if queryP(&%s) {", g.v())
		g.line("\tsum++")
		g.line("}")
	case 26:
		g.line("refill(&%s, %d)", g.v(), g.next()%10)
	case 27:
		g.aliases[g.lineNo()] = 0 // set to drain's line once it is known
		g.line("b.put(%s)", g.v())
	case 28:
		g.line("for x := range seq2 {")
		g.line("\tsum += x")
		g.repeated(depth)
		if g.branches < maxBranches && g.next()%2 == 0 {
			g.line("\tif c%d {", g.branches)
			g.line("\t\tbreak")
			g.line("\t}")
			g.branches++
		}
		g.line("}")
	}
}
