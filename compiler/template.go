package compiler

import (
	"regexp"
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// Placeholder is one {inputs.x…} or {secrets.NAME} inside a string.
type Placeholder struct {
	Text  string   // as written, braces included
	Scope string   // "inputs" or "secrets" (or what was written instead)
	Path  []string // Path[0] is the input or secret name; the rest index into a dict
	Range lang.Range
}

// Two ways of finding placeholders. Webhook templates follow flytekit's
// format_dict: every {…} holding no "}" is a candidate, and one with a dot
// in it is looked up, so {input.s} or { inputs.s } fail at run time on
// Flyte as here and must be errors now; one without a dot ({id}) stays as
// written. Shell scripts know only the exact forms, since a shell has its
// own braces ({1..5}, ${x}).
var (
	connectorHoleRE = regexp.MustCompile(`\{([^}]+)\}`)
	shellHoleRE     = regexp.MustCompile(`\{(inputs|secrets)((?:\.[A-Za-z0-9_\-]+)+)\}`)
)

// placeholdersIn finds the placeholders of a string literal with the source
// range of each, by the connector's rule or the shell's. It scans the
// literal as written, so positions are exact.
func placeholdersIn(lit *lang.StringLit, connector bool) []Placeholder {
	re := shellHoleRE
	if connector {
		re = connectorHoleRE
	}
	var out []Placeholder
	for _, m := range re.FindAllStringIndex(lit.Raw, -1) {
		text := lit.Raw[m[0]:m[1]]
		inner := text[1 : len(text)-1]
		if !strings.Contains(inner, ".") {
			continue // left as written
		}
		scope, rest, _ := strings.Cut(inner, ".")
		out = append(out, Placeholder{Text: text, Scope: scope, Path: strings.Split(rest, "."), Range: lit.RawRange(m[0], m[1])})
	}
	return out
}

// checkTemplate checks the placeholders of a string literal against the
// task's inputs: each must name a declared input, a path into it needs a
// dict, and secrets are allowed only where allowSecrets. It returns the
// secret names used.
func (c *checker) checkTemplate(lit *lang.StringLit, inputs []*Param, allowSecrets bool, where string) (secrets []string) {
	for _, ph := range placeholdersIn(lit, allowSecrets) {
		name := ph.Path[0]
		if ph.Scope != "inputs" && ph.Scope != "secrets" {
			d := c.diags.Errorf(ph.Range, "placeholder %s: unknown scope `%s`", ph.Text, ph.Scope)
			d.Detail = "A {…} with a dot is looked up when the request is made, on Flyte as here."
			if h := hint(strings.TrimSpace(ph.Scope), []string{"inputs", "secrets"}); h != "" {
				d.Hint = h + " (with no spaces inside the braces)"
			} else {
				d.Hint = "write {inputs.NAME} or {secrets.NAME}"
			}
			continue
		}
		if slices.Contains(ph.Path, "") {
			c.diags.Errorf(ph.Range, "placeholder %s has an empty name between dots", ph.Text)
			continue
		}
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
			names := paramNames(inputs)
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
	case KindDict, KindMap, KindAny, KindError: // an error has message and failed_node_id
		return true
	case KindOptional:
		return t.Elem.Kind == KindError
	}
	return false
}
