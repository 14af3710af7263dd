package flyte

import (
	"fmt"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// designProgram is the IR of the DESIGN.md example, built by hand the way
// compiler.Check builds it.
func designProgram() *compiler.Program {
	hello := &compiler.Task{
		Name:    "hello",
		Kind:    compiler.TaskShell,
		Inputs:  []*compiler.Param{{Name: "s", Type: compiler.Str}},
		Outputs: []*compiler.Param{{Name: "o0", Type: compiler.Str}},
		Shell:   &compiler.ShellSpec{Script: "printf 'Hello %s' {inputs.s}"},
	}
	info := []*compiler.Param{{Name: "info", Type: compiler.Dict}}
	simpleGet := &compiler.Task{
		Name: "simple_get", Kind: compiler.TaskWebhook, Outputs: info,
		Webhook: &compiler.WebhookSpec{
			URL: "http://localhost:8000/", Method: "GET",
			Headers: map[string]string{"Content-Type": "application/json"},
			Data:    map[string]any{}, Timeout: 10 * time.Second,
		},
	}
	getWithParams := &compiler.Task{
		Name: "get_with_params", Kind: compiler.TaskWebhook, Doc: "Test Webhook Task",
		Inputs:  []*compiler.Param{{Name: "s", Type: compiler.Str}, {Name: "item_id", Type: compiler.Int}},
		Outputs: info,
		Webhook: &compiler.WebhookSpec{
			URL: "http://localhost:8000/items/{inputs.item_id}", Method: "GET",
			Headers: map[string]string{"Content-Type": "application/json"},
			Data:    map[string]any{"q": "{inputs.s}"}, ShowData: true, ShowURL: true,
			Timeout: 10 * time.Second,
		},
	}
	invokeSlack := &compiler.Task{
		Name: "invoke_slack", Kind: compiler.TaskWebhook, Doc: "Test Webhook Task",
		Inputs:  []*compiler.Param{{Name: "s", Type: compiler.Str}},
		Outputs: info,
		Webhook: &compiler.WebhookSpec{
			URL: "https://hooks.slack.com/services/xyz/zaa/aaa", Method: "POST",
			Headers: map[string]string{"Content-Type": "application/json"},
			Data:    map[string]any{"text": "{inputs.s}"}, ShowData: true, ShowURL: true,
			Timeout: 10 * time.Second,
		},
	}
	w := &compiler.Workflow{
		Name:   "wf",
		Inputs: []*compiler.Param{{Name: "s", Type: compiler.Str}},
		Outputs: []*compiler.Param{
			{Name: "o0", Type: compiler.Dict}, {Name: "o1", Type: compiler.Dict}, {Name: "o2", Type: compiler.Dict},
		},
	}
	n0 := addNode(w, hello, bind("s", wfInput("s", compiler.Str)))
	n1 := addNode(w, simpleGet)
	n2 := addNode(w, getWithParams, bind("s", out(n0, "o0", compiler.Str)), bind("item_id", lit(int64(10), compiler.Int)))
	n3 := addNode(w, invokeSlack, bind("s", out(n0, "o0", compiler.Str)))
	w.Results = []*compiler.Binding{
		bind("o0", out(n1, "info", compiler.Dict)),
		bind("o1", out(n2, "info", compiler.Dict)),
		bind("o2", out(n3, "info", compiler.Dict)),
	}
	return &compiler.Program{
		Tasks:     []*compiler.Task{hello, simpleGet, getWithParams, invokeSlack},
		Workflows: []*compiler.Workflow{w},
	}
}

func addNode(w *compiler.Workflow, t *compiler.Task, inputs ...*compiler.Binding) *compiler.Node {
	n := &compiler.Node{ID: fmt.Sprintf("n%d", len(w.Nodes)), Index: len(w.Nodes), Task: t, Inputs: inputs}
	seen := map[*compiler.Node]bool{}
	var walk func(bv *compiler.BindingValue)
	walk = func(bv *compiler.BindingValue) {
		if bv.Promise != nil && bv.Promise.Node != nil && !seen[bv.Promise.Node] {
			seen[bv.Promise.Node] = true
			n.Upstream = append(n.Upstream, bv.Promise.Node)
		}
		for _, e := range bv.List {
			walk(e)
		}
		for _, k := range sortedKeys(bv.Map) {
			walk(bv.Map[k])
		}
	}
	for _, b := range inputs {
		walk(b.Value)
	}
	w.Nodes = append(w.Nodes, n)
	return n
}

func bind(name string, v *compiler.BindingValue) *compiler.Binding {
	return &compiler.Binding{Var: name, Value: v}
}

func wfInput(name string, t *compiler.Type) *compiler.BindingValue {
	return &compiler.BindingValue{Type: t, Promise: &compiler.Promise{Var: name, Type: t}}
}

func out(n *compiler.Node, name string, t *compiler.Type, path ...string) *compiler.BindingValue {
	pt := t
	if len(path) > 0 {
		pt = compiler.Any
	}
	return &compiler.BindingValue{Type: pt, Promise: &compiler.Promise{Node: n, Var: name, Path: path, Type: pt}}
}

func lit(v any, t *compiler.Type) *compiler.BindingValue {
	return &compiler.BindingValue{Type: t, Literal: v}
}

// wideDeepProgram is the performance issue's workload: width parallel
// chains, depth calls long, of one shell task; each call reads the
// previous call of its chain.
func wideDeepProgram(width, depth int) *compiler.Program {
	step := &compiler.Task{
		Name:    "step",
		Kind:    compiler.TaskShell,
		Inputs:  []*compiler.Param{{Name: "x", Type: compiler.Str}},
		Outputs: []*compiler.Param{{Name: "o0", Type: compiler.Str}},
		Shell:   &compiler.ShellSpec{Script: "printf '%s.' {inputs.x}"},
	}
	w := &compiler.Workflow{
		Name:   "big",
		Inputs: []*compiler.Param{{Name: "x", Type: compiler.Str}},
		Nodes:  make([]*compiler.Node, 0, width*depth),
	}
	last := make([]*compiler.Node, width)
	for d := 0; d < depth; d++ {
		for c := 0; c < width; c++ {
			var in *compiler.BindingValue
			if last[c] == nil {
				in = wfInput("x", compiler.Str)
			} else {
				in = out(last[c], "o0", compiler.Str)
			}
			last[c] = addNode(w, step, bind("x", in))
		}
	}
	for c, n := range last {
		w.Outputs = append(w.Outputs, &compiler.Param{Name: fmt.Sprintf("o%d", c), Type: compiler.Str})
		w.Results = append(w.Results, bind(fmt.Sprintf("o%d", c), out(n, "o0", compiler.Str)))
	}
	return &compiler.Program{Tasks: []*compiler.Task{step}, Workflows: []*compiler.Workflow{w}}
}
