package webhook

import (
	"context"
	"io"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// watchdog enforces the task's timeout the way httpx does for the
// connector: separately for connecting, for getting the response, and for
// each wait for more of the body — not for the call as a whole. A shared
// Transport cannot carry per-task timeouts, so the watchdog cancels the
// request's context, with a *TimeoutError as the cause, when a phase
// overruns.
//
// Progress only records the time (one atomic store); the single timer
// checks, when it fires, whether the deadline has really passed and
// otherwise re-arms for the rest. Resetting a timer on every body read
// would cost more than the reads of a small response.
type watchdog struct {
	d      time.Duration
	origin time.Time    // monotonic origin
	last   atomic.Int64 // nanoseconds since start of the last progress
	phase  atomic.Int32 // index into phases; only ever grows
	timer  *time.Timer
	cancel context.CancelCauseFunc
	done   atomic.Bool
	trace  httptrace.ClientTrace
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

// start begins watching one request, in the connecting phase, and returns
// its context, with the hook that moves it on once a connection is
// obtained.
func (w *watchdog) start(parent context.Context, d time.Duration) context.Context {
	ctx, cancel := context.WithCancelCause(parent)
	w.d, w.origin, w.cancel = d, time.Now(), cancel
	w.timer = time.AfterFunc(d, w.fire)
	// GotConn runs on the caller's goroutine before the request is
	// written; the write of a webhook's small body is part of waiting.
	w.trace.GotConn = func(httptrace.GotConnInfo) { w.enter(phaseWait) }
	return httptrace.WithClientTrace(ctx, &w.trace)
}

func (w *watchdog) fire() {
	if w.done.Load() {
		return
	}
	idle := time.Since(w.origin) - time.Duration(w.last.Load())
	if idle < w.d {
		w.timer.Reset(w.d - idle)
		return
	}
	w.cancel(&TimeoutError{Phase: phases[w.phase.Load()], Timeout: w.d})
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

// stop ends the watch and releases the context.
func (w *watchdog) stop() {
	w.done.Store(true)
	w.timer.Stop()
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
