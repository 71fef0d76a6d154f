// Command vtgen writes a synthetic module of valuetask-using packages, for
// benchmarks and scale checks of the analyzer.
//
//	vtgen -n 40 -out /tmp/synth                    # 40 packages
//	vtgen -n 0 -pathological 2000 -out /tmp/patho  # only the pathological function
//
// The module requires github.com/go-valuetask/valuetask, replaced by the
// directory given with -replace (by default the module this command is run
// from, found by walking up to its go.mod), so `go vet ./...` works in -out
// at once.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-valuetask/valuetask/internal/gen"
)

func main() {
	var cfg gen.Config
	out := flag.String("out", "", "directory to write the module into (required)")
	flag.IntVar(&cfg.Packages, "n", 20, "number of valuetask-using packages")
	flag.IntVar(&cfg.Plain, "plain", 0, "number of extra packages that never touch valuetask")
	flag.Int64Var(&cfg.Seed, "seed", 1, "seed; the same seed writes the same module")
	flag.IntVar(&cfg.Pathological, "pathological", 0, "if > 0, add package patho with a function of this many steps")
	flag.BoolVar(&cfg.Misuse, "misuse", true, "add one real misuse (with a // want comment) to every 8th package")
	flag.IntVar(&cfg.Units, "units", 0, "valuetask code units per package (default 14)")
	flag.StringVar(&cfg.Module, "module", gen.DefaultModule, "module path")
	flag.StringVar(&cfg.Replace, "replace", "", "directory of the valuetask module for the replace directive (default: found from the working directory)")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: vtgen -out DIR [-n N] [-seed S] [-pathological STEPS] [-plain N] [-misuse=false]")
		os.Exit(2)
	}
	if cfg.Replace == "" {
		root, err := findRuntimeModule()
		if err != nil {
			fmt.Fprintln(os.Stderr, "vtgen:", err)
			os.Exit(1)
		}
		cfg.Replace = root
	}
	if sum, err := os.ReadFile(filepath.Join(cfg.Replace, "go.sum")); err == nil {
		cfg.GoSum = sum
	}
	res, err := gen.Write(*out, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vtgen:", err)
		os.Exit(1)
	}
	fmt.Printf("vtgen: wrote %d packages, %d files, %d lines, %d bytes, %d misuses to %s\n",
		len(res.Packages), res.Files, res.Lines, res.Bytes, res.Misuses, res.Dir)
}

// findRuntimeModule walks up from the working directory to the go.mod of
// the valuetask module.
func findRuntimeModule() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(bytes.TrimSpace(data), []byte("module "+gen.RuntimeModule+"\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the " + gen.RuntimeModule + " module: pass -replace DIR")
		}
		dir = parent
	}
}
