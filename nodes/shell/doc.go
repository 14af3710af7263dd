// Package shell implements the shell task type, which Flyte knows as a
// raw container task ("raw-container"): the task's script runs under
// /bin/sh -c on this machine exactly as its compiled container runs it.
//
// The entry point is Executor, registered under TaskType.
//
// Inputs: the command line is the container's, /bin/sh -c SCRIPT NAME
// ARG1 ARG2…, where SCRIPT is shellscript.PrepareTask's rewrite of the
// task's script (each {inputs.x} an expansion of a shell variable that
// holds an argument, quoted for where it stands) and each ARG is the
// input's value as text the way flytepropeller renders it into a
// {{.inputs.x}} argument (compiler.CommandText). Since every value is an
// argument of its own and never script text, no value can inject a
// command. {secrets.NAME} reads $WFC_SECRET_NAME, which holds the secret,
// so it never appears in the command line that ps shows.
//
// Outputs are read from $WFC_OUTPUT_DIR, a fresh directory per attempt, as
// Flyte's copilot reads them from the container's output directory: a
// file per output named after it (or with an extension, if it is the only
// one), at most 1024 bytes for a simple type or dict, trimmed of spaces,
// tabs and newlines, parsed by the output's type. A task with one output
// gets the script's standard output there unless the script wrote the
// file itself. A file _ERROR there fails the task with its content.
//
// The script runs in wfc's working directory, in its own process group:
// on timeout or cancellation the whole group is killed, so children such as
// `sleep` die with it, and so is anything the script left running in the
// background when it exits. A non-zero exit fails the attempt with the exit
// code and the tail of stderr; the stderr tail also goes to the run record.
package shell
