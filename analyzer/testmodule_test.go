package analyzer_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-valuetask/valuetask/internal/testmod"
)

// testModulePath is the module the test packages of testdata/src live in.
const testModulePath = "example.com/vt"

var (
	moduleOnce sync.Once
	moduleDir  string
	moduleErr  error
)

// testModule returns a temporary module holding a copy of testdata/src
// (see internal/testmod).
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
	return dir, testmod.Copy(dir, filepath.Join(root, "testdata", "src"), testModulePath, root)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if moduleDir != "" {
		os.RemoveAll(moduleDir)
	}
	os.Exit(code)
}
