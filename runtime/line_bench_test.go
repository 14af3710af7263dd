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

// BenchmarkNodeLineExchange is BenchmarkNodeLine with the attempt's HTTP
// exchange as the webhook executor records it for that call: what the
// summary adds to encoding the line.
func BenchmarkNodeLineExchange(b *testing.B) {
	n := &compiler.Node{ID: "n1234", Index: 1234, Task: &compiler.Task{Name: "hook"},
		Range: lang.Range{Filename: "bench.wf", Start: lang.Pos{Line: 1242, Column: 5}}}
	inputs := map[string]any{"i": int64(1234)}
	outputs := map[string]any{"info": map[string]any{"status_code": int64(200), "response_data": "ok"}}
	start := time.Date(2026, 11, 27, 19, 0, 0, 123456789, time.UTC)
	x := &HTTPExchange{
		Request: HTTPRequest{Method: "POST", URL: "http://127.0.0.1:41234/hook", Headers: []HTTPHeader{
			{"Host", "127.0.0.1:41234"}, {"User-Agent", "wfc-webhook"}, {"Content-Length", "27"},
			{"Accept", "*/*"}, {"Content-Type", "application/json"}, {"Accept-Encoding", "gzip"},
		}, Body: HTTPBody{Size: 27, Excerpt: `{"text":"Hello world 1234"}`}},
		Response: &HTTPResponse{Status: 200, Headers: []HTTPHeader{
			{"Content-Length", "2"}, {"Content-Type", "text/plain; charset=utf-8"}, {"Date", "Fri, 27 Nov 2026 19:00:00 GMT"},
		}, Body: &HTTPBody{Size: 2, Excerpt: "ok"}},
		Duration: 345678,
	}
	for _, tc := range []struct {
		name string
		x    *HTTPExchange
	}{{"without", nil}, {"with", x}} {
		b.Run(tc.name, func(b *testing.B) {
			attempts := []AttemptRecord{{Attempt: 1, Start: start, End: start.Add(1234567 * time.Nanosecond), HTTP: tc.x}}
			var buf []byte
			b.ReportAllocs()
			for b.Loop() {
				buf = appendNodeLine(buf[:0], n, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", StatusSucceeded, inputs, outputs, attempts, "", "", nil)
			}
			b.SetBytes(int64(len(buf)))
		})
	}
}
