package runtime_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
	"github.com/wfc-lang/wfc/runtime/taskcache"
)

// countingExecutor returns "out-" + its input x0 and counts its calls by
// input; inputs in fail fail.
type countingExecutor struct {
	mu    sync.Mutex
	calls map[string]int
	fail  map[string]bool
}

func (c *countingExecutor) Execute(ctx context.Context, call *runtime.Call) (map[string]any, error) {
	x := call.Inputs["x0"].(string)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[x]++
	if c.fail[x] {
		return nil, runtime.Permanent(errors.New("failed on purpose"))
	}
	return map[string]any{"o0": "out-" + x}, nil
}

func cachedTask() *compiler.Task {
	t := newTask("work", testKind, []string{"x0"}, []string{"o0"})
	t.Cache = true
	return t
}

func cacheOpts(t *testing.T, ex runtime.Executor, c *taskcache.Cache) runtime.Options {
	o := opts(t, nil)
	o.Registry = runtime.NewRegistry()
	o.Registry.Register(string(testKind), ex)
	o.Cache = c
	return o
}

// A hit runs nothing, returns the stored outputs and is recorded as
// cached with the run and node it came from; a failure is not stored.
func TestCacheHitRecorded(t *testing.T) {
	c, err := taskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ex := &countingExecutor{fail: map[string]bool{"bad": true}}
	b := newWorkflow("wf", param("x", compiler.Str))
	n := b.call(cachedTask(), []arg{{"x0", wfIn("x")}})
	b.ret("o0", compiler.Str, out(n, "o0"))
	o := cacheOpts(t, ex, c)

	first, err := runtime.Run(context.Background(), b.wf, map[string]any{"x": "a"}, o)
	if err != nil {
		t.Fatal(err)
	}
	second, err := runtime.Run(context.Background(), b.wf, map[string]any{"x": "a"}, o)
	if err != nil {
		t.Fatal(err)
	}
	if ex.calls["a"] != 1 || second.Outputs["o0"] != "out-a" || second.Summary.Cached != 1 {
		t.Fatalf("calls %v, outputs %v, summary %+v", ex.calls, second.Outputs, second.Summary)
	}
	rec := load(t, second).Node("n0")
	if rec.Status != runtime.StatusCached || !reflect.DeepEqual(rec.CachedFrom, &runtime.CacheSource{Run: first.RunID, Node: "n0"}) || len(rec.Attempts) != 0 {
		t.Errorf("record %+v, cached from %+v", rec, rec.CachedFrom)
	}
	if load(t, first).Node("n0").Status != runtime.StatusSucceeded {
		t.Error("the first run's node is not recorded as succeeded")
	}

	for range 2 {
		if _, err := runtime.Run(context.Background(), b.wf, map[string]any{"x": "bad"}, o); err == nil {
			t.Fatal("a failing call succeeded")
		}
	}
	if ex.calls["bad"] != 2 {
		t.Errorf("a failed call was cached: %d calls", ex.calls["bad"])
	}

	o.CacheMode = runtime.CacheOverwrite
	if _, err := runtime.Run(context.Background(), b.wf, map[string]any{"x": "a"}, o); err != nil {
		t.Fatal(err)
	}
	o.CacheMode = runtime.CacheOff
	if _, err := runtime.Run(context.Background(), b.wf, map[string]any{"x": "a"}, o); err != nil {
		t.Fatal(err)
	}
	if ex.calls["a"] != 3 {
		t.Errorf("overwrite and off made %d calls in all, want 3", ex.calls["a"])
	}
}

// A map's items are cached one by one: growing the list runs only the new
// item.
func TestCacheMapItems(t *testing.T) {
	c, err := taskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ex := &countingExecutor{}
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	m := b.mapCall(cachedTask(), mapSpec("x0"), []arg{{"x0", wfIn("xs")}})
	b.ret("o0", compiler.ListOf(compiler.Str), out(m, "o0"))
	o := cacheOpts(t, ex, c)
	if _, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "b")}, o); err != nil {
		t.Fatal(err)
	}
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "b", "c")}, o)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"a": 1, "b": 1, "c": 1}; !reflect.DeepEqual(ex.calls, want) {
		t.Errorf("calls %v, want %v", ex.calls, want)
	}
	if got, want := res.Outputs["o0"], strs("out-a", "out-b", "out-c"); !reflect.DeepEqual(got, want) {
		t.Errorf("outputs %v, want %v", got, want)
	}
	rec := load(t, res)
	if rec.Node("n0-0").Status != runtime.StatusCached || rec.Node("n0-2").Status != runtime.StatusSucceeded {
		t.Errorf("items recorded as %s and %s", rec.Node("n0-0").Status, rec.Node("n0-2").Status)
	}
}

// cache_serialize: identical calls are made once, whether they overlap
// (the singleflight group) or follow each other (the cache).
func TestCacheSerialize(t *testing.T) {
	c, err := taskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var calls sync.Map
	ex := runtime.ExecutorFunc(func(ctx context.Context, call *runtime.Call) (map[string]any, error) {
		n, _ := calls.LoadOrStore(call.Inputs["x0"], new(int))
		*n.(*int)++
		<-release
		return map[string]any{"o0": "done"}, nil
	})
	task := cachedTask()
	task.CacheSerialize = true
	b := newWorkflow("wf", param("xs", compiler.ListOf(compiler.Str)))
	m := b.mapCall(task, mapSpec("x0"), []arg{{"x0", wfIn("xs")}})
	b.ret("o0", compiler.ListOf(compiler.Str), out(m, "o0"))
	o := cacheOpts(t, ex, c)
	close(release)
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"xs": strs("a", "a", "a", "a")}, o)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := calls.Load("a")
	if *n.(*int) != 1 || res.Summary.Cached != 3 {
		t.Errorf("%d calls, %d cached; want 1 call, 3 cached", *n.(*int), res.Summary.Cached)
	}
}
