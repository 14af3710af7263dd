package shell

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"syscall"
	"time"

	"github.com/wfc-lang/wfc/runtime"
	"github.com/wfc-lang/wfc/shellscript"
)

// TaskType is the Flyte task type the executor is registered under.
const TaskType = "raw-container"

// OutputDirEnv names the environment variable holding the directory where
// a script writes one file per output.
const OutputDirEnv = shellscript.OutputDirEnv

const (
	stderrTail = 4 << 10 // bytes of stderr kept for the error and the record
	errorTail  = 1 << 10 // of which this much goes into the error message
)

// Executor runs shell tasks. The zero value runs /bin/sh with the minimal
// environment MinimalEnv keeps of wfc's, plus the task's own variables.
type Executor struct {
	Shell string   // "" means /bin/sh
	Env   []string // base environment; nil means MinimalEnv(os.Environ()), or all of it with InheritEnv
	// InheritEnv gives tasks all of wfc's environment (but its secrets), as
	// wfc run --inherit-env asks.
	InheritEnv bool
}

var _ runtime.Executor = Executor{}

// UsesDir tells the scheduler to give each attempt a fresh directory: it
// holds stdout, stderr and the output directory.
func (Executor) UsesDir() bool { return true }

// Execute runs one attempt of a shell task.
func (e Executor) Execute(ctx context.Context, call *runtime.Call) (map[string]any, error) {
	task := call.Task
	if task.Shell == nil {
		return nil, runtime.Permanent(fmt.Errorf("task %s has no script", task.Name))
	}
	if call.Dir == "" {
		return nil, runtime.Permanent(errors.New("shell executor needs a work directory"))
	}
	inputs, err := localInputs(task, call.Inputs, filepath.Join(call.Dir, "inputs"))
	if err != nil {
		return nil, err
	}
	args, secretNames, err := Command(task, inputs)
	if err != nil {
		return nil, runtime.Permanent(err)
	}
	outDir := filepath.Join(call.Dir, "outputs")
	if err := os.Mkdir(outDir, 0o755); err != nil {
		return nil, err
	}
	if outDir, err = filepath.Abs(outDir); err != nil {
		return nil, err
	}
	env, err := taskEnv(e.baseEnv(), task, outDir, secretNames, call.Secrets)
	if err != nil {
		return nil, runtime.Permanent(err)
	}

	stdout, err := os.Create(filepath.Join(call.Dir, runtime.StdoutFile))
	if err != nil {
		return nil, err
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(call.Dir, runtime.StderrFile))
	if err != nil {
		return nil, err
	}
	defer stderr.Close()

	sh := e.Shell
	if sh == "" {
		sh = "/bin/sh"
	}
	newCmd := func() *exec.Cmd {
		cmd := exec.CommandContext(ctx, sh, args...)
		cmd.Env = env
		// Files, not pipes: the child writes straight to disk, no goroutine
		// copies, and a grandchild that keeps the descriptors open cannot
		// make Wait hang.
		cmd.Stdout, cmd.Stderr = stdout, stderr
		cmd.Cancel = func() error { return killGroup(cmd) }
		cmd.WaitDelay = 5 * time.Second
		return cmd
	}
	// The kernel kills the shell when the thread that started it exits
	// (Pdeathsig): stay on that thread until the shell is reaped.
	goruntime.LockOSThread()
	cmd, tag, runErr := start(newCmd)
	if runErr == nil {
		// Whatever the script left running in the background dies with it,
		// as in a container.
		runErr = waitAndKillGroup(cmd, tag)
	}
	goruntime.UnlockOSThread()

	tail := readTail(stderr.Name(), stderrTail)
	for _, line := range strings.Split(strings.TrimRight(tail, "\n"), "\n") {
		if line != "" && call.Log != nil {
			call.Log(line)
		}
	}
	if runErr != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err() // the scheduler reports the timeout or the cancellation
		}
		return nil, exitError(runErr, tail, outDir)
	}
	return collectOutputs(task, outDir, call.Blobs)
}

func killGroup(cmd *exec.Cmd) error {
	err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}

// exitError describes a failed script: the message it wrote to its error
// file, if any, as copilot reports it; otherwise its exit code (or the
// signal that killed it) and the end of its stderr.
func exitError(err error, tail, outDir string) error {
	var msg string
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			msg = "killed by signal " + ws.Signal().String()
		} else {
			msg = fmt.Sprintf("exit code %d", ee.ExitCode())
		}
	} else {
		return err // could not start /bin/sh at all
	}
	if err := reportedError(outDir, msg); err != nil {
		return err
	}
	tail = strings.TrimSpace(tail)
	if len(tail) > errorTail {
		tail = tail[len(tail)-errorTail:]
		if i := strings.IndexByte(tail, '\n'); i >= 0 {
			tail = tail[i+1:]
		}
		tail = "…\n" + tail
	}
	if tail == "" {
		return errors.New(msg + " (nothing on stderr)")
	}
	return errors.New(msg + ": " + tail)
}

// readTail returns the last n bytes of a file, starting at a line boundary
// when it had to cut.
func readTail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	off := max(st.Size()-n, 0)
	b := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	if off > 0 {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return string(b)
}

// withoutSecrets returns env (a fresh slice) without the variables that
// carry wfc's secrets or say where they are.
func withoutSecrets(env []string) []string {
	out := make([]string, 0, len(env)+1+len(env)/8)
	for _, kv := range env {
		if !strings.HasPrefix(kv, SecretEnvPrefix) && !strings.HasPrefix(kv, runtime.SecretsDirEnv+"=") {
			out = append(out, kv)
		}
	}
	return out
}
