package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoadWebhook2000 measures what `wfc run` does before running
// bench/webhook's workflow — reading, parsing and checking 2,000 calls of
// one webhook task — the serial part of that benchmark's wall time (see
// docs/performance.md, "Webhook").
func BenchmarkLoadWebhook2000(b *testing.B) {
	var src bytes.Buffer
	src.WriteString("webhook hook(i: int) {\n    url = \"http://127.0.0.1:9/hook\"\n    headers = {\"Content-Type\": \"application/json\"}\n    data = {\"text\": \"Hello {inputs.i}\"}\n}\n\nworkflow bench() {\n")
	for i := range 2000 {
		fmt.Fprintf(&src, "    hook(i = %d)\n", i)
	}
	src.WriteString("}\n")
	path := filepath.Join(b.TempDir(), "bench.wf")
	if err := os.WriteFile(path, src.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if l := load([]string{path}); l.program == nil || l.diags.HasErrors() {
			b.Fatalf("load: %v", l.diags)
		}
	}
}
