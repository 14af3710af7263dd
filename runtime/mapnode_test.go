package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// mapSpec is a map over the given inputs with no settings.
func mapSpec(mapped ...string) *compiler.MapSpec {
	return &compiler.MapSpec{Mapped: mapped, Concurrency: compiler.Inherit, MinSuccesses: compiler.Unset, MinSuccessRatio: compiler.Unset}
}

// mapCall adds a map over t to b: args bind whole lists to the mapped
// inputs and single values to the others.
func (b *wfBuilder) mapCall(t *compiler.Task, spec *compiler.MapSpec, args []arg) *compiler.Node {
	n := b.call(t, args)
	n.Map = spec
	for _, o := range t.Outputs {
		elem := o.Type
		if spec.NullsFailures() {
			elem = compiler.OptionalOf(elem)
		}
		n.Outputs = append(n.Outputs, param(o.Name, compiler.ListOf(elem)))
	}
	return n
}

func strs(ss ...string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestMapEcho(t *testing.T) {
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	m := b.mapCall(echoTask("pass", 1), mapSpec("x0"), []arg{{"x0", wfIn("xs")}})
	b.ret("o0", compiler.ListOf(compiler.Str), out(m, "o0"))
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "b", "c")}, opts(t, registry(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Outputs["o0"], strs("a", "b", "c"); !reflect.DeepEqual(got, want) {
		t.Fatalf("outputs %v, want %v", got, want)
	}
	rec := load(t, res)
	for k, x := range []string{"a", "b", "c"} {
		id := fmt.Sprintf("n0-%d", k)
		n := rec.Node(id)
		if n == nil || n.Status != runtime.StatusSucceeded || !strings.Contains(string(n.Inputs), x) {
			t.Errorf("record of %s: %+v", id, n)
		}
	}
	if n := rec.Node("n0"); n == nil || n.Status != runtime.StatusSucceeded {
		t.Errorf("record of the map: %+v", n)
	}
}

func TestMapEmptyList(t *testing.T) {
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	m := b.mapCall(echoTask("pass", 1), mapSpec("x0"), []arg{{"x0", wfIn("xs")}})
	b.ret("o0", compiler.ListOf(compiler.Str), out(m, "o0"))
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": []any{}}, opts(t, registry(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Outputs["o0"]; !reflect.DeepEqual(got, []any{}) {
		t.Fatalf("outputs %#v, want an empty list", got)
	}
}

// failOn fails the items whose input x is one of bad.
func failOn(bad ...string) runtime.ExecutorFunc {
	return func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		x := call.Inputs["x"].(string)
		for _, b := range bad {
			if x == b {
				return nil, runtime.Permanent(errors.New("bad item " + x))
			}
		}
		return map[string]any{"y": x + "!"}, nil
	}
}

func TestMapSuccessRatio(t *testing.T) {
	items := strs("a", "b", "c", "d", "e")
	for _, tc := range []struct {
		name    string
		bad     []string
		ratio   float64
		want    []any  // outputs when the map succeeds
		wantErr string // else
	}{
		{name: "all succeed", ratio: 0.5, want: strs("a!", "b!", "c!", "d!", "e!")},
		{name: "two fail, three needed", bad: []string{"b", "d"}, ratio: 0.5, want: []any{"a!", nil, "c!", nil, "e!"}},
		{name: "three fail, three needed", bad: []string{"a", "b", "d"}, ratio: 0.5, wantErr: "3 of 5 items failed; at least 3 must succeed"},
		{name: "one fails, all needed", bad: []string{"e"}, ratio: 1, wantErr: "1 of 5 items failed; at least 5 must succeed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			task := newTask("t", testKind, []string{"x"}, []string{"y"})
			spec := mapSpec("x")
			spec.MinSuccessRatio = tc.ratio
			spec.Concurrency = 1 // items in order: which start is then certain
			b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
			m := b.mapCall(task, spec, []arg{{"x", wfIn("xs")}})
			b.ret("ys", m.Outputs[0].Type, out(m, "y"))
			res, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": items}, opts(t, registry(failOn(tc.bad...))))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), "bad item") {
					t.Errorf("error %v does not quote an item's failure", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Outputs["ys"]; !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("outputs %#v, want %#v", got, tc.want)
			}
			rec := load(t, res)
			for k, x := range items {
				st := runtime.StatusSucceeded
				for _, bad := range tc.bad {
					if x == bad {
						st = runtime.StatusFailed
					}
				}
				if n := rec.Node(fmt.Sprintf("n0-%d", k)); n == nil || n.Status != st {
					t.Errorf("item %d: record %+v, want status %s", k, n, st)
				}
			}
		})
	}
}

func TestMapMinSuccessesStopsEarly(t *testing.T) {
	// With every item failing and 4 of 5 needed, the second failure
	// settles the outcome: Flyte aborts the rest, and so does wfc.
	task := newTask("t", testKind, []string{"x"}, []string{"y"})
	spec := mapSpec("x")
	spec.MinSuccesses = 4
	spec.Concurrency = 1
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	b.mapCall(task, spec, []arg{{"x", wfIn("xs")}})
	var calls atomic.Int32
	fail := func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		calls.Add(1)
		return nil, runtime.Permanent(errors.New("no"))
	}
	_, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "b", "c", "d", "e")}, opts(t, registry(fail)))
	if err == nil || !strings.Contains(err.Error(), "2 of 5 items failed; at least 4 must succeed") {
		t.Fatalf("error %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d items ran, want 2", n)
	}
}

func TestMapRetriesPerItem(t *testing.T) {
	task := newTask("t", testKind, []string{"x"}, []string{"y"})
	task.Retries = 1
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	m := b.mapCall(task, mapSpec("x"), []arg{{"x", wfIn("xs")}})
	b.ret("ys", m.Outputs[0].Type, out(m, "y"))
	flaky := func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		if call.Inputs["x"] == "b" && call.Attempt == 1 {
			return nil, errors.New("flaky")
		}
		return map[string]any{"y": call.Node.ID}, nil
	}
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "b")}, opts(t, registry(flaky)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Outputs["ys"], strs("n0-0", "n0-1"); !reflect.DeepEqual(got, want) {
		t.Fatalf("outputs %v, want the item ids %v", got, want)
	}
	if n := load(t, res).Node("n0-1"); n == nil || len(n.Attempts) != 2 {
		t.Fatalf("record of n0-1: %+v, want 2 attempts", n)
	}
	if res.Summary.Retries != 1 {
		t.Errorf("summary counts %d retries, want 1", res.Summary.Retries)
	}
}

func TestMapConcurrency(t *testing.T) {
	for _, limit := range []int{1, 3} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			task := newTask("t", testKind, []string{"x"}, []string{"y"})
			spec := mapSpec("x")
			spec.Concurrency = limit
			b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
			b.mapCall(task, spec, []arg{{"x", wfIn("xs")}})
			var inFlight, most atomic.Int32
			count := func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
				n := inFlight.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				// Hold the slot while the others are scheduled.
				for range 100 {
					if inFlight.Load() >= int32(limit) {
						break
					}
					time.Sleep(time.Millisecond)
				}
				inFlight.Add(-1)
				return map[string]any{"y": ""}, nil
			}
			o := opts(t, registry(count))
			o.MaxParallel = 8
			if _, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "b", "c", "d", "e", "f", "g")}, o); err != nil {
				t.Fatal(err)
			}
			if m := most.Load(); m > int32(limit) {
				t.Fatalf("%d items ran at once, concurrency is %d", m, limit)
			}
		})
	}
}

func TestMapUnboundedConcurrency(t *testing.T) {
	// Every item waits for all the others: only a map that runs them all
	// at once finishes (the context bounds the test if it does not).
	const items = 12
	task := newTask("t", testKind, []string{"x"}, []string{"y"})
	spec := mapSpec("x")
	spec.Concurrency = 0
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	b.mapCall(task, spec, []arg{{"x", wfIn("xs")}})
	var wg sync.WaitGroup
	wg.Add(items)
	barrier := func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		wg.Done()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
			return map[string]any{"y": ""}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	o := opts(t, registry(barrier))
	o.MaxParallel = 2
	xs := make([]any, items)
	for i := range xs {
		xs[i] = fmt.Sprint(i)
	}
	if _, err := runtime.Run(ctx, b.wf, map[string]any{"xs": xs}, o); err != nil {
		t.Fatal(err)
	}
}

func TestMapZipLengths(t *testing.T) {
	task := newTask("t", testKind, []string{"a", "b"}, []string{"y"})
	b := newWorkflow("wf", param("as", compiler.ListOf(compiler.Str)), param("bs", compiler.ListOf(compiler.Str)))
	b.mapCall(task, mapSpec("a", "b"), []arg{{"a", wfIn("as")}, {"b", wfIn("bs")}})
	join := func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		return map[string]any{"y": call.Inputs["a"].(string) + call.Inputs["b"].(string)}, nil
	}
	_, err := runtime.Run(context.Background(), b.wf, map[string]any{"as": strs("a", "b"), "bs": strs("x")}, opts(t, registry(join)))
	if err == nil || !strings.Contains(err.Error(), "input arrays have different lengths: a has 2 elements, b has 1") {
		t.Fatalf("error %v", err)
	}
}

func TestMapBoundInput(t *testing.T) {
	task := newTask("t", testKind, []string{"x", "suffix"}, []string{"y"})
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	m := b.mapCall(task, mapSpec("x"), []arg{{"x", wfIn("xs")}, {"suffix", lit("?")}})
	b.ret("ys", m.Outputs[0].Type, out(m, "y"))
	cat := func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		return map[string]any{"y": call.Inputs["x"].(string) + call.Inputs["suffix"].(string)}, nil
	}
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "b")}, opts(t, registry(cat)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Outputs["ys"], strs("a?", "b?"); !reflect.DeepEqual(got, want) {
		t.Fatalf("outputs %v, want %v", got, want)
	}
}

func TestMapSeveralOutputs(t *testing.T) {
	task := newTask("t", testKind, []string{"x"}, []string{"y", "z"})
	spec := mapSpec("x")
	spec.MinSuccesses = 1
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	m := b.mapCall(task, spec, []arg{{"x", wfIn("xs")}})
	b.ret("ys", m.Outputs[0].Type, out(m, "y"))
	b.ret("zs", m.Outputs[1].Type, out(m, "z"))
	both := func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		x := call.Inputs["x"].(string)
		if x == "bad" {
			return nil, runtime.Permanent(errors.New("bad item"))
		}
		return map[string]any{"y": x + "1", "z": x + "2"}, nil
	}
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "bad")}, opts(t, registry(both)))
	if err != nil {
		t.Fatal(err)
	}
	if ys, zs := res.Outputs["ys"], res.Outputs["zs"]; !reflect.DeepEqual(ys, []any{"a1", nil}) || !reflect.DeepEqual(zs, []any{"a2", nil}) {
		t.Fatalf("outputs %v, %v: want one list per output, null for the failed item", ys, zs)
	}

	// More successes required than there are items fails the map, as on Flyte.
	spec.MinSuccesses = 3
	_, err = runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "b")}, opts(t, registry(both)))
	if err == nil || !strings.Contains(err.Error(), "at least 3 must succeed") {
		t.Fatalf("error %v", err)
	}
}
