package lang

import "fmt"

// checkBrackets matches (), [] and {} over the token stream before parsing,
// so that a missing or stray bracket is reported where a person would look
// for it ("`{` opened at 3:10 is never closed") instead of wherever the
// parser gives up, and so that nesting is bounded before the recursive parser
// sees it. It returns false when it reported an error.
func (p *parseState) checkBrackets() bool {
	var stack []int // indexes into p.tokens of the open brackets
	p.match = make([]int32, len(p.tokens))
	for i, t := range p.tokens {
		if t.Type != tokPunct || len(t.Value) != 1 {
			continue
		}
		switch c := t.Value[0]; c {
		case '(', '[', '{':
			if len(stack) == MaxNesting {
				d := p.errorTok(t, "brackets nested more than %d deep", MaxNesting)
				d.Detail = "wfc limits nesting so that no input can exhaust the parser's stack."
				return false
			}
			stack = append(stack, i)
		case ')', ']', '}':
			if len(stack) == 0 {
				p.errorTok(t, "unexpected `%c`: nothing to close", c)
				return false
			}
			open := p.tokens[stack[len(stack)-1]]
			if want := closer(open.Value[0]); want != c {
				d := p.errorTok(t, "expected `%c` to close the %s opened at %s, found `%c`",
					want, p.bracketRole(stack[len(stack)-1]), posString(open.Pos), c)
				d.Hint = fmt.Sprintf("add `%c` before this `%c`, or remove this one", want, c)
				return false
			}
			p.match[stack[len(stack)-1]], p.match[i] = int32(i), int32(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		// Report the innermost unclosed ( or [ if any: they rarely span
		// lines, so they are the likelier culprit than an enclosing {.
		i := stack[len(stack)-1]
		for k := len(stack) - 1; k >= 0; k-- {
			if v := p.tokens[stack[k]].Value; v == "(" || v == "[" {
				i = stack[k]
				break
			}
		}
		open := p.tokens[i]
		d := p.errorTok(open, "`%s` opened here is never closed: expected `%c` to close the %s",
			open.Value, closer(open.Value[0]), p.bracketRole(i))
		d.Detail = "The file ends before the matching bracket."
		return false
	}
	return true
}

func closer(open byte) byte {
	switch open {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

// bracketRole names what the bracket at tokens[i] opens, judging by the
// tokens before it, for messages such as "the parameter list of `hello`".
func (p *parseState) bracketRole(i int) string {
	open := p.tokens[i].Value
	prev := func(k int) token {
		if i-k < 0 {
			return token{}
		}
		return p.tokens[i-k]
	}
	isDeclKeyword := func(t token) bool {
		return t.Type == tokIdent && (t.Value == "task" || t.Value == "webhook" || t.Value == "echo" || t.Value == "workflow")
	}
	switch open {
	case "(":
		if prev(1).Type == tokIdent && isDeclKeyword(prev(2)) {
			return fmt.Sprintf("parameter list of `%s`", prev(1).Value)
		}
		if prev(1).Value == "->" {
			return "result list"
		}
		if prev(1).Type == tokIdent {
			return fmt.Sprintf("argument list of `%s`", prev(1).Value)
		}
		return "parenthesis"
	case "[":
		if prev(1).Type == tokIdent && (prev(2).Value == ":" || prev(2).Value == "->" || prev(2).Value == "[" || prev(2).Value == ",") {
			switch prev(1).Value {
			case "list", "map":
				return "type arguments"
			case "file", "dir":
				return fmt.Sprintf("format of `%s`", prev(1).Value)
			}
		}
		return "list"
	}
	if prev(4).Type == tokIdent && prev(4).Value == "launchplan" && prev(2).Value == "=" {
		return fmt.Sprintf("body of launch plan `%s`", prev(3).Value)
	}
	// "{" opens a declaration body when it follows the header: scan back
	// over a balanced header to the declaration keyword.
	depth := 0
	for k := i - 1; k >= 0; k-- {
		t := p.tokens[k]
		switch t.Value {
		case ")", "]", "}":
			depth++
		case "(", "[":
			depth--
		case "{":
			if depth == 0 {
				return "dict"
			}
			depth--
		case "=", ":", ",":
			if depth == 0 {
				return "dict"
			}
		}
		if depth == 0 && isDeclKeyword(t) && t.Type == tokIdent && k+1 < len(p.tokens) && p.tokens[k+1].Type == tokIdent {
			kind := t.Value
			if kind == "workflow" {
				return fmt.Sprintf("body of workflow `%s`", p.tokens[k+1].Value)
			}
			return fmt.Sprintf("body of %s `%s`", kind, p.tokens[k+1].Value)
		}
		if depth < 0 {
			return "dict"
		}
	}
	return "dict"
}

func posString(p tokenPos) string { return p.pos().String() }
