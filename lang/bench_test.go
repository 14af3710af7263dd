package lang

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/wfc-lang/wfc/internal/wfgen"
)

// BenchmarkParse parses generated workflows of 10,000 and 100,000 calls;
// docs/performance.md records the figures and their ratio.
func BenchmarkParse(b *testing.B) {
	for _, calls := range []int{10_000, 100_000} {
		var src bytes.Buffer
		if err := wfgen.Write(&src, wfgen.Options{Width: 10, Depth: calls / 10, Kind: "shell"}); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("calls=%d", calls), func(b *testing.B) {
			b.SetBytes(int64(src.Len()))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, diags := Parse("big.wf", src.Bytes()); diags != nil {
					b.Fatal(DiagnosticsError(diags))
				}
			}
		})
	}
}
