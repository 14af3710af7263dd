package runtime_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// chains builds the benchmark workflow bench/gen makes: width independent
// chains of depth echo calls, each reading the previous call's output.
func chains(width, depth int) *compiler.Workflow {
	e := &compiler.Task{Name: "step", Kind: compiler.TaskEcho,
		Inputs: []*compiler.Param{param("x", compiler.Int)}, Outputs: []*compiler.Param{param("o0", compiler.Int)}}
	seed := param("seed", compiler.Int)
	seed.HasDefault, seed.Default = true, int64(0)
	b := newWorkflow("big", seed)
	prev := make([]*compiler.Node, width)
	for d := range depth {
		for c := range width {
			v := wfIn("seed")
			if d > 0 {
				v = out(prev[c], "o0")
			}
			prev[c] = b.call(e, []arg{{"x", v}})
			prev[c].Name = fmt.Sprintf("v%d_%d", d, c)
		}
	}
	b.ret("o0", compiler.Int, out(prev[0], "o0"))
	return b.wf
}

// BenchmarkRun100k runs 100,000 echo nodes (10 chains of 10,000) with the
// run record and a plain progress renderer writing to io.Discard, and
// reports the cost per node: scheduling, input resolution, the executor
// call, the record line and the events.
func BenchmarkRun100k(b *testing.B) { benchRun(b, 10, 10000, true) }

// BenchmarkRun100kNoRecord is the same without record or observer: the
// scheduler's own overhead.
func BenchmarkRun100kNoRecord(b *testing.B) { benchRun(b, 10, 10000, false) }

// BenchmarkRunWide is 100,000 independent nodes: the ready queue at its
// longest and every worker busy.
func BenchmarkRunWide(b *testing.B) { benchRun(b, 100000, 1, true) }

func benchRun(b *testing.B, width, depth int, record bool) {
	wf := chains(width, depth)
	n := width * depth
	b.ReportAllocs()
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		o := runtime.Options{Registry: registry(nil)}
		var p *runtime.Progress
		if record {
			o.RunsDir = b.TempDir()
			p = runtime.NewProgress(io.Discard, false, 0)
			o.Observer = p
		}
		start := time.Now()
		res, err := runtime.Run(context.Background(), wf, map[string]any{"seed": int64(0)}, o)
		if p != nil {
			p.Close()
		}
		total += time.Since(start)
		if err != nil || res.Summary.Succeeded != n {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N*n), "ns/node")
}
