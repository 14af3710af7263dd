// Package echo implements the echo task type (Flyte task type "echo"): a
// pass-through that runs in process and returns its inputs as outputs
// o0, o1, … in input order, the way Flyte's echo plugin does.
//
// The entry point is Executor, registered under TaskType.
package echo
