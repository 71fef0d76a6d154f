package main

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"time"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// finding is one diagnostic of a root package, once.
type finding struct {
	pkg  *packages.Package // the first package (by ID) that reported it
	name string            // the analyzer's name
	diag analysis.Diagnostic
	posn token.Position
	end  token.Position
}

// failure is an error of one analysis action, or of loading.
type failure struct {
	pkgID, analyzer string
	err             error
}

// results is what a run found.
type results struct {
	findings []finding // sorted by file, line, column
	failures []failure // sorted by package, then analyzer
	// loadErrors counts the errors of loading and type-checking, which
	// packages.PrintErrors printed.
	loadErrors int
	// mainModule is the main module of the run, if any.
	mainModule *packages.Module
}

// check loads the packages, runs the analyzer and prints what it found.
func check(opts *options, stdout, stderr io.Writer) int {
	stop, err := startProfiles(opts)
	if err != nil {
		log.Print(err)
		return 1
	}
	defer stop()

	res, err := analyze(opts, stderr)
	if err != nil {
		log.Print(err)
		return 1
	}

	exit := 0
	if res.loadErrors > 0 || len(res.failures) > 0 {
		exit = 1
	}
	switch {
	case opts.json:
		if err := writeJSON(stdout, res); err != nil {
			log.Print(err)
			return 1
		}
		return exit // findings do not count, as in x/tools
	case opts.sarif:
		if err := writeSARIF(stdout, res); err != nil {
			log.Print(err)
			return 1
		}
	default:
		if err := writeText(stderr, res, opts.context); err != nil {
			log.Print(err)
			return 1
		}
	}
	if exit == 0 && len(res.findings) > 0 {
		exit = 3
	}
	return exit
}

// analyze loads the packages of opts.patterns and runs the analyzer on them.
func analyze(opts *options, stderr io.Writer) (*results, error) {
	if opts.dbg('v') {
		log.SetPrefix("")
		log.SetFlags(log.Lmicroseconds)
		log.Printf("load %s", opts.patterns)
	}
	env := os.Environ()
	if opts.tagsSet {
		env = append(env, "GOFLAGS="+goflagsWithTags(os.Getenv("GOFLAGS"), opts.tags))
	}
	cfg := &packages.Config{
		// The analyzer passes facts between packages, so every
		// dependency is loaded from source.
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: opts.tests,
		Env:   env,
	}
	initial, err := packages.Load(cfg, opts.patterns...)
	if err != nil {
		return nil, err
	}
	if len(initial) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(opts.patterns, " "))
	}
	res := &results{}
	// Loading and type errors, as the x/tools checker prints them; the
	// analysis of those packages fails below.
	res.loadErrors = printErrors(stderr, initial)

	var factLog io.Writer
	if opts.dbg('f') {
		factLog = stderr
	}
	if opts.dbg('v') {
		log.Printf("building graph of analysis passes")
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, initial, &checker.Options{
		SanityCheck: opts.dbg('s'),
		Sequential:  opts.dbg('p'),
		FactLog:     factLog,
	})
	if err != nil {
		return nil, err
	}
	collect(res, graph)
	res.mainModule = mainModule(initial)
	if opts.dbg('t') {
		printTimes(stderr, graph, opts.dbg('p'))
	}
	return res, nil
}

// printErrors prints the errors of the packages and their dependencies,
// each once, and returns how many there were.
func printErrors(w io.Writer, pkgs []*packages.Package) int {
	seen := make(map[string]bool)
	n := 0
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			n++
			if s := e.Error(); !seen[s] {
				seen[s] = true
				fmt.Fprintln(w, s)
			}
		}
		if p.Module != nil && p.Module.Error != nil {
			n++
			if s := p.Module.Error.Err; !seen[s] {
				seen[s] = true
				fmt.Fprintln(w, s)
			}
		}
	})
	return n
}

// collect gathers the findings of the root actions, each once, and the
// errors of all actions.
//
// go/packages loads a package with tests as the package itself (ID "p")
// and its test variant ("p [p.test]"), which compiles the same non-test
// files again. The roots are visited in ID order, so a finding in a
// non-test file stays with "p" and is not repeated under "p [p.test]".
func collect(res *results, graph *checker.Graph) {
	roots := slices.Clone(graph.Roots)
	slices.SortFunc(roots, func(a, b *checker.Action) int {
		return cmp.Or(cmp.Compare(a.Package.ID, b.Package.ID), cmp.Compare(a.Analyzer.Name, b.Analyzer.Name))
	})
	type key struct {
		name, category, message string
		posn, end               token.Position
	}
	seen := make(map[key]bool)
	for _, act := range roots {
		if act.Err != nil {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			posn := fset.Position(d.Pos)
			end := fset.Position(cmp.Or(d.End, d.Pos))
			k := key{act.Analyzer.Name, d.Category, d.Message, posn, end}
			if seen[k] {
				continue
			}
			seen[k] = true
			res.findings = append(res.findings, finding{pkg: act.Package, name: act.Analyzer.Name, diag: d, posn: posn, end: end})
		}
	}
	slices.SortStableFunc(res.findings, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			cmp.Compare(a.diag.Category, b.diag.Category),
			cmp.Compare(a.diag.Message, b.diag.Message),
		)
	})

	for act := range graph.All() {
		if act.Err != nil {
			res.failures = append(res.failures, failure{act.Package.ID, act.Analyzer.Name, act.Err})
		}
	}
	slices.SortFunc(res.failures, func(a, b failure) int {
		return cmp.Or(cmp.Compare(a.pkgID, b.pkgID), cmp.Compare(a.analyzer, b.analyzer))
	})
}

// mainModule returns the main module that holds the working directory, or
// else the main module of the first package, or nil.
func mainModule(pkgs []*packages.Package) *packages.Module {
	wd, _ := os.Getwd()
	var first, best *packages.Module
	for _, p := range pkgs {
		m := p.Module
		if m == nil || !m.Main || m.Dir == "" {
			continue
		}
		if first == nil {
			first = m
		}
		// In a workspace, the innermost module that holds the directory.
		if wd != "" && within(wd, m.Dir) && (best == nil || len(m.Dir) > len(best.Dir)) {
			best = m
		}
	}
	return cmp.Or(best, first)
}

// startProfiles starts the profiles and the trace that the flags ask for,
// and returns a function that writes them.
func startProfiles(opts *options) (stop func(), err error) {
	var stops []func()
	stop = func() {
		for _, f := range slices.Backward(stops) {
			f()
		}
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	if opts.cpuProfile != "" {
		f, err := os.Create(opts.cpuProfile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if opts.traceFile != "" {
		f, err := os.Create(opts.traceFile)
		if err != nil {
			return nil, err
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			return nil, err
		}
		stops = append(stops, func() {
			trace.Stop()
			f.Close()
			log.Printf("To view the trace, run:\n$ go tool trace view %s", opts.traceFile)
		})
	}
	if opts.memProfile != "" {
		f, err := os.Create(opts.memProfile)
		if err != nil {
			return nil, err
		}
		stops = append(stops, func() {
			runtime.GC() // up-to-date statistics
			if err := pprof.WriteHeapProfile(f); err != nil {
				log.Printf("writing the memory profile: %v", err)
			}
			f.Close()
		})
	}
	return stop, nil
}

// printTimes prints the actions that took 90% of the time (-debug=t).
func printTimes(w io.Writer, graph *checker.Graph, sequential bool) {
	if !sequential {
		log.Println("Warning: times are mostly GC/scheduler noise; use -debug=tp to disable parallelism")
	}
	var list []*checker.Action
	var total time.Duration
	for act := range graph.All() {
		list = append(list, act)
		total += act.Duration
	}
	slices.SortFunc(list, func(a, b *checker.Action) int { return cmp.Compare(b.Duration, a.Duration) })
	var sum time.Duration
	for _, act := range list {
		fmt.Fprintf(w, "%s\t%s\n", act.Duration, act)
		sum += act.Duration
		if sum >= total*9/10 {
			break
		}
	}
	if total > sum {
		fmt.Fprintf(w, "%s\tall others\n", total-sum)
	}
}
