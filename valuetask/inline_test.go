package valuetask_test

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// inlineTargets are what FromResult(x).Await(ctx) and the queries a caller
// asks on the way cost at the call site. Each one must be inlinable, and be
// inlined, for every shape of T in inlineShapes: a call that is not inlined
// costs more than the whole plain call ValueTask is measured against.
var inlineTargets = []string{
	"FromResult",
	"ValueTask.Await",
	"ValueTask.IsCompleted",
	"ValueTask.IsCompletedSuccessfully",
}

// inlineShapes are the shapes testdata/inlining instantiates: int, string and
// a pointer (every pointer type shares the *uint8 shape).
var inlineShapes = []string{"go.shape.int", "go.shape.string", "go.shape.*uint8"}

var (
	canInlineRE    = regexp.MustCompile(`: can inline valuetask\.(.+?) with cost (\d+) as:`)
	cannotInlineRE = regexp.MustCompile(`: cannot inline valuetask\.(.+?): (.+)$`)
	inlinedCallRE  = regexp.MustCompile(`testdata/inlining/\S+\.go:\d+:\d+: inlining call to valuetask\.(\S+)$`)
	budgetRE       = regexp.MustCompile(`exceeds budget (\d+)`)
)

// splitShape turns "ValueTask[go.shape.int].Await" into "ValueTask.Await"
// and "go.shape.int".
func splitShape(name string) (base, shape string) {
	i := strings.IndexByte(name, '[')
	if i < 0 {
		return name, ""
	}
	depth := 0
	for j := i; j < len(name); j++ {
		switch name[j] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return name[:i] + name[j+1:], name[i+1 : j]
			}
		}
	}
	return name, ""
}

func TestFastPathInlines(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to compile with (%v), so the compiler's inlining decisions cannot be had", err)
	}
	// -tags= pins the release build even if GOFLAGS names valuetaskdebug,
	// whose consumption hook is meant to cost a call. The test binary's own
	// tags and -race do not matter: this checks the build users get.
	cmd := exec.Command(goTool, "build", "-tags=", "-gcflags=-m=2", "-o", os.DevNull, "./testdata/inlining")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}

	type verdict struct {
		inlinable bool
		cost      int
		reason    string
	}
	verdicts := map[[2]string]verdict{}
	inlined := map[[2]string]bool{}
	budget := 0
	for line := range strings.Lines(string(out)) {
		line = strings.TrimSpace(line)
		if m := budgetRE.FindStringSubmatch(line); m != nil && budget == 0 {
			budget, _ = strconv.Atoi(m[1])
		}
		if m := canInlineRE.FindStringSubmatch(line); m != nil {
			base, shape := splitShape(m[1])
			cost, _ := strconv.Atoi(m[2])
			verdicts[[2]string{base, shape}] = verdict{inlinable: true, cost: cost}
		} else if m := cannotInlineRE.FindStringSubmatch(line); m != nil {
			base, shape := splitShape(m[1])
			verdicts[[2]string{base, shape}] = verdict{reason: m[2]}
		} else if m := inlinedCallRE.FindStringSubmatch(line); m != nil {
			base, shape := splitShape(m[1])
			inlined[[2]string{base, shape}] = true
		}
	}

	for _, shape := range inlineShapes {
		for _, target := range inlineTargets {
			key := [2]string{target, shape}
			v, ok := verdicts[key]
			switch {
			case !ok:
				t.Errorf("no inlining verdict for valuetask.%s on %s in the output of %s; does testdata/inlining still call it?",
					target, shape, strings.Join(cmd.Args, " "))
			case !v.inlinable:
				t.Errorf("valuetask.%s on %s is no longer inlinable (%s), so the synchronous fast path pays a function call for it; Await's body notes the budget",
					target, shape, v.reason)
			case !inlined[key]:
				t.Errorf("valuetask.%s on %s is inlinable (cost %d) but was not inlined at its call site in testdata/inlining", target, shape, v.cost)
			case budget > 0:
				t.Logf("valuetask.%s on %s: inliner cost %d of budget %d, margin %d", target, shape, v.cost, budget, budget-v.cost)
			default:
				t.Logf("valuetask.%s on %s: inliner cost %d", target, shape, v.cost)
			}
		}
	}
}
