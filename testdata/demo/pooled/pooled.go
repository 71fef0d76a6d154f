// Package pooled reads lines through ValueTasks backed by one reusable
// SourceCore: a line already in the buffer comes back completed, and only a
// read that has to wait uses the core, which is reset and reused for every
// such read instead of allocating a Task.
package pooled

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/go-valuetask/valuetask/valuetask"
)

// LineReader reads lines from an io.Reader. It runs one read at a time:
// consume each ValueTask that ReadLine returns (successfully) before calling
// ReadLine again, and Close the reader when done.
type LineReader struct {
	br   *bufio.Reader
	core valuetask.SourceCore[string]
	reqs chan struct{}

	fromBuffer, fromWorker int
}

// NewLineReader starts a reader of r.
func NewLineReader(r io.Reader) *LineReader {
	lr := &LineReader{br: bufio.NewReader(r), reqs: make(chan struct{})}
	go lr.work()
	return lr
}

// work performs the reads that have to wait, one per request, and completes
// the current operation of the core with each.
func (lr *LineReader) work() {
	for range lr.reqs {
		line, err := lr.br.ReadString('\n')
		switch {
		case err == nil || (err == io.EOF && line != ""):
			lr.core.SetResult(strings.TrimSuffix(line, "\n"))
		default:
			lr.core.SetError(err)
		}
	}
}

// ReadLine returns the next line, without its newline, or io.EOF after the
// last one.
func (lr *LineReader) ReadLine() valuetask.ValueTask[string] {
	if line, ok := lr.buffered(); ok {
		lr.fromBuffer++
		return valuetask.FromResult(line) // the fast path: nothing allocated for the ValueTask
	}
	lr.fromWorker++
	lr.core.Reset() // a new operation: the same core, a new version token
	v := valuetask.FromSource(&lr.core, lr.core.Version())
	lr.reqs <- struct{}{}
	return v
}

// buffered returns a whole line if one is in the buffer already.
func (lr *LineReader) buffered() (string, bool) {
	buf, _ := lr.br.Peek(lr.br.Buffered())
	i := bytes.IndexByte(buf, '\n')
	if i < 0 {
		return "", false
	}
	line := string(buf[:i])
	_, _ = lr.br.Discard(i + 1)
	return line, true
}

// Counts returns how many lines came from the buffer and how many reads
// went through the pooled core.
func (lr *LineReader) Counts() (fromBuffer, fromWorker int) {
	return lr.fromBuffer, lr.fromWorker
}

// Close stops the reader's goroutine.
func (lr *LineReader) Close() { close(lr.reqs) }
