package runtime

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// A workflow (or launch plan) called as a branch of an `if` runs only if
// its branch is chosen, which one DAG built up front cannot say; and a
// workflow with on_failure or keep_going has a failure policy of its own,
// which Flyte applies inside the subworkflow alone. Such a callee runs as
// a nested run: a scheduler of its own over the callee's nodes, with ids
// under the calling node's ("n2-n0-n1"), sharing the parent's options,
// executors' registry, secrets, record, work directory and parallelism,
// and stopped by the parent's cancellation. Inside it the callee's
// keep_going holds and, after a failure, its handler runs; the failure
// then fails the calling node, and so crosses into the parent as any
// node's does. Other callees are inlined (compiler.Inline).

// runNested runs workflow call m and returns its inputs, its state, its
// results and the error that failed or stopped it.
func (r *run) runNested(m *compiler.Node) (map[string]any, uint8, map[string]any, error) {
	inputs, err := r.nestedInputs(m)
	if err != nil {
		return nil, stFailed, nil, newNodeError(m, 0, Permanent(r.redact.Error(err)))
	}
	wf := compiler.InlineAt(m.Workflow, m.ID+"-")
	c := &run{
		wf: wf, opts: r.opts, id: r.id, inputs: inputs, started: time.Now(),
		journal: r.journal, blobs: r.blobs, slots: r.slots, flight: r.flight, logBytes: r.logBytes,
	}
	c.opts.KeepGoing = r.opts.KeepGoing || wf.KeepGoing
	// One work directory per run: attempt directories are named by node
	// id, which the prefix keeps apart.
	r.workOnce.Do(func() { r.workRoot, r.workErr = newWorkRoot(r.id) })
	c.workOnce.Do(func() { c.workRoot, c.workErr = r.workRoot, r.workErr })
	if err := c.setup(); err != nil {
		return inputs, stFailed, nil, newNodeError(m, 0, Permanent(r.redact.Error(err)))
	}
	c.redact = r.redact // which knows the callee's secrets (resolveSecrets)
	c.sum.Nodes = len(wf.Nodes)
	// The branch node waits without running anything: its slot goes to
	// the nested run's nodes meanwhile.
	r.giveSlot()
	c.execute(r.ctx)
	if r.slots != nil {
		// Taken back even when the run is stopped: the worker gives it
		// back when this node is done. The nested run's nodes have given
		// theirs, and the other holders finish.
		r.slots <- struct{}{}
	}

	r.mu.Lock()
	r.nested.addCounts(c.sum)
	r.mu.Unlock()
	var failure error
	switch {
	case c.recordErr != nil:
		r.failRecord(c.recordErr)
		return inputs, stFailed, nil, c.recordErr
	case len(c.failures) == 1:
		failure = c.failures[0]
	case len(c.failures) > 0:
		failure = multi(c.failures)
	case r.ctx.Err() != nil && c.sum.Succeeded != c.sum.Nodes:
		return inputs, stCancelled, nil, fmt.Errorf("%w: %w", ErrCancelled, context.Cause(r.ctx))
	}
	if failure != nil {
		// As propeller, not after an abort: the parent's stop is no
		// failure of the callee's.
		if wf.OnFailure != nil && r.ctx.Err() == nil {
			if herr := c.runFailureHandler(r.ctx, failure); herr != nil {
				failure = multi([]error{failure, herr})
			}
		}
		return inputs, stFailed, nil, failure
	}
	outs, err := c.results()
	if err != nil {
		return inputs, stFailed, nil, newNodeError(m, 0, Permanent(err))
	}
	return inputs, stSucceeded, outs, nil
}

// nestedInputs resolves the inputs of workflow call m: what it binds,
// then for the inputs it leaves out a launch plan's fixed and default
// values, the workflow's defaults, or null for an optional input.
func (r *run) nestedInputs(m *compiler.Node) (map[string]any, error) {
	given := make(map[string]any, len(m.Inputs))
	for _, b := range m.Inputs {
		v, err := r.resolve(b.Value)
		if err != nil {
			return nil, fmt.Errorf("input %s: %v", b.Var, err)
		}
		given[b.Var] = v
	}
	if m.Plan != nil {
		for _, p := range m.Workflow.Inputs {
			if _, ok := given[p.Name]; ok {
				continue
			}
			if in, _ := m.Plan.Input(p.Name); in != nil {
				given[p.Name] = in.Value
			}
		}
	}
	return PrepareInputs(m.Workflow, given)
}

// hasNestedRuns tells whether wf, inlined, has nested runs: a workflow
// call left as a node, or a workflow called in a branch.
func hasNestedRuns(wf *compiler.Workflow) bool {
	for _, n := range wf.Nodes {
		if n.Workflow != nil {
			return true
		}
		if n.Branch != nil && slices.ContainsFunc(n.Branch.Calls(), func(m *compiler.Node) bool { return m.Workflow != nil }) {
			return true
		}
	}
	return false
}

// takeSlot waits for a slot to run a node in, unless the run is stopped
// first; without nested runs the workers alone bound the parallelism.
func (r *run) takeSlot() bool {
	if r.slots == nil {
		return true
	}
	select {
	case r.slots <- struct{}{}:
		return true
	case <-r.ctx.Done():
		return false
	}
}

func (r *run) giveSlot() {
	if r.slots != nil {
		<-r.slots
	}
}
