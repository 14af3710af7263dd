package compiler

import (
	"regexp"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/wfc-lang/wfc/lang"
)

// Placeholder is one {inputs.x…} or {secrets.NAME} inside a string.
type Placeholder struct {
	Text  string   // as written, braces included
	Scope string   // "inputs" or "secrets"
	Path  []string // Path[0] is the input or secret name; the rest index into a dict
	Range lang.Range
}

// placeholderRE matches the placeholders the webhook connector renders:
// {inputs.name} and {inputs.name.key…}; wfc adds {secrets.NAME}. A brace
// pair without a dot, such as {id}, is not a placeholder and stays as written.
var placeholderRE = regexp.MustCompile(`\{(inputs|secrets)((?:\.[A-Za-z0-9_\-]+)+)\}`)

// Placeholders finds the placeholders in s.
func Placeholders(s string) []Placeholder {
	var out []Placeholder
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, Placeholder{
			Text:  s[m[0]:m[1]],
			Scope: s[m[2]:m[3]],
			Path:  strings.Split(s[m[4]+1:m[5]], "."),
		})
	}
	return out
}

// placeholdersIn finds the placeholders of a string literal with the source
// range of each. It scans the literal as written, so positions are exact;
// escapes never occur inside a placeholder's name.
func placeholdersIn(lit *lang.StringLit) []Placeholder {
	ps := Placeholders(lit.Raw)
	if len(ps) == 0 {
		return nil
	}
	idx := placeholderRE.FindAllStringIndex(lit.Raw, -1)
	for i := range ps {
		start := lit.Pos
		start.Advance(lit.Raw[:idx[i][0]])
		end := start
		end.Advance(lit.Raw[idx[i][0]:idx[i][1]])
		ps[i].Range = rangeOf(start, end)
	}
	return ps
}

func rangeOf(start, end lexer.Position) lang.Range {
	return lang.Range{
		Filename: start.Filename,
		Start:    lang.Pos{Offset: start.Offset, Line: start.Line, Column: start.Column},
		End:      lang.Pos{Offset: end.Offset, Line: end.Line, Column: end.Column},
	}
}

// checkTemplate checks the placeholders of a string literal against the
// task's inputs: each must name a declared input, a path into it needs a
// dict, and secrets are allowed only where allowSecrets. It returns the
// secret names used.
func (c *checker) checkTemplate(lit *lang.StringLit, inputs []*Param, allowSecrets bool, where string) (secrets []string) {
	for _, ph := range placeholdersIn(lit) {
		name := ph.Path[0]
		if ph.Scope == "secrets" {
			if !allowSecrets {
				c.diags.Errorf(ph.Range, "%s cannot use secrets", where).Hint = "secrets are available in webhook url, headers and data"
				continue
			}
			if len(ph.Path) > 1 {
				c.diags.Errorf(ph.Range, "a secret has no attributes: write {secrets.%s}", name)
				continue
			}
			secrets = append(secrets, name)
			continue
		}
		p := findParam(inputs, name)
		if p == nil {
			d := c.diags.Errorf(ph.Range, "placeholder %s names no input of the task", ph.Text)
			names := make([]string, len(inputs))
			for i, in := range inputs {
				names[i] = in.Name
			}
			if h := hint(name, names); h != "" {
				d.Hint = h
			} else if len(names) == 0 {
				d.Hint = "the task declares no inputs"
			} else {
				d.Hint = "the inputs are " + strings.Join(names, ", ")
			}
			continue
		}
		if len(ph.Path) > 1 && !hasAttributes(p.Type) {
			c.diags.Errorf(ph.Range, "input `%s` is %s, which has no attributes", name, p.Type)
		}
	}
	return secrets
}

// hasAttributes reports whether values of t may be indexed by name.
func hasAttributes(t *Type) bool {
	switch t.Kind {
	case KindDict, KindMap, KindAny:
		return true
	}
	return false
}
