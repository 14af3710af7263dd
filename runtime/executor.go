package runtime

import (
	"context"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// Executor runs one attempt of a task. Implementations are registered by Flyte
// task type ("raw-container", "echo", "webhook") and must be safe for
// concurrent use: the scheduler calls Execute from many workers at once.
//
// Execute must return promptly once ctx is done (a timeout, a fail-fast
// stop or Ctrl-C), must not modify call.Inputs or keep using call after it
// returns (values are shared between nodes running at once), and returns
// one output per declared output of the task, in the Go forms the Value
// comment in compiler/ir.go lists; the scheduler checks them against the
// declared types. An executor that needs Call.Dir implements UsesDir.
type Executor interface {
	Execute(ctx context.Context, call *Call) (outputs map[string]any, err error)
}

// Call is everything an executor needs for one attempt.
type Call struct {
	Task    *compiler.Task
	Node    *compiler.Node    // the workflow node being run
	Inputs  map[string]any    // every task input, defaults applied, typed as compiler.Value
	Attempt int               // 1 for the first attempt
	Dir     string            // a fresh, empty directory private to this attempt, for executors that implement UsesDir; else ""
	Secrets SecretSource      // resolves {secrets.NAME}; never nil
	Blobs   *BlobStore        // where file and dir outputs are stored; never nil under Run
	Log     func(line string) // adds a line to the attempt's log (run record, `wfc run -v`); the runtime redacts secrets; never nil
	// HTTP records the attempt's HTTP exchange (a webhook's request and
	// response) in the run record; the last call of an attempt counts.
	// The executor redacts what it hands over with the secrets it knows
	// (and what it derived from them); the runtime redacts it again with
	// the run's and holds it to HTTPExchange's caps. Nil when nothing
	// records the exchange (outside Run): then the executor need not build
	// one.
	HTTP func(*HTTPExchange)
}

// SecretSource resolves secret names to values at run time.
type SecretSource interface {
	Secret(name string) (string, error)
}

// RetryHint is implemented by errors that know whether another attempt could
// succeed. The scheduler retries an attempt's error only while attempts remain
// and, when the error implements RetryHint, only if Retryable reports true;
// a positive RetryAfter (an HTTP Retry-After, say) replaces the backoff delay,
// still capped by the scheduler's maximum.
type RetryHint interface {
	Retryable() bool
	RetryAfter() time.Duration
}
