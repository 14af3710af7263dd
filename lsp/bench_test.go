package lsp

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/internal/wfgen"
)

// bigProgram is a generated program of 5,000 calls, a line each (10 chains
// of 500), the size the editor targets of docs/performance.md are set on.
func bigProgram(b *testing.B) string {
	var src bytes.Buffer
	src.WriteString("# typed here\n")
	if err := wfgen.Write(&src, wfgen.Options{Width: 10, Depth: 500, Kind: "shell"}); err != nil {
		b.Fatal(err)
	}
	return src.String()
}

// BenchmarkAnalyse5000 times one check of the 5,000-line program: load,
// parse, check, Flyte validation and the index, as each publication does.
func BenchmarkAnalyse5000(b *testing.B) {
	text := bigProgram(b)
	path := filepath.Join(b.TempDir(), "big.wf")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if a := analyse(path, func(string) ([]byte, error) { return []byte(text), nil }); len(a.diags) != 0 {
			b.Fatal(a.diags)
		}
	}
}

// BenchmarkEditor5000 drives a server through the protocol as an editor
// does while a person types in the 5,000-line program: 100 bursts of three
// keystrokes, each an incremental change sent at once, and a completion
// request after each burst. It reports the median time from the last
// keystroke of a burst to the publication of its diagnostics (debounce
// included), the median completion time, and the peak heap in use of the
// process (server and test client).
func BenchmarkEditor5000(b *testing.B) {
	text := bigProgram(b)
	lineOf := func(needle string) uint32 {
		i := bytes.Index([]byte(text), []byte(needle))
		return uint32(bytes.Count([]byte(text[:i]), []byte("\n")))
	}
	inBody := pos(lineOf("    v250_5 = step"), 13) // after "    v250_5 = "
	for b.Loop() {
		c := startServer(b, Options{}, true)
		uri := c.open(filepath.Join(c.dir, "big.wf"), text)
		if d := c.diagnostics(uri, 1); len(d) != 0 {
			b.Fatal(d)
		}
		var publish, complete []time.Duration
		var peak uint64
		var ms runtime.MemStats
		version := int32(1)
		for burst := range 100 {
			var last time.Time
			for key := range 3 {
				version++
				col := uint32(12 + burst*3 + key) // typing at the end of "# typed here"
				c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
					TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
					ContentChanges: []any{protocol.TextDocumentContentChangeEvent{Range: &protocol.Range{Start: pos(0, col), End: pos(0, col)}, Text: "x"}},
				})
				last = time.Now()
			}
			if d := c.diagnostics(uri, version); len(d) != 0 {
				b.Fatal(d)
			}
			publish = append(publish, time.Since(last))
			start := time.Now()
			items := completionLabels(b, c, uri, inBody)
			complete = append(complete, time.Since(start))
			if _, ok := items["step"]; !ok {
				b.Fatalf("completion: %d items, no step", len(items))
			}
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		b.ReportMetric(median(publish), "ms/publish")
		b.ReportMetric(median(complete), "ms/completion")
		b.ReportMetric(float64(peak)/(1<<20), "MB-heap-peak")
	}
}

func median(ds []time.Duration) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[len(s)/2]) / float64(time.Millisecond)
}

// BenchmarkComplete5000 times completion alone, without the protocol, in
// the body of the 5,000-line program.
func BenchmarkComplete5000(b *testing.B) {
	text := bigProgram(b)
	path := filepath.Join(b.TempDir(), "big.wf")
	a := analyse(path, func(string) ([]byte, error) { return []byte(text), nil })
	a.names()
	off := bytes.Index([]byte(text), []byte("    v250_5 = step")) + len("    v250_5 = ")
	for b.Loop() {
		if items := complete([]byte(text[:off]), path, a); len(items) < 100 {
			b.Fatal(len(items))
		}
	}
}
