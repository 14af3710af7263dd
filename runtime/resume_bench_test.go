package runtime_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// BenchmarkResume10k resumes a 10,000-node run (10 chains of 1,000) whose
// last node failed: every other call is reused, one runs. It fails unless
// exactly one call is made. BenchmarkRun10k runs the same workflow whole,
// record included, as the baseline to compare against from one run
// (docs/performance.md, "Task cache").
func BenchmarkResume10k(b *testing.B) {
	wf := chains(10, 1000)
	last := wf.Nodes[len(wf.Nodes)-1]
	var calls atomic.Int64
	failLast := true
	last.Task = &compiler.Task{Name: "last", Kind: testKind, Inputs: last.Task.Inputs, Outputs: last.Task.Outputs}
	reg := registry(func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		calls.Add(1)
		if failLast {
			return nil, runtime.Permanent(errors.New("failed on purpose"))
		}
		return map[string]any{"o0": c.Inputs["x"]}, nil
	})
	dir := b.TempDir()
	// KeepGoing: every other chain finishes, whatever the order.
	o := runtime.Options{Registry: reg, RunsDir: dir, KeepGoing: true}
	res, err := runtime.Run(context.Background(), wf, map[string]any{"seed": int64(0)}, o)
	if err == nil {
		b.Fatal("the run to resume succeeded")
	}
	rec, err := runtime.LoadRun(res.Dir)
	if err != nil {
		b.Fatal(err)
	}
	failLast = false
	b.ResetTimer()
	for range b.N {
		calls.Store(0)
		o.Resume = runtime.NewResume(rec)
		if _, err := runtime.Run(context.Background(), wf, map[string]any{"seed": int64(0)}, o); err != nil {
			b.Fatal(err)
		}
		if calls.Load() != 1 {
			b.Fatalf("the resumed run made %d calls, want 1", calls.Load())
		}
	}
}

func BenchmarkRun10k(b *testing.B) {
	wf := chains(10, 1000)
	o := runtime.Options{Registry: registry(nil), RunsDir: b.TempDir()}
	for range b.N {
		if _, err := runtime.Run(context.Background(), wf, map[string]any{"seed": int64(0)}, o); err != nil {
			b.Fatal(err)
		}
	}
}
