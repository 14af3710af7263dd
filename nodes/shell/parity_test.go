package shell_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/nodes/shell"
	"github.com/wfc-lang/wfc/runtime"
)

// parityTasks are shell tasks whose local run and compiled container must
// do exactly the same.
const parityTasks = `
task hello(s: str) -> str {
    shell = "printf 'Hello %s' {inputs.s}"
}
task step(x: int) -> int {
    shell = "echo $(( {inputs.x} + 1 ))"
}
task quoting(s: str, n: int) -> str {
    shell = """
        # {inputs.s} in a comment
        printf '<%s>' '{inputs.s}' "{inputs.s}" {inputs.s} "$(printf %s {inputs.s})" "${UNSET:-{inputs.s}}"
        case {inputs.s} in {inputs.s}) echo " same";; esac
        cat <<'EOF'
        $HOME {inputs.s} {inputs.n}
        EOF
        f() { printf '%s|%s\n' "$1" {inputs.s}; }; f arg
        """
}
task split(text: str, n: int) -> (head: str, count: int) {
    shell = """
        printf '%s' "$(printf %s {inputs.text} | cut -c1-{inputs.n})" > "$WFC_OUTPUT_DIR/head"
        printf '%s' {inputs.text} | wc -c > "$WFC_OUTPUT_DIR/count"
        """
}
task types(l: list[int], ls: list[str], f: float, b: bool, t: datetime, d: duration) -> str {
    shell = "printf '%s\n' {inputs.l} {inputs.ls} {inputs.f} {inputs.b} {inputs.t} {inputs.d}"
}
task early(s: str) -> str {
    shell = "echo {inputs.s}; exit 0; echo never"
}
task own_file(s: str) -> str {
    shell = "echo file {inputs.s} > \"$WFC_OUTPUT_DIR/o0.txt\"; echo stdout"
}
task fails(s: str) -> str {
    shell = "echo partial; echo {inputs.s} >&2; nosuchcommand; exit 3"
}
task reports(s: str) {
    shell = "printf 'bad input: %s' {inputs.s} > \"$WFC_OUTPUT_DIR/_ERROR\""
}
task reports_and_fails(s: str) {
    shell = "printf 'bad input: %s' {inputs.s} > \"$WFC_OUTPUT_DIR/_ERROR\"; exit 4"
}
`

var flyteInput = regexp.MustCompile(`(?i){{\s*[\.$]Inputs\.([^}\s]+)\s*}}`)

// TestParityWithCompiledContainer runs each task twice: with the shell
// executor, and as its compiled raw container's command would run on
// Flyte (/bin/sh -c ARGS…, each {{.inputs.x}} replaced by the text
// flytepropeller renders, WFC_OUTPUT_DIR set). Exit status, stderr and
// every file left in the output directory must be the same.
func TestParityWithCompiledContainer(t *testing.T) {
	f, diags := lang.Parse("parity.wf", []byte(parityTasks))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	prog, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	bundle, diags := flyte.Compile(prog, flyte.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	hostile := []string{"world", "two  words", "$(touch pwned)", "'; touch pwned; '", "a\nEOF\ntouch pwned", "*", ""}
	when := time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("", 3600))
	type run struct {
		task   string
		inputs map[string]any
	}
	var runs []run
	for _, s := range hostile {
		for _, task := range []string{"hello", "quoting", "early", "own_file", "fails", "reports", "reports_and_fails"} {
			runs = append(runs, run{task, map[string]any{"s": s, "n": int64(7)}})
		}
		runs = append(runs, run{"split", map[string]any{"text": s, "n": int64(3)}})
	}
	for _, x := range []int64{0, -5, 41} {
		runs = append(runs, run{"step", map[string]any{"x": x}})
	}
	runs = append(runs, run{"types", map[string]any{
		"l": []any{int64(1), int64(2)}, "ls": []any{"a b", "c"}, "f": 1e6, "b": true, "t": when, "d": 90 * time.Second,
	}})

	for _, r := range runs {
		task := prog.Task(r.task)
		dir := t.TempDir()
		t.Chdir(dir)

		// wfc run
		call := &runtime.Call{Task: task, Inputs: r.inputs, Attempt: 1, Dir: filepath.Join(dir, "local")}
		if err := os.Mkdir(call.Dir, 0o755); err != nil {
			t.Fatal(err)
		}
		localOuts, localErr := shell.Executor{}.Execute(context.Background(), call)
		localStderr, _ := os.ReadFile(filepath.Join(call.Dir, "stderr"))

		// the compiled container, as Flyte runs it
		ct := bundle.Task(r.task).Template.GetContainer()
		args := append([]string(nil), ct.Command[1:]...)
		for _, a := range ct.Args {
			args = append(args, flyteInput.ReplaceAllStringFunc(a, func(m string) string {
				return compiler.CommandText(r.inputs[flyteInput.FindStringSubmatch(m)[1]])
			}))
		}
		flyteOut := filepath.Join(dir, "flyte")
		if err := os.Mkdir(flyteOut, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(ct.Command[0], args...)
		cmd.Env = append(os.Environ(), ct.Env[0].Key+"="+flyteOut)
		var flyteStderr bytes.Buffer
		cmd.Stderr = &flyteStderr
		flyteErr := cmd.Run()

		what := r.task + " with " + strings.ReplaceAll(compiler.CommandText(r.inputs["s"]), "\n", `\n`)
		var ee *exec.ExitError
		localExit := localErr != nil && strings.Contains(localErr.Error(), "exit code ")
		if errors.As(flyteErr, &ee) != localExit {
			t.Errorf("%s: container %v, wfc run %v", what, flyteErr, localErr)
		}
		if !bytes.Equal(localStderr, flyteStderr.Bytes()) {
			t.Errorf("%s: stderr\nwfc run   %q\ncontainer %q", what, localStderr, flyteStderr.String())
		}
		if got, want := dirFiles(t, filepath.Join(call.Dir, "outputs")), dirFiles(t, flyteOut); got != want {
			t.Errorf("%s: output directories differ\nwfc run:\n%s\ncontainer:\n%s", what, got, want)
		}
		if _, err := os.Stat("pwned"); err == nil {
			t.Fatalf("%s: a value ran as a command", what)
		}
		if r.task == "step" && (localErr != nil || localOuts["o0"] != r.inputs["x"].(int64)+1) {
			t.Errorf("%s: %v %v", what, localOuts, localErr)
		}
		if r.task == "reports" && (localErr == nil || localErr.Error() != "User Error: bad input: "+r.inputs["s"].(string)) {
			t.Errorf("%s: %v", what, localErr)
		}
		if r.task == "reports_and_fails" && (localErr == nil || localErr.Error() != "User Error: bad input: "+r.inputs["s"].(string)+" (exit code 4)") {
			t.Errorf("%s: %v", what, localErr)
		}
	}
}

// dirFiles lists the files of dir with their contents.
func dirFiles(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		content, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		b.WriteString(e.Name() + ": " + string(content) + "\n")
	}
	return b.String()
}
