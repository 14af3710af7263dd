package runtime

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/wfc-lang/wfc/compiler"
)

// The scheduler follows cmd/go's action graph runner: every node has a count
// of the upstream nodes it still waits for; a node whose count reaches zero
// goes on a ready queue and sends one token on a buffered channel; N
// workers take tokens, pop the queue and run the node; when a node finishes
// its worker decrements its dependents' counts under the same one mutex.
// Every step touches a node or an edge a constant number of times, so a run
// is linear in nodes plus edges. The graph is the workflow's DAG, as the
// checker built it; the counts live in arrays indexed like its nodes.
//
// Why a channel and one mutex, not a sync.Cond: a worker waits for either
// a ready node, the end of the run or its cancellation (Ctrl-C, a failure,
// a record that cannot be written), and only channels can be waited on
// together with a context's Done. The mutex guards the counts, the states
// and the queue, which every finishing node updates together; finer locks
// would buy nothing at about a microsecond of work per node, since a
// node's journal write, not the lock, dominates.

// ErrCancelled is wrapped by the error Run returns when its context was
// cancelled (Ctrl-C).
var ErrCancelled = errors.New("run cancelled")

// IsCancelled reports whether err says the run was cancelled rather than
// failed.
func IsCancelled(err error) bool { return errors.Is(err, ErrCancelled) }

// Result is what a run produced.
type Result struct {
	RunID   string
	Dir     string // the run record's directory; "" without Options.RunsDir
	Status  Status
	Outputs map[string]any // the workflow's outputs, when Status is StatusSucceeded; secret-redacted
	Summary Summary
}

// node states, in the scheduler's arrays
const (
	stWaiting uint8 = iota
	stReady
	stRunning
	stSucceeded
	stFailed
	stSkipped
	stCancelled
)

type run struct {
	wf          *compiler.Workflow
	opts        Options
	id          string
	inputs      map[string]any
	ctx         context.Context // cancelled on Ctrl-C and, without KeepGoing, on the first failure
	cancel      context.CancelCauseFunc
	execs       []Executor     // per node, then per sub-node that runs a task of its own (below)
	usesDir     []bool         // per node
	nodeSecrets []SecretSource // per node: its task's secrets
	taskHash    []string       // per node: its task's DefinitionHash, for the record
	secrets     map[string]string
	redact      *Redactor
	journal     *journal
	held        heldLines // lines of nodes that gate nothing, written together
	started     time.Time

	// Sub-nodes that run tasks other than their node's have executors of
	// their own, after the workflow's nodes in execs, usesDir, nodeSecrets
	// and taskHash: each call of a conditional, and the failure handler.
	caseIndex    map[*compiler.Node]int
	failureIndex int

	// flight joins concurrent identical calls of cache_serialize tasks;
	// cacheHits counts the task calls whose outputs were reused. flight
	// and logBytes are shared with the nested runs.
	flight    *singleflight.Group
	cacheHits atomic.Int64
	logBytes  *atomic.Int64 // written to the record's logs, for LogLimits.PerRun

	workOnce sync.Once
	workRoot string
	blobs    *BlobStore // the run's files and directories
	workErr  error

	dag *compiler.DAG
	// consumers[j] counts the nodes that read j's outputs and have not
	// finished; when it reaches zero the outputs are dropped (unless a
	// workflow result reads them), so a long run holds the outputs of its
	// frontier, not of every node it ran.
	consumers []int32
	pinned    []bool // outputs the workflow's results read

	// mu guards everything below, and outputs[i] until node i is done
	// (after that it is only read).
	mu        sync.Mutex
	pending   []int32 // upstream nodes not yet succeeded
	state     []uint8
	outputs   []map[string]any
	ready     []int32 // FIFO; head is the next to run
	readyHead int
	signal    chan struct{} // one token per node pushed on ready
	remaining int           // nodes not yet in a final state
	done      chan struct{} // closed when remaining reaches 0
	failures  []error
	recordErr error // the journal's failure, which stopped the run
	sum       Summary
	nested    Summary // the nodes of this run's nested runs (nested.go)

	// slots, when the run has nested runs, holds one token per node
	// running in this run and its nested runs together, so that they keep
	// to MaxParallel between them; nil otherwise.
	slots chan struct{}
}

// Run executes the workflow wf on this machine with the given inputs (see
// PrepareInputs, which checks them and applies defaults) and returns its
// result.
//
// The error is nil exactly when the run succeeded. A failed run returns a
// *NodeError (fail-fast: the failure that stopped the run, or several in a
// *multierror.Error if more failed at once) or a *multierror.Error of
// *NodeError (KeepGoing: every failure). A cancelled run (ctx done, as on
// Ctrl-C) returns an error for which IsCancelled is true. Errors setting up
// the run — no executor for a task type, a missing secret, a run record that
// cannot be created — come before any node starts. The Result is never nil.
func Run(ctx context.Context, wf *compiler.Workflow, inputs map[string]any, opts Options) (*Result, error) {
	wf = compiler.Inline(wf) // a subworkflow's nodes run as the calling node's children, in one DAG
	r := &run{wf: wf, opts: opts, id: opts.RunID, inputs: inputs, started: time.Now(), flight: new(singleflight.Group), logBytes: new(atomic.Int64)}
	if r.id == "" {
		r.id = NewRunID()
	}
	if r.opts.MaxParallel <= 0 {
		r.opts.MaxParallel = DefaultMaxParallel
	}
	if r.opts.Secrets == nil {
		r.opts.Secrets = EnvSecrets{}
	}
	if r.opts.LogLimits.PerNode <= 0 {
		r.opts.LogLimits.PerNode = DefaultLogLimits.PerNode
	}
	if r.opts.LogLimits.PerRun <= 0 {
		r.opts.LogLimits.PerRun = DefaultLogLimits.PerRun
	}
	res := &Result{RunID: r.id, Status: StatusFailed}
	n := len(wf.Nodes)
	r.sum.Nodes = n

	setupErr := r.setup()
	if opts.RunsDir != "" {
		h := RunHeader{
			Type: "run", ID: r.id, Workflow: wf.Name, File: opts.SourceFile,
			Started: r.started, Nodes: n, MaxParallel: r.opts.MaxParallel,
			KeepGoing: opts.KeepGoing, PID: os.Getpid(),
			Inputs: appendValue(nil, r.redact.Values(inputs)),
		}
		if opts.Resume != nil {
			h.ResumedFrom = opts.Resume.Run
		}
		j, err := createJournal(opts.RunsDir, h, opts.Source)
		if err != nil {
			return res, err
		}
		r.journal = j
		res.Dir = j.dir
		// Absolute, so that the paths of file and dir values hold from any
		// working directory.
		dir, err := filepath.Abs(filepath.Join(j.dir, BlobDirName))
		if err != nil {
			return res, err
		}
		r.blobs = NewBlobStore(dir)
	} else {
		r.blobs = NewBlobStore(filepath.Join(os.TempDir(), "wfc-data-"+r.id))
	}
	if setupErr == nil {
		setupErr = r.storeInputs()
	}
	if setupErr != nil {
		res.Summary = r.sum
		res.Summary.NotStarted = n
		return res, r.end(res, setupErr)
	}

	r.emit(Event{Kind: RunStarted, Summary: Summary{Nodes: n}})
	if hasNestedRuns(wf) {
		r.slots = make(chan struct{}, r.opts.MaxParallel)
	}
	r.execute(ctx)

	// Workers are gone: the state below is ours alone.
	res.Summary = r.sum
	var err error
	switch {
	case r.recordErr != nil:
		err = fmt.Errorf("run stopped: %w", r.recordErr)
	case ctx.Err() != nil && r.sum.Succeeded != r.sum.Nodes: // a Ctrl-C after the last node changed nothing
		res.Status = StatusCancelled
		err = fmt.Errorf("%w: %w", ErrCancelled, context.Cause(ctx))
	case len(r.failures) == 1 && !opts.KeepGoing:
		err = r.failures[0]
	case len(r.failures) > 0:
		err = multi(r.failures)
	case r.sum.Succeeded != r.sum.Nodes:
		err = fmt.Errorf("internal error: %d of %d nodes finished", r.sum.Succeeded, r.sum.Nodes)
	default:
		outs, oerr := r.results()
		if oerr != nil {
			err = oerr
			break
		}
		res.Status = StatusSucceeded
		res.Outputs = outs
	}
	if err != nil && res.Status != StatusCancelled && r.recordErr == nil && wf.OnFailure != nil {
		if herr := r.runFailureHandler(ctx, err); herr != nil {
			err = multi([]error{err, herr})
		}
	}
	if r.workRoot != "" {
		removeWorkRoot(r.workRoot)
	}
	return res, r.end(res, err)
}

// execute runs the nodes of r.wf on the workers until every node is done
// or the run is stopped, and completes the summary with the nested runs'.
func (r *run) execute(ctx context.Context) {
	n := len(r.wf.Nodes)
	var cancel context.CancelCauseFunc
	r.ctx, cancel = context.WithCancelCause(ctx)
	r.cancel = cancel
	defer cancel(nil)

	r.state = make([]uint8, n)
	r.outputs = make([]map[string]any, n)
	r.signal = make(chan struct{}, n)
	r.done = make(chan struct{})
	r.remaining = n
	r.ready = make([]int32, 0, min(n, 1024))
	for i := range n {
		if r.pending[i] == 0 {
			r.push(int32(i))
		}
	}
	if n == 0 {
		close(r.done)
	}

	var wg sync.WaitGroup
	for range min(r.opts.MaxParallel, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.worker()
		}()
	}
	wg.Wait()
	r.stopHolding()

	r.sum.NotStarted = n - r.sum.Succeeded - r.sum.Failed - r.sum.Skipped - r.sum.Cancelled
	r.sum.Cached = int(r.cacheHits.Load())
	r.sum.addCounts(r.nested)
}

// BlobDirName is the folder of a run record that holds the run's files
// and directories (BlobStore).
const BlobDirName = "data"

// storeInputs copies the workflow's file and dir inputs into the run's
// store before any node starts: tasks read the stored copies, so a file
// changed during the run does not change the run.
func (r *run) storeInputs() error {
	var stored map[string]any
	for _, p := range r.wf.Inputs {
		v, ok := r.inputs[p.Name]
		if !ok || !p.Type.HasBlob() {
			continue
		}
		w, err := r.blobs.StoreBlobs(v, p.Type)
		if err != nil {
			return fmt.Errorf("input %s: %w", p.Name, err)
		}
		if stored == nil {
			stored = maps.Clone(r.inputs)
		}
		stored[p.Name] = w
	}
	if stored != nil {
		r.inputs = stored
	}
	return nil
}

// end records and reports the end of the run and returns err, redacted, or
// a record-writing error when the run itself went well.
func (r *run) end(res *Result, err error) error {
	err = r.redact.Error(err)
	res.Summary.Wall = time.Since(r.started)
	if r.journal != nil {
		e := RunEnd{Type: "end", Status: res.Status, Ended: time.Now(), Summary: res.Summary}
		if res.Outputs != nil {
			e.Outputs = appendValue(nil, res.Outputs)
		}
		if err != nil {
			e.Error = err.Error()
		}
		if jerr := r.journal.Close(e); jerr != nil && err == nil {
			err = jerr
			res.Status = StatusFailed
			res.Outputs = nil
		}
	}
	r.emit(Event{Kind: RunFinished, Status: res.Status, Summary: res.Summary, Err: err})
	return err
}

// setup checks the graph, finds every node's executor and resolves the
// secrets. Errors are collected, so one run reports all of them.
func (r *run) setup() error {
	var errs []error
	if err := r.buildGraph(); err != nil {
		errs = append(errs, err)
	}
	// The calls of conditionals run with executors of their own, indexed
	// after the workflow's nodes.
	nodes := r.wf.Nodes
	for _, n := range r.wf.Nodes {
		if n.Branch != nil {
			if r.caseIndex == nil {
				r.caseIndex = map[*compiler.Node]int{}
			}
			for _, m := range n.Branch.Calls() {
				if m.Workflow != nil {
					continue // a nested run, with executors of its own
				}
				if len(nodes) == len(r.wf.Nodes) {
					nodes = slices.Clone(nodes)
				}
				r.caseIndex[m] = len(nodes)
				nodes = append(nodes, m)
			}
		}
	}
	if fn := r.wf.OnFailure; fn != nil {
		nodes = append(slices.Clip(nodes), fn)
		r.failureIndex = len(nodes) - 1
	}
	r.execs = make([]Executor, len(nodes))
	r.usesDir = make([]bool, len(nodes))
	r.nodeSecrets = make([]SecretSource, len(nodes))
	r.taskHash = make([]string, len(nodes))
	type found struct {
		e    Executor
		uses bool
		sec  SecretSource
		hash string
	}
	byTask := map[*compiler.Task]found{}
	missing := map[string]bool{}
	for i, n := range nodes {
		if n.Branch != nil || n.Workflow != nil {
			continue // its calls have their own entries, or it is a nested run
		}
		if n.Task == nil {
			errs = append(errs, fmt.Errorf("node %s has no task", n.ID))
			continue
		}
		f, ok := byTask[n.Task]
		if !ok {
			typ := n.Task.Kind.FlyteType()
			var e Executor
			if r.opts.Registry != nil {
				e, _ = r.opts.Registry.Lookup(typ)
			}
			if e == nil && !missing[typ] {
				missing[typ] = true
				errs = append(errs, fmt.Errorf("no executor for task type %q (task %s)", typ, n.Task.Name))
			}
			f.e = e
			if u, ok := e.(UsesDir); ok {
				f.uses = u.UsesDir()
			}
			f.sec = &taskSecrets{task: n.Task, vals: &r.secrets}
			if r.opts.RunsDir != "" {
				f.hash = n.Task.DefinitionHash()
			}
			byTask[n.Task] = f
		}
		r.execs[i], r.usesDir[i], r.nodeSecrets[i], r.taskHash[i] = f.e, f.uses, f.sec, f.hash
	}
	// Nested runs' callees too: a missing secret stops the run up front.
	withNested := nodes
	for _, n := range r.wf.Nodes {
		if n.Branch != nil {
			for _, m := range n.Branch.Calls() {
				if m.Workflow != nil {
					withNested = append(slices.Clip(withNested), m)
				}
			}
		}
	}
	secrets, err := resolveSecrets(withNested, r.opts.Secrets)
	if err != nil {
		errs = append(errs, err)
	}
	r.secrets = secrets
	vals := make([]string, 0, len(secrets))
	for _, v := range secrets {
		vals = append(vals, v)
	}
	r.redact = NewRedactor(vals...)
	return errors.Join(errs...)
}

// buildGraph takes the workflow's DAG — the checker's, or one built here
// for a workflow made by hand — and sets up the counts the scheduler keeps
// over it.
func (r *run) buildGraph() error {
	dag := r.wf.DAG
	if dag == nil {
		var err error
		if dag, err = compiler.NewDAG(r.wf); err != nil {
			return err
		}
	}
	n := len(r.wf.Nodes)
	if dag.Len() != n || len(dag.Order()) != n {
		return fmt.Errorf("internal error: workflow %s's DAG does not match its %d nodes", r.wf.Name, n)
	}
	r.dag = dag
	r.pending = make([]int32, n)
	r.consumers = make([]int32, n)
	for i := range n {
		r.pending[i] = int32(len(dag.Upstream(i)))
		r.consumers[i] = int32(len(dag.Downstream(i)))
	}
	r.pinned = make([]bool, n)
	for _, b := range r.wf.Results {
		if b != nil {
			compiler.WalkPromises(b.Value, func(p *compiler.Promise) {
				if p.Node != nil && p.Node.Index >= 0 && p.Node.Index < n && r.wf.Nodes[p.Node.Index] == p.Node {
					r.pinned[p.Node.Index] = true
				}
			})
		}
	}
	return nil
}

// push puts node i on the ready queue. r.mu must be held (or the workers
// not yet started).
func (r *run) push(i int32) {
	r.state[i] = stReady
	r.ready = append(r.ready, i)
	r.signal <- struct{}{} // never blocks: capacity is one per node
}

// worker runs ready nodes until every node is done or the run is stopped.
func (r *run) worker() {
	for {
		select {
		case <-r.signal: // the common case while nodes wait: no blocking select
		default:
			// Nothing to run: write the held lines now rather than when
			// the timer fires (at the run's end, the last ones).
			r.flushHeld()
			select {
			case <-r.signal:
			case <-r.done:
				return
			case <-r.ctx.Done():
				return
			}
		}
		r.mu.Lock()
		if r.ctx.Err() != nil {
			r.mu.Unlock()
			return
		}
		i := r.ready[r.readyHead]
		r.readyHead++
		if r.readyHead == len(r.ready) {
			r.ready, r.readyHead = r.ready[:0], 0
		}
		r.state[i] = stRunning
		r.mu.Unlock()
		for i >= 0 {
			if r.slots != nil && !r.takeSlot() {
				return
			}
			i = r.runNode(int(i))
			if r.slots != nil {
				r.giveSlot()
			}
		}
	}
}

// complete moves node i to its final state and releases or skips its
// dependents. With handover it returns a released node for the calling
// worker to run next (or -1) — handing it over directly saves waking
// another worker and a context switch per node along a chain — and it
// returns the nodes skipped because of a failure, for the caller to record
// outside the lock.
func (r *run) complete(i int, st uint8, outs map[string]any, err error, retries int, handover bool) (next int32, skipped []int32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.state[i] = st
	r.remaining--
	r.sum.Retries += retries
	next = -1
	// Node i has read its inputs: release what it read. Every other reader
	// of u finished before (it held this lock after its own read), so no
	// one reads outputs[u] as it is dropped.
	for _, u := range r.dag.Upstream(i) {
		if r.consumers[u]--; r.consumers[u] == 0 && !r.pinned[u] {
			r.outputs[u] = nil
		}
	}
	switch st {
	case stSucceeded:
		r.sum.Succeeded++
		if r.consumers[i] > 0 || r.pinned[i] {
			r.outputs[i] = outs
		}
		for _, d := range r.dag.Downstream(i) {
			if r.pending[d]--; r.pending[d] == 0 && r.state[d] == stWaiting {
				if handover && next < 0 && r.ctx.Err() == nil {
					next = d
					r.state[d] = stRunning
				} else {
					r.push(d)
				}
			}
		}
	case stFailed:
		r.sum.Failed++
		r.failures = append(r.failures, err)
		if !r.opts.KeepGoing {
			r.cancel(err)
			break
		}
		// Skip everything downstream at once, not when the other inputs
		// arrive: those nodes cannot run, and the user should see so now.
		stack := []int32{int32(i)}
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, d := range r.dag.Downstream(int(j)) {
				if r.state[d] == stWaiting {
					r.state[d] = stSkipped
					r.remaining--
					r.sum.Skipped++
					skipped = append(skipped, d)
					stack = append(stack, d)
				}
			}
		}
	case stCancelled:
		r.sum.Cancelled++
	}
	if r.remaining == 0 {
		close(r.done)
	}
	return next, skipped
}

// results evaluates the workflow's output bindings once every node is done.
func (r *run) results() (map[string]any, error) {
	outs := make(map[string]any, len(r.wf.Results))
	var errs []error
	for k, b := range r.wf.Results {
		if b == nil {
			continue
		}
		v, err := r.resolve(b.Value)
		if err == nil && k < len(r.wf.Outputs) && r.wf.Outputs[k].Name == b.Var {
			v, err = compiler.ConformValue(v, r.wf.Outputs[k].Type)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("workflow %s output %s: %v", r.wf.Name, b.Var, err))
			continue
		}
		outs[b.Var] = v
	}
	return r.redact.Values(outs), errors.Join(errs...)
}

func (r *run) emit(e Event) {
	if r.opts.Observer == nil {
		return
	}
	e.RunID = r.id
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	r.opts.Observer.Observe(e)
}
