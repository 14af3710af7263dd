package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// A map node runs its task once per element of its mapped lists, as
// flytepropeller runs an ArrayNode: item k gets element k of every mapped
// input and the bound inputs whole; each item is a sub-node of its own
// (n3-0, n3-1, …) with the task's retries and timeout, recorded and
// reported like a node; at most the map's concurrency run at once; and the
// map succeeds when enough items do, failed items leaving null in the
// results. An item's failure alone does not stop the run.

// maxItemErrors bounds the item failures a failed map quotes.
const maxItemErrors = 3

// runMap runs map node i, whose inputs (the lists whole) are resolved.
func (r *run) runMap(i int, inputs map[string]any, first time.Time) int32 {
	node := r.wf.Nodes[i]
	m := node.Map
	size, err := mapSize(node, inputs)
	if err != nil {
		return r.finishNode(i, stFailed, inputs, nil, nil, newNodeError(node, 0, Permanent(err)), first)
	}
	need := m.Required(size)
	if need > size { // propeller fails it before any item runs
		err := fmt.Errorf("%d items, but at least %d must succeed", size, need)
		return r.finishNode(i, stFailed, inputs, nil, nil, newNodeError(node, 0, Permanent(err)), first)
	}
	workers := m.Concurrency
	switch {
	case workers == compiler.Inherit:
		workers = r.opts.MaxParallel
	case workers == 0: // unbounded, as on Flyte
		workers = size
	}
	workers = max(min(workers, size), 1)

	// One list per output of the task; a failed item leaves null in each.
	results := make([][]any, len(node.Task.Outputs))
	for o := range results {
		results[o] = make([]any, size)
	}
	items := make([]compiler.Node, size) // one allocation for every item's node
	var (
		next, failed atomic.Int64
		stop         atomic.Bool // too many failed: Flyte aborts the rest
		mu           sync.Mutex
		errs         []string
		retries      int
	)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= size || stop.Load() || r.ctx.Err() != nil {
					return
				}
				item := &items[k]
				*item = compiler.Node{ID: compiler.ItemID(node.ID, k), Index: node.Index, Task: node.Task, Name: node.Name, Range: node.Range}
				st, outs, attempts, err := r.runSub(item, i, itemInputs(node, inputs, k), time.Now())
				switch st {
				case stSucceeded:
					for o, p := range node.Task.Outputs {
						results[o][k] = outs[p.Name]
					}
				case stFailed:
					if int(failed.Add(1)) > size-need {
						stop.Store(true)
					}
					mu.Lock()
					if len(errs) < maxItemErrors {
						errs = append(errs, err.Error())
					}
					mu.Unlock()
				}
				if len(attempts) > 1 {
					mu.Lock()
					retries += len(attempts) - 1
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	r.mu.Lock()
	r.sum.Retries += retries
	r.mu.Unlock()

	if r.ctx.Err() != nil {
		return r.finishNode(i, stCancelled, inputs, nil, nil, context.Cause(r.ctx), first)
	}
	if nf := int(failed.Load()); nf > size-need {
		msg := fmt.Sprintf("%d of %d items failed; at least %d must succeed", nf, size, need)
		if nf < size && stop.Load() && int(next.Load()) < size {
			msg += " (the remaining items were not started)"
		}
		err := errors.New(msg + ":\n" + strings.Join(errs, "\n"))
		return r.finishNode(i, stFailed, inputs, nil, nil, newNodeError(node, 0, Permanent(err)), first)
	}
	outs := make(map[string]any, len(results))
	for o, p := range node.Task.Outputs {
		outs[p.Name] = results[o]
	}
	return r.finishNode(i, stSucceeded, inputs, outs, nil, nil, first)
}

// runSub runs a sub-node — an item of a map, the chosen call of a
// conditional — to a final state, writes its record line (one write, as
// for every node: a finished item survives SIGKILL of wfc, so a resumed
// run need not call it again) and reports it. exec indexes the executor
// it runs with (see run.execs).
func (r *run) runSub(item *compiler.Node, exec int, inputs map[string]any, first time.Time) (uint8, map[string]any, []AttemptRecord, error) {
	res := r.callTask(item, exec, inputs, first)
	st, outs, attempts, err := res.st, res.outs, res.attempts, res.err
	errMsg := ""
	if err != nil {
		errMsg = err.Error()
	}
	if r.journal != nil {
		r.appendLines(appendNodeLine(nil, item, r.taskHashOf(item), statusOf(st), r.redact.Values(inputs), outs, attempts, errMsg, "", res.from))
	}
	ev := Event{Node: item, Attempt: len(attempts), Err: err, CachedFrom: res.from}
	if n := len(attempts); n > 0 {
		ev.Time = attempts[n-1].End
	}
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	ev.Elapsed = ev.Time.Sub(first)
	switch st {
	case stSucceeded:
		ev.Kind = NodeSucceeded
	case stFailed:
		ev.Kind = NodeFailed
	default:
		ev.Kind = NodeCancelled
	}
	r.emit(ev)
	return st, outs, attempts, err
}

// mapSize is the number of items: the length of the mapped lists, which
// must agree, as propeller requires.
func mapSize(node *compiler.Node, inputs map[string]any) (int, error) {
	size, first := -1, ""
	for _, name := range node.Map.Mapped {
		l, _ := inputs[name].([]any)
		switch {
		case size < 0:
			size, first = len(l), name
		case len(l) != size:
			return 0, fmt.Errorf("input arrays have different lengths: %s has %d elements, %s has %d", first, size, name, len(l))
		}
	}
	return max(size, 0), nil
}

// itemInputs returns item k's inputs: element k of each mapped list, the
// other inputs whole.
func itemInputs(node *compiler.Node, inputs map[string]any, k int) map[string]any {
	in := make(map[string]any, len(inputs))
	for name, v := range inputs {
		if node.Map.IsMapped(name) {
			v = v.([]any)[k]
		}
		in[name] = v
	}
	return in
}
