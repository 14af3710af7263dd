package runtime

import (
	"github.com/wfc-lang/wfc/runtime/taskcache"
	"math/rand/v2"
	"time"
)

// DefaultMaxParallel bounds the nodes running at once when Options leaves
// MaxParallel at zero.
//
// 32, not the number of CPUs: the work wfc runs is mostly I/O-bound —
// webhook calls that wait on a remote server, shell tasks that wait on
// processes and disks — so a worker costs a goroutine, not a core, and a
// CPU-sized pool on a 2-core laptop would leave a 50-call fan-out waiting
// in line for no reason. It is bounded all the same, because each running
// node holds real resources: an HTTP connection and an ephemeral port, or a
// process and three file descriptors. 32 keeps a run well inside the default
// 1,024 open-file limit and does not flood one remote endpoint, while
// saturating the usual fan-outs; `--max-parallel` raises or lowers it.
const DefaultMaxParallel = 32

// Options configure one Run. The zero value runs with the defaults, no
// record and no observer; Registry is required.
type Options struct {
	Registry    *Registry
	MaxParallel int // nodes running at once; 0 means DefaultMaxParallel

	// KeepGoing is Flyte's FAIL_AFTER_EXECUTABLE_NODES_COMPLETE: a failed
	// node skips only the nodes that depend on it, everything else still
	// runs, and the run fails at the end with every error. Without it the
	// first failure cancels the work in flight and stops the run (Flyte's
	// default, FAIL_IMMEDIATELY).
	KeepGoing bool

	Secrets  SecretSource // resolves task secrets; nil means EnvSecrets with no directory
	Observer Observer     // receives progress events; nil means none

	// RunsDir is where the run record is written (".wfc/runs" from the
	// command line); empty means no record.
	RunsDir    string
	RunID      string // empty means NewRunID()
	SourceFile string // recorded with the run
	// Source is the program's text, copied into the run record (as
	// source.wf, its SHA-256 in the header) so that a record says exactly
	// what ran even after the file changes. Nil records only SourceFile.
	Source []byte

	Backoff Backoff // retry delays; the zero value means DefaultBackoff

	// Cache holds the results of cached tasks (cache = true); nil runs
	// every task. CacheMode says how it is used.
	Cache     *taskcache.Cache
	CacheMode CacheMode

	// LogLimits bound the task logs kept in the record; zero fields mean
	// DefaultLogLimits.
	LogLimits LogLimits

	// Resume reuses the outputs of an earlier run's successful calls
	// (wfc run --resume); nil runs everything.
	Resume *Resume
}

// Backoff shapes the delay before a retry: Base doubled for every attempt
// made, capped at Max, with "equal jitter" — a random point in the upper
// half of the delay — so nodes that failed together do not retry together.
// A RetryAfter from the error replaces the computed delay, still capped.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
}

// DefaultBackoff waits about 0.5s, 1s, 2s, … up to 30s.
var DefaultBackoff = Backoff{Base: 500 * time.Millisecond, Max: 30 * time.Second}

// Delay returns the wait before attempt+1, after attempt failed with err.
func (b Backoff) Delay(attempt int, err error) time.Duration {
	if b.Base <= 0 {
		b = DefaultBackoff
	}
	if b.Max < b.Base {
		b.Max = b.Base
	}
	if h, ok := asRetryHint(err); ok {
		if d := h.RetryAfter(); d > 0 {
			return min(d, b.Max)
		}
	}
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	half := d / 2
	return half + rand.N(half+1)
}
