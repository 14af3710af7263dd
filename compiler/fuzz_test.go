package compiler_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// FuzzCheck checks that no parsed input makes the checker panic, and that a
// program it accepts is well formed: node ids in order, every upstream node
// earlier in a valid topological order. The seed corpus (examples and test
// sources) runs in every go test; fuzz with
//
//	go test ./compiler -fuzz FuzzCheck -fuzztime 1m
func FuzzCheck(f *testing.F) {
	for _, pattern := range []string{"../examples/*.wf", "testdata/*/*.wf", "../lang/testdata/*/*.wf"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := lang.Parse("fuzz.wf", src)
		if diags.HasErrors() {
			return
		}
		prog, cdiags := compiler.Check([]*lang.File{file})
		for _, d := range cdiags {
			if !d.Range.IsValid() {
				t.Fatalf("diagnostic %q has no position", d.Summary)
			}
		}
		if cdiags.HasErrors() {
			return
		}
		for _, w := range prog.Workflows {
			order := w.DAG.Order()
			if len(order) != len(w.Nodes) {
				t.Fatalf("workflow %s: topological order has %d of %d nodes", w.Name, len(order), len(w.Nodes))
			}
			seen := make([]bool, len(w.Nodes))
			for _, i := range order {
				for _, u := range w.DAG.Upstream(int(i)) {
					if !seen[u] {
						t.Fatalf("node n%d runs before its upstream n%d", i, u)
					}
				}
				seen[i] = true
			}
			for i, n := range w.Nodes {
				if n.Index != i {
					t.Fatalf("node %s has index %d at position %d", n.ID, n.Index, i)
				}
			}
			if len(w.Results) != len(w.Outputs) {
				t.Fatalf("workflow %s binds %d of %d outputs", w.Name, len(w.Results), len(w.Outputs))
			}
		}
	})
}
