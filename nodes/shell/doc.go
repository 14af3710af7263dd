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
// command.
//
// Environment: PATH, HOME, LANG and TMPDIR of wfc's (MinimalEnv), or all
// of it with Executor.InheritEnv, then WFC_OUTPUT_DIR and the task's env.
//
// Secrets: a script gets those its task's secrets field requests, each as
// the variable it names, and no other. wfc check refuses {secrets.NAME} in
// a shell command, and the script's environment holds neither wfc's
// WFC_SECRET_* variables nor WFC_SECRETS_DIR, so it cannot print a secret
// the run's redactor does not know.
//
// Outputs are read from $WFC_OUTPUT_DIR, a fresh directory per attempt, as
// Flyte's copilot reads them from the container's output directory: a
// file per output named after it (or with an extension, if it is the only
// one), at most 1024 bytes for a simple type or dict, trimmed of spaces,
// tabs and newlines, parsed by the output's type. A task with one output
// gets the script's standard output there unless the script wrote the
// file itself. A file _ERROR there fails the task with its content.
//
// The script runs in wfc's working directory. A non-zero exit fails the
// attempt with the message the script wrote to _ERROR, if any, else with
// the exit code and the tail of stderr; the stderr tail also goes to the
// run record. PlanNode gives the command line for `wfc run --dry-run`.
//
// Nothing a task starts may outlive it, as nothing outlives a container.
// A process group is not enough (setsid leaves it), and Go's parent-death
// signal reaches only the shell. So, best first, as the kernel allows
// (process_linux.go; docs/cli.md, "Shell tasks", says what holds where):
//
//   - The shell is init of a PID namespace of its own (in a user namespace
//     of its own too where wfc is unprivileged). When init dies the kernel
//     kills the whole namespace, so the task's end, a kill at timeout and
//     wfc's death (Pdeathsig on the shell, from a thread Execute keeps
//     for it) each take everything down. It needs no cgroup delegation and
//     no helper, and it is how a container's entry point already lives.
//   - Where namespaces are refused, the shell gets a process group and a
//     tag in its environment (WFC_TASK_TAG), and wfc run is a child
//     subreaper (BecomeSubreaper). When the task ends its group is killed,
//     then every process carrying the tag, wherever it went, and those that
//     came back to wfc are reaped. The tag is needed because orphans that
//     come back to wfc do not say which task they came from.
//   - Elsewhere, the process group only.
package shell
