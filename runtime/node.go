package runtime

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// runNode runs node i to a final state: resolves its inputs, makes
// attempts until one succeeds, retries are used up or an error is not
// retryable, records the node and hands it to complete. It returns the
// node the worker should run next, or -1.
func (r *run) runNode(i int) int32 {
	node := r.wf.Nodes[i]
	first := time.Now()
	if node.Branch != nil {
		return r.runBranch(i, first)
	}
	if node.Workflow != nil {
		inputs, st, outs, err := r.runNested(node)
		return r.finishNode(i, st, inputs, outs, nil, err, first)
	}
	inputs, err := r.resolveInputs(node)
	if err != nil {
		return r.finishNode(i, stFailed, inputs, nil, nil, newNodeError(node, 0, r.redact.Error(err)), first)
	}
	if node.Map != nil {
		return r.runMap(i, inputs, first)
	}
	return r.finishCall(i, inputs, r.callTask(node, i, inputs, first), first)
}

// try runs node (node i of the workflow, or an item of map node i) to a
// final state: attempts until one succeeds, retries are used up, an
// error is not retryable or the run is stopped.
func (r *run) try(nr *nodeRun, node *compiler.Node, i int, inputs map[string]any, first time.Time) (uint8, map[string]any, []AttemptRecord, error) {
	task := node.Task
	attempts := nr.attempts[:0]
	nr.call = Call{Task: task, Node: node, Inputs: inputs, Secrets: r.nodeSecrets[i], Blobs: r.blobs}
	for attempt := 1; ; attempt++ {
		if r.ctx.Err() != nil {
			// The run stopped since this node was released (a handover
			// races with a stop): make no further attempt.
			return stCancelled, nil, attempts, context.Cause(r.ctx)
		}
		// The first attempt starts as the node does: one clock reading
		// serves the event, the attempt record and the node's elapsed time.
		st, start := &nr.first, first
		if attempt > 1 {
			st, start = &attemptState{}, time.Now()
		}
		r.emit(Event{Kind: NodeStarted, Time: start, Node: node, Attempt: attempt, Elapsed: start.Sub(first)})
		outs, rec, err := r.attempt(st, &nr.call, i, attempt, start)
		attempts = append(attempts, rec)
		if err == nil {
			return stSucceeded, outs, attempts, nil
		}
		if r.ctx.Err() != nil {
			return stCancelled, nil, attempts, err
		}
		if attempt > task.Retries || !retryable(err) {
			return stFailed, nil, attempts, newNodeError(node, attempt, err)
		}
		delay := r.opts.Backoff.Delay(attempt, err)
		r.emit(Event{Kind: NodeRetrying, Node: node, Attempt: attempt, Delay: delay, Err: err, Elapsed: time.Since(first)})
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.ctx.Done():
			t.Stop()
			return stCancelled, nil, attempts, err
		}
	}
}

// nodeRun holds what running one node needs, in one allocation (at
// 100,000 nodes every allocation per node shows in the run time): the
// Call, the first attempt's state and room for its record.
type nodeRun struct {
	call     Call
	first    attemptState
	attempts [1]AttemptRecord
}

// attemptState is one attempt's Call and log.
type attemptState struct {
	call Call
	log  attemptLog
	r    *run
	// streamed: the attempt's output files are followed (streamLogs),
	// which reports each line as it is written; what the executor logs
	// is then only kept, for the record's tail.
	streamed bool
	// http is the exchange the executor recorded (Call.HTTP); atomic, as
	// an executor that outlives a timed-out attempt may still record.
	http atomic.Pointer[HTTPExchange]
}

// logLine is the attempt's Call.Log: redact, keep, report.
func (a *attemptState) logLine(line string) {
	line = a.r.redact.String(line)
	a.log.add(line)
	if !a.streamed {
		a.r.emit(Event{Kind: NodeLog, Node: a.call.Node, Attempt: a.call.Attempt, Line: line})
	}
}

// recordHTTP is the attempt's Call.HTTP: redact, cap, keep.
func (a *attemptState) recordHTTP(x *HTTPExchange) {
	a.http.Store(a.r.redact.exchange(x))
}

// attempt makes one attempt: a fresh directory if the executor wants one,
// the per-attempt timeout, the executor call and the output check. The
// returned error is redacted.
func (r *run) attempt(st *attemptState, call *Call, i, attempt int, start time.Time) (map[string]any, AttemptRecord, error) {
	task := call.Task
	rec := AttemptRecord{Attempt: attempt, Start: start}
	// Each attempt has its own Call: an executor goroutine that outlives a
	// timed-out attempt must not see the next attempt's fields change.
	st.call, st.r = *call, r
	c := &st.call
	c.Attempt = attempt
	c.Log = st.logLine
	if r.journal != nil {
		c.HTTP = st.recordHTTP
	}
	var err error
	st.streamed = false
	if r.usesDir[i] {
		c.Dir, err = r.attemptDir(call.Node, attempt)
	}
	var outs map[string]any
	if err == nil {
		stopLogs := func() {}
		if c.Dir != "" {
			st.streamed = true
			stopLogs = r.streamLogs(st, c.Dir)
		}
		actx, cancel := r.ctx, context.CancelFunc(nil)
		if task.Timeout > 0 {
			actx, cancel = context.WithTimeout(r.ctx, task.Timeout)
		}
		outs, err = callExecutor(actx, r.execs[i], c)
		if err != nil && task.Timeout > 0 && errors.Is(actx.Err(), context.DeadlineExceeded) && r.ctx.Err() == nil {
			err = &TimeoutError{Timeout: task.Timeout}
		}
		if cancel != nil {
			cancel()
		}
		stopLogs()
		if err == nil {
			outs, err = checkOutputs(task, outs)
		}
		if c.Dir != "" {
			os.RemoveAll(c.Dir)
		}
	}
	rec.End = time.Now()
	err = r.redact.Error(err)
	if err != nil {
		rec.Error = err.Error()
	}
	rec.Log = st.log.lines()
	rec.HTTP = st.http.Load()
	if err == nil && r.redact.Active() {
		outs = r.redact.Values(outs)
	}
	return outs, rec, err
}

func (r *run) attemptDir(n *compiler.Node, attempt int) (string, error) {
	r.workOnce.Do(func() {
		r.workRoot, r.workErr = newWorkRoot(r.id)
	})
	if r.workErr != nil {
		return "", Permanent(fmt.Errorf("work directory: %v", r.workErr))
	}
	dir := filepath.Join(r.workRoot, n.ID+"-"+strconv.Itoa(attempt))
	if err := os.Mkdir(dir, 0o700); err != nil {
		return "", Permanent(fmt.Errorf("work directory: %v", err))
	}
	return dir, nil
}

// callExecutor turns an executor's panic into a permanent error, so one
// bad plugin fails its node instead of the whole process.
func callExecutor(ctx context.Context, e Executor, call *Call) (outs map[string]any, err error) {
	defer func() {
		if p := recover(); p != nil {
			outs, err = nil, Permanent(fmt.Errorf("executor panicked: %v", p))
		}
	}()
	return e.Execute(ctx, call)
}

// checkOutputs conforms the executor's outputs to the task's declared
// output types. The executor's map is kept when it already is exactly
// right, as it is for every well-behaved executor; only otherwise is a
// corrected copy made.
func checkOutputs(task *compiler.Task, outs map[string]any) (map[string]any, error) {
	exact := len(outs) == len(task.Outputs)
	for _, p := range task.Outputs {
		v, ok := outs[p.Name]
		if !ok {
			return nil, Permanent(fmt.Errorf("task %s produced no output %q", task.Name, p.Name))
		}
		if exact && !conforms(v, p.Type) {
			exact = false
		}
	}
	if exact {
		return outs, nil
	}
	fixed := make(map[string]any, len(task.Outputs))
	for _, p := range task.Outputs {
		w, err := compiler.ConformValue(outs[p.Name], p.Type)
		if err != nil {
			return nil, Permanent(fmt.Errorf("output %s: %v", p.Name, err))
		}
		fixed[p.Name] = w
	}
	return fixed, nil
}

// conforms is a fast check that v is already canonical for t; composite
// values go through ConformValue, which returns them unchanged (the same
// pointer) when they conform.
func conforms(v any, t *compiler.Type) bool {
	switch t.Kind {
	case compiler.KindString:
		_, ok := v.(string)
		return ok
	case compiler.KindInt:
		_, ok := v.(int64)
		return ok
	case compiler.KindFloat:
		_, ok := v.(float64)
		return ok
	case compiler.KindBool:
		_, ok := v.(bool)
		return ok
	}
	w, err := compiler.ConformValue(v, t)
	return err == nil && sameValue(v, w)
}

// sameValue reports whether ConformValue left v unchanged.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case string, int64, float64, bool, time.Duration, nil:
		return a == b
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case map[string]any:
		y, ok := b.(map[string]any)
		return ok && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	}
	return false
}

// finishNode records node i's final state and settles it (see settle).
// With a record, the node's line is appended first, so no node counts as
// done before its line is in the journal; when the line cannot be
// written the run stops (failRecord) and the node counts as cancelled:
// its outcome is not on record, so nothing may build on it. It returns
// the node the worker should run next, or -1.
func (r *run) finishNode(i int, st uint8, inputs, outs map[string]any, attempts []AttemptRecord, err error, first time.Time) int32 {
	return r.finishCall(i, inputs, taskResult{st: st, outs: outs, attempts: attempts, err: err}, first)
}

// finishCall is finishNode for a task call's result, which may have come
// from the cache.
func (r *run) finishCall(i int, inputs map[string]any, res taskResult, first time.Time) int32 {
	st, outs, attempts, err := res.st, res.outs, res.attempts, res.err
	f := finished{i: i, st: st, outs: outs, err: err, attempts: len(attempts), first: first, from: res.from}
	if n := len(attempts); n > 0 && st != stCancelled {
		f.end = attempts[n-1].End // when the node finished: no second clock reading
	}
	errMsg := ""
	if err != nil {
		errMsg = err.Error()
	}
	if r.holds(i, st) {
		bp := lineBufs.Get().(*[]byte)
		line := r.appendNodeLine((*bp)[:0], r.wf.Nodes[i], st, inputs, outs, attempts, errMsg, "", res.from)
		r.hold(f, line)
		putLineBuf(bp, line)
		return -1
	}
	if jerr := r.writeNode(r.wf.Nodes[i], st, inputs, outs, attempts, errMsg, "", res.from); jerr != nil {
		f.st, f.outs, f.err = stCancelled, nil, jerr
	}
	return r.settle(f, true)
}

// failRecord stops the run because its record cannot be written: no node
// starts after this, and the nodes running are cancelled.
func (r *run) failRecord(err error) {
	r.mu.Lock()
	if r.recordErr == nil {
		r.recordErr = err
	}
	r.mu.Unlock()
	r.cancel(err)
}

// finished is a node that has reached its final state, to be settled.
type finished struct {
	i        int
	st       uint8
	outs     map[string]any
	err      error
	attempts int
	first    time.Time
	end      time.Time    // when it finished, if known
	from     *CacheSource // its outputs were reused
}

// settle makes a finished node count as done: its state and outputs are
// stored, its dependents released (or skipped), and its event emitted.
// It runs only after the node's journal line was written, so a killed run
// never has a dependent that started without it, nor a reported success
// that is not on disk. handover asks complete for a released node to run
// next, which settle returns (or -1).
func (r *run) settle(f finished, handover bool) int32 {
	node := r.wf.Nodes[f.i]
	next, skipped := r.complete(f.i, f.st, f.outs, f.err, max(f.attempts-1, 0), handover)
	end := f.end
	if end.IsZero() {
		end = time.Now()
	}
	ev := Event{Node: node, Time: end, Attempt: f.attempts, Elapsed: end.Sub(f.first), Err: f.err, CachedFrom: f.from}
	switch f.st {
	case stSucceeded:
		ev.Kind = NodeSucceeded
	case stFailed:
		ev.Kind = NodeFailed
	case stCancelled:
		ev.Kind = NodeCancelled
	}
	r.emit(ev)
	for _, d := range skipped {
		dn := r.wf.Nodes[d]
		reason := "upstream " + node.ID + " failed"
		r.writeNode(dn, stSkipped, nil, nil, nil, "", reason, nil)
		r.emit(Event{Kind: NodeSkipped, Node: dn, Reason: reason})
	}
	return next
}

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// putLineBuf returns line, encoded into *bp, to lineBufs.
func putLineBuf(bp *[]byte, line []byte) {
	if cap(line) <= 64<<10 { // don't pin huge buffers in the pool
		*bp = line
		lineBufs.Put(bp)
	}
}

// writeNode appends a node's line to the journal, if there is one; an
// error has stopped the run.
func (r *run) writeNode(n *compiler.Node, st uint8, inputs, outs map[string]any, attempts []AttemptRecord, errMsg, reason string, from *CacheSource) error {
	if r.journal == nil {
		return nil
	}
	bp := lineBufs.Get().(*[]byte)
	line := r.appendNodeLine((*bp)[:0], n, st, inputs, outs, attempts, errMsg, reason, from)
	_, err := r.journal.Append(line)
	putLineBuf(bp, line)
	if err != nil {
		r.failRecord(err)
	}
	return err
}

// appendNodeLine appends a node's journal line to b.
func (r *run) appendNodeLine(b []byte, n *compiler.Node, st uint8, inputs, outs map[string]any, attempts []AttemptRecord, errMsg, reason string, from *CacheSource) []byte {
	return appendNodeLine(b, n, r.taskHashOf(n), statusOf(st), r.redact.Values(inputs), outs, attempts, errMsg, reason, from)
}

func statusOf(st uint8) Status {
	switch st {
	case stSucceeded:
		return StatusSucceeded
	case stFailed:
		return StatusFailed
	case stSkipped:
		return StatusSkipped
	case stCancelled:
		return StatusCancelled
	}
	return StatusRunning
}

// attemptLog keeps the last lines an executor logged during one attempt,
// bounded so a chatty task cannot grow the record without limit.
type attemptLog struct {
	mu    sync.Mutex
	buf   []string
	total int
}

const (
	maxLogLines = 40
	maxLogLine  = 1000
)

func (l *attemptLog) add(line string) {
	if len(line) > maxLogLine {
		line = line[:maxLogLine] + "…"
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total++
	l.buf = append(l.buf, line)
	if len(l.buf) >= 2*maxLogLines {
		l.buf = append(l.buf[:0], l.buf[len(l.buf)-maxLogLines:]...)
	}
}

func (l *attemptLog) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) == 0 {
		return nil
	}
	// A copy: an executor that outlives its attempt may still log.
	return append([]string(nil), l.buf[max(len(l.buf)-maxLogLines, 0):]...)
}

// taskHashOf returns the definition hash of the task node n runs, for its
// record line: a node's own, or that of a sub-node (a map's item has its
// map's task, a conditional's call and the failure handler their own).
func (r *run) taskHashOf(n *compiler.Node) string {
	if k, ok := r.caseIndex[n]; ok {
		return r.taskHash[k]
	}
	if n == r.wf.OnFailure {
		return r.taskHash[r.failureIndex]
	}
	if n.Index >= 0 && n.Index < len(r.wf.Nodes) {
		return r.taskHash[n.Index]
	}
	return ""
}

// appendLines appends record lines that gate no node (sub-nodes' lines),
// failing the record, and so the run, if they cannot be written.
func (r *run) appendLines(lines []byte) {
	if r.journal == nil || len(lines) == 0 {
		return
	}
	if _, err := r.journal.Append(lines); err != nil {
		r.failRecord(err)
	}
}
