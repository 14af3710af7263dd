package flyte

import (
	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// Rejections compiles p for Flyte and returns what Flyte's compiler would
// refuse, as warnings: wfc run accepts such a program, wfc compile does
// not. wfc check and the language server report them; the extension
// warnings that compile prints are left to it.
func Rejections(p *compiler.Program) lang.Diagnostics {
	_, diags := Compile(p, Options{})
	var out lang.Diagnostics
	for _, d := range diags.Errors() {
		w := *d
		w.Severity = lang.Warning
		w.Summary = "Flyte would reject this: " + d.Summary
		w.Detail = "wfc run accepts it, but wfc compile fails on it."
		out = append(out, &w)
	}
	return out
}
