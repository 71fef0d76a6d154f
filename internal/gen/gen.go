// Package gen writes synthetic Go modules of valuetask-using code, for the
// analyzer's benchmarks, scale checks and tests.
//
// A module holds N packages p000 … pN-1 under pkgs/. Package i imports up
// to two earlier packages and calls their exported helpers (which consume,
// query, or pass on the ValueTasks they are given), so the analyzer's facts
// are exercised across packages. Each package mixes correct valuetask code
// (loops, branches, closures, goroutines with a WaitGroup, WhenAll with
// AsTask, Preserve, defers, channels, struct fields, generics) with plain
// code that never touches a ValueTask. With Config.Misuse a few packages
// also hold one real misuse each, marked with an analysistest `// want`
// comment. Optionally a package patho holds one pathological function:
// thousands of blocks and ValueTasks in a single body.
//
// The output is a pure function of the Config: the same seed gives the
// same bytes.
package gen

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// DefaultModule is the module path of generated modules.
const DefaultModule = "example.com/vtsynth"

// RuntimeModule is the module that provides the valuetask runtime.
const RuntimeModule = "github.com/go-valuetask/valuetask"

// Config says what to generate.
type Config struct {
	// Packages is the number of valuetask-using packages.
	Packages int
	// Plain is the number of extra packages that never touch valuetask.
	Plain int
	// Seed makes the output deterministic.
	Seed int64
	// Module is the module path; DefaultModule if empty.
	Module string
	// Replace, if set, is the directory of the valuetask module, written
	// as a replace directive into go.mod.
	Replace string
	// GoSum, if set, is copied to go.sum.
	GoSum []byte
	// Misuse adds one real misuse to every MisuseEvery-th package, marked
	// with a `// want` comment.
	Misuse bool
	// MisuseEvery is the spacing of misuse packages; 8 if zero.
	MisuseEvery int
	// Pathological, if positive, adds package patho whose function
	// Pathological has that many steps (each a few blocks and ValueTasks).
	Pathological int
	// Units is the number of valuetask code units per package; 14 if zero.
	Units int
}

// Result describes what Write wrote.
type Result struct {
	Dir      string
	Module   string
	Packages []string // import paths, in dependency order
	Files    int
	Lines    int
	Bytes    int
	Misuses  int // number of `// want` annotations
}

// Write writes the module described by cfg into dir (created if needed).
func Write(dir string, cfg Config) (*Result, error) {
	if cfg.Module == "" {
		cfg.Module = DefaultModule
	}
	if cfg.MisuseEvery <= 0 {
		cfg.MisuseEvery = 8
	}
	if cfg.Units <= 0 {
		cfg.Units = 14
	}
	res := &Result{Dir: dir, Module: cfg.Module}
	write := func(rel string, data []byte) error {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		res.Files++
		res.Bytes += len(data)
		res.Lines += strings.Count(string(data), "\n")
		return os.WriteFile(path, data, 0o644)
	}
	if err := write("go.mod", []byte(GoMod(cfg.Module, cfg.Replace))); err != nil {
		return nil, err
	}
	if cfg.GoSum != nil {
		if err := write("go.sum", cfg.GoSum); err != nil {
			return nil, err
		}
	}
	for i := 0; i < cfg.Plain; i++ {
		name := fmt.Sprintf("plain%03d", i)
		src := PlainPackage(name, cfg.Seed+int64(i)*7919)
		if err := write(filepath.Join("pkgs", name, name+".go"), src); err != nil {
			return nil, err
		}
		res.Packages = append(res.Packages, cfg.Module+"/pkgs/"+name)
	}
	for i := 0; i < cfg.Packages; i++ {
		p := newPackage(cfg, i)
		src, wants := p.source()
		res.Misuses += wants
		if err := write(filepath.Join("pkgs", p.name, p.name+".go"), src); err != nil {
			return nil, err
		}
		res.Packages = append(res.Packages, cfg.Module+"/pkgs/"+p.name)
	}
	if cfg.Pathological > 0 {
		if err := write(filepath.Join("patho", "patho.go"), PathologicalPackage("patho", cfg.Pathological)); err != nil {
			return nil, err
		}
		res.Packages = append(res.Packages, cfg.Module+"/patho")
	}
	return res, nil
}

// GoMod returns a go.mod for a generated module that requires the runtime,
// replaced by the directory replace if it is not empty.
func GoMod(module, replace string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo 1.26.0\n\nrequire %s v0.0.0\n", module, RuntimeModule)
	if replace != "" {
		fmt.Fprintf(&b, "\nreplace %s => %s\n", RuntimeModule, replace)
	}
	return b.String()
}

// pkg is one valuetask-using package being generated.
type pkg struct {
	cfg   Config
	index int
	name  string
	deps  []string // package names of the imported earlier packages
	rng   *rand.Rand
}

func pkgName(i int) string { return fmt.Sprintf("p%03d", i) }

func newPackage(cfg Config, i int) *pkg {
	p := &pkg{cfg: cfg, index: i, name: pkgName(i), rng: rand.New(rand.NewSource(cfg.Seed*1_000_003 + int64(i)))}
	if i > 0 {
		p.deps = append(p.deps, pkgName(i-1))
		if i > 2 {
			p.deps = append(p.deps, pkgName(p.rng.Intn(i-1))) // one of p000 … p(i-2)
		}
	}
	return p
}

// source returns the package's file and the number of `// want` comments.
func (p *pkg) source() ([]byte, int) {
	var b strings.Builder
	fmt.Fprintf(&b, "// Code generated by vtgen; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "// Package %s is synthetic valuetask-using code (seed %d).\n", p.name, p.cfg.Seed)
	fmt.Fprintf(&b, "package %s\n\nimport (\n", p.name)
	for _, imp := range []string{"context", "errors", "fmt", "sort", "strings", "sync"} {
		fmt.Fprintf(&b, "\t%q\n", imp)
	}
	fmt.Fprintf(&b, "\n\t%q\n", RuntimeModule+"/valuetask")
	if len(p.deps) > 0 {
		b.WriteString("\n")
		for _, d := range p.deps {
			fmt.Fprintf(&b, "\t%q\n", p.cfg.Module+"/pkgs/"+d)
		}
	}
	b.WriteString(")\n\nvar (\n\t_ = errors.New\n\t_ = fmt.Sprint\n\t_ = sort.Ints\n\t_ = strings.TrimSpace\n\t_ sync.Mutex\n)\n")
	b.WriteString(p.expand(baseUnit, 0))

	// Every package uses every dependency at least once.
	unit := 1
	for _, d := range p.deps {
		b.WriteString(p.expandWith(crossUnits[p.rng.Intn(len(crossUnits))], unit, d))
		unit++
	}
	for k := 0; k < p.cfg.Units; k++ {
		var t string
		if len(p.deps) > 0 && p.rng.Intn(4) == 0 {
			t = crossUnits[p.rng.Intn(len(crossUnits))]
		} else {
			t = localUnits[p.rng.Intn(len(localUnits))]
		}
		b.WriteString(p.expand(t, unit))
		unit++
		if k%2 == 1 {
			b.WriteString(p.expand(plainUnits[p.rng.Intn(len(plainUnits))], unit))
			unit++
		}
	}
	wants := 0
	if p.cfg.Misuse && p.index%p.cfg.MisuseEvery == p.cfg.MisuseEvery-1 {
		t := misuseUnits[(p.index/p.cfg.MisuseEvery)%len(misuseUnits)]
		if strings.Contains(t, "$D") && len(p.deps) == 0 {
			t = misuseUnits[0]
		}
		b.WriteString(p.expand(t, unit))
		wants += strings.Count(t, "// want")
	}
	return []byte(b.String()), wants
}

// expand fills in a unit template: $N the unit number, $D a dependency
// (this package itself when it has none), $P the package name.
func (p *pkg) expand(t string, n int) string {
	dep := ""
	if len(p.deps) > 0 {
		dep = p.deps[p.rng.Intn(len(p.deps))]
	}
	return p.expandWith(t, n, dep)
}

func (p *pkg) expandWith(t string, n int, dep string) string {
	r := strings.NewReplacer("$N", fmt.Sprint(n), "$P", p.name, "$D.", depPrefix(dep), "$K", fmt.Sprint(p.rng.Intn(7)+2))
	return r.Replace(t)
}

func depPrefix(dep string) string {
	if dep == "" {
		return ""
	}
	return dep + "."
}

// PlainPackage returns a package that never touches valuetask: the kind of
// code most packages of a large repository hold.
func PlainPackage(name string, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	fmt.Fprintf(&b, "// Code generated by vtgen; DO NOT EDIT.\n\n// Package %s never touches valuetask.\npackage %s\n\n", name, name)
	b.WriteString("import (\n\t\"errors\"\n\t\"fmt\"\n\t\"sort\"\n\t\"strings\"\n\t\"sync\"\n)\n\nvar (\n\t_ = errors.New\n\t_ = fmt.Sprint\n\t_ = sort.Ints\n\t_ = strings.TrimSpace\n\t_ sync.Mutex\n)\n")
	r := strings.NewReplacer("$P", name)
	for n := 0; n < 20; n++ {
		t := plainUnits[rng.Intn(len(plainUnits))]
		b.WriteString(strings.NewReplacer("$N", fmt.Sprint(n), "$K", fmt.Sprint(rng.Intn(7)+2)).Replace(r.Replace(t)))
	}
	return []byte(b.String())
}
