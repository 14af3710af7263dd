package format

import (
	"bytes"
	"testing"

	"github.com/wfc-lang/wfc/internal/wfgen"
	"github.com/wfc-lang/wfc/lang"
)

// BenchmarkFormat formats a generated workflow of 100,000 lines, plain and
// with a trailing comment on every line, against parsing the same text,
// the baseline measured in the same run; docs/performance.md records the
// figures and their ratio.
func BenchmarkFormat(b *testing.B) {
	var plain bytes.Buffer
	if err := wfgen.Write(&plain, wfgen.Options{Width: 10, Depth: 10_000, Kind: "shell"}); err != nil {
		b.Fatal(err)
	}
	commented := bytes.ReplaceAll(plain.Bytes(), []byte(")\n"), []byte(") # a comment\n"))
	for _, in := range []struct {
		name string
		src  []byte
	}{{"lines=100k", plain.Bytes()}, {"lines=100k,comments", commented}} {
		b.Run("parse/"+in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := lang.Parse("big.wf", in.src); diags != nil {
					b.Fatal(diags.Err())
				}
			}
		})
		b.Run("format/"+in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Source("big.wf", in.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
