package shell_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/nodes/shell"
	"github.com/wfc-lang/wfc/runtime"
)

type secrets map[string]string

func (s secrets) Secret(name string) (string, error) {
	if v, ok := s[name]; ok {
		return v, nil
	}
	return "", errors.New("no secret " + name)
}

// run executes script once as a task with the given typed inputs and
// outputs, the way the scheduler would. The task inherits all of wfc's
// environment (--inherit-env), the harder case for keeping wfc's secrets
// from it.
func run(t testing.TB, ctx context.Context, script string, inputs map[string]any, inTypes map[string]*compiler.Type, outs ...*compiler.Param) (map[string]any, []string, error) {
	t.Helper()
	task := &compiler.Task{Name: "t", Kind: compiler.TaskShell, Shell: &compiler.ShellSpec{Script: script}, Outputs: outs}
	for name, typ := range inTypes {
		task.Inputs = append(task.Inputs, &compiler.Param{Name: name, Type: typ})
	}
	var logs []string
	call := &runtime.Call{
		Task: task, Inputs: inputs, Attempt: 1, Dir: t.TempDir(),
		Secrets: secrets{"TOKEN": "tok'en $x"},
		Log:     func(l string) { logs = append(logs, l) },
	}
	got, err := shell.Executor{InheritEnv: true}.Execute(ctx, call)
	return got, logs, err
}

func p(name string, typ *compiler.Type) *compiler.Param {
	return &compiler.Param{Name: name, Type: typ}
}

func TestSingleOutputFromStdout(t *testing.T) {
	got, _, err := run(t, context.Background(), "printf 'Hello %s\\n' {inputs.s}", map[string]any{"s": "world"}, map[string]*compiler.Type{"s": compiler.Str}, p("o0", compiler.Str))
	if err != nil || got["o0"] != "Hello world" {
		t.Fatalf("%q %v", got, err)
	}
	got, _, err = run(t, context.Background(), "echo $(( {inputs.n} * 2 ))", map[string]any{"n": int64(21)}, map[string]*compiler.Type{"n": compiler.Int}, p("o0", compiler.Int))
	if err != nil || got["o0"] != int64(42) {
		t.Fatalf("%#v %v", got, err)
	}
	// As Flyte's copilot reads it: spaces, tabs and newlines go at both
	// ends (carriage returns stay).
	got, _, _ = run(t, context.Background(), `printf ' \t a b\n\n \r\n'`, nil, nil, p("o0", compiler.Str))
	if got["o0"] != "a b\n\n \r" {
		t.Fatalf("%q", got["o0"])
	}
	got, _, err = run(t, context.Background(), `echo '{"a": [1, 2.5]}'`, nil, nil, p("o0", compiler.Dict))
	if err != nil || got["o0"].(map[string]any)["a"].([]any)[1] != 2.5 {
		t.Fatalf("%#v %v", got, err)
	}
	_, _, err = run(t, context.Background(), "echo many", nil, nil, p("o0", compiler.Int))
	if err == nil || !strings.Contains(err.Error(), `output o0 (from stdout): cannot parse "many" as int`) {
		t.Fatalf("err = %v", err)
	}
}

func TestInjectionResisted(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, evil := range []string{
		`'; touch pwned; '`,
		`$(touch pwned)`,
		"`touch pwned`",
		`"; touch pwned; "`,
		`\'; touch pwned; \'`,
		"a\ntouch pwned",
		`'$(touch pwned)'`,
	} {
		got, _, err := run(t, context.Background(), "printf '%s' {inputs.s}", map[string]any{"s": evil}, map[string]*compiler.Type{"s": compiler.Str}, p("o0", compiler.Str))
		if err != nil || got["o0"] != evil {
			t.Errorf("%q came back as %q (%v)", evil, got["o0"], err)
		}
		if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
			t.Fatalf("input %q injected a command", evil)
		}
	}
	// A list is one word, as Flyte renders it.
	got, _, err := run(t, context.Background(), "printf '%s' {inputs.l}", map[string]any{"l": []any{"x'; touch pwned", "2"}}, map[string]*compiler.Type{"l": compiler.ListOf(compiler.Str)}, p("o0", compiler.Str))
	if err != nil || got["o0"] != `[x'; touch pwned,2]` {
		t.Errorf("list: %q %v", got["o0"], err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Fatal("list injected a command")
	}
}

func TestCommand(t *testing.T) {
	task := &compiler.Task{Name: "t", Kind: compiler.TaskShell,
		Shell:  &compiler.ShellSpec{Script: "awk '{print $1}' {inputs.d.k} ${HOME} {secrets.TOKEN} {inputs.n} {other} {inputs.i} {inputs.t} {inputs."},
		Inputs: []*compiler.Param{p("d", compiler.Dict), p("n", compiler.OptionalOf(compiler.Int)), p("i", compiler.Int), p("t", compiler.Datetime)}}
	when, _ := time.Parse(time.RFC3339, "2024-05-01T12:00:00+02:00")
	args, secretNames, err := shell.Command(task, map[string]any{"d": map[string]any{"k": "v w"}, "n": nil, "i": int64(-3), "t": when})
	if err != nil {
		t.Fatal(err)
	}
	script := `wfc_in_d_k=${1} wfc_in_n=${2} wfc_in_i=${3} wfc_in_t=${4}; set --; ` +
		`awk '{print $1}' "${wfc_in_d_k}" ${HOME} "${WFC_SECRET_TOKEN}" "${wfc_in_n}" {other} "${wfc_in_i}" "${wfc_in_t}" {inputs.`
	if want := []string{"-c", script, "t", "v w", "", "-3", "2024-05-01T10:00:00Z"}; !slices.Equal(args, want) {
		t.Errorf("got  %q\nwant %q", args, want)
	}
	if len(secretNames) != 1 || secretNames[0] != "TOKEN" {
		t.Errorf("secrets %v", secretNames)
	}
	task.Shell.Script = "{inputs.nope}"
	if _, _, err := shell.Command(task, nil); err == nil {
		t.Error("unknown input accepted")
	}
	task.Shell.Script = "{inputs.i}"
	if _, _, err := shell.Command(task, map[string]any{"i": "a\x00b"}); err == nil {
		t.Error("NUL accepted")
	}
}

func TestSecretsComeFromEnvironment(t *testing.T) {
	got, _, err := run(t, context.Background(), "printf '%s' {secrets.TOKEN}", nil, nil, p("o0", compiler.Str))
	if err != nil || got["o0"] != "tok'en $x" {
		t.Fatalf("%q %v", got, err)
	}
}

func TestOutputFiles(t *testing.T) {
	script := `echo 3 > "$WFC_OUTPUT_DIR/count"; printf 'two\nlines\n' > "$WFC_OUTPUT_DIR/text"; echo ignored`
	got, _, err := run(t, context.Background(), script, nil, nil, p("count", compiler.Int), p("text", compiler.Str))
	if err != nil || got["count"] != int64(3) || got["text"] != "two\nlines" {
		t.Fatalf("%#v %v", got, err)
	}
	_, _, err = run(t, context.Background(), `echo 3 > "$WFC_OUTPUT_DIR/count"`, nil, nil, p("count", compiler.Int), p("text", compiler.Str))
	if err == nil || !strings.Contains(err.Error(), "output text: the script wrote no file $WFC_OUTPUT_DIR/text") {
		t.Fatalf("err = %v", err)
	}
	// With one output, a file wins over stdout.
	got, _, err = run(t, context.Background(), `echo file > "$WFC_OUTPUT_DIR/o0"; echo stdout`, nil, nil, p("o0", compiler.Str))
	if err != nil || got["o0"] != "file" {
		t.Fatalf("%#v %v", got, err)
	}
}

func TestNonZeroExit(t *testing.T) {
	_, logs, err := run(t, context.Background(), "echo starting >&2; echo 'disk full' >&2; exit 3", nil, nil)
	if err == nil || err.Error() != "exit code 3: starting\ndisk full" {
		t.Fatalf("err = %q", err)
	}
	if strings.Join(logs, "|") != "starting|disk full" {
		t.Fatalf("logs %q", logs)
	}
	_, _, err = run(t, context.Background(), "exit 4", nil, nil)
	if err == nil || err.Error() != "exit code 4 (nothing on stderr)" {
		t.Fatalf("err = %q", err)
	}
	// A message the script reports in its error file wins over stderr,
	// whether it then exits 0 or not.
	_, logs, err = run(t, context.Background(), `echo 'bad input' > "$WFC_OUTPUT_DIR/_ERROR"; echo noise >&2; exit 2`, nil, nil)
	if err == nil || err.Error() != "User Error: bad input (exit code 2)" {
		t.Fatalf("err = %q", err)
	}
	if strings.Join(logs, "|") != "noise" {
		t.Fatalf("logs %q", logs)
	}
	// A long stderr is cut to its tail.
	_, _, err = run(t, context.Background(), `i=0; while [ $i -lt 2000 ]; do echo "line $i" >&2; i=$((i+1)); done; exit 1`, nil, nil)
	if err == nil || !strings.HasSuffix(err.Error(), "line 1999") || strings.Contains(err.Error(), "line 10\n") || len(err.Error()) > 1200 {
		t.Fatalf("err = %q", err)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{"": "''", "a b": "'a b'", "it's": `'it'\''s'`} {
		if got := shell.Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestSecretsNotInherited checks that a script does not see wfc's secrets
// from the environment unless its task uses them.
func TestSecretsNotInherited(t *testing.T) {
	t.Setenv("WFC_SECRET_TOKEN", "s3cr3t-value")
	out, _, err := run(t, context.Background(), `printf '%s' "${WFC_SECRET_TOKEN:-unset}"`, nil, nil, p("o0", compiler.Str))
	if err != nil {
		t.Fatal(err)
	}
	if out["o0"] != "unset" {
		t.Errorf("script saw the secret: %q", out["o0"])
	}
}

// TestSecretsDirNotInherited checks that a script cannot find wfc's
// secrets directory through WFC_SECRETS_DIR, nor read any secret from the
// environment: a secret no task uses is unknown to the redactor, so a
// script that printed it would leak it.
func TestSecretsDirNotInherited(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "UNUSED"), []byte("file-secret-Zq81\n"), 0o600)
	t.Setenv("WFC_SECRETS_DIR", dir)
	t.Setenv("WFC_SECRET_ENVONLY", "env-secret-Kx42")
	out, logs, err := run(t, context.Background(),
		`cat "${WFC_SECRETS_DIR:-/nonexistent}"/* 2>&1; env | grep WFC_ >&2; echo ran`, nil, nil, p("o0", compiler.Str))
	if err != nil {
		t.Fatal(err)
	}
	all := out["o0"].(string) + "\n" + strings.Join(logs, "\n")
	if !strings.Contains(all, "ran") || !strings.Contains(all, "WFC_OUTPUT_DIR=") {
		t.Fatalf("the script did not run as expected: %s", all)
	}
	for _, leak := range []string{"file-secret-Zq81", "env-secret-Kx42", dir} {
		if strings.Contains(all, leak) {
			t.Errorf("the script saw %q: %s", leak, all)
		}
	}
}
