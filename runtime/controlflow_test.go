package runtime_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// checked parses and checks src, whose tasks named in asTest run with the
// test executor instead of their own kind, and returns its first workflow.
func checked(t *testing.T, src string, asTest ...string) *compiler.Workflow {
	t.Helper()
	return checkedProgram(t, src, asTest...).Workflows[0]
}

const branchSrc = `
echo big(x: str)
echo small(x: str)
workflow wf(n: int) -> str {
    v = if n > 10 { big(x = "big") } else if n > 0 { small(x = "small") } else { fail("n must be positive") }
    return v
}
`

func TestBranchRunsOnlyTheChosenCall(t *testing.T) {
	for _, tc := range []struct {
		n       int64
		want    string
		skipped map[string]string // node → reason
		wantErr string
	}{
		{n: 20, want: "big", skipped: map[string]string{"n0-n1": "condition n > 10 was true"}},
		{n: 5, want: "small", skipped: map[string]string{"n0-n0": "condition n > 10 was false"}},
		{n: -1, wantErr: "n must be positive", skipped: map[string]string{
			"n0-n0": "condition n > 10 was false", "n0-n1": "condition n > 0 was false"}},
	} {
		wf := checked(t, branchSrc)
		res, err := runtime.Run(context.Background(), wf, map[string]any{"n": tc.n}, opts(t, registry(nil)))
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("n=%d: error %v, want %q", tc.n, err, tc.wantErr)
			}
		} else if err != nil || res.Outputs["o0"] != tc.want {
			t.Errorf("n=%d: outputs %v, error %v; want %q", tc.n, res.Outputs, err, tc.want)
		}
		rec := load(t, res)
		for id, reason := range tc.skipped {
			if nr := rec.Node(id); nr == nil || nr.Status != runtime.StatusSkipped || nr.Reason != reason {
				t.Errorf("n=%d: record of %s: %+v, want skipped because %s", tc.n, id, nr, reason)
			}
		}
	}
}

const failureSrc = `
task step(repo: str) -> str { shell = "true" }
task report(repo: str, err: error?, level: int = 2) { shell = "true" }
workflow ci(repo: str) -> str with {on_failure = report} {
    return step(repo = repo)
}
`

func TestFailureHandlerGetsTheFailure(t *testing.T) {
	var mu sync.Mutex
	var handled []map[string]any
	exec := func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		switch call.Task.Name {
		case "step":
			if call.Inputs["repo"] == "broken" {
				return nil, runtime.Permanent(errors.New("build broke"))
			}
			return map[string]any{"o0": "ok"}, nil
		default: // the handler
			mu.Lock()
			handled = append(handled, call.Inputs)
			mu.Unlock()
			return map[string]any{}, nil
		}
	}
	wf := checked(t, failureSrc, "step", "report")

	if _, err := runtime.Run(context.Background(), wf, map[string]any{"repo": "fine"}, opts(t, registry(exec))); err != nil || len(handled) != 0 {
		t.Fatalf("a run that succeeds: error %v, handler ran %d times", err, len(handled))
	}
	res, err := runtime.Run(context.Background(), wf, map[string]any{"repo": "broken"}, opts(t, registry(exec)))
	if err == nil || !strings.Contains(err.Error(), "build broke") {
		t.Fatalf("the workflow must still fail: %v", err)
	}
	if len(handled) != 1 {
		t.Fatalf("handler ran %d times, want 1", len(handled))
	}
	in := handled[0]
	e, _ := in["err"].(map[string]any)
	if in["repo"] != "broken" || in["level"] != int64(2) || e == nil ||
		!strings.Contains(e["message"].(string), "build broke") || e["failed_node_id"] != "fn0" {
		t.Errorf("handler inputs %v", in)
	}
	if nr := load(t, res).Node("fn0"); nr == nil || nr.Status != runtime.StatusSucceeded {
		t.Errorf("handler record %+v", nr)
	}
}
