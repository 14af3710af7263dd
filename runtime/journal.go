package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/wfc-lang/wfc/internal/atomicfile"
)

// journal is the append-only file journal.jsonl of one run's record. The
// scheduler appends a node's line before the node counts as done — the
// lines of nodes that gate nothing several to an Append (held.go) — and
// closes the journal with the run's end.
//
// Durability: every Append is one write(2) of whole lines, in the kernel
// before Append returns, so a line survives SIGKILL of wfc (the page cache
// outlives the process) but not a power loss; Close fsyncs the file once,
// at the end of the run. A torn line — possible only when a machine went
// down or a write was cut short by a limit — is skipped on load. Writeback
// of every writebackChunk appended is started as the run goes (a hint to
// the kernel, on Linux), so that the fsync, which the run's end waits for,
// has only the journal's tail left to write.
//
// It fails closed: the first write that does not go through whole (disk
// full, a file-size limit, an I/O error) is kept, and every later Append
// returns it without writing, so no line is ever appended after a torn
// one; the scheduler stops the run on it.
//
// While open the journal holds an exclusive lock (flock) on its file, so
// readers can tell a run in progress from one whose process died.
type journal struct {
	dir    string
	f      *os.File
	header RunHeader

	mu  sync.Mutex // serialises Appends, so lines never interleave
	err error      // the first failure; sticky
	// size is the bytes appended; writeback has been started for the
	// first started of them.
	size, started int64
}

// writebackChunk is how much is appended between writeback hints: enough
// that a hint per chunk costs nothing next to the writes, small enough that
// the fsync at the end is left with little.
const writebackChunk = 256 << 10

// createJournal makes the run's directory and its journal, locked, and
// writes the header line. Nothing is left half-made on failure but the
// directory.
func createJournal(runsDir string, h RunHeader, source []byte) (*journal, error) {
	dir := filepath.Join(runsDir, h.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("run record: %v", err)
	}
	if source != nil {
		if err := os.WriteFile(filepath.Join(dir, sourceName), source, 0o644); err != nil {
			return nil, fmt.Errorf("run record: %v", err)
		}
		sum := sha256.Sum256(source)
		h.SourceSHA = hex.EncodeToString(sum[:])
	}
	f, err := os.OpenFile(filepath.Join(dir, journalName), os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run record: %v", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("run record: lock %s: %v", f.Name(), err)
	}
	j := &journal{dir: dir, f: f, header: h}
	if err := j.AppendJSON(h); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

// Append writes whole lines (each ending in '\n') with one write call. It
// returns how much of lines was written — all of it unless the write
// failed — and the journal's first error, now or from before.
func (j *journal) Append(lines []byte) (int, error) {
	j.mu.Lock()
	if j.err != nil {
		err := j.err
		j.mu.Unlock()
		return 0, err
	}
	n, err := j.f.Write(lines)
	if err != nil {
		j.err = fmt.Errorf("run record: %w", err)
	}
	j.size += int64(n)
	var from, pending int64
	if j.size-j.started >= writebackChunk {
		from, pending = j.started, j.size-j.started
		j.started = j.size
	}
	err = j.err
	j.mu.Unlock()
	if pending > 0 {
		startWriteback(j.f, from, pending) // outside the lock: appends go on meanwhile
	}
	return n, err
}

// AppendJSON appends v as one line.
func (j *journal) AppendJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		j.mu.Lock()
		defer j.mu.Unlock()
		if j.err == nil {
			j.err = fmt.Errorf("run record: %v", err)
		}
		return j.err
	}
	_, err = j.Append(append(b, '\n'))
	return err
}

// Err returns the journal's first error.
func (j *journal) Err() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err
}

// Close appends the end line, fsyncs and closes the journal (releasing its
// lock) and writes run.json. When the journal failed, earlier or now,
// run.json still gets the end — as a failure naming the journal's error —
// so that `wfc runs` and `wfc show` agree on a run whose journal could not
// be finished. It returns the journal's first error.
func (j *journal) Close(end RunEnd) error {
	if j.Err() == nil {
		j.AppendJSON(end) // its error is kept as j.err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err == nil {
		if err := j.f.Sync(); err != nil {
			j.err = fmt.Errorf("run record: %w", err)
		}
	}
	if err := j.f.Close(); err != nil && j.err == nil {
		j.err = fmt.Errorf("run record: %w", err)
	}
	if j.err != nil {
		end.Status = StatusFailed
		end.Outputs = nil
		if msg := j.err.Error(); end.Error == "" {
			end.Error = msg
		} else if !strings.Contains(end.Error, msg) {
			end.Error += "\n" + msg
		}
	}
	b, err := json.MarshalIndent(runSummaryFile{Header: j.header, End: end}, "", "  ")
	if err == nil {
		err = atomicfile.WriteFileSync(filepath.Join(j.dir, summaryName), append(b, '\n'), 0o600)
	}
	if err != nil && j.err == nil {
		j.err = fmt.Errorf("run record: %w", err)
	}
	return j.err
}
