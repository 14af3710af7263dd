package flyte

import (
	"sort"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// compileOK compiles p and fails the test on any error diagnostic.
func compileOK(t testing.TB, p *compiler.Program, opts Options) (*Bundle, lang.Diagnostics) {
	t.Helper()
	b, diags := Compile(p, opts)
	if diags.HasErrors() {
		t.Fatalf("compile: %v", diags.Err())
	}
	return b, diags
}

// eachProgram runs f over every test program, hand-built and from
// source, in name order.
func eachProgram(t *testing.T, f func(t *testing.T, name string, b *Bundle)) {
	progs := testPrograms()
	for _, path := range sourcePrograms(t) {
		p := loadProgram(t, path)
		if _, diags := Compile(p, Options{}); diags.HasErrors() {
			continue // refused, as its golden diagnostics record
		}
		progs["wf-"+programName(path)] = p
	}
	names := make([]string, 0, len(progs))
	for n := range progs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			b, _ := compileOK(t, progs[name], Options{Project: "p", Domain: "development", Version: "v1"})
			f(t, name, b)
		})
	}
}
