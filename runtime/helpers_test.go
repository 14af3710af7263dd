package runtime_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/nodes/echo"
	"github.com/wfc-lang/wfc/runtime"
)

// The compiler builds this IR from source; these helpers build it by hand
// so the runtime is tested on its own. Workflows built here have no DAG:
// Run builds it with compiler.NewDAG, as the checker does.

const testKind compiler.TaskKind = "test" // executed by a per-test ExecutorFunc

func param(name string, t *compiler.Type) *compiler.Param {
	return &compiler.Param{Name: name, Type: t}
}

// newTask makes a task whose inputs and outputs are all str.
func newTask(name string, kind compiler.TaskKind, inputs, outputs []string) *compiler.Task {
	t := &compiler.Task{Name: name, Kind: kind}
	for _, in := range inputs {
		t.Inputs = append(t.Inputs, param(in, compiler.Str))
	}
	for _, out := range outputs {
		t.Outputs = append(t.Outputs, param(out, compiler.Str))
	}
	return t
}

func echoTask(name string, n int) *compiler.Task {
	t := &compiler.Task{Name: name, Kind: compiler.TaskEcho}
	for i := range n {
		t.Inputs = append(t.Inputs, param(fmt.Sprintf("x%d", i), compiler.Str))
		t.Outputs = append(t.Outputs, param(fmt.Sprintf("o%d", i), compiler.Str))
	}
	return t
}

type wfBuilder struct{ wf *compiler.Workflow }

func newWorkflow(name string, inputs ...*compiler.Param) *wfBuilder {
	return &wfBuilder{wf: &compiler.Workflow{Name: name, Inputs: inputs}}
}

type arg struct {
	name string
	v    *compiler.BindingValue
}

func lit(v any) *compiler.BindingValue { return &compiler.BindingValue{Literal: v} }

func out(n *compiler.Node, name string, path ...string) *compiler.BindingValue {
	return &compiler.BindingValue{Promise: &compiler.Promise{Node: n, Var: name, Path: path}}
}

func wfIn(name string) *compiler.BindingValue {
	return &compiler.BindingValue{Promise: &compiler.Promise{Var: name}}
}

// call adds a node calling t; args bind the task's inputs in order.
func (b *wfBuilder) call(t *compiler.Task, args []arg, after ...*compiler.Node) *compiler.Node {
	i := len(b.wf.Nodes)
	n := &compiler.Node{
		ID: fmt.Sprintf("n%d", i), Index: i, Task: t, After: after,
		Range: lang.Range{Filename: "test.wf", Start: lang.Pos{Line: i + 10, Column: 5}},
	}
	for _, a := range args {
		n.Inputs = append(n.Inputs, &compiler.Binding{Var: a.name, Value: a.v})
	}
	b.wf.Nodes = append(b.wf.Nodes, n)
	return n
}

func (b *wfBuilder) ret(name string, t *compiler.Type, v *compiler.BindingValue) {
	b.wf.Outputs = append(b.wf.Outputs, param(name, t))
	b.wf.Results = append(b.wf.Results, &compiler.Binding{Var: name, Value: v})
}

// registry has the echo executor and, under "test", fn.
func registry(fn runtime.ExecutorFunc) *runtime.Registry {
	r := runtime.NewRegistry()
	r.Register(echo.TaskType, echo.Executor{})
	if fn != nil {
		r.Register(string(testKind), fn)
	}
	return r
}

// opts are test options: a record in a temp dir and near-zero backoff.
func opts(t *testing.T, reg *runtime.Registry) runtime.Options {
	return runtime.Options{
		Registry: reg,
		RunsDir:  t.TempDir(),
		Backoff:  runtime.Backoff{Base: 1e6, Max: 2e6}, // 1–2ms
		Secrets:  runtime.EnvSecrets{Getenv: func(string) (string, bool) { return "", false }},
	}
}

func load(t *testing.T, res *runtime.Result) *runtime.RunRecord {
	t.Helper()
	rec, err := runtime.LoadRun(res.Dir)
	if err != nil {
		t.Fatalf("LoadRun: %v", err)
	}
	return rec
}

// blockUntilCancelled is an executor body that waits for its context.
func blockUntilCancelled(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}
