package lang

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// syntaxError turns participle's first syntax error into a diagnostic a
// person would write: what was expected, in words, what was found, and which
// open bracket it belongs to. Raw token dumps and grammar fragments never
// reach the user.
func (p *parseState) syntaxError(err participle.Error) {
	i := p.tokenIndexAt(err.Position().Offset)
	tok := p.tokens[i]
	var ee *exprSyntaxError
	if errors.As(err, &ee) {
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
	expected := p.expectedFrom(err)

	// participle backtracks out of a call whose arguments do not parse and
	// reports the "(": look inside for the argument that is not `name = …`.
	if tok.Value == "(" && i > 0 && p.tokens[i-1].Type == tokIdent && p.positionalArgument(i) {
		return
	}
	if open, ok := p.innermostOpen(i); ok && strings.HasPrefix(p.bracketRole(open), "argument list") && p.positionalArgument(open) {
		return
	}
	if i+1 < len(p.tokens) && tok.Type == tokString && p.tokens[i+1].Value == "=" {
		if open, ok := p.innermostOpen(i); ok && p.bracketRole(open) == "dict" {
			d := p.errorTok(p.tokens[i+1], "expected `:` after the dict key, found `=`")
			d.Hint = "dict entries are written `\"key\": value`"
			return
		}
	}
	if len(expected) == 0 {
		if _, inside := p.innermostOpen(i); !inside {
			expected = []string{productionWords["Decl"]}
			// A workflow header with no body before this token.
			if name, ok := p.headerWithoutBody(i); ok {
				d := p.errorTok(tok, "expected `{` to open the body of workflow `%s`, found %s", name, describeToken(tok))
				d.Hint = "a workflow's statements go in braces after its header"
				return
			}
		}
	}
	found := describeToken(tok)
	var summary string
	switch {
	case len(expected) == 0:
		summary = "unexpected " + found
	default:
		summary = fmt.Sprintf("expected %s, found %s", joinOr(expected), found)
	}
	if open, ok := p.innermostOpen(i); ok {
		closeTok := "`" + string(closer(p.tokens[open].Value[0])) + "`"
		for _, e := range expected {
			if e == closeTok {
				summary = fmt.Sprintf("expected %s to close the %s opened at %s, found %s",
					joinOr(expected), p.bracketRole(open), posString(p.tokens[open].Pos), found)
				break
			}
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
	if tok.Value == ":" && containsAny(expected, "`=`") {
		d.Hint = "fields and keyword arguments are written `name = value`; `\"key\": value` is for dicts"
	}
}

// positionalArgument reports, and returns true, when the call whose "(" is
// tokens[open] has an argument that is not written `name = value`.
func (p *parseState) positionalArgument(open int) bool {
	depth := 0
	segStart := open + 1
	for k := open + 1; k < len(p.tokens); k++ {
		t := p.tokens[k]
		if t.Type == tokPunct && len(t.Value) == 1 {
			switch t.Value[0] {
			case '(', '[', '{':
				depth++
				continue
			case ')', ']', '}':
				if depth > 0 {
					depth--
					continue
				}
			}
		}
		if depth > 0 || (t.Value != "," && t.Value != ")") {
			continue
		}
		if k > segStart && !(p.tokens[segStart].Type == tokIdent && segStart+1 < k && p.tokens[segStart+1].Value == "=") {
			first, last := p.tokens[segStart], p.tokens[k-1]
			text := string(p.file.Source[first.Pos.Offset:tokenEnd(last).Offset])
			d := p.errorPos(first.Pos, tokenEnd(last), "positional argument `%s`: calls take keyword arguments", text)
			d.Hint = fmt.Sprintf("name the parameter: `param = %s`", text)
			return true
		}
		if t.Value == ")" {
			return false
		}
		segStart = k + 1
	}
	return false
}

// headerWithoutBody reports whether the declaration before tokens[i] is a
// workflow header that no body followed, and names the workflow.
func (p *parseState) headerWithoutBody(i int) (string, bool) {
	depth := 0
	for k := i - 1; k >= 0; k-- {
		t := p.tokens[k]
		switch t.Value {
		case ")", "]", "}":
			depth++
			if t.Value == "}" && depth == 1 {
				return "", false // a body (or a dict) ended here
			}
		case "(", "[", "{":
			depth--
		}
		if depth == 0 && t.Type == tokIdent && isKeyword(t.Value) && t.Value != "true" && t.Value != "false" && t.Value != "null" && t.Value != "return" {
			if t.Value == "workflow" && k+1 < len(p.tokens) && p.tokens[k+1].Type == tokIdent {
				return p.tokens[k+1].Value, true
			}
			return "", false
		}
	}
	return "", false
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

// productionWords names the productions of participle's grammar the way a
// person would. Expressions and statements are parsed by hand and word
// their own errors (exprSyntaxError); to participle an expression is Expr.
var productionWords = map[string]string{
	"Decl":       "a declaration (`task`, `webhook`, `echo`, `workflow` or `launchplan`)",
	"TaskDecl":   "a declaration (`task`, `webhook`, `echo`, `workflow` or `launchplan`)",
	"Ident":      "a name",
	"TypeExpr":   "a type",
	"Param":      "a parameter (`name: type`)",
	"ParamList":  "`(`",
	"FieldBlock": "`{`",
	"ResultList": "a result type",
	"Result":     "a result type",
	"Field":      "a field (`name = value`)",
	"Expr":       "a value",
	"<ident>":    "a name",
}

// ebnfItem matches one item of participle's EBNF: a quoted literal, a
// <token> or a production name, or a bracket.
var ebnfItem = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|<[a-z]+>|[A-Za-z]+|[()|\[\]{}?*+]`)

// expectedFrom reads what the parser expected out of its error: the first
// element of the grammar fragment it names, with each alternative in words.
func (p *parseState) expectedFrom(err participle.Error) []string {
	var ute *participle.UnexpectedTokenError
	var fragment string
	if errors.As(err, &ute) {
		msg := ute.Message()
		if k := strings.Index(msg, "(expected "); k >= 0 {
			fragment = strings.TrimSuffix(msg[k+len("(expected "):], ")")
		}
	} else if k := strings.Index(err.Message(), "expected "); k >= 0 {
		fragment = err.Message()[k+len("expected "):]
	}
	if fragment == "" {
		return nil
	}
	items := ebnfItem.FindAllString(fragment, -1)
	// Take the first top-level element; if it is a group, take the first
	// element of each of its alternatives.
	var firsts []string
	if len(items) > 0 && items[0] == "(" {
		depth, wantFirst := 0, true
		for _, it := range items {
			switch it {
			case "(", "[", "{":
				depth++
				continue
			case ")", "]", "}":
				depth--
				if depth == 0 {
					goto done
				}
				continue
			case "|":
				if depth == 1 {
					wantFirst = true
				}
				continue
			case "?", "*", "+":
				continue
			}
			if wantFirst {
				firsts = append(firsts, it)
				wantFirst = false
			}
		}
	done:
	} else if len(items) > 0 {
		firsts = items[:1]
	}
	var words []string
	seen := map[string]bool{}
	for _, it := range firsts {
		w := itemWords(it)
		if w != "" && !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

func itemWords(item string) string {
	if strings.HasPrefix(item, `"`) {
		return "`" + strings.Trim(item, `"`) + "`"
	}
	if w, ok := productionWords[item]; ok {
		return w
	}
	return ""
}

func describeToken(t lexer.Token) string {
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

func containsAny(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
