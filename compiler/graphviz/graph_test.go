package graphviz

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/graph")

const repoRoot = "../.."

func load(t *testing.T, path string) *compiler.Program {
	t.Helper()
	src, err := lang.ReadSource(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := lang.Parse(path, src)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	p, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return p
}

// Every workflow of every example and golden program, drawn both ways,
// matches testdata/golden/graph/NAME.WORKFLOW.{dot,mmd}.
func TestGolden(t *testing.T) {
	var paths []string
	for _, pat := range []string{repoRoot + "/examples/*.wf", repoRoot + "/testdata/golden/flyte/*.wf"} {
		m, _ := filepath.Glob(pat)
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no programs")
	}
	dir := filepath.Join(repoRoot, "testdata/golden/graph")
	want := map[string]bool{}
	for _, path := range paths {
		prefix := strings.TrimSuffix(filepath.Base(path), ".wf")
		if strings.Contains(path, "examples") {
			prefix = "example-" + prefix
		}
		for _, w := range load(t, path).Workflows {
			g := New(w)
			for _, f := range []Format{DOT, Mermaid} {
				var buf bytes.Buffer
				if err := g.Write(&buf, f); err != nil {
					t.Fatal(err)
				}
				ext := map[Format]string{DOT: ".dot", Mermaid: ".mmd"}[f]
				name := prefix + "." + w.Name + ext
				want[name] = true
				file := filepath.Join(dir, name)
				if *update {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				golden, err := os.ReadFile(file)
				if err != nil {
					t.Errorf("%v (run go test -update)", err)
					continue
				}
				if !bytes.Equal(buf.Bytes(), golden) {
					t.Errorf("%s differs from the golden file (run go test -update and review):\n%s", name, buf.String())
				}
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !want[e.Name()] {
			if *update {
				os.Remove(filepath.Join(dir, e.Name()))
			} else {
				t.Errorf("%s is no longer produced (run go test -update)", e.Name())
			}
		}
	}
}

// Labels are escaped for each language, and edges come out in node order
// with their labels sorted, whatever order they were found in.
func TestEscapingAndOrder(t *testing.T) {
	task := &compiler.Task{Name: `say"hi"\`}
	w := &compiler.Workflow{Name: "w<1>"}
	a := &compiler.Node{ID: "n0", Index: 0, Task: task}
	b := &compiler.Node{ID: "n1", Index: 1, Task: task, After: []*compiler.Node{a}}
	c := &compiler.Node{ID: "n2", Index: 2, Task: task, Inputs: []*compiler.Binding{
		{Var: "z", Value: &compiler.BindingValue{Promise: &compiler.Promise{Node: a, Var: "o1"}}},
		{Var: "y", Value: &compiler.BindingValue{List: []*compiler.BindingValue{
			{Promise: &compiler.Promise{Node: a, Var: "o0", Path: []string{"k|#"}}},
		}}},
	}}
	w.Nodes = []*compiler.Node{a, b, c}
	g := New(w)
	var dot, mmd bytes.Buffer
	g.WriteDOT(&dot)
	g.WriteMermaid(&mmd)
	wantDOT := `digraph "w<1>" {
  rankdir=TB;
  node [shape=box, style=rounded, fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  "inputs" [label="w<1> inputs", shape=ellipse, style=dashed];
  "n0" [label="say\"hi\"\\\nn0"];
  "n1" [label="say\"hi\"\\\nn1"];
  "n2" [label="say\"hi\"\\\nn2"];
  "outputs" [label="w<1> outputs", shape=ellipse, style=dashed];
  "n0" -> "n1" [style=dashed];
  "n0" -> "n2" [label="o0.k|# → y[0]\no1 → z"];
}
`
	if dot.String() != wantDOT {
		t.Errorf("DOT:\n%s\nwant:\n%s", dot.String(), wantDOT)
	}
	wantMMD := `%% workflow w#lt;1#gt;
flowchart TD
  inputs(["w#lt;1#gt; inputs"])
  n0["say#quot;hi#quot;\<br/>n0"]
  n1["say#quot;hi#quot;\<br/>n1"]
  n2["say#quot;hi#quot;\<br/>n2"]
  outputs(["w#lt;1#gt; outputs"])
  n0 -.-> n1
  n0 -->|"o0.k#124;#35; → y[0]<br/>o1 → z"| n2
`
	if mmd.String() != wantMMD {
		t.Errorf("Mermaid:\n%s\nwant:\n%s", mmd.String(), wantMMD)
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"dot", "mermaid"} {
		if _, err := ParseFormat(s); err != nil {
			t.Error(err)
		}
	}
	if _, err := ParseFormat("svg"); err == nil {
		t.Error("svg accepted")
	}
}
