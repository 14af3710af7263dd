package lsp

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
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

// BenchmarkEditor5000 drives the real `wfc lsp`, built for the benchmark
// and run as an editor runs it (a process on pipes), as a person types in
// the 5,000-line program: 100 bursts of three keystrokes, each an
// incremental change sent at once, and a completion request after each
// burst. It reports the median time from the last keystroke of a burst to
// the publication of its diagnostics (debounce included); as a baseline
// measured in the same run, the median time of one check of the same text
// in this process (what each publication waits for besides the debounce);
// the median completion time, asked as soon as the diagnostics arrive
// (while the server indexes the new text) and asked again at once; and the
// server's peak RSS.
func BenchmarkEditor5000(b *testing.B) {
	text := bigProgram(b)
	lineOf := func(needle string) uint32 {
		i := bytes.Index([]byte(text), []byte(needle))
		return uint32(bytes.Count([]byte(text[:i]), []byte("\n")))
	}
	inBody := pos(lineOf("    v250_5 = step"), 13) // after "    v250_5 = "
	wfc := filepath.Join(b.TempDir(), "wfc")
	if out, err := exec.Command("go", "build", "-o", wfc, "github.com/wfc-lang/wfc/cmd/wfc").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for b.Loop() {
		c, cmd := startProcess(b, wfc)
		path := filepath.Join(c.dir, "big.wf")
		uri := c.open(path, text)
		if d := c.diagnostics(uri, 1); len(d) != 0 {
			b.Fatal(d)
		}
		var publish, check, complete, completeReady []time.Duration
		version := int32(1)
		edited := []byte(text)
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
				edited = slices.Insert(edited, int(col), 'x')
			}
			if d := c.diagnostics(uri, version); len(d) != 0 {
				b.Fatal(d)
			}
			publish = append(publish, time.Since(last))
			for _, times := range []*[]time.Duration{&complete, &completeReady} {
				start := time.Now()
				items := completionLabels(b, c, uri, inBody)
				*times = append(*times, time.Since(start))
				if _, ok := items["step"]; !ok {
					b.Fatalf("completion: %d items, no step", len(items))
				}
			}
			start := time.Now()
			if a := analyse(path, func(string) ([]byte, error) { return edited, nil }); len(a.diags) != 0 {
				b.Fatal(a.diags)
			}
			check = append(check, time.Since(start))
		}
		c.call(protocol.MethodShutdown, nil, nil)
		c.notify(protocol.MethodExit, nil)
		if err := <-c.served; err != nil {
			b.Fatalf("wfc lsp: %v", err)
		}
		c.served <- nil
		b.ReportMetric(median(publish), "ms/publish")
		b.ReportMetric(median(check), "ms/check-baseline")
		b.ReportMetric(median(complete), "ms/completion")
		b.ReportMetric(median(completeReady), "ms/completion-again")
		b.ReportMetric(float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)/1024, "MB-peak-RSS")
	}
}

// startProcess runs `wfc lsp` and connects a test client to its standard
// input and output.
func startProcess(b *testing.B, wfc string) (*client, *exec.Cmd) {
	cmd := exec.Command(wfc, "lsp")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	c := connect(b, pipeStream{stdout, stdin})
	go func() { c.served <- cmd.Wait() }()
	c.initialize(true)
	return c, cmd
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
		if items, _ := complete([]byte(text[:off]), path, a); len(items) < 100 {
			b.Fatal(len(items))
		}
	}
}
