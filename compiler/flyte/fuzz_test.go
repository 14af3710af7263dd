package flyte

import (
	"os"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// FuzzEncodings compiles every program the checker accepts and holds both
// encodings of everything emitted to flyteidl's, as
// TestEncodingsMatchFlyteidl does for the test programs. The seed corpus
// (examples and golden sources) runs in every go test; fuzz with
//
//	go test ./compiler/flyte -fuzz FuzzEncodings -fuzztime 1m
func FuzzEncodings(f *testing.F) {
	for _, p := range sourcePrograms(f) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := lang.Parse("fuzz.wf", src)
		if diags.HasErrors() {
			return
		}
		prog, diags := compiler.Check([]*lang.File{file})
		if diags.HasErrors() {
			return
		}
		b, diags := Compile(prog, Options{Project: "p", Domain: "d", Version: "v"})
		if diags.HasErrors() {
			return
		}
		bundleSameAsFlyteidl(t, b)
	})
}
