package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
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
	f.Add([]byte("\uFEFFecho e(x: int = -9223372036854775808) # é"))
	f.Add([]byte("# é\n\ttask t(d: duration = 1µs) {\r\n  command = \"ü \\\"x\"\n}\n\"\"\"a\nb\"\"\" ¿"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := Parse("fuzz.wf", src)
		if file == nil {
			t.Fatal("nil file")
		}
		checkTokenPositions(t, src)
		for _, d := range diags {
			if !d.Range.IsValid() || d.Range.Start.Offset > len(src) || d.Range.End.Offset > len(src) {
				t.Fatalf("diagnostic %q has range %+v outside the %d-byte input", d.Summary, d.Range, len(src))
			}
		}
	})
}

// checkTokenPositions checks every token's start and end against line and
// column worked out from scratch: a position keeps only an offset, and its
// line and column come from the source's table of line starts.
func checkTokenPositions(t *testing.T, src []byte) {
	at := func(off int) (line, col int) {
		line = 1 + bytes.Count(src[:off], []byte{'\n'})
		start := bytes.LastIndexByte(src[:off], '\n') + 1
		if start == 0 {
			start = min(textStart(src), off) // columns count from after a byte-order mark
		}
		col = 1 + utf8.RuneCount(src[start:off])
		return
	}
	s := newScanner(newSource("fuzz.wf", src))
	for {
		tok := s.Next()
		line, col := at(tok.Pos.Offset)
		if p := tok.Pos.pos(); p.Line != line || p.Column != col {
			t.Fatalf("token %q at offset %d: position %d:%d, want %d:%d", tok.Value, tok.Pos.Offset, p.Line, p.Column, line, col)
		}
		if tok.EOF() {
			break
		}
		end := tok.end().pos()
		line, col = at(tok.Pos.Offset + len(tok.Value))
		if end.Offset != tok.Pos.Offset+len(tok.Value) || end.Line != line || end.Column != col {
			t.Fatalf("token %q at offset %d: end %d:%d (offset %d), want %d:%d", tok.Value, tok.Pos.Offset, end.Line, end.Column, end.Offset, line, col)
		}
	}
	// Tokens, for editors, positions each token from the one before.
	for _, tok := range Tokens("fuzz.wf", src) {
		line, col := at(tok.Range.Start.Offset)
		eline, ecol := at(tok.Range.End.Offset)
		if tok.Range.Start.Line != line || tok.Range.Start.Column != col || tok.Range.End.Line != eline || tok.Range.End.Column != ecol {
			t.Fatalf("Tokens: %q at %v to %v, want %d:%d to %d:%d", tok.Text, tok.Range.Start, tok.Range.End, line, col, eline, ecol)
		}
	}
}
