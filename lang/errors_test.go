package lang_test

import (
	"testing"

	"github.com/wfc-lang/wfc/internal/errcheck"
	"github.com/wfc-lang/wfc/lang"
)

// TestSyntaxErrors checks the messages written next to the offending lines
// of testdata/errors/*.wf.
func TestSyntaxErrors(t *testing.T) {
	errcheck.Run(t, "testdata/errors", func(name string, src []byte) lang.Diagnostics {
		_, diags := lang.Parse(name, src)
		return diags
	})
}
