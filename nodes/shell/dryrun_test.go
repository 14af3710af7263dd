package shell_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/nodes/shell"
)

// The line a dry run prints is the command the executor runs: pasted into
// a shell it writes the same output, hostile values and all.
func TestPlanNodeIsTheCommand(t *testing.T) {
	task := &compiler.Task{Name: "t", Kind: compiler.TaskShell,
		Shell: &compiler.ShellSpec{Script: `printf '<%s|%s|%s|%s>' {inputs.s} '{inputs.l}' "{inputs.d.k}" {inputs.n}`},
		Inputs: []*compiler.Param{p("s", compiler.Str), p("l", compiler.ListOf(compiler.Str)), p("d", compiler.Dict),
			{Name: "n", Type: compiler.Int, HasDefault: true, Default: int64(7)}},
		Outputs: []*compiler.Param{p("o0", compiler.Str)},
	}
	for _, s := range []string{"world", "it's $(touch pwned)", "a\nb `x`", "", "*"} {
		inputs := map[string]any{"s": s, "l": []any{"x y", "'"}, "d": map[string]any{"k": "v;w"}}
		node := &compiler.Node{ID: "n0", Task: task, Inputs: []*compiler.Binding{
			{Var: "s", Value: &compiler.BindingValue{Literal: s}},
			{Var: "l", Value: &compiler.BindingValue{Literal: inputs["l"]}},
			{Var: "d", Value: &compiler.BindingValue{Literal: inputs["d"]}},
		}}
		line, err := shell.PlanNode(node, nil)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		cmd := exec.Command("/bin/sh", "-c", line)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), shell.OutputDirEnv+"="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s\n%s%v", line, out, err)
		}
		pasted, _ := os.ReadFile(filepath.Join(dir, "o0"))
		if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
			t.Fatalf("the printed line ran a value as a command:\n%s", line)
		}
		inputs["n"] = int64(7)
		got, _, err := run(t, context.Background(), task.Shell.Script, inputs,
			map[string]*compiler.Type{"s": compiler.Str, "l": compiler.ListOf(compiler.Str), "d": compiler.Dict, "n": compiler.Int}, p("o0", compiler.Str))
		if err != nil || got["o0"] != string(pasted) {
			t.Errorf("s=%q: the printed line wrote %q, the executor %q (%v)\n%s", s, pasted, got["o0"], err, line)
		}
	}
}

// What only the run would know shows as the promise it comes from.
func TestPlanNodePromises(t *testing.T) {
	up := &compiler.Node{ID: "n0"}
	task := &compiler.Task{Name: "t", Kind: compiler.TaskShell,
		Shell:  &compiler.ShellSpec{Script: "echo {inputs.a} {inputs.l} {inputs.d.k} {inputs.w}"},
		Inputs: []*compiler.Param{p("a", compiler.Str), p("l", compiler.ListOf(compiler.Str)), p("d", compiler.Dict), p("w", compiler.Str)},
	}
	promise := func(n *compiler.Node, v string, path ...string) *compiler.BindingValue {
		return &compiler.BindingValue{Promise: &compiler.Promise{Node: n, Var: v, Path: path}}
	}
	node := &compiler.Node{ID: "n1", Task: task, Inputs: []*compiler.Binding{
		{Var: "a", Value: promise(up, "info", "status_code")},
		{Var: "l", Value: &compiler.BindingValue{List: []*compiler.BindingValue{{Literal: "x y"}, promise(up, "o0")}}},
		{Var: "d", Value: promise(up, "info")},
		{Var: "w", Value: promise(nil, "s")},
	}}
	line, err := shell.PlanNode(node, map[string]any{"s": "given"})
	if err != nil {
		t.Fatal(err)
	}
	want := ` t <n0.info.status_code> [x y,<n0.o0>] <n0.info.k> given`
	if len(line) < len(want) || line[len(line)-len(want):] != want {
		t.Errorf("got  %s\nwant …%s", line, want)
	}
	node.Inputs = node.Inputs[:3]
	if _, err := shell.PlanNode(node, nil); err == nil {
		t.Error("an unbound input was accepted")
	}
}

// A task's env comes before the command as env(1) takes it, pasteable;
// its secrets show masked.
func TestPlanNodeEnv(t *testing.T) {
	task := &compiler.Task{Name: "t", Kind: compiler.TaskShell, Shell: &compiler.ShellSpec{
		Script:  `printf '%s|%s' "$REGION" "$TOKEN"`,
		Env:     []compiler.EnvVar{{Name: "REGION", Value: "eu 'west'"}},
		Secrets: []compiler.SecretRequest{{Name: "TOKEN", Key: "TOKEN"}},
	}, Outputs: []*compiler.Param{p("o0", compiler.Str)}}
	line, err := shell.PlanNode(&compiler.Node{ID: "n0", Task: task}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(line, `env 'REGION=eu '\''west'\''' TOKEN=*** /bin/sh -c `) {
		t.Fatalf("line %s", line)
	}
	dir := t.TempDir()
	cmd := exec.Command("/bin/sh", "-c", line)
	cmd.Env = append(os.Environ(), shell.OutputDirEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s\n%s%v", line, out, err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "o0")); string(got) != "eu 'west'|***" {
		t.Errorf("the printed line wrote %q", got)
	}
}

// A file input shows as the copy the run would make, never as the
// source's path, which a pasted line could change.
func TestPlanNodeFileInput(t *testing.T) {
	task := &compiler.Task{Name: "t", Kind: compiler.TaskShell,
		Shell:  &compiler.ShellSpec{Script: "sort {inputs.f} {inputs.fs}"},
		Inputs: []*compiler.Param{p("f", compiler.File), p("fs", compiler.ListOf(compiler.File))},
	}
	node := &compiler.Node{ID: "n0", Task: task, Inputs: []*compiler.Binding{
		{Var: "f", Value: &compiler.BindingValue{Literal: "/data/sales.csv"}},
		{Var: "fs", Value: &compiler.BindingValue{Literal: []any{"/data/a"}}},
	}}
	line, err := shell.PlanNode(node, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(line, " t <inputs/f> <inputs/fs>") || strings.Contains(line, "/data/") {
		t.Errorf("line %s", line)
	}
}
