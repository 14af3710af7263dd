package flyte

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/shellscript"
)

// The container's arguments: the prepared script, the task's name as $0,
// then one template per input reference.
func TestShellContainerArgs(t *testing.T) {
	p := designProgram()
	p.Tasks[0].Shell.Script = "echo {inputs.s} $(( {inputs.n} )) {inputs.d.k}"
	p.Tasks[0].Inputs = append(p.Tasks[0].Inputs, &compiler.Param{Name: "n", Type: compiler.Int}, &compiler.Param{Name: "d", Type: compiler.Dict})
	b, _ := Compile(p, Options{})
	ct := b.Task("hello").Template.GetContainer()
	want := shellscript.PrepareTask(p.Tasks[0].Shell.Script, []string{p.Tasks[0].Outputs[0].Name}).Text
	if !slices.Equal(ct.Args, []string{want, "hello", "{{.inputs.s}}", "{{.inputs.n}}", "{inputs.d.k}"}) {
		t.Errorf("args %q", ct.Args)
	}
	if len(ct.Env) != 1 || ct.Env[0].Key != OutputDirEnv || ct.Env[0].Value != OutputDir {
		t.Errorf("env %v", ct.Env)
	}
}

// A raw container's command, run for real with the output directory
// moved to a temporary one: a single output is the script's standard
// output unless the script wrote its file, an exit in the script still
// yields the output, and the script's failure is the task's.
func TestShellContainerRuns(t *testing.T) {
	cases := []struct {
		script string
		status int
		output string // "" for no file
	}{
		{"printf 'Hello %s' {inputs.s}", 0, "Hello a b"},
		{"echo from-file > \"$WFC_OUTPUT_DIR/o0\"; echo from-stdout", 0, "from-file\n"},
		{"echo early; exit 0; echo late", 0, "early\n"},
		{"echo partial; exit 3", 3, ""},
		{"(echo sub)", 0, "sub\n"},
		{"f() { echo \"$1\" {inputs.s}; }; f x", 0, "x a b\n"},
	}
	for _, c := range cases {
		p := designProgram()
		p.Tasks[0].Shell.Script = c.script
		b, _ := compileOK(t, p, Options{Image: "busybox:1"})
		ct := b.Task("hello").Template.GetContainer()
		if ct.Image != "busybox:1" || !slices.Equal(ct.Command, []string{"/bin/sh", "-c"}) {
			t.Fatalf("container %v", ct)
		}
		dir := t.TempDir()
		args := []string{"-c"}
		for _, a := range ct.Args {
			args = append(args, strings.ReplaceAll(a, "{{.inputs.s}}", "a b")) // as Flyte substitutes it
		}
		cmd := exec.Command("/bin/sh", args...)
		cmd.Env = append(os.Environ(), OutputDirEnv+"="+dir)
		err := cmd.Run()
		status := 0
		if ee, ok := err.(*exec.ExitError); ok {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		got, rerr := os.ReadFile(filepath.Join(dir, "o0"))
		if status != c.status || (c.output == "") != (rerr != nil) || string(got) != c.output {
			t.Errorf("%q: status %d, output %q (%v); want %d, %q", c.script, status, got, rerr, c.status, c.output)
		}
	}
}
