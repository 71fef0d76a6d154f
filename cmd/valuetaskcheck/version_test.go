package main_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	modzip "golang.org/x/mod/zip"

	"golang.org/x/mod/module"
)

// fullVersion matches -V=full: the module version, the Go version and the
// build ID that go vet keys its cache on.
var fullVersion = regexp.MustCompile(`^valuetaskcheck version (\S+) go\S+ buildID=([0-9a-f]{64})\n$`)

func TestVersion(t *testing.T) {
	// The test binary is built with -buildvcs=false: no VCS information.
	r := check(t, tmpRoot, "-V")
	if r.code != 0 || r.stdout != "valuetaskcheck version (devel)\n" {
		t.Errorf("valuetaskcheck -V: exit status %d, output %q; want 0, \"valuetaskcheck version (devel)\"", r.code, r.stdout)
	}
	r = check(t, tmpRoot, "-V=full")
	m := fullVersion.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil || m[1] != "(devel)" {
		t.Fatalf("valuetaskcheck -V=full: exit status %d, output %q; want 0 and %s with (devel)", r.code, r.stdout, fullVersion)
	}
	// The build ID is the hash of the executable.
	if sum := fileHash(t, binPath); m[2] != sum {
		t.Errorf("valuetaskcheck -V=full: build ID %s, want the SHA-256 of the binary, %s", m[2], sum)
	}

	if testing.Short() {
		return
	}

	t.Run("go install @version", func(t *testing.T) {
		// A module proxy in a directory that serves this checkout as
		// v0.9.0, as the real proxy would serve a release.
		proxy := t.TempDir()
		writeProxyModule(t, proxy, "v0.9.0")
		gobin := t.TempDir()
		env := goEnv("GOPROXY=file://"+filepath.ToSlash(proxy), "GOSUMDB=off", "GOBIN="+gobin, "GOFLAGS=")
		r := run(t, t.TempDir(), env, "go", "install", modulePath+"/cmd/valuetaskcheck@v0.9.0")
		if r.code != 0 {
			t.Fatalf("go install …@v0.9.0: exit status %d\n%s", r.code, r.stderr)
		}
		bin := filepath.Join(gobin, "valuetaskcheck")
		r = run(t, gobin, goEnv(), bin, "-V")
		if r.stdout != "valuetaskcheck version v0.9.0\n" {
			t.Errorf("valuetaskcheck -V after go install …@v0.9.0: %q, want \"valuetaskcheck version v0.9.0\"", r.stdout)
		}
		r = run(t, gobin, goEnv(), bin, "-V=full")
		if m := fullVersion.FindStringSubmatch(r.stdout); m == nil || m[1] != "v0.9.0" {
			t.Errorf("valuetaskcheck -V=full after go install …@v0.9.0: %q, want v0.9.0 in %s", r.stdout, fullVersion)
		}
	})

	t.Run("checkout", func(t *testing.T) {
		// A build in a git checkout carries the VCS pseudo-version.
		src := t.TempDir()
		copyModuleSources(t, src)
		git := func(args ...string) string {
			t.Helper()
			r := run(t, src, goEnv("GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1"), "git", append([]string{
				"-c", "user.name=test", "-c", "user.email=test@localhost", "-c", "commit.gpgsign=false",
			}, args...)...)
			if r.code != 0 {
				t.Fatalf("git %s: exit status %d\n%s", strings.Join(args, " "), r.code, r.stderr)
			}
			return strings.TrimSpace(r.stdout)
		}
		git("init", "-q")
		git("add", "-A")
		git("commit", "-q", "-m", "checkout")
		rev := git("rev-parse", "HEAD")
		bin := filepath.Join(t.TempDir(), "valuetaskcheck")
		r := run(t, src, goEnv("GOFLAGS=-buildvcs=true"), "go", "build", "-o", bin, "./cmd/valuetaskcheck")
		if r.code != 0 {
			t.Fatalf("go build in a git checkout: exit status %d\n%s", r.code, r.stderr)
		}
		r = run(t, src, goEnv(), bin, "-V")
		want := regexp.MustCompile(`^valuetaskcheck version v0\.0\.0-\d{14}-` + rev[:12] + `\n$`)
		if !want.MatchString(r.stdout) {
			t.Errorf("valuetaskcheck -V built in a checkout at %s: %q, want %s", rev[:12], r.stdout, want)
		}
	})
}

// TestVetCache checks that go vet replays a second run from its cache,
// also with a copy of the same tool elsewhere, and that a rebuilt tool
// invalidates it: -V=full names the build by the executable's hash.
func TestVetCache(t *testing.T) {
	if testing.Short() {
		t.Skip("go vet runs the tool on every dependency; skipped with -short")
	}
	dir := newModule(t)
	// vet runs go vet -x with the tool and returns the output and how many
	// times go vet ran the tool on a package.
	vet := func(tool string) (result, int) {
		t.Helper()
		r := run(t, dir, goEnv(), "go", "vet", "-x", "-vettool="+tool, "./findings")
		if r.code == 0 {
			t.Errorf("go vet -vettool=%s ./findings: exit status 0, want non-zero (findings)", tool)
		}
		n := 0
		for _, line := range strings.Split(r.stderr, "\n") {
			if strings.Contains(line, tool+" ") && strings.Contains(line, "vet.cfg") {
				n++
			}
		}
		matchFindings(t, parseText(t, dir, r.stderr), wantIn("findings"))
		return r, n
	}

	if _, n := vet(binPath); n == 0 {
		t.Errorf("first go vet run: the tool did not run")
	}
	if _, n := vet(binPath); n != 0 {
		t.Errorf("second go vet run: the tool ran %d times, want 0 (the results replayed from the cache)", n)
	}

	// The same build elsewhere: still cached.
	same := filepath.Join(t.TempDir(), "valuetaskcheck")
	if err := copyFile(binPath, same); err != nil {
		t.Fatal(err)
	}
	if _, n := vet(same); n != 0 {
		t.Errorf("go vet with a copy of the tool: the tool ran %d times, want 0", n)
	}

	// A rebuilt tool: its results are not those of the old one.
	rebuilt := filepath.Join(t.TempDir(), "valuetaskcheck")
	build := run(t, filepath.Join(repoRoot, "cmd", "valuetaskcheck"), goEnv(), "go", "build",
		"-ldflags=-X=main.vetCacheTest="+fmt.Sprint(time.Now().UnixNano()), "-o", rebuilt, ".")
	if build.code != 0 {
		t.Fatalf("go build: exit status %d\n%s", build.code, build.stderr)
	}
	if fileHash(t, rebuilt) == fileHash(t, binPath) {
		t.Fatalf("the rebuilt tool is the same file as the first")
	}
	if _, n := vet(rebuilt); n == 0 {
		t.Errorf("go vet with a rebuilt tool: the tool did not run, the old results were replayed")
	}
}

func fileHash(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// moduleSources lists the files of this module that a build of the
// command needs, relative to its root: go.mod, go.sum, LICENSE and the
// Go files outside testdata, without tests.
func moduleSources(t *testing.T) []string {
	t.Helper()
	files := []string{"go.mod", "go.sum", "LICENSE"}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != repoRoot && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			rel, _ := filepath.Rel(repoRoot, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// copyModuleSources copies moduleSources to dir.
func copyModuleSources(t *testing.T, dir string) {
	t.Helper()
	for _, f := range moduleSources(t) {
		data, err := os.ReadFile(filepath.Join(repoRoot, f))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeProxyModule writes this module at version into a GOPROXY=file://
// directory, as the module proxy protocol lays it out.
func writeProxyModule(t *testing.T, proxy, version string) {
	t.Helper()
	dir := filepath.Join(proxy, filepath.FromSlash(modulePath), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var files []modzip.File
	for _, f := range moduleSources(t) {
		files = append(files, zipFile{f})
	}
	var buf bytes.Buffer
	if err := modzip.Create(&buf, module.Version{Path: modulePath, Version: version}, files); err != nil {
		t.Fatal(err)
	}
	// Check the zip is readable, as go will read it.
	if _, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": fmt.Appendf(nil, `{"Version":%q,"Time":"2026-01-01T00:00:00Z"}`, version),
		version + ".mod":  gomod,
		version + ".zip":  buf.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// zipFile is a file of this module for golang.org/x/mod/zip.
type zipFile struct{ path string }

func (f zipFile) Path() string                 { return f.path }
func (f zipFile) Lstat() (os.FileInfo, error)  { return os.Lstat(filepath.Join(repoRoot, f.path)) }
func (f zipFile) Open() (io.ReadCloser, error) { return os.Open(filepath.Join(repoRoot, f.path)) }

// modulePath is the path of this module.
const modulePath = "github.com/go-valuetask/valuetask"
