// Command valuetaskcheck runs the valuetask analyzer.
//
// Standalone:
//
//	valuetaskcheck ./...               # exit status 3 on findings, 1 on errors
//	valuetaskcheck -tags integration ./...
//	valuetaskcheck -json ./...         # the x/tools JSON, each finding once
//	valuetaskcheck -sarif ./... > valuetask.sarif   # SARIF 2.1.0 for code scanning
//	valuetaskcheck -fix ./...          # insert the missing AsTask() calls
//	valuetaskcheck -V=full             # the module version and build ID
//
// As a go vet tool:
//
//	go vet -vettool=$(which valuetaskcheck) ./...
//
// It takes the flags of an x/tools singlechecker, plus -tags and -sarif.
// The go vet protocol (-flags, -V=full and a vet.cfg file) and -fix go
// through golang.org/x/tools/go/analysis/singlechecker unchanged. Plain
// runs, -json and -sarif load the packages with go/packages (honouring
// -tags) and run the analyzer with golang.org/x/tools/go/analysis/checker,
// so that the output can list each finding once, in file order.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/go-valuetask/valuetask/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("valuetaskcheck: ")
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command with the arguments after the program name and
// returns its exit status. It does not return when it hands the run to
// singlechecker.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stdout, stderr)
	switch {
	case err == flag.ErrHelp:
		return 0
	case err != nil:
		fmt.Fprintf(stderr, "valuetaskcheck: %v\nRun 'valuetaskcheck -h' for the flags.\n", err)
		return 2
	}

	// The go vet protocol, and -fix, are singlechecker's.
	if opts.printFlags || opts.vetConfig() || opts.fix {
		if opts.tagsSet {
			// singlechecker accepts -tags and ignores it; go list (which
			// go/packages runs) reads the tags from GOFLAGS instead.
			os.Setenv("GOFLAGS", goflagsWithTags(os.Getenv("GOFLAGS"), opts.tags))
		}
		flag.Var(versionFlag{stdout}, "V", versionUsage)
		singlechecker.Main(analyzer.Analyzer)
		panic("unreachable")
	}

	if len(opts.patterns) == 0 {
		usage(stderr, opts.fs)
		return 1
	}
	return check(opts, stdout, stderr)
}

// options are the command-line flags of a standalone run.
type options struct {
	fs       *flag.FlagSet
	patterns []string

	json, sarif, fix, diff bool
	context                int
	tests                  bool
	tags                   string
	tagsSet                bool // -tags was given, maybe empty
	printFlags             bool

	debug, cpuProfile, memProfile, traceFile string
	verbose                                  bool
}

// vetConfig reports whether go vet runs the command on one package
// (unitchecker's protocol: a single vet.cfg argument).
func (o *options) vetConfig() bool {
	return len(o.patterns) == 1 && strings.HasSuffix(o.patterns[0], ".cfg")
}

func (o *options) dbg(b byte) bool { return strings.IndexByte(o.debug, b) >= 0 }

const versionUsage = "print version and exit (-V=full: with the build ID, for go vet's cache)"

// parseFlags parses the flags of a singlechecker, plus -tags and -sarif.
func parseFlags(args []string, stdout, stderr io.Writer) (*options, error) {
	o := &options{context: -1, tests: true}
	fs := flag.NewFlagSet("valuetaskcheck", flag.ContinueOnError)
	// Errors are printed by the caller, with a hint instead of the usage.
	fs.SetOutput(io.Discard)
	o.fs = fs
	fs.Usage = func() {}

	// As analysisflags and the internal checker of x/tools register them.
	fs.BoolVar(&o.printFlags, "flags", false, "print analyzer flags in JSON")
	fs.Var(versionFlag{stdout}, "V", versionUsage)
	fs.BoolVar(&o.json, "json", false, "emit JSON output (each finding once; the exit status does not count findings)")
	fs.IntVar(&o.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&o.fix, "fix", false, "apply all suggested fixes")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, don't update the files, but print a unified diff")
	fs.BoolVar(&o.tests, "test", true, "indicates whether test files should be analyzed, too")
	fs.StringVar(&o.debug, "debug", "", `debug flags, any subset of "fpstv"`)
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write CPU profile to this file")
	fs.StringVar(&o.memProfile, "memprofile", "", "write memory profile to this file")
	fs.StringVar(&o.traceFile, "trace", "", "write trace log to this file")
	// Legacy vet flags that x/tools still accepts; -v is -debug=v.
	fs.Bool("source", false, "no effect (deprecated)")
	fs.BoolVar(&o.verbose, "v", false, "no effect (deprecated)")
	fs.Bool("all", false, "no effect (deprecated)")
	// This command's own.
	fs.StringVar(&o.tags, "tags", "", "a comma-separated list of build tags to consider satisfied, as go build -tags takes them")
	fs.BoolVar(&o.sarif, "sarif", false, "emit a SARIF 2.1.0 log on standard output instead of text (exit status 3 on findings)")
	analyzer.Analyzer.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })

	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			usage(stderr, fs)
		}
		return nil, err
	}
	o.patterns = fs.Args()
	fs.Visit(func(f *flag.Flag) { o.tagsSet = o.tagsSet || f.Name == "tags" })
	if o.verbose && !o.dbg('v') {
		o.debug += "v"
	}
	var err error
	if o.tags, err = normalizeTags(o.tags); err != nil {
		return nil, err
	}
	switch {
	case o.json && o.sarif:
		return nil, fmt.Errorf("-json and -sarif cannot be combined")
	case o.sarif && o.fix:
		return nil, fmt.Errorf("-sarif and -fix cannot be combined")
	case o.json && o.fix:
		return nil, fmt.Errorf("-json and -fix cannot be combined")
	}
	if strings.Trim(o.debug, "fpstv") != "" {
		return nil, fmt.Errorf("-debug=%s: the debug flags are a subset of \"fpstv\"", o.debug)
	}
	return o, nil
}

func usage(w io.Writer, fs *flag.FlagSet) {
	paras := strings.Split(analyzer.Analyzer.Doc, "\n\n")
	fmt.Fprintf(w, "valuetaskcheck: %s\n\n", paras[0])
	fmt.Fprintf(w, "Usage: valuetaskcheck [-flag] [package]\n\n")
	if len(paras) > 1 {
		fmt.Fprintln(w, strings.Join(paras[1:], "\n\n"))
	}
	fmt.Fprintln(w, "\nExit status: 3 with findings (not with -json), 1 on errors, 0 otherwise.")
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// normalizeTags checks a -tags value and returns it comma-separated, the
// form go build takes (it also takes the older space-separated form).
func normalizeTags(tags string) (string, error) {
	fields := strings.FieldsFunc(tags, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	for _, t := range fields {
		for _, r := range t {
			if !(r == '_' || r == '.' || r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
				return "", fmt.Errorf("-tags %q: %q is not a build tag (letters, digits, '_', '.' and '-' only)", tags, t)
			}
		}
	}
	return strings.Join(fields, ","), nil
}

// goflagsWithTags returns GOFLAGS with -tags set to tags: it replaces a
// -tags of GOFLAGS, as -tags on the go command line does.
func goflagsWithTags(goflags, tags string) string {
	var out []string
	for _, f := range strings.Fields(goflags) {
		if f == "-tags" || f == "--tags" || strings.HasPrefix(f, "-tags=") || strings.HasPrefix(f, "--tags=") {
			continue
		}
		out = append(out, f)
	}
	return strings.Join(append(out, "-tags="+tags), " ")
}
