package analyzer

import (
	"flag"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

var update = flag.Bool("update", false, "rewrite testdata/messages.golden")

// TestMessageTemplates renders the message of every pairing of two kinds
// of consumption, each at every timing (now, in a goroutine, at exit), and
// of a kind with itself in a loop. Every message must read as one
// sentence about the ValueTask, name where the other use is, and come out
// as testdata/messages.golden says (go test -run TestMessageTemplates
// -update rewrites it, for review).
func TestMessageTemplates(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile("user.go", -1, 1000)
	lines := make([]int, 100)
	for i := range lines {
		lines[i] = i * 10
	}
	f.SetLines(lines)
	r := &reporter{pass: &analysis.Pass{Fset: fset}}
	at := func(line int) token.Pos { return f.LineStart(line) }

	inner := innerUse{verb: "awaits it", where: "consumer.go:15"}
	inner2 := innerUse{verb: "stores it in q.items", where: "queue.go:40"}
	// call is true for the uses a go or defer statement can make.
	kinds := []struct {
		name string
		use  consumption
		call bool
	}{
		{"method", consumption{how: useMethod, name: "Await"}, true},
		{"callee", consumption{how: useCall, name: "Drain", inner: inner}, true},
		{"unknown", consumption{how: useUnknown, name: "a function value"}, true},
		{"send", consumption{how: useSend}, false},
		{"return", consumption{how: useReturn}, false},
		{"store", consumption{how: useStore, target: "q.items[0]"}, false},
		{"panic", consumption{how: usePanic}, false},
		{"escape", consumption{how: useEscape, inner: inner}, true},
		{"whenall", consumption{how: useCombinator, name: "WhenAll"}, true},
		{"loop-body", consumption{how: useLoopBody, inner: inner}, false},
	}
	timings := []struct {
		name string
		t    timing
	}{{"now", atOnce}, {"go", inGoroutine}, {"exit", atExit}}

	var golden strings.Builder
	sentence := regexp.MustCompile(`^(double|concurrent) await of v: [^\n]+$`)
	for _, k1 := range kinds {
		for _, t1 := range timings {
			if t1.t != atOnce && !k1.call {
				continue
			}
			first := &event{use: k1.use, timing: t1.t, pos: at(10), stmt: at(9)}
			for _, k2 := range kinds {
				for _, t2 := range timings {
					if t2.t != atOnce && !k2.call {
						continue
					}
					if t1.t == atExit && t2.t != atExit {
						continue // a deferred use runs last: it is never first of a pair with a later body use
					}
					use2 := k2.use
					if use2.inner.where != "" {
						use2.inner = inner2 // another callee than the first's
					}
					second := &event{use: use2, timing: t2.t, pos: at(20), stmt: at(19)}
					fd := r.pairFinding("v", first, second, false, at(5))
					check(t, fd, sentence)
					fmt.Fprintf(&golden, "%s/%s then %s/%s: [%s] %s\n", k1.name, t1.name, k2.name, t2.name, fd.category, fd.msg)
				}
			}
			fd := r.pairFinding("v", first, first, true, at(5))
			check(t, fd, sentence)
			fmt.Fprintf(&golden, "%s/%s in a loop: [%s] %s\n", k1.name, t1.name, fd.category, fd.msg)
		}
	}

	path := filepath.Join("testdata", "messages.golden")
	if *update {
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := golden.String(); got != string(want) {
		gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gotLines) && i < len(wantLines); i++ {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("messages differ from %s at line %d:\n got %s\nwant %s\n(run with -update to accept)", path, i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("messages differ from %s in length: %d lines, want %d", path, len(gotLines), len(wantLines))
	}
}

// check holds a finding to the rules every message follows.
func check(t *testing.T, fd finding, sentence *regexp.Regexp) {
	t.Helper()
	if !sentence.MatchString(fd.msg) {
		t.Errorf("message does not read as one sentence about v: %q", fd.msg)
	}
	for _, broken := range []string{"passed to", "runs on every iteration of a loop, but v was made before the loop,", "  ", " ,", "..", "at :"} {
		if strings.Contains(fd.msg, broken) {
			t.Errorf("message contains %q: %q", broken, fd.msg)
		}
	}
	if len(fd.related) == 0 {
		t.Errorf("no Related information: %q", fd.msg)
	}
	if fd.category != catDoubleAwait && fd.category != catConcurrentAwait {
		t.Errorf("category %q for %q", fd.category, fd.msg)
	}
	if !strings.HasPrefix(fd.msg, strings.SplitN(fd.category, "-", 2)[0]) {
		t.Errorf("category %s, message %q", fd.category, fd.msg)
	}
}
