package compiler_test

import (
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// Files are one program: a file calls what another declares, doc comments
// come along, and a name declared in two files is an error at the second
// naming the first.
func TestCheckSeveralFiles(t *testing.T) {
	parse := func(name, src string) *lang.File {
		f, diags := lang.Parse(name, []byte(src))
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		return f
	}
	lib := parse("lib.wf", "# Says it.\necho say(s: str)\n\n# Greets.\nworkflow greet(s: str) -> str {\n    return say(s = s)\n}\n")
	main := parse("main.wf", "import \"lib.wf\"\nworkflow main(s: str) -> str {\n    return greet(s = say(s = s))\n}\n")
	p, diags := compiler.Check([]*lang.File{lib, main})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if p.Task("say").Doc != "Says it." || p.Workflow("greet").Doc != "Greets." {
		t.Errorf("docs %q, %q", p.Task("say").Doc, p.Workflow("greet").Doc)
	}
	if n := p.Workflow("main").Nodes[1]; n.Workflow != p.Workflow("greet") {
		t.Errorf("main's n1 calls %v, want greet", n.Label())
	}

	dup := parse("dup.wf", "import \"lib.wf\"\necho say(s: str)\n")
	_, diags = compiler.Check([]*lang.File{lib, dup})
	if len(diags) != 1 || diags[0].Range.Filename != "dup.wf" || !strings.Contains(diags[0].Summary, "`say` is declared twice") ||
		!strings.Contains(diags[0].Detail, "lib.wf:2:6") {
		t.Errorf("diags %v (detail %q)", diags, diags[0].Detail)
	}
}
