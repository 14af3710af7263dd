package runtime

import (
	"bufio"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// JSONEvents writes each event as one JSON object per line, for tools that
// follow a run (`wfc run --json` sends them to stderr):
//
//	{"event":"started","time":"…","run":"…","node":"n0","task":"hello","attempt":1}
//
// Fields that do not apply are left out. Lines are buffered and flushed
// at least every 100ms, at once for failures and the end of the run. Call
// Close at the end.
type JSONEvents struct {
	mu      sync.Mutex
	w       *bufio.Writer
	buf     []byte
	stop    chan struct{}
	stopped chan struct{}
	closed  bool
}

// NewJSONEvents writes events to w.
func NewJSONEvents(w io.Writer) *JSONEvents {
	j := &JSONEvents{w: bufio.NewWriter(w), stop: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(j.stopped)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-j.stop:
				return
			case <-t.C:
				j.mu.Lock()
				j.w.Flush()
				j.mu.Unlock()
			}
		}
	}()
	return j
}

// Observe implements Observer.
func (j *JSONEvents) Observe(e Event) {
	j.mu.Lock()
	defer j.mu.Unlock()
	b := j.buf[:0]
	b = append(b, `{"event":`...)
	b = compiler.AppendJSONString(b, e.Kind.String())
	b = append(b, `,"time":"`...)
	b = e.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","run":`...)
	b = compiler.AppendJSONString(b, e.RunID)
	if e.Node != nil {
		b = append(b, `,"node":`...)
		b = compiler.AppendJSONString(b, e.Node.ID)
		if e.Node.Task != nil {
			b = append(b, `,"task":`...)
			b = compiler.AppendJSONString(b, e.Node.Task.Name)
		}
	}
	if e.Attempt > 0 {
		b = append(b, `,"attempt":`...)
		b = strconv.AppendInt(b, int64(e.Attempt), 10)
	}
	if e.Kind == NodeSucceeded || e.Kind == NodeFailed || e.Kind == NodeCancelled {
		b = append(b, `,"elapsed_ms":`...)
		b = strconv.AppendFloat(b, float64(e.Elapsed.Microseconds())/1000, 'f', -1, 64)
	}
	if e.Delay > 0 {
		b = append(b, `,"delay_ms":`...)
		b = strconv.AppendFloat(b, float64(e.Delay.Microseconds())/1000, 'f', -1, 64)
	}
	if e.Err != nil {
		b = append(b, `,"error":`...)
		b = compiler.AppendJSONString(b, e.Err.Error())
	}
	if e.CachedFrom != nil {
		b = append(b, `,"cached_from":{"run":`...)
		b = compiler.AppendJSONString(b, e.CachedFrom.Run)
		b = append(b, `,"node":`...)
		b = compiler.AppendJSONString(b, e.CachedFrom.Node)
		b = append(b, '}')
	}
	if e.Reason != "" {
		b = append(b, `,"reason":`...)
		b = compiler.AppendJSONString(b, e.Reason)
	}
	if e.Kind == NodeLog {
		b = append(b, `,"line":`...)
		b = compiler.AppendJSONString(b, e.Line)
	}
	if e.Kind == RunFinished {
		b = append(b, `,"status":`...)
		b = compiler.AppendJSONString(b, string(e.Status))
	}
	if e.Kind == RunStarted || e.Kind == RunFinished {
		s := e.Summary
		b = append(b, `,"nodes":`...)
		b = strconv.AppendInt(b, int64(s.Nodes), 10)
		if e.Kind == RunFinished {
			for _, f := range []struct {
				k string
				v int
			}{{"succeeded", s.Succeeded}, {"cached", s.Cached}, {"failed", s.Failed}, {"skipped", s.Skipped}, {"cancelled", s.Cancelled}, {"not_started", s.NotStarted}, {"retries", s.Retries}} {
				b = append(b, `,"`...)
				b = append(b, f.k...)
				b = append(b, `":`...)
				b = strconv.AppendInt(b, int64(f.v), 10)
			}
			b = append(b, `,"wall_ms":`...)
			b = strconv.AppendFloat(b, float64(s.Wall.Microseconds())/1000, 'f', -1, 64)
		}
	}
	b = append(b, "}\n"...)
	j.w.Write(b)
	j.buf = b
	if e.Kind == RunFinished || e.Kind == NodeFailed {
		j.w.Flush()
	}
}

// Close flushes buffered events and stops the flusher.
func (j *JSONEvents) Close() {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return
	}
	j.closed = true
	j.mu.Unlock()
	close(j.stop)
	<-j.stopped
	j.mu.Lock()
	defer j.mu.Unlock()
	j.w.Flush()
}
