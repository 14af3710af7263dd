package lang_test

import (
	"strings"
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

// TestSyntaxErrorHints checks the hints that come with syntax errors.
func TestSyntaxErrorHints(t *testing.T) {
	tests := []struct{ src, summary, hint string }{
		{"task t() { shell: \"x\" }", "expected `=`, found `:`", "fields and keyword arguments are written `name = value`"},
		{"task t() {\n    url foo\n}", "expected `=`, found name `foo`", "two names in a row"},
		{"task t() {}\nimport \"x.wf\"", "found name `import`", "imports come first in a file"},
		{"workflow w(s: str) -> str\ntask t() {}", "expected `{` to open the body of workflow `w`", "a workflow's statements go in braces"},
		{"webhook h {\n    headers = {\"A\" = \"b\"}\n}", "expected `:` after the dict key, found `=`", "dict entries are written"},
		{"workflow w(s: str) {\n    v = hello(s)\n}", "positional argument `s`", "name the parameter of `hello`: `param = s`"},
	}
	for _, tt := range tests {
		_, diags := lang.Parse("hint.wf", []byte(tt.src))
		if len(diags) != 1 {
			t.Errorf("%q: %d diagnostics, want 1: %v", tt.src, len(diags), diags)
			continue
		}
		if d := diags[0]; !strings.Contains(d.Summary, tt.summary) || !strings.Contains(d.Hint, tt.hint) {
			t.Errorf("%q:\n got %s (hint %q)\nwant %s (hint %q)", tt.src, d.Summary, d.Hint, tt.summary, tt.hint)
		}
	}
}
