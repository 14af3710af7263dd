package compiler_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

func checkSource(t *testing.T, src string) (*compiler.Program, lang.Diagnostics) {
	t.Helper()
	f, diags := lang.Parse("t.wf", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return compiler.Check([]*lang.File{f})
}

// The DAG the checker builds lists each node's upstream and downstream
// nodes by index, and orders every node after those it waits for.
func TestDAGAdjacencyAndOrder(t *testing.T) {
	p, diags := checkSource(t, `echo e(x: int)
echo l(x: list[int])
workflow w() -> int {
    a = e(x = 1)
    b = e(x = 2)
    c = l(x = [a, b, a])
    d = e(x = 3)
    c >> d
    return d
}
`)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	dag := p.Workflows[0].DAG
	if dag == nil || dag.Len() != 4 || dag.Edges() != 3 {
		t.Fatalf("DAG %+v", dag)
	}
	if up := dag.Upstream(2); len(up) != 2 || up[0] != 0 || up[1] != 1 {
		t.Errorf("upstream of c = %v, want [0 1]", up)
	}
	if down := dag.Downstream(2); len(down) != 1 || down[0] != 3 {
		t.Errorf("downstream of c = %v, want [3]", down)
	}
	if got := dag.Order(); len(got) != 4 || got[0] != 0 || got[1] != 1 || got[2] != 2 || got[3] != 3 {
		t.Errorf("order = %v", got)
	}
}

// A cycle's diagnostic names a shortest round through it and every other
// node caught in the same strongly connected set.
func TestCycleNamesEveryMember(t *testing.T) {
	_, diags := checkSource(t, `echo e(x: int)
workflow w() -> int {
    a = e(x = 1)
    b = e(x = a)
    c = e(x = b)
    b >> a
    c >> b
    return c
}
`)
	var found bool
	for _, d := range diags {
		if strings.HasPrefix(d.Summary, "dependency cycle") {
			if found {
				t.Errorf("a second diagnostic for the same cycle: %s", d.Summary)
			}
			found = true
			if d.Summary != "dependency cycle: `a` (e) → `b` (e) → `a` (e)" {
				t.Errorf("summary %q", d.Summary)
			}
			if !strings.Contains(d.Detail, "caught in the same cycle:\n`c` (e) at t.wf:5:") {
				t.Errorf("detail does not name c:\n%s", d.Detail)
			}
		}
	}
	if !found {
		t.Fatalf("no cycle reported: %v", diags.Err())
	}
}

// NewDAG names every cycle of a workflow built by hand, as the runtime
// and the emitters use it, and leaves out nodes that only wait on one.
func TestNewDAGCycleError(t *testing.T) {
	task := &compiler.Task{Name: "t"}
	w := &compiler.Workflow{Name: "w"}
	for i := range 6 {
		w.Nodes = append(w.Nodes, &compiler.Node{ID: "n" + string(rune('0'+i)), Index: i, Task: task})
	}
	n := w.Nodes
	n[1].After = []*compiler.Node{n[0]}
	n[0].After = []*compiler.Node{n[1]} // n0 ⇄ n1
	n[2].After = []*compiler.Node{n[1]} // waits on the cycle, not in it
	n[4].After = []*compiler.Node{n[3]}
	n[5].After = []*compiler.Node{n[4]}
	n[3].After = []*compiler.Node{n[5]} // n3 → n4 → n5 → n3
	_, err := compiler.NewDAG(w)
	var ce *compiler.CycleError
	if !errors.As(err, &ce) || len(ce.Cycles) != 2 {
		t.Fatalf("err = %v", err)
	}
	if got := err.Error(); got != "workflow w has a dependency cycle: n0 → n1 → n0; n3 → n4 → n5 → n3" {
		t.Errorf("error %q", got)
	}
	if m := ce.Cycles[1].Members; len(m) != 3 || m[0] != n[3] || m[2] != n[5] {
		t.Errorf("second cycle's members %v", m)
	}
}

// The call graph has an edge from each workflow to each task it calls,
// once however many calls, and lists callees in the order of their first
// call.
func TestCallGraph(t *testing.T) {
	p, diags := checkSource(t, `echo a(x: int)
echo b(x: int)
echo unused(x: int)
workflow w1() {
    b(x = 1)
    a(x = 2)
    b(x = 3)
}
workflow w2() {
    a(x = 1)
}
`)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	adj, err := p.Calls.AdjacencyMap()
	if err != nil {
		t.Fatal(err)
	}
	if len(adj) != 5 {
		t.Errorf("%d vertices, want 5 (three tasks, two workflows)", len(adj))
	}
	if got := compiler.Callees(adj, "w1"); strings.Join(got, " ") != "b a" {
		t.Errorf("w1 calls %v, want [b a]", got)
	}
	if got := compiler.Callees(adj, "w2"); strings.Join(got, " ") != "a" {
		t.Errorf("w2 calls %v, want [a]", got)
	}
	if got := compiler.Callees(adj, "unused"); len(got) != 0 {
		t.Errorf("a task calls %v", got)
	}
}
