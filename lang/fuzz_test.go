package lang

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input makes the parser panic and that every
// diagnostic has a position inside the input. Its seed corpus (the
// examples and test sources) runs in every go test; fuzz with
//
//	go test ./lang -fuzz FuzzParse -fuzztime 1m
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"../examples/*.wf", "testdata/*/*.wf", "../compiler/testdata/*/*.wf"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
	}
	f.Add([]byte("workflow w() { a >> b(x = [1, {\"k\": -2.5e3}]) return }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := Parse("fuzz.wf", src)
		if file == nil {
			t.Fatal("nil file")
		}
		for _, d := range diags {
			if !d.Range.IsValid() || d.Range.Start.Offset > len(src) || d.Range.End.Offset > len(src) {
				t.Fatalf("diagnostic %q has range %+v outside the %d-byte input", d.Summary, d.Range, len(src))
			}
		}
	})
}
