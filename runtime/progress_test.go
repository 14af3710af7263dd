package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

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

// TestProgressFanOutLabels checks that calls of one task are told apart in
// progress lines by the arguments that differ among them, shortened, while
// a task called once keeps its plain label.
func TestProgressFanOutLabels(t *testing.T) {
	fetch := newTask("fetch", testKind, []string{"region", "day"}, []string{"rows"})
	once := newTask("once", testKind, []string{"x"}, nil)
	b := newWorkflow("w", param("day", nil))
	long := strings.Repeat("very-long-region-name-", 4)
	b.call(fetch, []arg{{"region", lit("eu")}, {"day", wfIn("day")}})
	n1 := b.call(fetch, []arg{{"region", lit("us")}, {"day", wfIn("day")}})
	b.call(fetch, []arg{{"region", lit(long)}, {"day", wfIn("day")}})
	b.call(fetch, []arg{{"region", out(n1, "rows")}, {"day", wfIn("day")}})
	b.call(once, []arg{{"x", lit("same")}})
	many := newTask("many", testKind, []string{"a", "b", "c"}, nil)
	for _, v := range []string{"first-of-two-long-values", "second-of-two-long-values"} {
		b.call(many, []arg{{"a", lit(v)}, {"b", lit(v)}, {"c", lit(v)}})
	}
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		return map[string]any{"rows": "r"}, nil
	}
	var buf bytes.Buffer
	p := runtime.NewProgress(&buf, false, 80)
	p.Workflow = b.wf
	o := opts(t, registry(fn))
	o.Observer = p
	if _, err := runtime.Run(context.Background(), b.wf, map[string]any{"day": "mon"}, o); err != nil {
		t.Fatal(err)
	}
	p.Close()
	got := buf.String()
	for _, want := range []string{
		"n0 fetch(region=\"eu\"): started\n",
		"n1 fetch(region=\"us\"): succeeded in ",
		"n2 fetch(region=\"very-long-region-name…\"): started\n",
		"n3 fetch(region=n1.rows): started\n",
		"n4 once: started\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("progress lacks %q:\n%s", want, got)
		}
	}
	for _, line := range strings.Split(got, "\n") {
		if args, ok := strings.CutPrefix(line, "n5 many("); ok && strings.HasSuffix(args, "): started") {
			args = strings.TrimSuffix(args, "): started")
			if n := utf8.RuneCountInString(args); n > 60 || !strings.HasSuffix(args, "…") || !strings.HasPrefix(args, `a="first-of-two-long-val…", b=`) {
				t.Errorf("arguments of a call with many long ones: %q (%d runes), want at most 60, cut with …", args, n)
			}
		}
	}
	if !strings.Contains(got, "n5 many(") {
		t.Errorf("no line for n5 many:\n%s", got)
	}
	if strings.Contains(got, "day=") {
		t.Errorf("an argument all calls share is shown:\n%s", got)
	}
}

// BenchmarkProgressLabels runs BenchmarkRun100k's workflow (100,000 calls
// of one task, each with its own argument) under a plain progress display,
// without and with the workflow given: with it, every line carries the
// argument that tells the calls apart. docs/performance.md compares them.
func BenchmarkProgressLabels(b *testing.B) {
	wf := chains(10, 10000)
	for _, labels := range []bool{false, true} {
		name := "plain"
		if labels {
			name = "labels"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				p := runtime.NewProgress(io.Discard, false, 0)
				if labels {
					p.Workflow = wf
				}
				o := runtime.Options{Registry: registry(nil), Observer: p}
				if _, err := runtime.Run(context.Background(), wf, map[string]any{"seed": int64(0)}, o); err != nil {
					b.Fatal(err)
				}
				p.Close()
			}
		})
	}
}
