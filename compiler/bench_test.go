package compiler_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/wfgen"
	"github.com/wfc-lang/wfc/lang"
)

// BenchmarkCheck checks generated workflows of 10,000 and 100,000 calls
// (parsing excluded); docs/performance.md records the figures.
func BenchmarkCheck(b *testing.B) {
	for _, calls := range []int{10_000, 100_000} {
		var src bytes.Buffer
		if err := wfgen.Write(&src, wfgen.Options{Width: 10, Depth: calls / 10, Kind: "shell"}); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("calls=%d", calls), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				f, diags := lang.Parse("big.wf", src.Bytes())
				if diags != nil {
					b.Fatal(lang.DiagnosticsError(diags))
				}
				b.StartTimer()
				if _, diags := compiler.Check([]*lang.File{f}); diags.HasErrors() {
					b.Fatal(lang.DiagnosticsError(diags))
				}
			}
		})
	}
}
