package runtime

import (
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// EventKind says what happened.
type EventKind int

const (
	RunStarted    EventKind = iota // Summary.Nodes is set
	NodeStarted                    // an attempt began (Attempt ≥ 1)
	NodeRetrying                   // an attempt failed and another follows after Delay
	NodeSucceeded                  // the node finished with outputs
	NodeFailed                     // the node failed for good
	NodeSkipped                    // an upstream node failed (keep-going mode)
	NodeCancelled                  // the run stopped while the node was running
	NodeLog                        // an executor logged Line
	RunFinished                    // Summary and Status are final
)

var eventNames = [...]string{"run-started", "started", "retrying", "succeeded", "failed", "skipped", "cancelled", "log", "run-finished"}

func (k EventKind) String() string {
	if int(k) < len(eventNames) {
		return eventNames[k]
	}
	return "unknown"
}

// Event is one progress report. Errors and log lines are already
// secret-redacted.
type Event struct {
	Kind    EventKind
	Time    time.Time
	RunID   string
	Node    *compiler.Node // nil for run events
	Attempt int
	Elapsed time.Duration // node events: since the node's first attempt started
	Delay   time.Duration // NodeRetrying: the wait before the next attempt
	Err     error         // NodeRetrying, NodeFailed, RunFinished
	Reason  string        // NodeSkipped: which upstream node failed
	Line    string        // NodeLog
	// CachedFrom is set on NodeSucceeded when the outputs were reused
	// from the task cache: no attempt was made.
	CachedFrom *CacheSource
	Status     Status  // RunFinished
	Summary    Summary // RunStarted (Nodes only) and RunFinished
}

// Observer receives progress events. Run calls Observe from its worker
// goroutines, concurrently, so implementations synchronise themselves and
// return quickly: a slow observer slows the run.
type Observer interface {
	Observe(Event)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(Event)

// Observe calls f.
func (f ObserverFunc) Observe(e Event) { f(e) }

// Summary counts what happened to a run's nodes.
type Summary struct {
	Nodes      int           `json:"nodes"`
	Succeeded  int           `json:"succeeded"`
	Cached     int           `json:"cached"` // task calls (map items included) whose outputs came from the cache
	Failed     int           `json:"failed"`
	Skipped    int           `json:"skipped"`
	Cancelled  int           `json:"cancelled"`
	NotStarted int           `json:"not_started"`
	Retries    int           `json:"retries"` // extra attempts made, over all nodes
	Wall       time.Duration `json:"wall_ns"`
}

// addCounts adds o's node counts to s (not the wall time, which is the
// run's own).
func (s *Summary) addCounts(o Summary) {
	s.Nodes += o.Nodes
	s.Succeeded += o.Succeeded
	s.Cached += o.Cached
	s.Failed += o.Failed
	s.Skipped += o.Skipped
	s.Cancelled += o.Cancelled
	s.NotStarted += o.NotStarted
	s.Retries += o.Retries
}
