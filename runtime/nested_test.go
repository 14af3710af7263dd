package runtime_test

import (
	"context"
	"errors"
	"fmt"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wfc-lang/wfc/runtime"
)

// Workflows and a launch plan as branches: only the chosen one runs, as
// a nested run under the branch node's id.
const branchWorkflowSrc = `
task step(s: str) -> str {
    shell   = "unused"
    retries = 2
}
task slow(s: str) -> str {
    shell = "unused"
}
workflow two(s: str) -> str {
    a = step(s = s)
    return step(s = a)
}
workflow one(s: str = "dflt") -> str {
    return step(s = s)
}
launchplan planned = one {
    defaults = {s = "plan"}
}
workflow pick(s: str, n: int) -> str {
    side = slow(s = s)
    v = if n > 10 { two(s = s) } else if n > 0 { step(s = s) } else { planned() }
    return v
}
`

func TestBranchWorkflowRunsNested(t *testing.T) {
	p := checkedProgram(t, branchWorkflowSrc, "step", "slow")
	for _, c := range []struct {
		n       int64
		want    string
		nodes   int // in the summary: a task branch's call is its node's, a workflow's nodes count
		ran     []string
		skipped []string
	}{
		{11, "x+n1-n0-n0+n1-n0-n1", 4, []string{"n0", "n1", "n1-n0-n0", "n1-n0-n1"}, []string{"n1-n1", "n1-n2"}},
		{3, "x+n1-n1", 2, []string{"n0", "n1", "n1-n1"}, []string{"n1-n0", "n1-n2"}},
		{0, "plan+n1-n2-n0", 3, []string{"n0", "n1", "n1-n2-n0"}, []string{"n1-n0", "n1-n1"}},
	} {
		t.Run(fmt.Sprint(c.n), func(t *testing.T) {
			res, err := runtime.Run(context.Background(), p.Workflow("pick"), map[string]any{"s": "x", "n": c.n}, opts(t, registry(stepExec(nil))))
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Outputs["o0"]; got != c.want {
				t.Errorf("output %v, want %v", got, c.want)
			}
			var ran, skipped []string
			for _, nr := range load(t, res).NodeRecords {
				switch nr.Status {
				case runtime.StatusSucceeded:
					ran = append(ran, nr.Node)
				case runtime.StatusSkipped:
					skipped = append(skipped, nr.Node)
					if !strings.HasPrefix(nr.Reason, "condition ") {
						t.Errorf("%s skipped for %q, want the condition", nr.Node, nr.Reason)
					}
				default:
					t.Errorf("%s: status %s", nr.Node, nr.Status)
				}
			}
			slices.Sort(ran)
			slices.Sort(skipped)
			if !slices.Equal(ran, c.ran) || !slices.Equal(skipped, c.skipped) {
				t.Errorf("ran %v, skipped %v; want %v, %v", ran, skipped, c.ran, c.skipped)
			}
			if res.Summary.Nodes != c.nodes || res.Summary.Succeeded != c.nodes {
				t.Errorf("summary %+v, want %d nodes, all succeeded", res.Summary, c.nodes)
			}
		})
	}
}

// Inside the nested run the callee's tasks retry; a failure there fails
// the branch and, fail-fast, stops the caller's other nodes.
func TestBranchWorkflowRetryAndFailure(t *testing.T) {
	p := checkedProgram(t, branchWorkflowSrc, "step", "slow")
	flaky := flakyStep("n1-n0-n1")
	res, err := runtime.Run(context.Background(), p.Workflow("pick"), map[string]any{"s": "x", "n": int64(11)}, opts(t, registry(flaky)))
	if err != nil || res.Summary.Retries != 2 {
		t.Fatalf("err %v, retries %d; want success after 2 retries", err, res.Summary.Retries)
	}

	// slow waits for the run to stop: the nested failure must cancel it.
	broken := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		switch c.Node.ID {
		case "n0":
			return nil, blockUntilCancelled(ctx)
		case "n1-n0-n0":
			return nil, runtime.Permanent(errors.New("broken"))
		}
		return stepExec(nil)(ctx, c)
	}
	res, err = runtime.Run(context.Background(), p.Workflow("pick"), map[string]any{"s": "x", "n": int64(11)}, opts(t, registry(broken)))
	var ne *runtime.NodeError
	if !errors.As(err, &ne) || ne.Node != "n1-n0-n0" || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("error %v, want node n1-n0-n0's", err)
	}
	if res.Status != runtime.StatusFailed {
		t.Errorf("status %s, want failed", res.Status)
	}
	status := map[string]runtime.Status{}
	for _, nr := range load(t, res).NodeRecords {
		status[nr.Node] = nr.Status
	}
	if status["n0"] != runtime.StatusCancelled || status["n1"] != runtime.StatusFailed || status["n1-n0-n0"] != runtime.StatusFailed {
		t.Errorf("recorded %v; want n0 cancelled, n1 and n1-n0-n0 failed", status)
	}
	if _, ok := status["n1-n0-n1"]; ok {
		t.Errorf("n1-n0-n1 ran after its input failed: %v", status)
	}
}

// Cancelling the run cancels a task running inside a nested run.
func TestBranchWorkflowCancellation(t *testing.T) {
	p := checkedProgram(t, branchWorkflowSrc, "step", "slow")
	ctx, cancel := context.WithCancel(context.Background())
	exec := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if c.Node.ID == "n1-n0-n0" {
			cancel()
			return nil, blockUntilCancelled(ctx)
		}
		return stepExec(nil)(ctx, c)
	}
	res, err := runtime.Run(ctx, p.Workflow("pick"), map[string]any{"s": "x", "n": int64(11)}, opts(t, registry(exec)))
	if !runtime.IsCancelled(err) || res.Status != runtime.StatusCancelled {
		t.Fatalf("err %v, status %s; want cancelled", err, res.Status)
	}
	status := map[string]runtime.Status{}
	for _, nr := range load(t, res).NodeRecords {
		status[nr.Node] = nr.Status
	}
	if status["n1-n0-n0"] != runtime.StatusCancelled {
		t.Errorf("recorded %v; want n1-n0-n0 cancelled", status)
	}
}

// A nested run keeps to the run's parallelism: the branch node waiting for
// it runs no task, and the nested nodes with the caller's share its limit.
func TestBranchWorkflowKeepsMaxParallel(t *testing.T) {
	p := checkedProgram(t, `
task step(s: str) -> str {
    shell = "unused"
}
workflow wide(s: str) -> (str, str, str, str) {
    return step(s = s), step(s = s), step(s = s), step(s = s)
}
workflow top(s: str, n: int) -> (str, str, str, str) {
    step(s = s)
    step(s = s)
    a, b, c, d = if n > 0 { wide(s = s) } else { wide(s = "other") }
    return a, b, c, d
}
`, "step")
	var mu sync.Mutex
	running, most := 0, 0
	exec := stepExec(func(c *runtime.Call) error {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		defer func() {
			mu.Lock()
			running--
			mu.Unlock()
		}()
		// Let the others start, if the limit lets them: yield a while.
		for range 1000 {
			goruntime.Gosched()
		}
		return nil
	})
	o := opts(t, registry(exec))
	o.MaxParallel = 2
	if _, err := runtime.Run(context.Background(), p.Workflow("top"), map[string]any{"s": "x", "n": int64(1)}, o); err != nil {
		t.Fatal(err)
	}
	if most > 2 {
		t.Errorf("%d tasks ran at once; MaxParallel is 2", most)
	}
}
