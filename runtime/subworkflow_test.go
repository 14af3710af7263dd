package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/runtime"
)

// checkedProgram parses and checks src; the tasks named in asTest run with
// the test executor.
func checkedProgram(t *testing.T, src string, asTest ...string) *compiler.Program {
	t.Helper()
	f, diags := lang.Parse("t.wf", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	p, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	for _, name := range asTest {
		p.Task(name).Kind = testKind
	}
	return p
}

// inner is called twice by middle (once inside it, once through leaf) and
// once by outer directly, so ids nest two deep.
const subworkflowSrc = `
task step(s: str) -> str {
    shell   = "unused"
    retries = 2
}
workflow leaf(s: str) -> str {
    return step(s = s)
}
workflow middle(s: str) -> (a: str, b: str) {
    x = leaf(s = s)
    return x, step(s = x)
}
workflow outer(s: str) -> (str, str) {
    m = middle(s = s)
    return m.b, leaf(s = m.a)
}
`

// stepExec appends "+" and the node id to its input, so the outputs show
// which node ran what.
func stepExec(fail func(c *runtime.Call) error) runtime.ExecutorFunc {
	return func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if fail != nil {
			if err := fail(c); err != nil {
				return nil, err
			}
		}
		return map[string]any{"o0": c.Inputs["s"].(string) + "+" + c.Node.ID}, nil
	}
}

// flakyStep is stepExec failing node id's first two attempts.
func flakyStep(id string) runtime.ExecutorFunc {
	var mu sync.Mutex
	attempts := map[string]int{}
	return stepExec(func(c *runtime.Call) error {
		mu.Lock()
		defer mu.Unlock()
		attempts[c.Node.ID]++
		if c.Node.ID == id && attempts[c.Node.ID] < 3 {
			return errors.New("flaky")
		}
		return nil
	})
}

func TestSubworkflowNodesRunAsChildren(t *testing.T) {
	p := checkedProgram(t, subworkflowSrc, "step")
	res, err := runtime.Run(context.Background(), p.Workflow("outer"), map[string]any{"s": "x"}, opts(t, registry(stepExec(nil))))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"o0": "x+n0-n0-n0+n0-n1", "o1": "x+n0-n0-n0+n1-n0"}
	if fmt.Sprint(res.Outputs) != fmt.Sprint(want) {
		t.Errorf("outputs %v, want %v", res.Outputs, want)
	}
	var ids []string
	for _, n := range load(t, res).NodeRecords {
		ids = append(ids, n.Node)
	}
	slices.Sort(ids)
	if want := []string{"n0-n0-n0", "n0-n1", "n1-n0"}; !slices.Equal(ids, want) {
		t.Errorf("recorded nodes %v, want %v", ids, want)
	}
	if p.Workflow("outer").Nodes[0].Workflow == nil {
		t.Error("running the workflow changed its IR")
	}
}

// A callee's task keeps its retries; a failure inside a subworkflow fails
// the caller, naming the nested node, and fail-fast stops the rest.
func TestSubworkflowRetryAndFailure(t *testing.T) {
	p := checkedProgram(t, subworkflowSrc, "step")
	flaky := flakyStep("n0-n0-n0")
	res, err := runtime.Run(context.Background(), p.Workflow("outer"), map[string]any{"s": "x"}, opts(t, registry(flaky)))
	if err != nil || res.Summary.Retries != 2 {
		t.Fatalf("err %v, retries %d; want success after 2 retries", err, res.Summary.Retries)
	}

	broken := stepExec(func(c *runtime.Call) error {
		if c.Node.ID == "n0-n1" {
			return errors.New("broken")
		}
		return nil
	})
	res, err = runtime.Run(context.Background(), p.Workflow("outer"), map[string]any{"s": "x"}, opts(t, registry(broken)))
	var ne *runtime.NodeError
	if !errors.As(err, &ne) || ne.Node != "n0-n1" || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("error %v, want node n0-n1's", err)
	}
	if res.Status != runtime.StatusFailed || res.Summary.Succeeded != 1 || res.Summary.NotStarted != 1 {
		t.Errorf("status %s, summary %+v; want n1-n0 never started", res.Status, res.Summary)
	}
}

// Cancelling the run cancels a task running inside a subworkflow.
func TestSubworkflowCancellation(t *testing.T) {
	p := checkedProgram(t, subworkflowSrc, "step")
	ctx, cancel := context.WithCancel(context.Background())
	blocked := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		cancel() // the first task, n0-n0-n0, cancels the run and waits
		return nil, blockUntilCancelled(ctx)
	}
	res, err := runtime.Run(ctx, p.Workflow("outer"), map[string]any{"s": "x"}, opts(t, registry(blocked)))
	if !runtime.IsCancelled(err) || res.Status != runtime.StatusCancelled {
		t.Fatalf("err %v, status %s; want cancelled", err, res.Status)
	}
}
