package compiler

import (
	"strings"

	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/shellscript"
)

// checkShellArithmetic rejects inputs inside shell arithmetic ($(( )),
// bash's (( )), ${v:offset}, ${a[index]}) unless their values print as
// numbers. The value's text stands there unquoted, because dash rejects
// quotes in $(( )), and the shell evaluates it as an expression: dash
// only fails on text that is not arithmetic, but bash runs the command
// substitutions in an array subscript, so a str holding a[$(cmd)] would
// run cmd whether quoted or not. int, float and bool values print as
// digits, a sign, a point, an exponent or the words true and false (which
// arithmetic reads as unset variables), none of which can do harm.
func (c *checker) checkShellArithmetic(lit *lang.StringLit, t *Task) {
	sh := shellscript.Prepare(lit.Value)
	for _, ref := range sh.Arithmetic {
		p := findParam(t.Inputs, ref)
		if p == nil && !strings.Contains(ref, ".") {
			continue // checkTemplate has reported the unknown input
		}
		if p != nil && arithmeticSafe(p.Type) {
			continue
		}
		what := "a value read out of a dict"
		if p != nil {
			what = p.Type.String()
		}
		// The placeholder is the k-th of its text in the script, and so in
		// the literal as written: escapes never occur inside one.
		text := "{inputs." + ref + "}"
		k := strings.Count(lit.Value[:sh.ArithmeticAt(ref)], text)
		r := lang.RangeOf(lit)
		for _, ph := range placeholdersIn(lit, false) {
			if ph.Text == text {
				if k == 0 {
					r = ph.Range
					break
				}
				k--
			}
		}
		d := c.diags.Errorf(r, "%s stands in shell arithmetic, but is %s: only int, float and bool inputs may", text, what)
		d.Hint = "the shell evaluates the text of a value there as an expression; pass the number as an int input, or use the value outside $(( ))"
	}
}

// arithmeticSafe reports whether every value of type t prints (see
// CommandText) as text that shell arithmetic cannot turn into a command.
func arithmeticSafe(t *Type) bool {
	switch t.Kind {
	case KindInt, KindFloat, KindBool:
		return true
	case KindOptional:
		return arithmeticSafe(t.Elem) // null is an empty argument
	}
	return false
}
