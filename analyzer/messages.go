package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Every message about two consumptions is one of these templates. The
// arguments are noun phrases (see phrase) and positions, so each template
// reads right whatever kinds of consumption meet in it. A trailing
// explanation says what a callee does inside (see explain).
const (
	// %[1]s the ValueTask, %[2]s the second use, %[3]s the first, %[4]s where the first is.
	tmplTwice = "double await of %[1]s: %[2]s, after %[3]s at %[4]s"
	// A deferred use runs at return, after the body's.
	tmplAtExit = "double await of %[1]s: %[2]s runs at return, after %[3]s at %[4]s"
	// %[2]s the use in the loop.
	tmplLoop = "double await of %[1]s: %[2]s runs on every iteration of a loop, but %[1]s was made before the loop"
	// %[2]s the use in the goroutine's body... %[3]s the other use, %[4]s where it is.
	tmplGoThen = "concurrent await of %[1]s: consumed in a goroutine that may run at the same time as %[3]s at %[4]s"
	// %[4]s where the other goroutine starts.
	tmplTwoGoroutines = "concurrent await of %[1]s: consumed in this goroutine and in another one started at %[4]s"
	tmplGoInLoop      = "concurrent await of %[1]s: the goroutine is started in a loop, so several goroutines consume the same ValueTask"
	// %[3]s the use before the go statement.
	tmplThenGo = "double await of %[1]s: consumed in a goroutine after %[3]s at %[4]s"
)

// pairShape is which template a pair of consumptions takes, and where
// the finding goes.
type pairShape uint8

const (
	shapeTwice pairShape = iota
	shapeLoop
	shapeGoThen
	shapeTwoGoroutines
	shapeGoInLoop
	shapeThenGo
)

// shapeOf decides the template of a pair: first ran before second on one
// path (a deferred use runs at exit, so it is second).
func shapeOf(first, second *event, same bool) pairShape {
	goFirst, goSecond := first.timing == inGoroutine, second.timing == inGoroutine
	if goFirst && goSecond && !same && first.instr != nil && first.instr == second.instr {
		goFirst, goSecond = false, false // one goroutine, one use after the other
	}
	switch {
	case same && goFirst:
		return shapeGoInLoop
	case same:
		return shapeLoop
	case goFirst && goSecond:
		return shapeTwoGoroutines
	case goFirst:
		return shapeGoThen
	case goSecond:
		return shapeThenGo
	}
	return shapeTwice
}

// finding is one double or concurrent consumption, ready to report.
type finding struct {
	category string
	at       *event // where it is reported
	other    *event // the other use (Related)
	msg      string
	related  []analysis.RelatedInformation
}

// pairFinding builds the finding for two consumptions of one ValueTask.
func (r *reporter) pairFinding(subject string, first, second *event, same bool, madeAt token.Pos) finding {
	shape := shapeOf(first, second, same)
	f := finding{category: catDoubleAwait, at: second, other: first}
	tmpl := tmplTwice
	relMsg := "first consumed here"
	switch shape {
	case shapeLoop:
		tmpl = tmplLoop
		f.related = related(madeAt, "made here, before the loop")
	case shapeGoInLoop:
		tmpl, f.category = tmplGoInLoop, catConcurrentAwait
		f.related = related(first.stmt, "goroutine started here, in a loop")
	case shapeTwoGoroutines:
		tmpl, f.category, relMsg = tmplTwoGoroutines, catConcurrentAwait, "also consumed in a goroutine here"
	case shapeGoThen:
		tmpl, f.category, relMsg = tmplGoThen, catConcurrentAwait, "also consumed here"
		f.at, f.other = first, second // reported in the goroutine
	case shapeThenGo:
		tmpl = tmplThenGo
	default:
		if second.timing == atExit {
			tmpl = tmplAtExit
		}
	}
	otherWhere := r.where(f.other.pos)
	if shape == shapeTwoGoroutines {
		otherWhere = r.where(first.stmt)
	}
	f.msg = fmt.Sprintf(tmpl, subject, r.phrase(f.at), r.phrase(f.other), otherWhere)
	if shape != shapeLoop && shape != shapeGoInLoop {
		f.msg += r.which(f.other)
	}
	f.msg += r.also(f.at, f.other)
	if f.related == nil {
		f.related = related(f.other.pos, relMsg)
	}
	for _, rel := range r.innerRelated(f.at, f.other) {
		if !slices.ContainsFunc(f.related, func(x analysis.RelatedInformation) bool { return x.Pos == rel.Pos }) {
			f.related = append(f.related, rel)
		}
	}
	return f
}

// phrase renders a use as a noun phrase: Await(), Drain(ctx, v), the send
// on ch, the store to h.vt, the deferred Await(), ...
func (r *reporter) phrase(e *event) string {
	s := r.usePhrase(e)
	if e.timing == atExit {
		if rest, ok := strings.CutPrefix(s, "the "); ok {
			return "the deferred " + rest
		}
		return "deferred " + s
	}
	return s
}

func (r *reporter) usePhrase(e *event) string {
	u := e.use
	switch u.how {
	case useMethod:
		return u.name + "()"
	case useCall, useUnknown, useCombinator:
		if text := r.callText(e); text != "" {
			return text
		}
		if u.how == useUnknown {
			return "the call of " + u.name
		}
		return u.name + "(…)"
	case useSend:
		return "the send on a channel"
	case useReturn:
		return "the return"
	case useStore:
		if u.target != "" {
			return "the store to " + u.target
		}
		return "the store outside the function"
	case usePanic:
		return "panic(…)"
	case useEscape:
		if text := r.callText(e); text != "" {
			return "the function literal passed to " + text
		}
		return "the function literal that escapes"
	case useLoopBody:
		return "the body of a range-over-func loop"
	}
	return "a consumption"
}

// callText is the call an event is, as written, when short.
func (r *reporter) callText(e *event) string {
	if e.instr == nil {
		return ""
	}
	pos := e.instr.Pos()
	if e.callPos.IsValid() {
		pos = e.callPos
	}
	n := r.nodeAt(pos)
	var call *ast.CallExpr
	switch n := n.(type) {
	case *ast.CallExpr:
		call = n
	case *ast.GoStmt:
		call = n.Call
	case *ast.DeferStmt:
		call = n.Call
	}
	if call == nil {
		return ""
	}
	if s := exprText(call); len(s) <= 40 {
		return s
	}
	return exprText(call.Fun) + "(…)"
}

// funcLitText is how go/types renders a function literal: (func() literal).
var funcLitText = regexp.MustCompile(`\(func\([^()]*\)[^()]*literal\)`)

// exprText renders an expression for a message, with function literals
// as func(){…}.
func exprText(e ast.Expr) string {
	return funcLitText.ReplaceAllString(types.ExprString(e), "func(){…}")
}

// which says what the other use's callee does inside, right after where
// the use is: ", which awaits it at consumer.go:15".
func (r *reporter) which(other *event) string {
	if u, ok := explained(other); ok {
		return ", which " + u.verb + " at " + u.where
	}
	return ""
}

// also says what the reported use's callee does inside: "; Drain awaits
// it at consumer.go:15". Said once: both uses may go through one callee.
func (r *reporter) also(at, other *event) string {
	u, ok := explained(at)
	if !ok || u.where == r.where(at.pos) {
		return "" // the finding is on that line already
	}
	if o, ok := explained(other); ok && o == u && at.use.name == other.use.name {
		return ""
	}
	who := at.use.name
	switch {
	case at.use.how == useEscape:
		who = "the function literal"
	case at.use.how == useLoopBody:
		who = "the loop body"
	case who == "":
		who = "the callee"
	}
	return "; " + who + " " + u.verb + " at " + u.where
}

// posIn returns a position in a file the package's file set knows (an
// imported package's), or NoPos: at line:col where the file set has the
// file's lines, at the line's start where it has only the lines that
// export data recorded (the columns do not survive it).
func (r *reporter) posIn(file string, line, col int) token.Pos {
	if file == "" || line <= 0 {
		return token.NoPos
	}
	pos := token.NoPos
	r.pass.Fset.Iterate(func(f *token.File) bool {
		if f.Name() != file || line > f.LineCount() {
			return true
		}
		pos = f.LineStart(line)
		if at := int(pos) - f.Base() + col - 1; col > 1 && at < f.Size() && f.Line(f.Pos(at)) == line {
			pos = f.Pos(at)
		}
		return false
	})
	return pos
}

// explained returns what a use's callee, literal or loop body does inside,
// when the use goes through one.
func explained(e *event) (innerUse, bool) {
	switch e.use.how {
	case useCall, useEscape, useLoopBody:
		return e.use.inner, e.use.inner.where != ""
	}
	return innerUse{}, false
}

// innerRelated points at the consumptions inside callees of this package.
func (r *reporter) innerRelated(events ...*event) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, e := range events {
		u, ok := explained(e)
		if !ok {
			continue
		}
		pos := u.pos
		if !pos.IsValid() {
			pos = r.posIn(u.file, u.line, u.col) // a callee in another package
		}
		if pos.IsValid() && pos != e.pos {
			out = append(out, analysis.RelatedInformation{Pos: pos, Message: "where the callee " + u.verb})
		}
	}
	return out
}
