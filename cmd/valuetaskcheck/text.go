package main

import (
	"bufio"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// writeText prints the findings in file, line and column order, each with
// its related positions on the lines after it (their message indented by
// a tab), then the errors of the analysis. With contextLines >= 0, each
// position is followed by its lines of source and that many lines around.
// It is the format of the x/tools checkers.
func writeText(w io.Writer, res *results, contextLines int) error {
	bw := bufio.NewWriter(w)
	src := make(sourceCache)
	print := func(posn, end token.Position, msg string) {
		fmt.Fprintf(bw, "%s: %s\n", posn, msg)
		if contextLines < 0 {
			return
		}
		if !end.IsValid() {
			end = posn
		}
		lines := src.lines(posn.Filename)
		for i := posn.Line - contextLines; i <= end.Line+contextLines; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(bw, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	for _, f := range res.findings {
		print(f.posn, f.end, f.diag.Message)
		fset := f.pkg.Fset
		for _, r := range f.diag.Related {
			end := r.End
			if !end.IsValid() {
				end = r.Pos
			}
			print(fset.Position(r.Pos), fset.Position(end), "\t"+r.Message)
		}
	}
	seen := make(map[string]bool)
	for _, e := range res.failures {
		line := fmt.Sprintf("%s: %v", e.analyzer, e.err)
		if !seen[line] {
			seen[line] = true
			fmt.Fprintln(bw, line)
		}
	}
	return bw.Flush()
}

// sourceCache holds the lines of the files read for context.
type sourceCache map[string][]string

func (c sourceCache) lines(filename string) []string {
	lines, ok := c[filename]
	if !ok {
		data, _ := os.ReadFile(filename)
		lines = strings.Split(string(data), "\n")
		c[filename] = lines
	}
	return lines
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
