package analyzer_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// testModulePath is the module the test packages of testdata/src live in.
const testModulePath = "example.com/vt"

var (
	moduleOnce sync.Once
	moduleDir  string
	moduleErr  error
)

// testModule returns a temporary module holding a copy of testdata/src,
// whose go.mod requires this module through a replace. A go.mod committed
// under testdata would drop that folder from the published module, so it
// is written at test time instead.
func testModule(t testing.TB) string {
	t.Helper()
	moduleOnce.Do(func() { moduleDir, moduleErr = makeTestModule() })
	if moduleErr != nil {
		t.Fatalf("making the test module: %v", moduleErr)
	}
	return moduleDir
}

func makeTestModule() (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "valuetask-analyzer-test-")
	if err != nil {
		return "", err
	}
	src := filepath.Join(root, "testdata", "src")
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		return "", err
	}
	gomod := "module " + testModulePath + "\n\ngo 1.26.0\n\n" +
		"require github.com/go-valuetask/valuetask v0.0.0\n\n" +
		"replace github.com/go-valuetask/valuetask => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return "", err
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if moduleDir != "" {
		os.RemoveAll(moduleDir)
	}
	os.Exit(code)
}
