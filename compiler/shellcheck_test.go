package compiler_test

import (
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// The error points at the placeholder inside the arithmetic, not at an
// earlier use of the same input elsewhere in the script.
func TestShellArithmeticErrorPosition(t *testing.T) {
	src := "task t(s: str) {\n    shell = \"echo \\\"{inputs.s}\\\" $(( {inputs.s} ))\"\n}\n"
	f, diags := lang.Parse("t.wf", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	_, diags = compiler.Check([]*lang.File{f})
	if len(diags) != 1 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if r := diags[0].Range; r.Start.Line != 2 || r.Start.Column != 38 || r.End.Column != 48 {
		t.Errorf("at %d:%d-%d, want 2:38-48: %s", r.Start.Line, r.Start.Column, r.End.Column, diags[0].Summary)
	}
}
