package runtime

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// Status is the state of a node or a run.
type Status string

const (
	StatusRunning    Status = "running" // a run: started, not ended (or killed: see Incomplete)
	StatusSucceeded  Status = "succeeded"
	StatusFailed     Status = "failed"
	StatusSkipped    Status = "skipped"    // a node whose upstream failed
	StatusCancelled  Status = "cancelled"  // stopped by Ctrl-C or by a fail-fast failure
	StatusIncomplete Status = "incomplete" // a record without an end: the process died
)

// The run record is a directory .wfc/runs/<run-id>/ holding:
//
//	journal.jsonl  one JSON object per line: a "run" header, one "node"
//	               line per node that finished (succeeded, failed, skipped
//	               or cancelled), and an "end" line
//	run.json       the header and the end, written once the run is over
//	               (temp file + rename), so `wfc runs` need not read a
//	               100,000-line journal to list a run
//
// Why a journal and not a file per node: a node's line goes to the kernel
// in one write(2) before the node counts as done — before its dependents
// start and before its "succeeded" event — so a process killed with SIGKILL
// leaves every finished node on disk (the page cache survives the process;
// only a machine crash can lose it, and the journal is fsynced at the end
// of the run for that). One append per node is a few microseconds; a file
// per node would be an open, a write, a close and a rename each, and
// 100,000 directory entries to list. A torn last line (impossible for a
// killed process, possible after a machine crash) is skipped on load.

const (
	journalName = "journal.jsonl"
	summaryName = "run.json"
	sourceName  = "source.wf"
)

// saveSource copies the program's text into the run's directory and
// returns its SHA-256, for the header. The copy is written before any node
// starts.
func (j *journal) saveSource(src []byte) (string, error) {
	if err := os.WriteFile(filepath.Join(j.dir, sourceName), src, 0o644); err != nil {
		return "", fmt.Errorf("run record: %v", err)
	}
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:]), nil
}

// RunHeader is the first journal line.
type RunHeader struct {
	Type        string          `json:"type"` // "run"
	ID          string          `json:"id"`
	Workflow    string          `json:"workflow"`
	File        string          `json:"file,omitempty"`
	SourceSHA   string          `json:"source_sha256,omitempty"` // of source.wf beside the journal
	Started     time.Time       `json:"started"`
	Nodes       int             `json:"nodes"`
	MaxParallel int             `json:"max_parallel"`
	KeepGoing   bool            `json:"keep_going,omitempty"`
	PID         int             `json:"pid"`
	Inputs      json.RawMessage `json:"inputs"`
}

// NodeRecord is a journal line for one node that finished.
type NodeRecord struct {
	Type     string          `json:"type"` // "node"
	Node     string          `json:"node"`
	Index    int             `json:"index"`
	Task     string          `json:"task"`
	Name     string          `json:"name,omitempty"`
	Pos      string          `json:"pos,omitempty"`
	Status   Status          `json:"status"`
	Inputs   json.RawMessage `json:"inputs,omitempty"`
	Outputs  json.RawMessage `json:"outputs,omitempty"`
	Attempts []AttemptRecord `json:"attempts,omitempty"`
	Error    string          `json:"error,omitempty"`
	Reason   string          `json:"reason,omitempty"` // why skipped
}

// AttemptRecord is one attempt of a node.
type AttemptRecord struct {
	Attempt int       `json:"attempt"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Error   string    `json:"error,omitempty"`
	Log     []string  `json:"log,omitempty"` // the last lines an executor logged (a shell task's stderr)
}

// Duration is how long the attempt ran.
func (a AttemptRecord) Duration() time.Duration { return a.End.Sub(a.Start) }

// RunEnd is the last journal line.
type RunEnd struct {
	Type    string          `json:"type"` // "end"
	Status  Status          `json:"status"`
	Ended   time.Time       `json:"ended"`
	Outputs json.RawMessage `json:"outputs,omitempty"`
	Error   string          `json:"error,omitempty"`
	Summary Summary         `json:"summary"`
}

// NewRunID returns a new run id: a UTC timestamp to the millisecond, so
// ids sort by start time, and a random suffix, so two runs started in the
// same millisecond do not collide.
func NewRunID() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return time.Now().UTC().Format("20060102T150405.000Z") + "-" + hex.EncodeToString(b[:])
}

// journal appends record lines to journal.jsonl.
type journal struct {
	dir      string
	mu       sync.Mutex
	f        *os.File
	err      error // the first write error; later writes are dropped
	unsynced int   // bytes written since the last sync (syncIfDue)
	header   RunHeader

	// The group commit of finished nodes' lines (commitNode): gmu guards
	// the lines and nodes waiting for the next write, and whether a
	// worker is writing.
	gmu      sync.Mutex
	writing  bool
	lines    []byte
	nodes    []finished
	spare    []byte // the last batch's buffers, reused
	spareFin []finished
	taken    sync.Cond // signalled when a writer takes the waiting lines
	waiting  int       // workers waiting on taken
	// The flusher goroutine (startFlusher): wake has a token when lines
	// wait for it.
	wake        chan struct{}
	now         chan struct{} // has a token when the waiting lines should not wait longer
	quit        chan struct{}
	flusherDone chan struct{}
}

func createJournal(runsDir, id string) (*journal, error) {
	dir := filepath.Join(runsDir, id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("run record: %v", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, journalName), os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run record: %v", err)
	}
	j := &journal{dir: dir, f: f}
	j.taken.L = &j.gmu
	return j, nil
}

// write appends one line (which must end in '\n') with a single write
// call, so a line is either wholly in the file or not at all.
func (j *journal) write(line []byte) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil {
		return
	}
	if _, err := j.f.Write(line); err != nil {
		j.err = fmt.Errorf("run record: %v", err)
	}
	j.unsynced += len(line)
}

// syncEvery is how much the flusher lets the journal hold unsynced before
// it syncs it, in the background: the sync at the end of the run, which
// the user waits for, then has little left to write (for 2,000 webhook
// calls, 600 KB: 1.3 ms, against 0.3 ms), and a machine crash loses less.
const syncEvery = 256 << 10

// syncIfDue syncs the journal once syncEvery bytes were written since the
// last sync. Only the flusher calls it, between batches; workers' writes
// go on meanwhile.
func (j *journal) syncIfDue() {
	j.mu.Lock()
	due := j.unsynced >= syncEvery && j.err == nil
	if due {
		j.unsynced = 0
	}
	j.mu.Unlock()
	if due {
		j.f.Sync() // an error shows again in finish's sync
	}
}

// commitNode writes a finished node's journal line and then settles the
// node, in that order, so that no node counts as done — its dependents
// released, its success reported — before its line is in the file, and a
// killed run leaves every node it reported on disk. Lines are written by
// group commit: the lines of nodes that finish while a write(2) is under
// way are gathered and written together by the next one, not one write
// each.
//
// Whoever writes takes every waiting line, writes them in one call,
// settles their nodes, and repeats until no line waits; a worker that finds
// a write under way leaves its line and node with the writer and returns
// at once, free to run another node. When no write is under way, a node
// with dependents has its worker write at once (they are waiting for it);
// a node without dependents, which releases nothing, is left to the run's
// flusher goroutine (startFlusher), woken if idle: by the time it runs,
// the lines of other nodes finishing meanwhile have usually joined the
// batch — unless maxBacklog is reached, when the worker writes itself.
//
// It returns a released node for the calling worker to run next, or -1.
func (r *run) commitNode(line []byte, f finished) int32 {
	j := r.journal
	j.gmu.Lock()
	j.lines = append(j.lines, line...)
	j.nodes = append(j.nodes, f)
	if j.writing {
		// Backpressure: workers finishing nodes faster than lines are
		// written wait for the writer to take the backlog.
		for len(j.lines) > maxBacklog && j.writing {
			j.waiting++
			j.taken.Wait()
			j.waiting--
		}
		j.gmu.Unlock()
		return -1
	}
	if r.depOff[f.i] == r.depOff[f.i+1] && j.wake != nil && len(j.lines) <= maxBacklog {
		urgent := len(j.lines) >= gatherBytes || r.running.Load() == 0
		j.gmu.Unlock()
		select {
		case j.wake <- struct{}{}:
		default: // already woken
		}
		if urgent {
			select {
			case j.now <- struct{}{}:
			default:
			}
		}
		return -1
	}
	j.writing = true
	return r.writeBatches(true)
}

// The flusher gathers the lines of nodes without dependents for up to
// gatherDelay, or until gatherBytes of them wait, before writing them: a
// write(2) to the journal costs about as much as encoding twenty lines, and
// with one write per wake-up, 2,000 webhook calls made 160 of them. Nothing
// waits on such a node but its report, which a few milliseconds do not
// delay visibly; and when no node is running (the run is ending, or waits
// only on these lines) the flusher writes at once.
const (
	gatherDelay = 5 * time.Millisecond
	gatherBytes = 32 << 10
)

// maxBacklog bounds the lines waiting for a writer (about 200 nodes'
// lines): enough for every line that finishes during a write, and a bound
// on memory when workers outpace the writer (100,000 instant echo tasks).
const maxBacklog = 64 << 10

// writeBatches writes and settles waiting lines until none is left. j.gmu
// is held, and j.writing set by the caller; both are released on return.
// With handover it returns a released node for the caller to run next.
func (r *run) writeBatches(handover bool) int32 {
	j := r.journal
	next := int32(-1)
	for {
		lines, nodes := j.lines, j.nodes
		j.lines, j.nodes = j.spare[:0], j.spareFin[:0]
		if j.waiting > 0 {
			j.taken.Broadcast()
		}
		j.gmu.Unlock()

		j.write(lines)
		for k := range nodes {
			if n := r.settle(nodes[k], handover && next < 0); n >= 0 {
				next = n
			}
			nodes[k] = finished{} // drop the outputs it held
		}

		j.gmu.Lock()
		if cap(lines) <= 4*maxBacklog { // don't keep a huge batch's buffer
			j.spare, j.spareFin = lines[:0], nodes[:0]
		} else {
			j.spare, j.spareFin = nil, nil
		}
		if len(j.nodes) == 0 {
			j.writing = false
			j.gmu.Unlock()
			return next
		}
	}
}

// startFlusher starts the goroutine that writes the lines of nodes without
// dependents (see commitNode). stopFlusher stops it and writes what is
// left, once no worker runs.
func (r *run) startFlusher() {
	j := r.journal
	j.wake = make(chan struct{}, 1)
	j.now = make(chan struct{}, 1)
	j.quit = make(chan struct{})
	j.flusherDone = make(chan struct{})
	go func() {
		defer close(j.flusherDone)
		gather := time.NewTimer(gatherDelay)
		gather.Stop()
		for {
			select {
			case <-j.wake:
			case <-j.quit:
				return
			}
			if r.running.Load() > 0 {
				gather.Reset(gatherDelay)
				select {
				case <-gather.C:
				case <-j.now:
				case <-j.quit:
					return // stopFlusher writes what is left
				}
				gather.Stop()
			}
			select {
			case <-j.now: // this batch takes whatever asked for it
			default:
			}
			j.gmu.Lock()
			if j.writing || len(j.nodes) == 0 {
				// A worker is writing and will take these lines too.
				j.gmu.Unlock()
				continue
			}
			j.writing = true
			r.writeBatches(false)
			j.syncIfDue()
		}
	}()
}

func (r *run) stopFlusher() {
	j := r.journal
	if j == nil || j.quit == nil {
		return
	}
	close(j.quit)
	<-j.flusherDone
	j.gmu.Lock()
	if len(j.nodes) == 0 {
		j.gmu.Unlock()
		return
	}
	j.writing = true
	r.writeBatches(false)
}

func (j *journal) writeJSON(v any) {
	if j == nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		j.mu.Lock()
		if j.err == nil {
			j.err = fmt.Errorf("run record: %v", err)
		}
		j.mu.Unlock()
		return
	}
	j.write(append(b, '\n'))
}

// finish writes the end line, fsyncs the journal and writes run.json.
func (j *journal) finish(end RunEnd) error {
	if j == nil {
		return nil
	}
	j.writeJSON(end)
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.f.Sync(); err != nil && j.err == nil {
		j.err = fmt.Errorf("run record: %v", err)
	}
	if err := j.f.Close(); err != nil && j.err == nil {
		j.err = fmt.Errorf("run record: %v", err)
	}
	sum := runSummaryFile{Header: j.header, End: end}
	sum.Header.Inputs = nil // kept in the journal; run.json stays small
	b, err := json.MarshalIndent(sum, "", "  ")
	if err == nil {
		err = writeFileAtomic(filepath.Join(j.dir, summaryName), append(b, '\n'))
	}
	if err != nil && j.err == nil {
		j.err = fmt.Errorf("run record: %v", err)
	}
	return j.err
}

type runSummaryFile struct {
	Header RunHeader `json:"run"`
	End    RunEnd    `json:"end"`
}

// writeFileAtomic writes data to a temp file in the same directory, syncs
// it and renames it over path, so readers see the old file or the new one.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// appendNodeLine encodes a node's journal line by hand: it runs once per
// node, in the workers, and encoding/json's reflection over NodeRecord
// costs several times more for the 100,000-node case. The shape is
// NodeRecord's.
func appendNodeLine(dst []byte, n *compiler.Node, st Status, inputs, outputs map[string]any, attempts []AttemptRecord, errMsg, reason string) []byte {
	dst = append(dst, `{"type":"node","node":`...)
	dst = compiler.AppendJSONString(dst, n.ID)
	dst = append(dst, `,"index":`...)
	dst = appendInt(dst, n.Index)
	dst = append(dst, `,"task":`...)
	task := ""
	if n.Task != nil {
		task = n.Task.Name
	}
	dst = compiler.AppendJSONString(dst, task)
	if n.Name != "" {
		dst = append(dst, `,"name":`...)
		dst = compiler.AppendJSONString(dst, n.Name)
	}
	if n.Range.IsValid() {
		// Range.String's form, appended without building the string.
		// Only the file name needs escaping: the quoted name, its closing
		// quote moved after the line and column.
		dst = append(dst, `,"pos":`...)
		dst = compiler.AppendJSONString(dst, n.Range.Filename)
		dst = dst[:len(dst)-1]
		if n.Range.Filename != "" {
			dst = append(dst, ':')
		}
		dst = strconv.AppendInt(dst, int64(n.Range.Start.Line), 10)
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(n.Range.Start.Column), 10)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"status":`...)
	dst = compiler.AppendJSONString(dst, string(st))
	if inputs != nil {
		dst = append(dst, `,"inputs":`...)
		dst = appendValue(dst, inputs)
	}
	if outputs != nil {
		dst = append(dst, `,"outputs":`...)
		dst = appendValue(dst, outputs)
	}
	if len(attempts) > 0 {
		dst = append(dst, `,"attempts":[`...)
		for i, a := range attempts {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"attempt":`...)
			dst = appendInt(dst, a.Attempt)
			dst = append(dst, `,"start":"`...)
			dst = a.Start.AppendFormat(dst, time.RFC3339Nano)
			dst = append(dst, `","end":"`...)
			dst = a.End.AppendFormat(dst, time.RFC3339Nano)
			dst = append(dst, '"')
			if a.Error != "" {
				dst = append(dst, `,"error":`...)
				dst = compiler.AppendJSONString(dst, a.Error)
			}
			if len(a.Log) > 0 {
				dst = append(dst, `,"log":[`...)
				for k, l := range a.Log {
					if k > 0 {
						dst = append(dst, ',')
					}
					dst = compiler.AppendJSONString(dst, l)
				}
				dst = append(dst, ']')
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if errMsg != "" {
		dst = append(dst, `,"error":`...)
		dst = compiler.AppendJSONString(dst, errMsg)
	}
	if reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = compiler.AppendJSONString(dst, reason)
	}
	return append(dst, "}\n"...)
}

func appendInt(dst []byte, n int) []byte {
	return strconv.AppendInt(dst, int64(n), 10)
}

// appendValue encodes a map of values; a value that cannot be encoded
// (which ConformValue has already ruled out) is recorded as its error.
func appendValue(dst []byte, m map[string]any) []byte {
	start := len(dst)
	out, err := compiler.AppendJSON(dst, m)
	if err != nil {
		return compiler.AppendJSONString(dst[:start], "unencodable: "+err.Error())
	}
	return out
}
