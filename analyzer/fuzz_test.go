package analyzer_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// FuzzAnalyzer checks the analyzer against what programs really do, in
// both directions. It generates a program from the fuzz input
// (fuzzgen_test.go), runs the analyzer on it, and runs the program,
// built with -tags valuetaskdebug and VALUETASK_DEBUG=log, with every
// combination of its bool parameters, so every path it has runs; the
// runtime then reports each double consumption with how both consumptions
// were reached. It checks that
//
//   - the analyzer never fails, and the program panics with nothing else;
//   - every double consumption some run makes is reported: a double-await
//     or concurrent-await finding sits on a line that led to one of the two
//     consumptions;
//   - every double-await or concurrent-await finding is real: some run
//     makes a double consumption that one of its lines led to.
//
// A plain `go test` runs only the seed corpus, all seeds in one module with
// one build; `go test -run '^$' -fuzz FuzzAnalyzer ./analyzer/` explores,
// and VALUETASK_FUZZ_SEEDS=COUNT[:SEED] checks more random seeds in one
// batch. Larger batches still find what README's Limits lists (400:7 fails
// seed 160, a ValueTask appended in a loop, and 297, a goroutine's
// Preserve()), so CI runs the seed corpus only.
func FuzzAnalyzer(f *testing.F) {
	var seeds [][]byte
	count, seed := 150, int64(1)
	if s := os.Getenv("VALUETASK_FUZZ_SEEDS"); s != "" {
		// More random programs in one batch (and another random stream):
		// VALUETASK_FUZZ_SEEDS=1000:7 for 1000 programs from seed 7.
		c, sd, _ := strings.Cut(s, ":")
		var err error
		if count, err = strconv.Atoi(c); err != nil {
			f.Fatalf("VALUETASK_FUZZ_SEEDS=%q: want COUNT or COUNT:SEED", s)
		}
		if sd != "" {
			if seed, err = strconv.ParseInt(sd, 10, 64); err != nil {
				f.Fatalf("VALUETASK_FUZZ_SEEDS=%q: want COUNT or COUNT:SEED", s)
			}
		}
	}
	rng := rand.New(rand.NewSource(seed))
	for i := 0; i < count; i++ {
		b := make([]byte, 16+rng.Intn(64))
		rng.Read(b)
		seeds = append(seeds, b)
	}
	// A few hand-written ones: a loop around an await, a closure called
	// twice, a goroutine and an await after the join, a copy, a map entry,
	// an element by a variable index, a box, a range-over-func body.
	seeds = append(seeds,
		[]byte{0, 1, 9, 9, 2, 1, 2, 0},
		[]byte{0, 1, 10, 10, 1, 2, 0},
		[]byte{1, 2, 12, 12, 1, 2, 1, 2, 1},
		[]byte{0, 2, 7, 7, 0, 1, 2, 1, 2, 0},
		[]byte{0, 2, 3, 18, 0, 0, 19, 0, 2, 0},
		[]byte{3, 0, 3, 20, 1, 21, 6, 1},
		[]byte{0, 2, 2, 27, 1, 6, 1},
		[]byte{0, 2, 1, 28, 0, 6, 2},
	)
	for _, s := range seeds {
		f.Add(s)
	}

	// Check the seeds in one batch up front: one module, one build. (With
	// -fuzz, each new input then takes its own load and build.)
	batch := runCases(f, seeds)
	if fz := flag.Lookup("test.fuzz"); fz == nil || fz.Value.String() == "" {
		doubled, reported := 0, 0
		for _, r := range batch {
			if len(r.doubles) > 0 {
				doubled++
			}
			if len(r.findings) > 0 {
				reported++
			}
		}
		if doubled == 0 || reported == 0 {
			f.Fatalf("%d seed programs consume a ValueTask twice, %d have findings: the check is vacuous", doubled, reported)
		}
		f.Logf("%d seed programs: %d consume a ValueTask twice in some run, %d have double or concurrent findings", len(seeds), doubled, reported)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		r, ok := batch[string(data)]
		if !ok {
			r = runCases(t, [][]byte{data})[string(data)]
		}
		r.check(t)
	})
}

// finding is a double-await or concurrent-await diagnostic, by line.
type finding struct {
	line    int
	related []int
	text    string
}

// double is one double consumption a run made: the lines of the program
// that led to the first consumption and to the second.
type double struct {
	combo        int
	first, again []int
	text         string
}

// caseResult is what the analyzer and the runs did with one input.
type caseResult struct {
	prog     program
	findings []finding
	doubles  []double
	panic    string // a run panicked with something else
	err      string // the analyzer failed
}

func (r caseResult) check(t *testing.T) {
	t.Helper()
	dump := func() string {
		var b strings.Builder
		fmt.Fprintf(&b, "findings:\n")
		for _, f := range r.findings {
			fmt.Fprintf(&b, "  %s\n", f.text)
		}
		fmt.Fprintf(&b, "double consumptions at run time:\n")
		for _, d := range r.doubles {
			fmt.Fprintf(&b, "  inputs %05b: %s\n", d.combo, d.text)
		}
		fmt.Fprintf(&b, "program (n=%d, %d branch parameters):\n%s", r.prog.n, r.prog.branches, numbered(r.prog.src))
		return b.String()
	}
	if r.err != "" {
		t.Fatalf("analyzer failed: %s\n%s", r.err, dump())
	}
	if r.panic != "" {
		t.Fatalf("the program panicked with something else than a double consumption: %s\n%s", r.panic, dump())
	}
	for _, d := range r.doubles {
		if !slicesAny(r.findings, func(f finding) bool { return r.prog.explains(f.line, d) }) {
			t.Fatalf("missed: a run consumes a ValueTask twice and no finding is on a line that led to it\n  %s\n%s", d.text, dump())
		}
	}
	for _, f := range r.findings {
		if !slicesAny(r.doubles, func(d double) bool { return r.prog.explains(f.line, d) }) {
			t.Fatalf("false report: no run makes the double consumption this finding is about\n  %s\n%s", f.text, dump())
		}
	}
}

// explains reports whether a finding at line could be about double d: the
// line led to one of the two consumptions, or is the start of a deferred
// literal whose body did, or hands the ValueTask to where it was consumed.
func (p program) explains(line int, d double) bool {
	for _, l := range append(append([]int(nil), d.first...), d.again...) {
		if l == line {
			return true
		}
		if end, ok := p.spans[line]; ok && line <= l && l <= end {
			return true
		}
		if to, ok := p.aliases[line]; ok && to == l {
			return true
		}
	}
	// A call of a literal: a line of its body explains it.
	if body, ok := p.calls[line]; ok {
		for l := body[0]; l <= body[1]; l++ {
			if p.explains(l, d) {
				return true
			}
		}
	}
	return false
}

func slicesAny[T any](s []T, f func(T) bool) bool {
	for _, x := range s {
		if f(x) {
			return true
		}
	}
	return false
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return b.String()
}

// runCases writes one package per input into a temporary module, analyzes
// them all in one go, builds one runner with -tags valuetaskdebug that
// runs each with every combination of its bool parameters, and collects
// the results by input.
func runCases(tb testing.TB, inputs [][]byte) map[string]caseResult {
	tb.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	const module = "example.com/fz"
	gomod := "module " + module + "\n\ngo 1.26.0\n\nrequire github.com/go-valuetask/valuetask v0.0.0\n\nreplace github.com/go-valuetask/valuetask => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		tb.Fatal(err)
	}
	write := func(rel, data string) {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("go.mod", gomod)
	write("go.sum", string(sum))

	results := make([]caseResult, len(inputs))
	var runner strings.Builder
	runner.WriteString("package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n\n")
	for i, in := range inputs {
		name := fmt.Sprintf("c%03d", i)
		results[i].prog = genProgram(name, in)
		write(filepath.Join(name, name+".go"), results[i].prog.src)
		fmt.Fprintf(&runner, "\t%s %q\n", name, module+"/"+name)
	}
	runner.WriteString(")\n\ntype run func(ctx context.Context, n int, c0, c1, c2, c3, c4 bool) int\n\nfunc main() {\n\tcases := []run{")
	for i := range inputs {
		fmt.Fprintf(&runner, "c%03d.Run, ", i)
	}
	runner.WriteString("}\n\tns := []int{")
	for i := range inputs {
		fmt.Fprintf(&runner, "%d, ", results[i].prog.n)
	}
	runner.WriteString("}\n\tcombos := []int{")
	for i := range inputs {
		fmt.Fprintf(&runner, "%d, ", 1<<results[i].prog.branches)
	}
	// Everything goes to standard error, where the debug build reports
	// double consumptions, so that each report follows its run's line.
	runner.WriteString(`}
	for i, run := range cases {
		for c := 0; c < combos[i]; c++ {
			fmt.Fprintf(os.Stderr, "CASE %d COMBO %d\n", i, c)
			func() {
				defer func() {
					if r := recover(); r != nil {
						fmt.Fprintf(os.Stderr, "PANIC %s\n", strings.ReplaceAll(fmt.Sprint(r), "\n", " "))
					}
				}()
				run(context.Background(), ns[i], c&1 != 0, c&2 != 0, c&4 != 0, c&8 != 0, c&16 != 0)
			}()
		}
	}
	fmt.Fprintln(os.Stderr, "DONE")
}
`)
	write(filepath.Join("runner", "main.go"), runner.String())

	// The analyzer, over every case package at once.
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, module+"/c...")
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatalf("generated programs do not compile; first one:\n%s", numbered(results[0].prog.src))
	}
	g, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	index := func(pkgPath string) int {
		i, err := strconv.Atoi(strings.TrimPrefix(pkgPath, module+"/c"))
		if err != nil {
			return -1
		}
		return i
	}
	for act := range g.All() {
		i := index(act.Package.PkgPath)
		if i < 0 {
			if act.Err != nil && strings.HasPrefix(act.Analyzer.Name, "valuetask") {
				tb.Fatalf("%s: %v", act, act.Err)
			}
			continue
		}
		if act.Err != nil && (results[i].err == "" || strings.HasPrefix(results[i].err, "failed prerequisites")) {
			results[i].err = act.Err.Error()
		}
		if act.Analyzer != analyzer.Analyzer {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			if d.Category != "double-await" && d.Category != "concurrent-await" {
				continue
			}
			f := finding{line: fset.Position(d.Pos).Line}
			for _, rel := range d.Related {
				f.related = append(f.related, fset.Position(rel.Pos).Line)
			}
			f.text = fmt.Sprintf("%d: %s: %s", f.line, d.Category, d.Message)
			results[i].findings = append(results[i].findings, f)
		}
	}

	// The programs, under the runtime's debug checks, reporting and going on.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-tags", "valuetaskdebug", "-o", "runner.bin", "./runner")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	run := exec.CommandContext(ctx, filepath.Join(dir, "runner.bin"))
	run.Env = append(os.Environ(), "VALUETASK_DEBUG=log")
	var stderr bytes.Buffer
	run.Stderr = &stderr
	if err := run.Run(); err != nil {
		tb.Fatalf("runner: %v\n%s", err, stderr.Bytes())
	}
	if out := os.Getenv("VALUETASK_FUZZ_DUMP"); out != "" {
		os.WriteFile(out, stderr.Bytes(), 0o644)
	}
	cur, combo := -1, 0
	sc := bufio.NewScanner(&stderr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	done := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "CASE "):
			if _, err := fmt.Sscanf(line, "CASE %d COMBO %d", &cur, &combo); err != nil || cur < 0 || cur >= len(results) {
				tb.Fatalf("runner printed %q", line)
			}
		case strings.HasPrefix(line, "PANIC "):
			if results[cur].panic == "" {
				results[cur].panic = fmt.Sprintf("inputs %05b: %s", combo, strings.TrimPrefix(line, "PANIC "))
			}
		case strings.HasPrefix(line, "valuetask: ValueTask consumed twice: "):
			results[cur].doubles = append(results[cur].doubles, parseDouble(line, fmt.Sprintf("c%03d.go", cur), combo))
		case line == "DONE":
			done = true
		}
	}
	if !done {
		tb.Fatalf("the runner stopped early:\n%s", stderr.Bytes())
	}
	byInput := make(map[string]caseResult, len(inputs))
	for i, in := range inputs {
		byInput[string(in)] = results[i]
	}
	return byInput
}

var fileLine = regexp.MustCompile(`([^ (),]+):(\d+)`)

// parseDouble reads the debug build's report of a double consumption: the
// lines of file that led to the first consumption and to the second.
func parseDouble(report, file string, combo int) double {
	d := double{combo: combo}
	msg := strings.TrimPrefix(report, "valuetask: ValueTask consumed twice: ")
	first, again, _ := strings.Cut(msg, ", again at ")
	lines := func(s string) []int {
		var out []int
		for _, m := range fileLine.FindAllStringSubmatch(s, -1) {
			if filepath.Base(m[1]) == file {
				n, _ := strconv.Atoi(m[2])
				out = append(out, n)
			}
		}
		return out
	}
	d.first, d.again = lines(first), lines(again)
	short := func(s string) string {
		return fileLine.ReplaceAllStringFunc(s, func(x string) string { return filepath.Base(x) })
	}
	d.text = short(msg)
	return d
}
