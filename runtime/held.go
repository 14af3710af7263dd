package runtime

import (
	"sync"
	"time"
)

// A succeeded node that no other node depends on gates nothing: no node
// waits for it to count as done. Its journal line is held, with those of
// the other such nodes that finish meanwhile, and written by one write(2)
// — when heldMax bytes are waiting, when a worker finds nothing ready to
// run, or heldDelay after the first was held, whichever comes first. The
// nodes count as done (settle: reported, counted) only after that write
// returned, as every node does only after its own line is written, so
// nothing is reported done that is not in the journal. A write(2) costs a
// few µs, as much as the rest of a quick call's bookkeeping; a run of many
// independent calls makes a few dozen writes rather than one per call.
type heldLines struct {
	mu    sync.Mutex
	lines []byte     // the held nodes' lines, in the order they finished
	nodes []finished // the held nodes, to settle once their lines are written
	ends  []int      // where each node's line ends in lines
	timer *time.Timer

	// flushing is held while a batch is written and its nodes settled, so
	// that batches go one at a time and execute's last flush waits for one
	// under way. The spare slices are the previous batch's, reused.
	flushing   sync.Mutex
	spareLines []byte
	spareNodes []finished
	spareEnds  []int
}

const (
	heldMax   = 64 << 10
	heldDelay = 5 * time.Millisecond
)

// holds reports whether node i's line may be held (see heldLines).
func (r *run) holds(i int, st uint8) bool {
	return r.journal != nil && st == stSucceeded && len(r.dag.Downstream(i)) == 0
}

// hold holds line, f's node's, to be written and settled with the others
// held.
func (r *run) hold(f finished, line []byte) {
	h := &r.held
	h.mu.Lock()
	h.lines = append(h.lines, line...)
	h.nodes = append(h.nodes, f)
	h.ends = append(h.ends, len(h.lines))
	if len(h.nodes) == 1 {
		if h.timer == nil {
			h.timer = time.AfterFunc(heldDelay, r.flushHeld)
		} else {
			h.timer.Reset(heldDelay)
		}
	}
	full := len(h.lines) >= heldMax
	h.mu.Unlock()
	if full {
		r.flushHeld()
	}
}

// flushHeld writes the held lines and settles their nodes. When the write
// fails, the run stops (failRecord), and the nodes whose lines were not
// written whole count as cancelled, as a node whose own line could not be
// written does.
func (r *run) flushHeld() {
	h := &r.held
	h.flushing.Lock()
	defer h.flushing.Unlock()
	h.mu.Lock()
	if len(h.nodes) == 0 {
		h.mu.Unlock()
		return
	}
	lines, nodes, ends := h.lines, h.nodes, h.ends
	h.lines, h.nodes, h.ends = h.spareLines[:0], h.spareNodes[:0], h.spareEnds[:0]
	h.mu.Unlock()
	written, err := r.journal.Append(lines)
	if err != nil {
		r.failRecord(err)
	}
	for k, f := range nodes {
		if ends[k] > written {
			f.st, f.outs, f.err = stCancelled, nil, err
		}
		r.settle(f, false)
	}
	clear(nodes) // drop the outputs they hold
	h.spareLines, h.spareNodes, h.spareEnds = lines[:0], nodes[:0], ends[:0]
	if cap(lines) > 4*heldMax {
		h.spareLines = nil // a batch of huge lines: don't keep its buffer
	}
}

// stopHolding writes what is still held; no line is held after it, as no
// node of the run finishes after it.
func (r *run) stopHolding() {
	r.held.mu.Lock()
	if r.held.timer != nil {
		r.held.timer.Stop()
	}
	r.held.mu.Unlock()
	r.flushHeld()
}
