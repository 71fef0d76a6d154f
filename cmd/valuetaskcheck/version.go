package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
)

// modulePath is the module this command belongs to.
const modulePath = "github.com/go-valuetask/valuetask"

// moduleVersion returns the version of this module that the binary was
// built from, as the build info records it: the version go install
// …@vX.Y.Z or go get -tool fetched, the VCS pseudo-version of a build in a
// checkout, or "(devel)" (a build without VCS information, or one that
// replaces the module with a directory).
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	mod := &bi.Main
	if mod.Path != modulePath {
		// Built as a dependency: go tool, or go build in another module.
		mod = nil
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				mod = d
				break
			}
		}
		if mod == nil {
			return "(devel)"
		}
	}
	if r := mod.Replace; r != nil {
		if r.Version != "" {
			return r.Version
		}
		return "(devel)"
	}
	if mod.Version == "" {
		return "(devel)"
	}
	return mod.Version
}

// versionFlag is -V: -V prints the version, -V=full also the Go version
// and a build ID, the line go vet keys its cache on.
//
// go vet runs `tool -V=full` and keys the cached results of the tool on
// its output: on the build ID (the last field) when the third field
// contains "devel", on the whole line otherwise. The build ID is a hash of
// the executable, so a rebuilt tool never replays the results of an
// earlier one, whatever its version says.
type versionFlag struct{ w io.Writer }

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }

func (f versionFlag) Set(s string) error {
	switch s {
	case "true":
		fmt.Fprintf(f.w, "valuetaskcheck version %s\n", moduleVersion())
	case "full":
		id, err := executableHash()
		if err != nil {
			return fmt.Errorf("cannot compute the build ID: %v", err)
		}
		fmt.Fprintf(f.w, "valuetaskcheck version %s %s buildID=%s\n", moduleVersion(), runtime.Version(), id)
	default:
		return fmt.Errorf("unsupported value (use -V or -V=full)")
	}
	os.Exit(0)
	return nil
}

// executableHash returns the SHA-256 of the running executable, in hex.
func executableHash() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}
