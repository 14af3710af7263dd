package lsp

import (
	"os"
	"path/filepath"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// FuzzFeatures runs every feature that reads a document's text over any
// text, at positions spread through it: none may panic, whatever the
// editor holds.
func FuzzFeatures(f *testing.F) {
	examples, _ := filepath.Glob("../examples/*.wf")
	for _, path := range examples {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(string(src))
		}
	}
	f.Add(greetWF)
	f.Add("workflow w() {\n    x = [t(a = v) for v, u in zip(xs)]\n}\n")
	f.Add("task t(x: int) {\n    shell = \"{inputs.")
	f.Fuzz(func(t *testing.T, text string) {
		src := []byte(text)
		a := analyse("/fuzz/f.wf", func(string) ([]byte, error) { return src, nil })
		a.protocolDiagnostics("/fuzz/f.wf", true)
		a.encodeTokens("/fuzz/f.wf", a.classify("/fuzz/f.wf"))
		for _, decl := range a.files["/fuzz/f.wf"].Decls {
			a.declSymbol(decl)
		}
		lines := newLineIndex(src)
		step := max(1, len(src)/50)
		for off := 0; off <= len(src); off += step {
			lines.offset(lines.position(off))
			a.hoverAt("/fuzz/f.wf", off)
			complete(src[:off], "/fuzz/f.wf", a)
			if o := a.names().at("/fuzz/f.wf", off); o != nil {
				a.names().occurrencesOf(o.sym)
				a.clash(o.sym, "x")
			} else {
				a.whyNotRenamable("/fuzz/f.wf", off)
			}
		}
		lines.offset(protocol.Position{Line: 1 << 20, Character: 1 << 20})
	})
}
