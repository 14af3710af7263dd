// Package format lays out wfc source in its one canonical style, as gofmt
// does for Go. The style is the one the examples are written in:
//
//   - four spaces of indentation per block;
//   - one declaration, statement or field per line;
//   - `=` with a space on each side, aligned down a run of fields in a
//     block (a blank line, or a field whose value spans lines, ends the run);
//   - `, ` between list elements and `: ` after a dict key or a parameter;
//   - a list, dict, call, parameter list or settings block written across
//     lines keeps its line breaks: opened with a line break, it is a block
//     (elements indented one level, a trailing comma, the closing bracket
//     on a line of its own); opened with an element, its continuation
//     lines line up after the opening bracket;
//   - runs of blank lines shrink to one, and a block neither starts nor
//     ends with one;
//   - every comment stays where it was, on its own line or after code.
//
// Formatting never changes what a program means: the parsed program before
// and after is the same, and formatting formatted source changes nothing.
package format

import "github.com/wfc-lang/wfc/lang"

// Source formats the wfc source src, read from filename. When src does not
// parse it returns nil and the parser's diagnostics as a
// lang.DiagnosticsError.
func Source(filename string, src []byte) ([]byte, error) {
	f, diags := lang.Parse(filename, src)
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	p := newPrinter(f)
	p.file(f)
	return p.out, nil
}
