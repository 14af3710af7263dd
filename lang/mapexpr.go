package lang

import "fmt"

// MapExpr maps a call over lists: `[fetch(region = r) for r in regions]`,
// `[join(a = x, b = y) for x, y in zip(xs, ys)] with {concurrency = 4}`.
// The parser takes any expression as the body; the compiler insists on
// exactly one call.
type MapExpr struct {
	span
	Body  Expr
	Vars  []*Ident
	Zip   *Ident // the `zip` of `in zip(…)`; nil for a single list
	Lists []Expr // one list per variable with zip, else one
	With  *FieldBlock
}

func (*MapExpr) expr()    {}
func (*MapExpr) operand() {}

// Keywords are the words that cannot name a declaration, a parameter or a
// variable. The control-flow words were added after programs existed that
// may use them as names; KeywordSince says so in the diagnostic.
var Keywords = map[string]bool{
	"task": true, "webhook": true, "echo": true, "workflow": true, "return": true,
	"true": true, "false": true, "null": true, "inputs": true, "secrets": true,
	"if": true, "else": true, "and": true, "or": true, "for": true, "in": true,
	"with": true, "fail": true, "zip": true,
}

// IsControlKeyword reports whether name is one of the control-flow
// keywords (maps, conditionals, with-blocks), which older programs may
// have used as names.
func IsControlKeyword(name string) bool {
	switch name {
	case "if", "else", "and", "or", "for", "in", "with", "fail", "zip":
		return true
	}
	return false
}

func (p *exprParser) isKeyword(word string) bool {
	t := p.lex.Peek()
	return t.Type == tokIdent && t.Value == word
}

// comprehension parses what follows `[body` when the next token is `for`:
// `for a, b in zip(xs, ys)]` or `for a in xs]`, then an optional
// `with {…}`.
func (p *exprParser) comprehension(open token, body Expr) (Operand, error) {
	m := &MapExpr{Body: body}
	m.Pos = open.Pos
	p.next() // "for"
	for {
		if p.lex.Peek().Type != tokIdent {
			return nil, p.fail("a loop variable name after `for`")
		}
		m.Vars = append(m.Vars, p.ident())
		if !p.peekIs(",") {
			break
		}
		p.next()
	}
	if !p.isKeyword("in") {
		err := p.fail("`in` after the loop variables").(*exprSyntaxError)
		err.hint = "a map is written [call(x = v) for v in list]"
		return nil, err
	}
	p.next()
	if p.isKeyword("zip") && p.lex.Peek2().Type == tokPunct && p.lex.Peek2().Value == "(" {
		m.Zip = p.ident()
		zopen, _ := p.next()
		for !p.peekIs(")") {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			m.Lists = append(m.Lists, e)
			if !p.peekIs(",") {
				break
			}
			p.next()
		}
		if !p.peekIs(")") {
			return nil, p.fail(fmt.Sprintf("`,` or `)` to close the zip opened at %s", posString(zopen.Pos)))
		}
		p.next()
	} else {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		m.Lists = append(m.Lists, e)
	}
	if !p.peekIs("]") {
		return nil, p.fail(fmt.Sprintf("`]` to close the map opened at %s", posString(open.Pos)))
	}
	m.EndPos = p.closing()
	if p.isKeyword("with") && p.lex.Peek2().Type == tokPunct && p.lex.Peek2().Value == "{" {
		p.next()
		fb, err := p.fieldBlock(false)
		if err != nil {
			return nil, err
		}
		m.With, m.EndPos = fb, fb.EndPos
	}
	return m, nil
}
