// Package runtime executes a compiled workflow on this machine, as Flyte
// would but here: independent nodes in parallel, each task's retries and
// timeouts applied.
//
// The scheduler is cmd/go's action graph runner: pending-dependency counts
// over the workflow's DAG, a ready queue, N workers and one mutex. Workers
// wait on a channel rather than a condition variable because they also
// wait for the run's context (Ctrl-C, a failure, a record that cannot be
// written), and only channels select with it; one mutex suffices because
// a node's record line, not the lock, is the cost per node.
//
// The entry point is Run. Around it:
//
//   - scheduler.go, node.go, bindings.go: the scheduler (pending-dependency
//     counts, a ready queue, N workers, one lock), the attempts of one node,
//     and the evaluation of input bindings;
//   - registry.go, executor.go: executors are plugins keyed by Flyte task
//     type; nodes/shell, nodes/echo and nodes/webhook implement them and the
//     command line registers them;
//   - options.go, errors.go: the knobs (parallelism, keep-going, backoff)
//     and the errors a run returns (NodeError, TimeoutError, multierror);
//   - inputs.go: a workflow's inputs from -i name=value and JSON, checked;
//   - secrets.go: secrets from WFC_SECRET_<NAME> or a directory;
//   - redact.go, spellings.go: the Redactor that keeps their values, in
//     every spelling a server may echo them in, out of everything written;
//   - journal.go, held.go, record.go, runs.go, program.go: the run record
//     under .wfc/runs/<id> — the journal the scheduler appends each
//     finished node to, which fails closed; the lines of nodes that gate
//     nothing, held to be written together; the program's text — and
//     reading it back (ListRuns, FindRun, LoadRun, ReadProgram);
//   - events.go, progress.go, events_json.go: progress events and their
//     renderings for people (live or plain) and for tools (JSON lines).
package runtime
