package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/runtime"
)

func TestProgressPlainAndJSON(t *testing.T) {
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if c.Attempt == 1 {
			return nil, errors.New("first try fails")
		}
		return map[string]any{}, nil
	}
	task := newTask("flaky", testKind, nil, nil)
	task.Retries = 1
	b := newWorkflow("w")
	b.call(task, nil)
	var plain, js bytes.Buffer
	p := runtime.NewProgress(&plain, false, 80)
	j := runtime.NewJSONEvents(&js)
	o := opts(t, registry(fn))
	o.RunID = "RUN"
	o.Observer = runtime.ObserverFunc(func(e runtime.Event) { p.Observe(e); j.Observe(e) })
	if _, err := runtime.Run(context.Background(), b.wf, nil, o); err != nil {
		t.Fatal(err)
	}
	p.Close()
	j.Close()
	out := plain.String()
	for _, want := range []string{"run RUN: 1 nodes\n", "n0 flaky: started\n", "n0 flaky: attempt 1 failed, retrying in ", ": first try fails\n", "n0 flaky: attempt 2 started\n", "n0 flaky: succeeded in "} {
		if !strings.Contains(out, want) {
			t.Errorf("plain output lacks %q:\n%s", want, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "succeeded: 1/1 done, 0 failed, 1 retried, wall ") || !strings.HasSuffix(last, "(run RUN)") {
		t.Errorf("summary line %q", last)
	}
	jl := strings.Split(strings.TrimSpace(js.String()), "\n")
	if len(jl) != 6 || !strings.HasPrefix(jl[0], `{"event":"run-started"`) || !strings.Contains(jl[2], `"event":"retrying","time"`) || !strings.Contains(jl[5], `"status":"succeeded"`) {
		t.Errorf("json events:\n%s", js.String())
	}
}

func TestProgressLive(t *testing.T) {
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		return nil, errors.New("nope")
	}
	b := newWorkflow("w")
	b.call(newTask("bad", testKind, nil, nil), nil)
	var buf bytes.Buffer
	p := runtime.NewProgress(&buf, true, 40)
	o := opts(t, registry(fn))
	o.Observer = p
	runtime.Run(context.Background(), b.wf, nil, o)
	p.Close()
	out := buf.String()
	if !strings.Contains(out, "n0 bad: failed: nope (test.wf:10:5)\n") || !strings.Contains(out, "failed: 0/1 done, 1 failed") {
		t.Errorf("live output:\n%q", out)
	}
}
