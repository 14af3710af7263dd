package runtime

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Executors that run a process (the shell executor) write its stdout and
// stderr to these files in Call.Dir. While the attempt runs, the runtime
// follows them: each line, redacted, goes to the run record's
// logs/<node>.log and, as a NodeLog event, to `wfc run -v`.
const (
	StdoutFile = "stdout"
	StderrFile = "stderr"
)

// LogLimits bound the log text a run keeps in its record.
type LogLimits struct {
	PerNode int64 // bytes of logs/<node>.log, over all attempts
	PerRun  int64 // bytes of all of the run's logs
}

// DefaultLogLimits keep 8 MiB a node and 256 MiB a run.
var DefaultLogLimits = LogLimits{PerNode: 8 << 20, PerRun: 256 << 20}

// logsDir is the record's folder of node logs.
const logsDir = "logs"

// logPollInterval is how often a running attempt's files are read: the
// delay of a line on its way to `wfc run -v` and `wfc logs -f`.
const logPollInterval = 50 * time.Millisecond

// maxLogChunk is the longest line kept whole; a longer one is written in
// pieces, cut where no secret spelling straddles the cut.
const maxLogChunk = 64 << 10

// LogPath returns where the record in dir keeps node's log.
func LogPath(dir, node string) string { return filepath.Join(dir, logsDir, node+".log") }

// LoggedNodes returns the nodes whose log the record in dir keeps, read
// from its logs folder at once.
func LoggedNodes(dir string) map[string]bool {
	entries, _ := os.ReadDir(filepath.Join(dir, logsDir))
	nodes := make(map[string]bool, len(entries))
	for _, e := range entries {
		if node, ok := strings.CutSuffix(e.Name(), ".log"); ok && e.Type().IsRegular() {
			nodes[node] = true
		}
	}
	return nodes
}

// logStream follows one attempt's output files.
type logStream struct {
	r       *run
	a       *attemptState
	dir     string // the attempt's directory
	srcs    [2]logSource
	out     *os.File // the record's log file, opened at the first line
	written int64    // bytes in out
	full    bool     // a limit was reached: the marker is written, nothing more
	stop    chan struct{}
	done    sync.WaitGroup
}

type logSource struct {
	name string
	f    *os.File
	off  int64
	buf  []byte // an unfinished line
}

// streamLogs starts following the attempt's files; the returned function
// stops, reads what is left and closes the log. A log that cannot be
// written fails the record, as the journal does (see journal).
func (r *run) streamLogs(a *attemptState, dir string) (stop func()) {
	s := &logStream{r: r, a: a, dir: dir, stop: make(chan struct{})}
	s.srcs[0].name, s.srcs[1].name = StderrFile, StdoutFile
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(logPollInterval)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				s.poll(true)
				return
			case <-t.C:
				s.poll(false)
			}
		}
	}()
	return func() {
		close(s.stop)
		s.done.Wait()
		for i := range s.srcs {
			if s.srcs[i].f != nil {
				s.srcs[i].f.Close()
			}
		}
		if s.out != nil {
			if err := s.out.Close(); err != nil {
				r.failRecord(fmt.Errorf("run record: %v", err))
			}
		}
	}
}

func (s *logStream) openLog() error {
	dir := filepath.Join(s.r.journal.dir, logsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("run record: %v", err)
	}
	f, err := os.OpenFile(LogPath(s.r.journal.dir, s.a.call.Node.ID), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("run record: %v", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("run record: %v", err)
	}
	s.out, s.written = f, info.Size()
	if s.a.call.Attempt > 1 {
		s.write(fmt.Sprintf("--- wfc: attempt %d ---", s.a.call.Attempt))
	}
	return nil
}

// poll reads what the files gained; at the end it also flushes unfinished
// lines.
func (s *logStream) poll(final bool) {
	var chunk [32 << 10]byte
	for i := range s.srcs {
		src := &s.srcs[i]
		if src.f == nil {
			f, err := os.Open(filepath.Join(s.dir, src.name))
			if err != nil {
				continue // not created yet, or this executor writes none
			}
			src.f = f
		}
		for {
			n, err := src.f.ReadAt(chunk[:], src.off)
			src.off += int64(n)
			src.buf = append(src.buf, chunk[:n]...)
			s.lines(src, false)
			if err == io.EOF || n == 0 || err != nil {
				break
			}
		}
		if final {
			s.lines(src, true)
		}
	}
}

// lines emits the complete lines of src.buf, and with flush the rest; a
// line longer than maxLogChunk goes out in pieces cut where the redactor
// says no secret straddles the cut.
func (s *logStream) lines(src *logSource, flush bool) {
	b := src.buf
	for {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			s.line(string(bytes.TrimSuffix(b[:i], []byte("\r"))))
			b = b[i+1:]
			continue
		}
		if len(b) > maxLogChunk {
			cut := s.r.redact.SafeCut(b, maxLogChunk)
			s.line(string(b[:cut]))
			b = b[cut:]
			continue
		}
		break
	}
	if flush && len(b) > 0 {
		s.line(string(b))
		b = nil
	}
	src.buf = append(src.buf[:0], b...)
}

func (s *logStream) line(text string) {
	text = s.r.redact.String(text)
	s.r.emit(Event{Kind: NodeLog, Node: s.a.call.Node, Attempt: s.a.call.Attempt, Line: text})
	s.write(text)
}

// write appends a line to the record's log, within the limits; the first
// line over a limit is replaced by a marker, and nothing follows it.
func (s *logStream) write(text string) {
	if s.r.journal == nil || s.full {
		return
	}
	if s.out == nil {
		if err := s.openLog(); err != nil {
			s.full = true
			s.r.failRecord(err)
			return
		}
	}
	limits := s.r.opts.LogLimits
	n := int64(len(text) + 1)
	over := ""
	switch {
	case s.written+n > limits.PerNode:
		over = fmt.Sprintf("--- wfc: log truncated: this node's log reached its limit of %d bytes ---", limits.PerNode)
	case s.r.logBytes.Add(n) > limits.PerRun:
		over = fmt.Sprintf("--- wfc: log truncated: the run's logs reached their limit of %d bytes ---", limits.PerRun)
	}
	if over != "" {
		s.full = true
		text = over
		n = int64(len(text) + 1)
	}
	if _, err := s.out.WriteString(text + "\n"); err != nil {
		s.full = true
		s.r.failRecord(fmt.Errorf("run record: log of %s: %v", s.a.call.Node.ID, err))
		return
	}
	s.written += n
}
