// Package shell implements the shell task type, which Flyte knows as a
// raw container task ("raw-container"): the task's script runs under
// /bin/sh -c on this machine.
//
// The entry point is Executor, registered under TaskType.
//
// Inputs: every {inputs.x} (and {inputs.x.key} into a dict) in the script
// is replaced by the value as one shell word, so no input can inject a
// command: strings, lists and dicts (as their JSON text) and null (an empty
// word) in single quotes; numbers, bools, datetimes (RFC 3339) and
// durations (Go syntax, 10s) as written, since they hold no character the
// shell treats specially — so $(( {inputs.n} + 1 )) works. Write
// placeholders unquoted: the quoting is done for you. {secrets.NAME} becomes "$WFC_SECRET_NAME", with the value
// in that environment variable, so the secret never appears in the
// command line that ps shows.
//
// Outputs: a task with one output takes it from stdout, one trailing
// newline removed, parsed by the output's type (see compiler.ParseValue).
// A task with several outputs writes each to a file named after it in the
// directory named by $WFC_OUTPUT_DIR (a single output may do the same; the
// file wins over stdout). On Flyte the same directory is the raw container's
// output data directory.
//
// The script runs in wfc's working directory, in its own process group:
// on timeout or cancellation the whole group is killed, so children such as
// `sleep` die with it, and so is anything the script left running in the
// background when it exits. A non-zero exit fails the attempt with the exit
// code and the tail of stderr; the stderr tail also goes to the run record.
package shell
