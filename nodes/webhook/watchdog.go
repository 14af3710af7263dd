package webhook

import (
	"context"
	"io"
	"math"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// watchdog enforces the task's timeout the way httpx does for the
// connector: separately for connecting, for getting the response, and for
// each wait for more of the body. It also enforces the task's deadline,
// which bounds the attempt as a whole (a server trickling a byte at a time
// never overruns a phase). A shared Transport cannot carry per-task
// timeouts, so the watchdog cancels the request's context, with a
// *TimeoutError as the cause, when a phase or the deadline overruns.
//
// Progress only records the time (one atomic store); the single timer
// checks, when it fires, whether a phase's timeout or the deadline has
// really passed and otherwise re-arms for the time left. Resetting a timer on every body read
// would cost more than the reads of a small response. The context, timer
// and trace are kept for the next call once a call is over (watchdogs):
// making them cost more than the rest of the executor's own work.
type watchdog struct {
	d      time.Duration // per phase
	total  time.Duration // the deadline, from origin
	origin time.Time     // monotonic origin
	last   atomic.Int64  // nanoseconds since start of the last progress
	phase  atomic.Int32  // index into phases; only ever grows
	timer  *time.Timer
	fired  atomic.Bool // fire ran during this use: the watchdog is not reused
	done   atomic.Bool
	parent context.Context
	ctx    context.Context // parent's child, with trace
	cancel context.CancelCauseFunc
	trace  httptrace.ClientTrace
	pool   *watchdogs
}

// watchdogs keeps watchdogs that finished their call without firing, for
// later calls with the same parent context: their context, timer and
// trace are made once, not per call. A kept watchdog's context stays a
// child of its parent (the run's context), so the pool is bounded, and a
// watchdog whose parent is done or differs is released, not reused.
type watchdogs struct {
	mu   sync.Mutex
	free []*watchdog
	max  int
}

// The phases a request goes through, in order, for timeout messages.
const (
	phaseConnect = iota
	phaseWait
	phaseBody
)

var phases = [...]string{
	phaseConnect: "connecting",
	phaseWait:    "waiting for the response",
	phaseBody:    "reading the response body",
}

// start returns a watchdog watching one request, in the connecting phase,
// with timeout d per phase and total for the whole, and the request's
// context, with the hook that moves it on once a connection is obtained.
// Call stop when the call is over.
func (p *watchdogs) start(parent context.Context, d, total time.Duration) (*watchdog, context.Context) {
	var w *watchdog
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		w = p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
	}
	p.mu.Unlock()
	if w != nil && (w.parent != parent || w.ctx.Err() != nil) {
		w.cancel(nil)
		w = nil
	}
	if w == nil {
		w = &watchdog{parent: parent, pool: p}
		var ctx context.Context
		ctx, w.cancel = context.WithCancelCause(parent)
		// GotConn runs on the caller's goroutine before the request is
		// written; the write of a webhook's small body is part of waiting.
		w.trace.GotConn = func(httptrace.GotConnInfo) { w.enter(phaseWait) }
		w.ctx = httptrace.WithClientTrace(ctx, &w.trace)
	}
	w.d, w.total, w.origin = d, total, time.Now()
	w.last.Store(0)
	w.phase.Store(phaseConnect)
	w.done.Store(false)
	if w.timer == nil {
		// Made unarmed and armed below: fire reads w.timer, so the field
		// must be set before the timer can first run it (a timer started
		// by AfterFunc(d, …) may fire before AfterFunc's result is
		// stored, racing with the store).
		w.timer = time.AfterFunc(math.MaxInt64, w.fire)
	}
	w.timer.Reset(min(d, total))
	return w, w.ctx
}

func (w *watchdog) fire() {
	w.fired.Store(true)
	if w.done.Load() {
		return
	}
	elapsed := time.Since(w.origin)
	if elapsed >= w.total {
		w.cancel(&TimeoutError{Phase: phases[w.phase.Load()], Timeout: w.total, Deadline: true})
		return
	}
	idle := elapsed - time.Duration(w.last.Load())
	if idle >= w.d {
		w.cancel(&TimeoutError{Phase: phases[w.phase.Load()], Timeout: w.d})
		return
	}
	w.timer.Reset(min(w.d-idle, w.total-elapsed))
}

// enter records progress in phase (a later phase than the current one
// starts it).
func (w *watchdog) enter(phase int32) {
	w.last.Store(int64(time.Since(w.origin)))
	for {
		cur := w.phase.Load()
		if phase <= cur || w.phase.CompareAndSwap(cur, phase) {
			return
		}
	}
}

// current is the phase the request is in.
func (w *watchdog) current() int32 { return w.phase.Load() }

// stop ends the watch. The watchdog goes back to its pool when its timer
// never fired and its context is live; otherwise its context is released.
func (w *watchdog) stop() {
	w.done.Store(true)
	stopped := w.timer.Stop()
	if stopped && !w.fired.Load() && w.ctx.Err() == nil {
		p := w.pool
		p.mu.Lock()
		if len(p.free) < p.max {
			p.free = append(p.free, w)
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
	}
	w.cancel(nil)
}

// bodyReader counts every read of the body as progress, so a response
// that keeps arriving is never cut off, and one that stalls for longer than
// the timeout is.
type bodyReader struct {
	r io.Reader
	w *watchdog
}

func (b *bodyReader) Read(p []byte) (int, error) {
	b.w.enter(phaseBody)
	n, err := b.r.Read(p)
	if n > 0 {
		b.w.enter(phaseBody)
	}
	return n, err
}
