package shell_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/nodes/shell"
	"github.com/wfc-lang/wfc/runtime"
)

// BenchmarkSleep200 is issue 4's parallel-efficiency figure: 200
// independent shell tasks of `sleep 0.2` with at most 50 running take at
// best 4 waves × 0.2s = 0.8s. It reports the wall time over that ideal
// (the target is at most 1.5).
func BenchmarkSleep200(b *testing.B) {
	task := &compiler.Task{Name: "nap", Kind: compiler.TaskShell,
		Shell:   &compiler.ShellSpec{Script: "sleep 0.2; echo {inputs.x}"},
		Inputs:  []*compiler.Param{{Name: "x", Type: compiler.Int}},
		Outputs: []*compiler.Param{{Name: "o0", Type: compiler.Int}},
	}
	wf := &compiler.Workflow{Name: "naps"}
	for i := range 200 {
		wf.Nodes = append(wf.Nodes, &compiler.Node{ID: fmt.Sprintf("n%d", i), Index: i, Task: task,
			Inputs: []*compiler.Binding{{Var: "x", Value: &compiler.BindingValue{Literal: int64(i)}}}})
	}
	reg := runtime.NewRegistry()
	reg.Register(shell.TaskType, shell.Executor{})
	var total time.Duration
	for range b.N {
		start := time.Now()
		_, err := runtime.Run(context.Background(), wf, nil, runtime.Options{Registry: reg, MaxParallel: 50, RunsDir: b.TempDir()})
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(total.Seconds()/float64(b.N)/0.8, "x-ideal")
}
