package runtime_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wfc-lang/wfc/runtime"
	"github.com/wfc-lang/wfc/runtime/taskcache"
)

// Callees with a failure policy of their own run as nested runs, in a
// branch or not; their keep_going and on_failure apply inside them.
const policySrc = `
task step(s: str) -> str {
    shell = "unused"
}
task report(s: str, err: error?) {
    shell = "unused"
}
task slow(s: str) -> str {
    shell = "unused"
}
workflow careful(s: str) -> str with {keep_going = true} {
    a = step(s = s)
    step(s = "other")
    return step(s = a)
}
workflow handled(s: str) -> str with {on_failure = report} {
    return step(s = s)
}
workflow top(s: str) -> (str, str) {
    h = handled(s = s)
    return careful(s = s), step(s = h)
}
workflow picked(s: str, n: int) -> str {
    return if n > 0 { careful(s = s) } else { handled(s = s) }
}
workflow beside(s: str) -> (str, str) {
    return slow(s = s), handled(s = s)
}
`

// recorder runs step (failing for the node ids in fail), report and slow
// (which waits for the run to stop), and lists the ids it ran.
type recorder struct {
	mu   sync.Mutex
	ran  []string
	errs []map[string]any // the handler's err inputs
	fail []string
}

func (rc *recorder) exec(ctx context.Context, c *runtime.Call) (map[string]any, error) {
	rc.mu.Lock()
	rc.ran = append(rc.ran, c.Node.ID)
	if c.Task.Name == "report" {
		e, _ := c.Inputs["err"].(map[string]any)
		rc.errs = append(rc.errs, e)
	}
	rc.mu.Unlock()
	switch {
	case c.Task.Name == "slow":
		return nil, blockUntilCancelled(ctx)
	case c.Task.Name == "report":
		return map[string]any{}, nil
	case slices.Contains(rc.fail, c.Node.ID):
		return nil, runtime.Permanent(errors.New("broken " + c.Node.ID))
	}
	return stepExec(nil)(ctx, c)
}

func TestNestedPolicySucceeds(t *testing.T) {
	p := checkedProgram(t, policySrc, "step", "report", "slow")
	rc := &recorder{}
	res, err := runtime.Run(context.Background(), p.Workflow("top"), map[string]any{"s": "x"}, opts(t, registry(rc.exec)))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Outputs["o0"]; got != "x+n1-n0+n1-n2" {
		t.Errorf("o0 = %v, want careful's result through n1-n0 and n1-n2", got)
	}
	if got := res.Outputs["o1"]; got != "x+n0-n0+n2" {
		t.Errorf("o1 = %v, want handled's result read by n2", got)
	}
	rec := load(t, res)
	for _, id := range []string{"n0", "n0-n0", "n1", "n1-n0", "n1-n1", "n1-n2", "n2"} {
		if nr := rec.Node(id); nr == nil || nr.Status != runtime.StatusSucceeded {
			t.Errorf("record of %s: %+v, want succeeded", id, nr)
		}
	}
	if nr := rec.Node("n0"); nr == nil || nr.Task != "handled" {
		t.Errorf("record of n0 %+v, want the call of handled", nr)
	}
	if res.Summary.Nodes != 7 || res.Summary.Succeeded != 7 {
		t.Errorf("summary %+v, want 7 nodes succeeded", res.Summary)
	}
}

// keep_going holds inside the callee even though the caller fails fast:
// the node that does not depend on the failure runs, the one that does is
// skipped, then the call fails the caller.
func TestNestedKeepGoing(t *testing.T) {
	p := checkedProgram(t, policySrc, "step", "report", "slow")
	for _, c := range []struct {
		wf     string
		inputs map[string]any
		prefix string
	}{
		{"top", map[string]any{"s": "x"}, "n1-"},
		{"picked", map[string]any{"s": "x", "n": int64(1)}, "n0-n0-"},
	} {
		t.Run(c.wf, func(t *testing.T) {
			rc := &recorder{fail: []string{c.prefix + "n0"}}
			res, err := runtime.Run(context.Background(), p.Workflow(c.wf), c.inputs, opts(t, registry(rc.exec)))
			var ne *runtime.NodeError
			if !errors.As(err, &ne) || ne.Node != c.prefix+"n0" {
				t.Fatalf("error %v, want %sn0's failure", err, c.prefix)
			}
			if !slices.Contains(rc.ran, c.prefix+"n1") {
				t.Errorf("ran %v; keep_going must run %sn1", rc.ran, c.prefix)
			}
			if nr := load(t, res).Node(c.prefix + "n2"); nr == nil || nr.Status != runtime.StatusSkipped || nr.Reason != "upstream "+c.prefix+"n0 failed" {
				t.Errorf("record of %sn2: %+v, want skipped after %sn0", c.prefix, nr, c.prefix)
			}
		})
	}
}

// A callee's failure handler runs after its failure, inside the nested
// run, with the failure; the caller fails all the same.
func TestNestedFailureHandler(t *testing.T) {
	p := checkedProgram(t, policySrc, "step", "report", "slow")
	for _, c := range []struct {
		wf     string
		inputs map[string]any
		prefix string
	}{
		{"top", map[string]any{"s": "x"}, "n0-"},
		{"picked", map[string]any{"s": "x", "n": int64(0)}, "n0-n1-"},
	} {
		t.Run(c.wf, func(t *testing.T) {
			rc := &recorder{fail: []string{c.prefix + "n0"}}
			res, err := runtime.Run(context.Background(), p.Workflow(c.wf), c.inputs, opts(t, registry(rc.exec)))
			if err == nil || !strings.Contains(err.Error(), "broken "+c.prefix+"n0") {
				t.Fatalf("error %v, want %sn0's failure", err, c.prefix)
			}
			if len(rc.errs) != 1 || !strings.Contains(rc.errs[0]["message"].(string), "broken "+c.prefix+"n0") {
				t.Fatalf("handler got %v, want one call with the failure", rc.errs)
			}
			if nr := load(t, res).Node(c.prefix + "fn0"); nr == nil || nr.Status != runtime.StatusSucceeded || nr.Task != "report" {
				t.Errorf("record of %sfn0: %+v, want the handler succeeded", c.prefix, nr)
			}
		})
	}
}

// A failure beside a nested run cancels it (fail-fast crosses in), and its
// handler does not run: it did not fail. Ctrl-C crosses the same way.
func TestNestedCancellation(t *testing.T) {
	p := checkedProgram(t, policySrc, "step", "report", "slow")
	ctx, cancel := context.WithCancel(context.Background())
	blocked := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if c.Task.Name == "report" {
			t.Error("the handler ran after a cancellation")
		}
		if c.Node.ID == "n1-n0" {
			cancel()
		}
		return nil, blockUntilCancelled(ctx)
	}
	res, err := runtime.Run(ctx, p.Workflow("beside"), map[string]any{"s": "x"}, opts(t, registry(blocked)))
	if !runtime.IsCancelled(err) || res.Status != runtime.StatusCancelled {
		t.Fatalf("err %v, status %s; want cancelled", err, res.Status)
	}
	rec := load(t, res)
	for _, id := range []string{"n1", "n1-n0"} {
		if nr := rec.Node(id); nr == nil || nr.Status != runtime.StatusCancelled {
			t.Errorf("record of %s: %+v, want cancelled", id, nr)
		}
	}
}

// A failure beside a nested run stops it: fail-fast crosses into it.
func TestNestedStoppedByCallerFailure(t *testing.T) {
	p := checkedProgram(t, policySrc, "step", "report", "slow")
	started := make(chan struct{})
	exec := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		switch {
		case c.Task.Name == "report":
			t.Error("the handler ran after the caller stopped it")
			return map[string]any{}, nil
		case c.Node.ID == "n1-n0": // inside handled: wait to be stopped
			close(started)
			return nil, blockUntilCancelled(ctx)
		}
		// slow, n0: fails once the nested step is running
		<-started
		return nil, runtime.Permanent(errors.New("slow broke"))
	}
	res, err := runtime.Run(context.Background(), p.Workflow("beside"), map[string]any{"s": "x"}, opts(t, registry(exec)))
	var ne *runtime.NodeError
	if !errors.As(err, &ne) || ne.Node != "n0" {
		t.Fatalf("error %v, want n0's failure alone", err)
	}
	rec := load(t, res)
	for _, id := range []string{"n1", "n1-n0"} {
		if nr := rec.Node(id); nr == nil || nr.Status != runtime.StatusCancelled {
			t.Errorf("record of %s: %+v, want cancelled", id, nr)
		}
	}
}

// The secrets of a nested run's tasks are resolved with the caller's,
// before any node starts, and masked in what the nested run records.
func TestNestedSecrets(t *testing.T) {
	const secret = "hunter2-nested"
	p := checkedProgram(t, policySrc, "step", "report", "slow")
	p.Task("step").Secrets = []string{"TOKEN"}
	exec := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		v, err := c.Secrets.Secret("TOKEN")
		if err != nil {
			return nil, err
		}
		return map[string]any{"o0": "saw " + v}, nil
	}
	for _, wf := range []string{"picked", "top"} {
		o := opts(t, registry(exec))
		res, err := runtime.Run(context.Background(), p.Workflow(wf), map[string]any{"s": "x", "n": int64(1)}, o)
		if err == nil || !strings.Contains(err.Error(), "TOKEN") || res.Summary.NotStarted != res.Summary.Nodes {
			t.Errorf("%s without the secret: error %v, summary %+v; want the run stopped before any node", wf, err, res.Summary)
		}
	}
	o := opts(t, registry(exec))
	o.Secrets = runtime.EnvSecrets{Getenv: func(k string) (string, bool) { return secret, k == "WFC_SECRET_TOKEN" }}
	res, err := runtime.Run(context.Background(), p.Workflow("picked"), map[string]any{"s": "x", "n": int64(1)}, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outputs["o0"] != "saw ***" {
		t.Errorf("outputs %v, want the secret masked", res.Outputs)
	}
	for _, nr := range load(t, res).NodeRecords {
		if strings.Contains(string(nr.Outputs), "hunter2") {
			t.Errorf("record of %s leaks the secret: %s", nr.Node, nr.Outputs)
		}
	}
}

// The task cache reaches into nested runs: a second run reuses the nested
// task's outputs, and the summary counts the hit.
func TestNestedCacheHit(t *testing.T) {
	p := checkedProgram(t, policySrc, "step", "report", "slow")
	p.Task("step").Cache = true
	c, err := taskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	calls := 0
	exec := stepExec(func(*runtime.Call) error {
		mu.Lock()
		calls++
		mu.Unlock()
		return nil
	})
	for round := 1; round <= 2; round++ {
		o := opts(t, registry(exec))
		o.Cache = c
		res, err := runtime.Run(context.Background(), p.Workflow("picked"), map[string]any{"s": "x", "n": int64(1)}, o)
		if err != nil {
			t.Fatal(err)
		}
		if round == 2 && (calls != 3 || res.Summary.Cached != 3) {
			t.Errorf("second run: %d calls in all, summary %+v; want 3 calls, 3 cached", calls, res.Summary)
		}
	}
}
