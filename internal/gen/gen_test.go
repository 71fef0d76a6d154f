package gen_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"github.com/go-valuetask/valuetask/internal/gen"
	"golang.org/x/tools/go/analysis/analysistest"
)

// writeModule generates a module into a temporary directory, replacing the
// runtime with this repository.
func writeModule(t *testing.T, cfg gen.Config) (string, *gen.Result) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Replace = root
	if cfg.GoSum, err = os.ReadFile(filepath.Join(root, "go.sum")); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := gen.Write(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return dir, res
}

// TestAnalyzerVerdicts runs the analyzer over a generated module in which
// every package holds one misuse: it must report exactly the `// want`
// comments, so the correct code (loops, closures, goroutines, helpers in
// other packages through facts, the pathological function) gets no
// diagnostic and every misuse pattern gets its own.
func TestAnalyzerVerdicts(t *testing.T) {
	dir, res := writeModule(t, gen.Config{Packages: 9, Plain: 1, Seed: 3, Misuse: true, MisuseEvery: 1, Pathological: 120})
	if res.Misuses < 7 {
		t.Fatalf("only %d misuses generated", res.Misuses)
	}
	analysistest.Run(t, dir, analyzer.Analyzer, "./...")
}

func TestDeterministic(t *testing.T) {
	cfg := gen.Config{Packages: 5, Seed: 42, Misuse: true, Pathological: 20}
	a, _ := writeModule(t, cfg)
	b, _ := writeModule(t, cfg)
	cfg.Seed = 43
	c, _ := writeModule(t, cfg)
	read := func(dir string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, "pkgs", "p004", "p004.go"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	if !bytes.Equal(read(a), read(b)) {
		t.Error("the same seed wrote different code")
	}
	if bytes.Equal(read(a), read(c)) {
		t.Error("different seeds wrote the same code")
	}
}

// TestBuilds compiles a larger generated module with the go command.
func TestBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a module")
	}
	dir, res := writeModule(t, gen.Config{Packages: 24, Plain: 2, Seed: 1, Misuse: true, Pathological: 400})
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet ./...: %v\n%s", err, out)
	}
	if res.Lines < 10000 {
		t.Errorf("only %d lines for 24 packages", res.Lines)
	}
	if !strings.HasPrefix(gen.GoMod("m", ""), "module m\n") {
		t.Error("GoMod")
	}
}
