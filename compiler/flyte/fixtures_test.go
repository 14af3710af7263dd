package flyte

import (
	"fmt"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// designProgram is the IR of the design example (examples/design.wf),
// built by hand the way compiler.Check builds it.
func designProgram() *compiler.Program {
	hello := &compiler.Task{
		Name:    "hello",
		Doc:     "A task that runs a command locally; on Flyte it is a raw container task.",
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

// featureProgram exercises what the design example (examples/design.wf)
// does not: defaults, optionals, lists and maps, attribute paths, retries,
// timeouts, caching, secrets, several outputs, echo tasks, literal
// collections and a node ordered by >> only.
func featureProgram() *compiler.Program {
	fetch := &compiler.Task{
		Name: "fetch", Kind: compiler.TaskWebhook, Doc: "Fetch an item.\n\nThe long story, in Markdown.",
		Inputs:  []*compiler.Param{{Name: "id", Type: compiler.Int, Doc: "the item"}},
		Outputs: []*compiler.Param{{Name: "info", Type: compiler.Dict}},
		Retries: 3, Timeout: 90 * time.Second, Secrets: []string{"token"},
		Webhook: &compiler.WebhookSpec{
			URL: "https://example.com/items/{inputs.id}", Method: "GET",
			Headers: map[string]string{"Authorization": "Bearer {secrets.token}"},
			Data:    map[string]any{}, ShowURL: true, Timeout: 2500 * time.Millisecond,
		},
	}
	split := &compiler.Task{
		Name: "split", Kind: compiler.TaskShell, Cache: true,
		Inputs: []*compiler.Param{
			{Name: "text", Type: compiler.Str},
			{Name: "n", Type: compiler.Int},
			{Name: "tags", Type: compiler.ListOf(compiler.Str)},
		},
		Outputs: []*compiler.Param{{Name: "head", Type: compiler.Str}, {Name: "count", Type: compiler.Int}},
		Shell: &compiler.ShellSpec{
			Script: "# split {inputs.text} into pieces, don't panic\n" +
				"printf '%s' \"$(echo {inputs.text} | cut -c1-{inputs.n})\" > \"$WFC_OUTPUT_DIR/head\"\n" +
				"echo '{inputs.n}' > \"$WFC_OUTPUT_DIR/count\"\ncat <<EOF\ntags: {inputs.tags}\nEOF\n",
			Image: "alpine:3.20",
		},
	}
	pass := &compiler.Task{
		Name: "pass", Kind: compiler.TaskEcho,
		Inputs:  []*compiler.Param{{Name: "x", Type: compiler.OptionalOf(compiler.Int)}},
		Outputs: []*compiler.Param{{Name: "o0", Type: compiler.OptionalOf(compiler.Int)}},
	}
	collect := &compiler.Task{
		Name: "collect", Kind: compiler.TaskShell, Timeout: time.Minute, CacheVersion: "v2", Cache: true,
		Inputs: []*compiler.Param{
			{Name: "codes", Type: compiler.ListOf(compiler.Int)},
			{Name: "labels", Type: compiler.MapOf(compiler.Str)},
			{Name: "meta", Type: compiler.Dict},
			{Name: "when", Type: compiler.OptionalOf(compiler.Datetime)},
			{Name: "wait", Type: compiler.Duration},
			{Name: "ratio", Type: compiler.Float},
			{Name: "flag", Type: compiler.Bool},
		},
		Shell: &compiler.ShellSpec{Script: "echo {inputs.codes} {inputs.ratio} {inputs.flag}"},
	}
	when := time.Date(2024, 5, 6, 7, 8, 9, 500_000_000, time.UTC)
	w := &compiler.Workflow{
		Name: "features", Doc: "Every feature at once.",
		Inputs: []*compiler.Param{
			{Name: "id", Type: compiler.Int, HasDefault: true, Default: int64(7)},
			{Name: "text", Type: compiler.Str},
			{Name: "limit", Type: compiler.OptionalOf(compiler.Int)},
			{Name: "tags", Type: compiler.ListOf(compiler.Str), HasDefault: true, Default: []any{"a", "b"}},
			{Name: "opts", Type: compiler.MapOf(compiler.Float), HasDefault: true, Default: map[string]any{"x": 1.5, "y": float64(2)}},
			{Name: "extra", Type: compiler.Dict, HasDefault: true, Default: map[string]any{"k": []any{int64(1), "two", nil, true}, "nested": map[string]any{"t": when}}},
			{Name: "since", Type: compiler.OptionalOf(compiler.Datetime), HasDefault: true, Default: when},
			{Name: "pause", Type: compiler.Duration, HasDefault: true, Default: 1500 * time.Millisecond},
		},
		Outputs: []*compiler.Param{
			{Name: "status", Type: compiler.Int},
			{Name: "head", Type: compiler.Str},
			{Name: "echoed", Type: compiler.OptionalOf(compiler.Int)},
		},
	}
	n0 := addNode(w, fetch, bind("id", wfInput("id", compiler.Int)))
	n1 := addNode(w, split,
		bind("n", out(n0, "info", compiler.Dict, "status_code")),
		bind("tags", wfInput("tags", compiler.ListOf(compiler.Str))),
		bind("text", wfInput("text", compiler.Str)))
	n2 := addNode(w, pass, bind("x", wfInput("limit", compiler.OptionalOf(compiler.Int))))
	n3 := addNode(w, collect,
		bind("codes", &compiler.BindingValue{Type: compiler.ListOf(compiler.Int), List: []*compiler.BindingValue{
			out(n0, "info", compiler.Dict, "status_code"), out(n1, "count", compiler.Int), lit(int64(3), compiler.Int),
		}}),
		bind("labels", &compiler.BindingValue{Type: compiler.MapOf(compiler.Str), Map: map[string]*compiler.BindingValue{
			"head": out(n1, "head", compiler.Str), "fixed": lit("yes", compiler.Str),
		}}),
		bind("meta", lit(map[string]any{"a": int64(1), "b": []any{"x", 2.5}}, compiler.Dict)),
		bind("when", lit(nil, compiler.None)),
		bind("wait", wfInput("pause", compiler.Duration)),
		bind("ratio", lit(int64(2), compiler.Int)),
		bind("flag", lit(true, compiler.Bool)))
	n4 := addNode(w, pass, bind("x", lit(int64(5), compiler.Int)))
	n4.After = []*compiler.Node{n3}
	_ = n2
	w.Results = []*compiler.Binding{
		bind("status", out(n0, "info", compiler.Dict, "status_code")),
		bind("head", out(n1, "head", compiler.Str)),
		bind("echoed", out(n4, "o0", compiler.OptionalOf(compiler.Int))),
	}
	return &compiler.Program{
		Tasks:     []*compiler.Task{fetch, split, pass, collect},
		Workflows: []*compiler.Workflow{w},
	}
}

// testPrograms are the hand-built programs every test runs over.
func testPrograms() map[string]*compiler.Program {
	return map[string]*compiler.Program{
		"design":   designProgram(),
		"features": featureProgram(),
		"widedeep": wideDeepProgram(3, 4),
	}
}

func compiler_Dict() *compiler.Type { return compiler.Dict }

func compilerOptionalListInt() *compiler.Type {
	return compiler.OptionalOf(compiler.ListOf(compiler.Int))
}
