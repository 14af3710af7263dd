package compiler_test

import (
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/errcheck"
	"github.com/wfc-lang/wfc/lang"
)

// TestCheckErrors checks the diagnostics written next to the offending
// lines of testdata/errors/*.wf; each file holds several, since the checker
// must report them all.
func TestCheckErrors(t *testing.T) {
	errcheck.Run(t, "testdata/errors", func(name string, src []byte) lang.Diagnostics {
		f, diags := lang.Parse(name, src)
		if diags.HasErrors() {
			return diags
		}
		_, cdiags := compiler.Check([]*lang.File{f})
		return append(diags, cdiags...)
	})
}
