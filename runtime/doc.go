// Package runtime executes a compiled workflow on this machine: the
// scheduler (pending-dependency counts, a ready queue, N workers), the
// executor registry keyed by Flyte task type, retries and timeouts, run
// records under .wfc/runs and the progress events a CLI renders.
//
// The entry point is Run; executors for each task type live under nodes/ and
// are registered by the command line.
package runtime
