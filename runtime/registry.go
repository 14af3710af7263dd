package runtime

import (
	"context"
	"fmt"
	"sync"
)

// Registry maps Flyte task types ("raw-container", "echo", "webhook") to the
// executors that run them. The command line fills one and hands it to Run;
// the scheduler only ever looks executors up, so a new task type plugs in
// without touching it.
type Registry struct {
	mu    sync.RWMutex
	execs map[string]Executor
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{execs: map[string]Executor{}} }

// Register makes e the executor for taskType, replacing any earlier one (a
// --dry-run mode, say, registers a stand-in over the real executor).
func (r *Registry) Register(taskType string, e Executor) {
	if e == nil {
		panic(fmt.Sprintf("runtime: nil executor for task type %q", taskType))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.execs[taskType] = e
}

// Lookup returns the executor registered for taskType.
func (r *Registry) Lookup(taskType string) (Executor, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.execs[taskType]
	return e, ok
}

// UsesDir is implemented by executors that need Call.Dir. The scheduler
// makes the fresh per-attempt directory only for those: creating and
// removing a directory per node would dominate a 100,000-node run of
// in-process echo tasks.
type UsesDir interface {
	UsesDir() bool
}

// ExecutorFunc adapts a function to the Executor interface.
type ExecutorFunc func(ctx context.Context, call *Call) (map[string]any, error)

// Execute calls f.
func (f ExecutorFunc) Execute(ctx context.Context, call *Call) (map[string]any, error) {
	return f(ctx, call)
}
