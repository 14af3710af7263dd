package runtime_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// A resumed chain reuses the calls that succeeded and runs the one that
// failed and what follows it.
func TestResumeRerunsOnlyTheFailure(t *testing.T) {
	ex := &countingExecutor{fail: map[string]bool{"out-out-a": true}}
	task := newTask("work", testKind, []string{"x0"}, []string{"o0"})
	b := newWorkflow("wf", param("x", compiler.Str))
	n0 := b.call(task, []arg{{"x0", wfIn("x")}})
	n1 := b.call(task, []arg{{"x0", out(n0, "o0")}})
	n2 := b.call(task, []arg{{"x0", out(n1, "o0")}})
	n3 := b.call(task, []arg{{"x0", out(n2, "o0")}})
	b.ret("o0", compiler.Str, out(n3, "o0"))
	o := cacheOpts(t, ex, nil)
	failed, err := runtime.Run(context.Background(), b.wf, map[string]any{"x": "a"}, o)
	if err == nil {
		t.Fatal("the first run succeeded")
	}
	rec := load(t, failed)
	if err := runtime.CheckResume(rec, b.wf); err != nil {
		t.Fatal(err)
	}
	other := newWorkflow("other")
	if err := runtime.CheckResume(rec, other.wf); err == nil || !strings.Contains(err.Error(), "ran workflow wf, not other") {
		t.Errorf("CheckResume of another workflow: %v", err)
	}

	delete(ex.fail, "out-out-a")
	o.Resume = runtime.NewResume(rec)
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"x": "a"}, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outputs["o0"] != "out-out-out-out-a" || res.Summary.Cached != 2 {
		t.Errorf("outputs %v, summary %+v", res.Outputs, res.Summary)
	}
	for x, want := range map[string]int{"a": 1, "out-a": 1, "out-out-a": 2, "out-out-out-a": 1} {
		if ex.calls[x] != want {
			t.Errorf("%d calls with %s, want %d", ex.calls[x], x, want)
		}
	}
	again := load(t, res)
	if again.Header.ResumedFrom != failed.RunID {
		t.Errorf("resumed_from %q, want %q", again.Header.ResumedFrom, failed.RunID)
	}
	if n := again.Node("n1"); n.Status != runtime.StatusCached || n.CachedFrom.Run != failed.RunID || n.CachedFrom.Node != "n1" {
		t.Errorf("n1 recorded as %+v", n)
	}
}
