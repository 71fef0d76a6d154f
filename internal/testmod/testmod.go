// Package testmod writes the temporary Go modules the tests run the
// analyzer in: a copy of a testdata tree whose go.mod requires this module
// through a replace. A go.mod committed under testdata would drop that
// folder from the published module, so it is written at test time instead.
package testmod

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/go-valuetask/valuetask/internal/gen"
)

// Copy copies the tree src into dir (created if needed) and makes dir the
// module modulePath, requiring this module from the checkout at repoRoot,
// whose go.sum it copies too.
func Copy(dir, src, modulePath, repoRoot string) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
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
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gen.GoMod(modulePath, repoRoot)), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
}
