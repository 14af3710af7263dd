package compiler_test

import (
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

func mustCheck(t *testing.T, src string) *compiler.Program {
	t.Helper()
	f, diags := lang.Parse("t.wf", []byte(src))
	if diags.HasErrors() {
		t.Fatal(lang.DiagnosticsError(diags))
	}
	prog, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		t.Fatal(lang.DiagnosticsError(diags))
	}
	return prog
}

// describe renders a workflow's nodes and results compactly.
func describe(w *compiler.Workflow) string {
	var b strings.Builder
	for _, n := range w.Nodes {
		fmt.Fprintf(&b, "%s=%s(", n.ID, n.Task.Name)
		for i, in := range n.Inputs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s=%s", in.Var, binding(in.Value))
		}
		b.WriteString(")")
		if up := w.DAG.Upstream(n.Index); len(up) > 0 {
			var ids []string
			for _, u := range up {
				ids = append(ids, w.Nodes[u].ID)
			}
			fmt.Fprintf(&b, " after %s", strings.Join(ids, ","))
		}
		b.WriteString("; ")
	}
	b.WriteString("return")
	for _, r := range w.Results {
		fmt.Fprintf(&b, " %s=%s", r.Var, binding(r.Value))
	}
	return b.String()
}

func binding(v *compiler.BindingValue) string {
	switch {
	case v.Promise != nil:
		src := "start"
		if v.Promise.Node != nil {
			src = v.Promise.Node.ID
		}
		s := src + "." + v.Promise.Var
		for _, p := range v.Promise.Path {
			s += "." + p
		}
		return s + ":" + v.Type.String()
	case v.List != nil:
		var parts []string
		for _, x := range v.List {
			parts = append(parts, binding(x))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case v.Map != nil:
		var keys []string
		for k := range v.Map {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+":"+binding(v.Map[k]))
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprintf("%v", v.Literal)
}

// TestDesignExample checks the IR of the design example's workflow (examples/design.wf).
func TestDesignExample(t *testing.T) {
	src, err := os.ReadFile("../lang/testdata/parse/design.wf")
	if err != nil {
		t.Fatal(err)
	}
	prog := mustCheck(t, string(src))
	w := prog.Workflow("wf")
	want := "n0=hello(s=start.s:str); n1=simple_get(); n2=get_with_params(s=n0.o0:str, item_id=10) after n0; n3=invoke_slack(s=n0.o0:str) after n0; " +
		"return o0=n1.info:dict o1=n2.info:dict o2=n3.info:dict"
	if got := describe(w); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	hook := prog.Task("get_with_params").Webhook
	if hook.Method != "GET" || hook.Timeout != 10*time.Second || !hook.ShowData || !hook.ShowURL ||
		!reflect.DeepEqual(hook.Data, map[string]any{"q": "{inputs.s}"}) || hook.Headers["Content-Type"] != "application/json" {
		t.Errorf("get_with_params spec = %+v", hook)
	}
	if got := prog.Task("simple_get").Webhook; got.Method != "GET" || len(got.Data) != 0 {
		t.Errorf("simple_get spec = %+v", got)
	}
	if got := prog.Task("invoke_slack").Webhook; got.Method != "POST" || got.Timeout != 10*time.Second {
		t.Errorf("invoke_slack spec = %+v", got)
	}
	if got := prog.Task("get_with_params").Doc; got != "Test Webhook Task" {
		t.Errorf("description = %q", got)
	}
	if got := prog.Task("hello").Doc; got != "A task that runs a command locally; on Flyte it is a raw container task." {
		t.Errorf("doc comment = %q", got)
	}
}

// TestBindings covers defaults, nested calls, ordering, attribute paths,
// destructuring and references inside lists and dicts.
func TestBindings(t *testing.T) {
	prog := mustCheck(t, `
task inc(x: int, by: int = 1) -> int { shell = "echo $(( {inputs.x} + {inputs.by} ))" }
task pair() -> (a: int, b: str) { shell = "x" }
task all(xs: list[int], m: map[str, int], d: dict, when: datetime = "2024-05-01T12:00:00Z", f: float = 2) -> int { shell = "x" }
echo pass(a: int, b: str)
webhook hook(n: int) { url = "http://localhost:8000/{inputs.n}" response = "json" }
workflow w(seed: int, cfg: dict) -> (int, int, str) {
    x = inc(x = inc(x = seed, by = 2))
    a, b = pair()
    r = hook(n = a)
    y = all(xs = [x, a, 3], m = {"k": a}, d = cfg)
    p = pass(a = y, b = b)
    inc(x = r.response.count) >> p
    return p.o0, inc(x = cfg.n), b
}`)
	w := prog.Workflow("w")
	want := "n0=inc(x=start.seed:int, by=2); n1=inc(x=n0.o0:int, by=1) after n0; n2=pair(); " +
		"n3=hook(n=n2.a:int) after n2; " +
		"n4=all(xs=[n1.o0:int n2.a:int 3], m={k:n2.a:int}, d=start.cfg:dict, when=2024-05-01 12:00:00 +0000 UTC, f=2) after n1,n2; " +
		"n5=pass(a=n4.o0:int, b=n2.b:str) after n2,n4,n6; n6=inc(x=n3.info.response.count:any, by=1) after n3; " +
		"n7=inc(x=start.cfg.n:any, by=1); return o0=n5.o0:int o1=n7.o0:int o2=n2.b:str"
	if got := describe(w); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if f := w.Nodes[4].Inputs[4].Value.Literal; f != float64(2) {
		t.Errorf("int literal for a float parameter = %#v, want float64(2)", f)
	}
	if got := w.Nodes[5].Task.Outputs; len(got) != 2 || got[0].Name != "o0" || got[1].Type != compiler.Str {
		t.Errorf("echo outputs = %v", got)
	}
	pos := map[string]int{}
	for i, k := range w.DAG.Order() {
		pos[w.Nodes[k].ID] = i
	}
	if pos["n6"] > pos["n5"] {
		t.Errorf("topological order puts n6 after n5: %v", pos)
	}
	if w.DAG.Edges() != 8 {
		t.Errorf("DAG has %d edges, want 8", w.DAG.Edges())
	}
}
