package lang

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// syntaxError turns the parsers' first syntax error into a diagnostic a
// person would write: what was expected, in words, what was found, and
// which open bracket it belongs to.
func (p *parseState) syntaxError(err error) {
	var ee *exprSyntaxError
	if errors.As(err, &ee) {
		tok := p.tokens[p.tokenIndexAt(ee.pos.Offset)]
		if ee.positionalIn != "" {
			text := string(p.file.Source[ee.pos.Offset:ee.end.Offset])
			if strings.Contains(text, "\n") || len(text) > 40 {
				text = describeToken(tok)
			}
			d := p.errorPos(ee.pos, ee.end, "positional argument `%s`: calls take keyword arguments", strings.Trim(text, "`"))
			d.Hint = fmt.Sprintf("name the parameter of `%s`: `param = %s`", ee.positionalIn, strings.Trim(text, "`"))
			return
		}
		d := p.errorTok(tok, "%s", ee.msg)
		d.Hint = ee.hint
		return
	}
	xe := err.(*expectedError)
	expected := xe.expected
	i := p.tokenIndexAt(xe.pos.Offset)
	tok := p.tokens[i]
	found := describeToken(tok)
	summary := fmt.Sprintf("expected %s, found %s", joinOr(expected), found)
	if open, ok := p.innermostOpen(i); ok {
		if slices.Contains(expected, "`"+string(closer(p.tokens[open].Value[0]))+"`") {
			summary = fmt.Sprintf("expected %s to close the %s opened at %s, found %s",
				joinOr(expected), p.bracketRole(open), posString(p.tokens[open].Pos), found)
		}
	}
	d := p.errorTok(tok, "%s", summary)
	if tok.Type == tokIdent && i > 0 && p.tokens[i-1].Type == tokIdent && !isKeyword(p.tokens[i-1].Value) {
		d.Hint = "two names in a row: is a `=`, `,` or `(` missing between them?"
	}
	if tok.Type == tokIdent && tok.Value == "import" {
		if _, inside := p.innermostOpen(i); !inside {
			d.Hint = "imports come first in a file, before any declaration"
		}
	}
	if tok.Value == ":" && slices.Contains(expected, "`=`") {
		d.Hint = "fields and keyword arguments are written `name = value`; `\"key\": value` is for dicts"
	}
}

// tokenIndexAt finds the significant token starting at offset (or the first
// after it).
func (p *parseState) tokenIndexAt(offset int) int {
	i := sort.Search(len(p.tokens), func(i int) bool { return p.tokens[i].Pos.Offset >= offset })
	if i == len(p.tokens) {
		i = len(p.tokens) - 1
	}
	return i
}

// innermostOpen returns the index of the innermost bracket still open just
// before tokens[i]. The brackets are known to balance (checkBrackets ran).
func (p *parseState) innermostOpen(i int) (int, bool) {
	var stack []int
	for k := 0; k < i; k++ {
		t := p.tokens[k]
		if t.Type != tokPunct || len(t.Value) != 1 {
			continue
		}
		switch t.Value[0] {
		case '(', '[', '{':
			stack = append(stack, k)
		case ')', ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) == 0 {
		return 0, false
	}
	return stack[len(stack)-1], true
}

func describeToken(t token) string {
	switch {
	case t.EOF():
		return "end of file"
	case t.Type == tokIdent && isKeyword(t.Value):
		return fmt.Sprintf("keyword `%s`", t.Value)
	case t.Type == tokIdent:
		return fmt.Sprintf("name `%s`", t.Value)
	case t.Type == tokString || t.Type == tokTripleString:
		v := t.Value
		if len(v) > 24 {
			v = v[:20] + "…\""
		}
		return "string " + v
	case t.Type == tokPunct:
		return "`" + t.Value + "`"
	}
	return "`" + t.Value + "`"
}

func isKeyword(s string) bool {
	switch s {
	case "task", "webhook", "echo", "workflow", "return", "true", "false", "null":
		return true
	}
	return false
}

func joinOr(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
