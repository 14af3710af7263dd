package runtime

import (
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// BenchmarkNodeLine encodes the journal line of a webhook call as
// bench/webhook makes 2,000 of: one int input, the connector's info dict,
// one attempt.
func BenchmarkNodeLine(b *testing.B) {
	n := &compiler.Node{ID: "n1234", Index: 1234, Task: &compiler.Task{Name: "hook"},
		Range: lang.Range{Filename: "bench.wf", Start: lang.Pos{Line: 1242, Column: 5}}}
	inputs := map[string]any{"i": int64(1234)}
	outputs := map[string]any{"info": map[string]any{"status_code": int64(200), "response_data": "ok"}}
	start := time.Date(2026, 11, 27, 19, 0, 0, 123456789, time.UTC)
	attempts := []AttemptRecord{{Attempt: 1, Start: start, End: start.Add(1234567 * time.Nanosecond)}}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = appendNodeLine(buf[:0], n, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", StatusSucceeded, inputs, outputs, attempts, "", "", nil)
	}
	b.SetBytes(int64(len(buf)))
}
