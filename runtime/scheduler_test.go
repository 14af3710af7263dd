package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-multierror"
	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

func TestEchoDiamond(t *testing.T) {
	e1 := echoTask("e1", 1)
	e2 := echoTask("e2", 2)
	b := newWorkflow("diamond", param("s", compiler.Str))
	a := b.call(e1, []arg{{"x0", wfIn("s")}})
	l := b.call(e1, []arg{{"x0", out(a, "o0")}})
	r := b.call(e1, []arg{{"x0", lit("right")}})
	j := b.call(e2, []arg{{"x0", out(l, "o0")}, {"x1", out(r, "o0")}})
	b.ret("left", compiler.Str, out(j, "o0"))
	b.ret("right", compiler.Str, out(j, "o1"))

	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"s": "hi"}, opts(t, registry(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != runtime.StatusSucceeded || res.Outputs["left"] != "hi" || res.Outputs["right"] != "right" {
		t.Fatalf("got %v %v", res.Status, res.Outputs)
	}
	if res.Summary.Succeeded != 4 || res.Summary.Nodes != 4 {
		t.Fatalf("summary %+v", res.Summary)
	}
	rec := load(t, res)
	if rec.Status != runtime.StatusSucceeded || len(rec.NodeRecords) != 4 || rec.Torn != 0 {
		t.Fatalf("record: status %s, %d nodes, %d torn", rec.Status, len(rec.NodeRecords), rec.Torn)
	}
	if got := string(rec.Node("n3").Outputs); got != `{"o0":"hi","o1":"right"}` {
		t.Errorf("n3 outputs = %s", got)
	}
	if got := string(rec.Node("n3").Inputs); got != `{"x0":"hi","x1":"right"}` {
		t.Errorf("n3 inputs = %s", got)
	}
	if got := string(rec.End.Outputs); got != `{"left":"hi","right":"right"}` {
		t.Errorf("final outputs = %s", got)
	}
	if got := string(rec.Header.Inputs); got != `{"s":"hi"}` {
		t.Errorf("recorded inputs = %s", got)
	}
	// Dependencies were respected: every node finished after its upstream.
	order := map[string]int{}
	for i, n := range rec.NodeRecords {
		order[n.Node] = i
	}
	if !(order["n0"] < order["n1"] && order["n1"] < order["n3"] && order["n2"] < order["n3"]) {
		t.Errorf("finish order %v breaks dependencies", order)
	}
}

func TestAttributePathAndAfter(t *testing.T) {
	mk := newTask("mk", testKind, nil, []string{"d"})
	mk.Outputs[0].Type = compiler.Dict
	use := newTask("use", testKind, []string{"v"}, []string{"r"})
	var order []string
	var mu sync.Mutex
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		mu.Lock()
		order = append(order, c.Node.ID)
		mu.Unlock()
		if c.Task == mk {
			return map[string]any{"d": map[string]any{"status": map[string]any{"code": "200"}}}, nil
		}
		return map[string]any{"r": c.Inputs["v"]}, nil
	}
	b := newWorkflow("attr")
	first := b.call(use, []arg{{"v", lit("first")}})
	m := b.call(mk, nil, first) // mk runs after first (">>")
	u := b.call(use, []arg{{"v", out(m, "d", "status", "code")}})
	b.ret("code", compiler.Str, out(u, "r"))
	res, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Outputs["code"] != "200" {
		t.Fatalf("outputs %v", res.Outputs)
	}
	if strings.Join(order, ",") != "n0,n1,n2" {
		t.Fatalf("order %v", order)
	}

	// A missing key fails the node with a message naming it.
	b2 := newWorkflow("attr2")
	m2 := b2.call(mk, nil)
	b2.call(use, []arg{{"v", out(m2, "d", "status", "nope")}})
	_, err = runtime.Run(context.Background(), b2.wf, nil, opts(t, registry(fn)))
	if err == nil || !strings.Contains(err.Error(), `no key "nope"`) || !strings.Contains(err.Error(), "n1 (use)") {
		t.Fatalf("err = %v", err)
	}
}

func TestMaxParallelBoundsRunningNodes(t *testing.T) {
	const fan, limit = 12, 3
	var running, peak atomic.Int32
	gate := make(chan struct{})
	var once sync.Once
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if n == limit {
			once.Do(func() { close(gate) }) // the pool filled up: let everyone go
		}
		select {
		case <-gate:
		case <-ctx.Done():
		}
		return map[string]any{"r": "ok"}, nil
	}
	task := newTask("t", testKind, nil, []string{"r"})
	b := newWorkflow("fan")
	for range fan {
		b.call(task, nil)
	}
	o := opts(t, registry(fn))
	o.MaxParallel = limit
	if _, err := runtime.Run(context.Background(), b.wf, nil, o); err != nil {
		t.Fatal(err)
	}
	if peak.Load() != limit {
		t.Fatalf("peak running = %d, want %d", peak.Load(), limit)
	}
}

func TestRetriesCounted(t *testing.T) {
	var calls atomic.Int32
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		calls.Add(1)
		if c.Attempt < 3 {
			return nil, fmt.Errorf("flaky %d", c.Attempt)
		}
		return map[string]any{"r": "ok"}, nil
	}
	task := newTask("flaky", testKind, nil, []string{"r"})
	task.Retries = 3
	b := newWorkflow("w")
	n := b.call(task, nil)
	b.ret("r", compiler.Str, out(n, "r"))
	var retrying atomic.Int32
	o := opts(t, registry(fn))
	o.Observer = runtime.ObserverFunc(func(e runtime.Event) {
		if e.Kind == runtime.NodeRetrying {
			retrying.Add(1)
		}
	})
	res, err := runtime.Run(context.Background(), b.wf, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 || res.Summary.Retries != 2 || retrying.Load() != 2 {
		t.Fatalf("calls %d, retries %d, retrying events %d", calls.Load(), res.Summary.Retries, retrying.Load())
	}
	rec := load(t, res).Node("n0")
	if len(rec.Attempts) != 3 || rec.Attempts[0].Error != "flaky 1" || rec.Attempts[2].Error != "" {
		t.Fatalf("attempts %+v", rec.Attempts)
	}
}

func TestRetriesExhaustedAndNotRetryable(t *testing.T) {
	var calls atomic.Int32
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		calls.Add(1)
		if c.Task.Name == "permanent" {
			return nil, runtime.Permanent(errors.New("bad request"))
		}
		return nil, errors.New("always")
	}
	for _, tc := range []struct {
		task  string
		calls int32
	}{{"always", 3}, {"permanent", 1}} {
		calls.Store(0)
		task := newTask(tc.task, testKind, nil, []string{"r"})
		task.Retries = 2
		b := newWorkflow("w")
		b.call(task, nil)
		res, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
		var ne *runtime.NodeError
		if !errors.As(err, &ne) || ne.Attempts != int(tc.calls) || calls.Load() != tc.calls {
			t.Fatalf("%s: err %v, calls %d", tc.task, err, calls.Load())
		}
		if res.Status != runtime.StatusFailed || res.Summary.Failed != 1 {
			t.Fatalf("%s: %s %+v", tc.task, res.Status, res.Summary)
		}
		if !strings.HasPrefix(err.Error(), "test.wf:10:5: n0 ("+tc.task+") failed") {
			t.Errorf("error %q does not lead with position, node and task", err)
		}
	}
}

func TestBackoff(t *testing.T) {
	b := runtime.Backoff{Base: 100 * time.Millisecond, Max: time.Second}
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: time.Second, 50: time.Second} {
		for range 20 {
			d := b.Delay(attempt, errors.New("x"))
			if d < want/2 || d > want {
				t.Fatalf("attempt %d: delay %v outside [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
	if d := b.Delay(1, hint{after: 700 * time.Millisecond}); d != 700*time.Millisecond {
		t.Errorf("RetryAfter not honoured: %v", d)
	}
	if d := b.Delay(1, hint{after: time.Hour}); d != time.Second {
		t.Errorf("RetryAfter not capped: %v", d)
	}
}

type hint struct {
	after time.Duration
	no    bool
}

func (h hint) Error() string             { return "hinted" }
func (h hint) Retryable() bool           { return !h.no }
func (h hint) RetryAfter() time.Duration { return h.after }

func TestRetryHintStopsRetries(t *testing.T) {
	var calls atomic.Int32
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		calls.Add(1)
		return nil, fmt.Errorf("wrapped: %w", hint{no: true})
	}
	task := newTask("t", testKind, nil, nil)
	task.Retries = 5
	b := newWorkflow("w")
	b.call(task, nil)
	if _, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn))); err == nil || calls.Load() != 1 {
		t.Fatalf("err %v, calls %d", err, calls.Load())
	}
}

func TestTimeout(t *testing.T) {
	var calls atomic.Int32
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		calls.Add(1)
		return nil, blockUntilCancelled(ctx)
	}
	task := newTask("slow", testKind, nil, nil)
	task.Timeout = 20 * time.Millisecond
	task.Retries = 1
	b := newWorkflow("w")
	b.call(task, nil)
	res, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	var te *runtime.TimeoutError
	if !errors.As(err, &te) || calls.Load() != 2 {
		t.Fatalf("err %v, calls %d", err, calls.Load())
	}
	if !strings.Contains(err.Error(), "timed out after 20ms") {
		t.Errorf("error %q", err)
	}
	rec := load(t, res).Node("n0")
	if rec.Status != runtime.StatusFailed || len(rec.Attempts) != 2 || rec.Attempts[1].Error != "timed out after 20ms" {
		t.Fatalf("record %+v", rec)
	}
}

func TestFailFastCancelsInFlight(t *testing.T) {
	started := make(chan struct{})
	var sawCancel atomic.Bool
	var lateCalls atomic.Int32
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		switch c.Task.Name {
		case "slow":
			close(started)
			err := blockUntilCancelled(ctx)
			sawCancel.Store(true)
			return nil, err
		case "bad":
			<-started // fail only once slow is in flight
			return nil, errors.New("boom")
		}
		lateCalls.Add(1)
		return map[string]any{}, nil
	}
	slow := newTask("slow", testKind, nil, nil)
	bad := newTask("bad", testKind, nil, nil)
	later := newTask("later", testKind, nil, nil)
	b := newWorkflow("w")
	s := b.call(slow, nil)
	x := b.call(bad, nil)
	b.call(later, nil, s)
	b.call(later, nil, x)
	res, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	if err == nil || !strings.Contains(err.Error(), "boom") || runtime.IsCancelled(err) {
		t.Fatalf("err = %v", err)
	}
	if !sawCancel.Load() || lateCalls.Load() != 0 {
		t.Fatalf("in-flight cancelled: %v; later nodes run: %d", sawCancel.Load(), lateCalls.Load())
	}
	want := runtime.Summary{Nodes: 4, Failed: 1, Cancelled: 1, NotStarted: 2}
	got := res.Summary
	got.Wall = 0
	if got != want {
		t.Fatalf("summary %+v, want %+v", got, want)
	}
	rec := load(t, res)
	if rec.Status != runtime.StatusFailed || rec.Node("n0").Status != runtime.StatusCancelled || rec.Node("n1").Status != runtime.StatusFailed {
		t.Fatalf("record: %s, n0 %+v, n1 %+v", rec.Status, rec.Node("n0"), rec.Node("n1"))
	}
}

func TestKeepGoingCollectsErrors(t *testing.T) {
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if strings.HasPrefix(c.Task.Name, "bad") {
			return nil, errors.New(c.Task.Name + " broke")
		}
		return map[string]any{"r": "ok"}, nil
	}
	good := newTask("good", testKind, nil, []string{"r"})
	bad1 := newTask("bad1", testKind, nil, []string{"r"})
	bad2 := newTask("bad2", testKind, nil, []string{"r"})
	use := newTask("use", testKind, []string{"v"}, []string{"r"})
	b := newWorkflow("w")
	g := b.call(good, nil)                      // n0
	x := b.call(bad1, nil)                      // n1
	b.call(bad2, nil)                           // n2
	y := b.call(use, []arg{{"v", out(x, "r")}}) // n3: skipped
	b.call(use, []arg{{"v", out(y, "r")}})      // n4: skipped
	b.call(use, []arg{{"v", out(g, "r")}})      // n5: runs
	o := opts(t, registry(fn))
	o.KeepGoing = true
	res, err := runtime.Run(context.Background(), b.wf, nil, o)
	var me *multierror.Error
	if !errors.As(err, &me) || len(me.Errors) != 2 {
		t.Fatalf("err = %#v", err)
	}
	msg := err.Error()
	for _, want := range []string{"2 nodes failed", "test.wf:11:5: n1 (bad1) failed: bad1 broke", "test.wf:12:5: n2 (bad2) failed: bad2 broke"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	want := runtime.Summary{Nodes: 6, Succeeded: 2, Failed: 2, Skipped: 2}
	got := res.Summary
	got.Wall = 0
	if got != want {
		t.Fatalf("summary %+v, want %+v", got, want)
	}
	rec := load(t, res)
	if n := rec.Node("n4"); n == nil || n.Status != runtime.StatusSkipped || n.Reason != "upstream n1 failed" {
		t.Fatalf("n4 record %+v", n)
	}
	if n := rec.Node("n5"); n == nil || n.Status != runtime.StatusSucceeded {
		t.Fatalf("n5 record %+v", n)
	}
}

func TestCtrlCCancelsAndRecords(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	fn := func(c context.Context, call *runtime.Call) (map[string]any, error) {
		if call.Task.Name == "quick" {
			return map[string]any{}, nil
		}
		cancel() // the user presses Ctrl-C while this node runs
		return nil, blockUntilCancelled(c)
	}
	quick := newTask("quick", testKind, nil, nil)
	slow := newTask("slow", testKind, nil, nil)
	b := newWorkflow("w")
	q := b.call(quick, nil)
	s := b.call(slow, nil, q)
	b.call(quick, nil, s)
	res, err := runtime.Run(ctx, b.wf, nil, opts(t, registry(fn)))
	if !runtime.IsCancelled(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	rec := load(t, res)
	if res.Status != runtime.StatusCancelled || rec.Status != runtime.StatusCancelled || rec.End == nil {
		t.Fatalf("status %s, record %s", res.Status, rec.Status)
	}
	if rec.Node("n0").Status != runtime.StatusSucceeded || rec.Node("n1").Status != runtime.StatusCancelled || rec.Node("n2") != nil {
		t.Fatalf("nodes %+v", rec.NodeRecords)
	}
	if rec.End.Summary.NotStarted != 1 {
		t.Fatalf("summary %+v", rec.End.Summary)
	}
}

func TestSetupErrorsComeFirst(t *testing.T) {
	var calls atomic.Int32
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		calls.Add(1)
		return map[string]any{}, nil
	}
	ok := newTask("ok", testKind, nil, nil)
	needs := newTask("needs", testKind, nil, nil)
	needs.Secrets = []string{"API_TOKEN"}
	hook := &compiler.Task{Name: "hook", Kind: compiler.TaskWebhook}
	b := newWorkflow("w")
	b.call(ok, nil)
	b.call(needs, nil)
	b.call(hook, nil)
	res, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	if err == nil || calls.Load() != 0 {
		t.Fatalf("err %v, calls %d", err, calls.Load())
	}
	for _, want := range []string{`no executor for task type "webhook" (task hook)`, "secret API_TOKEN is not set", "WFC_SECRET_API_TOKEN", "used by needs"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if rec := load(t, res); rec.Status != runtime.StatusFailed || len(rec.NodeRecords) != 0 {
		t.Fatalf("record %s %d", rec.Status, len(rec.NodeRecords))
	}
}

func TestCycleRejected(t *testing.T) {
	e := echoTask("e", 1)
	b := newWorkflow("w")
	a := b.call(e, []arg{{"x0", lit("a")}})
	c := b.call(e, []arg{{"x0", out(a, "o0")}})
	a.After = append(a.After, c)
	_, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(nil)))
	if err == nil || !strings.Contains(err.Error(), "workflow w has a dependency cycle: n0 → n1 → n0") {
		t.Fatalf("err = %v", err)
	}
}

func TestInputsCheckedAtRunTime(t *testing.T) {
	// An attribute read out of a dict is typed "any" by the checker; the
	// runtime checks it against the input's declared type.
	mk := newTask("mk", testKind, nil, []string{"d"})
	mk.Outputs[0].Type = compiler.Dict
	use := newTask("use", testKind, []string{"n"}, nil)
	use.Inputs[0].Type = compiler.Int
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if c.Task == mk {
			return map[string]any{"d": map[string]any{"n": "not a number"}}, nil
		}
		return map[string]any{}, nil
	}
	b := newWorkflow("w")
	m := b.call(mk, nil)
	b.call(use, []arg{{"n", out(m, "d", "n")}})
	_, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	if err == nil || !strings.Contains(err.Error(), `input n: expected int, got str "not a number"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestOutputsChecked(t *testing.T) {
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		return map[string]any{"wrong": 1}, nil
	}
	task := newTask("t", testKind, nil, []string{"r"})
	task.Retries = 3
	b := newWorkflow("w")
	b.call(task, nil)
	_, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	var ne *runtime.NodeError
	if !errors.As(err, &ne) || ne.Attempts != 1 || !strings.Contains(err.Error(), `produced no output "r"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestExecutorPanicFailsNode(t *testing.T) {
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) { panic("oops") }
	b := newWorkflow("w")
	b.call(newTask("t", testKind, nil, nil), nil)
	_, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	if err == nil || !strings.Contains(err.Error(), "executor panicked: oops") {
		t.Fatalf("err = %v", err)
	}
}

func TestEmptyWorkflow(t *testing.T) {
	b := newWorkflow("w", param("s", compiler.Str))
	b.ret("s", compiler.Str, wfIn("s"))
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"s": "x"}, opts(t, registry(nil)))
	if err != nil || res.Outputs["s"] != "x" {
		t.Fatalf("%v %v", res.Outputs, err)
	}
}

// TestSharedOutputReadByMany checks that outputs stay readable until their
// last reader has finished (they are dropped after that to save memory).
func TestSharedOutputReadByMany(t *testing.T) {
	e := echoTask("e", 1)
	b := newWorkflow("fan", param("s", compiler.Str))
	src := b.call(e, []arg{{"x0", wfIn("s")}})
	var last *compiler.Node
	for range 50 {
		m := b.call(e, []arg{{"x0", out(src, "o0")}})
		last = b.call(e, []arg{{"x0", out(m, "o0")}})
	}
	b.ret("first", compiler.Str, out(src, "o0"))
	b.ret("last", compiler.Str, out(last, "o0"))
	o := opts(t, registry(nil))
	o.MaxParallel = 3
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"s": "v"}, o)
	if err != nil || res.Outputs["first"] != "v" || res.Outputs["last"] != "v" || res.Summary.Succeeded != 101 {
		t.Fatalf("%v %v %+v", res.Outputs, err, res.Summary)
	}
}
