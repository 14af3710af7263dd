package flyte

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/wfgen"
	"github.com/wfc-lang/wfc/lang"
)

// benchPipeline runs what `wfc compile -o DIR` runs, in process, over the
// generated workflow of the performance issue, and reports each phase's
// share: parsing and checking (the front end), emission with validation,
// and writing the files.
func benchPipeline(b *testing.B, width, depth int) {
	var src bytes.Buffer
	if err := wfgen.Write(&src, wfgen.Options{Width: width, Depth: depth, Kind: "shell"}); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	var front, emit, write time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		f, diags := lang.Parse("big.wf", src.Bytes())
		if diags.HasErrors() {
			b.Fatal(diags.Err())
		}
		p, diags := compiler.Check([]*lang.File{f})
		if diags.HasErrors() {
			b.Fatal(diags.Err())
		}
		t1 := time.Now()
		bundle, diags := Compile(p, Options{})
		if diags.HasErrors() {
			b.Fatal(diags.Err())
		}
		t2 := time.Now()
		if err := bundle.WriteDir(filepath.Join(dir, "out"), JSON); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		front += t1.Sub(t0)
		emit += t2.Sub(t1)
		write += t3.Sub(t2)
	}
	n := float64(b.N)
	b.ReportMetric(front.Seconds()/n*1000, "front-ms/op")
	b.ReportMetric(emit.Seconds()/n*1000, "emit-ms/op")
	b.ReportMetric(write.Seconds()/n*1000, "write-ms/op")
}

func BenchmarkPipeline10k(b *testing.B)  { benchPipeline(b, 10, 1000) }
func BenchmarkPipeline100k(b *testing.B) { benchPipeline(b, 10, 10000) }
