package lang

import (
	"fmt"

	"github.com/wfc-lang/wfc/internal/slab"
)

// Expressions and workflow bodies are parsed by recursive descent over the
// lexer's tokens, looking at each token once; their grammar is exprGrammar.

// exprGrammar is the EBNF of expressions and workflow bodies, which
// exprParser implements.
const exprGrammar = `Body = "{" Statement* "}" .
Statement = ReturnStmt | (Expr ("," Expr)* ("=" Expr)?) .
ReturnStmt = "return" (Expr ("," Expr)*)? .
Expr = Operand (">>" Operand)* .
Operand = <string> | <triplestring> | "-"? (<int> | <float> | <duration>) | "true" | "false" | "null" | List | Map | If | Dict | NameExpr .
List = "[" (Expr ("," Expr)* ","?)? "]" .
Map = "[" Expr "for" <ident> ("," <ident>)* "in" (("zip" "(" Expr ("," Expr)* ")") | Expr) "]" ("with" FieldBlock)? .
If = "if" Or Branch ("else" (If | Branch))? .
Branch = "{" (("fail" "(" (<string> | <triplestring>) ")") | Expr) "}" .
Or = And ("or" And)* .
And = Compare ("and" Compare)* .
Compare = ("(" Or ")") | (Operand ("==" | "!=" | "<" | "<=" | ">" | ">=") Operand) .
Dict = "{" (DictEntry ("," DictEntry)* ","?)? "}" .
DictEntry = (<string> | <triplestring>) ":" Expr .
NameExpr = <ident> ArgList? ("." <ident>)* .
ArgList = "(" (Arg ("," Arg)* ","?)? ")" .
Arg = <ident> "=" Expr .`

// exprSyntaxError is a syntax error already worded for people.
type exprSyntaxError struct {
	pos  tokenPos
	msg  string
	hint string

	// For a positional argument: its end and the called name.
	end          tokenPos
	positionalIn string
}

func (e *exprSyntaxError) Error() string { return e.msg }

// sliceCursor reads a slice of tokens whose last token, EOF, it never
// passes.
type sliceCursor struct {
	toks []token
	i    int
}

func (c *sliceCursor) Peek() *token { return &c.toks[c.i] }
func (c *sliceCursor) Next() *token {
	t := &c.toks[c.i]
	if c.i < len(c.toks)-1 {
		c.i++
	}
	return t
}

// Peek2 returns the token after Peek's.
func (c *sliceCursor) Peek2() *token { return &c.toks[min(c.i+1, len(c.toks)-1)] }

// exprParser parses statements and expressions from a cursor.
type exprParser struct {
	lex *sliceCursor
	// The most common nodes are carved out of slabs, a few hundred per
	// allocation: a generated workflow has 100,000 statements, and one
	// allocation per node made the allocator a fifth of parsing.
	idents  []Ident
	names   []NameExpr
	argSlab []Arg
	lists   []ArgList
	stmts   []Stmt
	numbers []NumberLit
	// Backing for the short slices most statements and calls hold.
	exprSlices []Expr
	argSlices  []*Arg
}

func startsOperand(t *token) bool {
	switch t.Type {
	case tokString, tokTripleString, tokInt, tokFloat, tokDuration:
		return true
	case tokIdent:
		return t.Value != "return" // a statement keyword, not a value
	case tokPunct:
		return t.Value == "-" || t.Value == "[" || t.Value == "{"
	}
	return false
}

func (p *exprParser) expr() (Expr, error) {
	first, err := p.operand()
	if err != nil {
		return nil, err
	}
	if p.lex.Peek().Value != ">>" || p.lex.Peek().Type != tokPunct {
		return first, nil
	}
	ch := &Chain{Operands: []Operand{first}}
	ch.Pos = first.nodeSpan().Pos
	for p.lex.Peek().Type == tokPunct && p.lex.Peek().Value == ">>" {
		p.lex.Next()
		op, err := p.operand()
		if err != nil {
			return nil, err
		}
		ch.Operands = append(ch.Operands, op)
	}
	ch.EndPos = ch.Operands[len(ch.Operands)-1].nodeSpan().EndPos
	return ch, nil
}

// next consumes a token and returns it with its end position.
func (p *exprParser) next() (token, tokenPos) {
	t := *p.lex.Next()
	return t, t.end()
}

// closing consumes a closing bracket and returns its end, where the
// bracketed node ends.
func (p *exprParser) closing() tokenPos {
	_, end := p.next()
	return end
}

func (p *exprParser) peekIs(value string) bool {
	t := p.lex.Peek()
	return t.Type == tokPunct && t.Value == value
}

// fail builds a syntax error at the next token: "expected X, found Y".
func (p *exprParser) fail(expected string) error {
	t := *p.lex.Peek()
	return &exprSyntaxError{pos: t.Pos, msg: fmt.Sprintf("expected %s, found %s", expected, describeToken(t))}
}

func (p *exprParser) operand() (Operand, error) {
	t := *p.lex.Peek()
	switch t.Type {
	case tokString, tokTripleString:
		_, end := p.next()
		s := &StringLit{Raw: t.Value}
		s.set(t.Pos, end)
		return s, nil
	case tokInt, tokFloat, tokDuration:
		return p.number(t.Pos, false), nil
	case tokIdent:
		switch t.Value {
		case "true", "false":
			_, end := p.next()
			b := &BoolLit{Raw: t.Value}
			b.set(t.Pos, end)
			return b, nil
		case "null":
			_, end := p.next()
			n := &NullLit{}
			n.set(t.Pos, end)
			return n, nil
		case "return", "task", "webhook", "echo", "workflow":
			return nil, p.fail("a value")
		case "if":
			if n := p.lex.Peek2(); n.Type == tokPunct && (n.Value == "=" || n.Value == "," || n.Value == ")" || n.Value == "." || n.Value == "(") {
				// A name, in a program older than conditionals.
				err := p.fail("a value").(*exprSyntaxError)
				err.msg = "`if` is a keyword and cannot be used as a name"
				err.hint = "rename it, for example to if_"
				return nil, err
			}
			return p.ifExpr()
		case "fail":
			// fail("message"); anything else is a call of something
			// named fail, which the checker reports as a keyword misused.
			id := p.ident()
			if p.peekIs("(") && isStringTok(p.lex.Peek2()) {
				return p.failExpr(id) // the checker says where it belongs
			}
			return p.nameExprFrom(id)
		}
		return p.nameExpr()
	case tokPunct:
		switch t.Value {
		case "-":
			p.next()
			switch p.lex.Peek().Type {
			case tokInt, tokFloat, tokDuration:
				return p.number(t.Pos, true), nil
			}
			return nil, p.fail("a number after `-`")
		case "[":
			return p.list()
		case "{":
			return p.dict()
		}
	}
	return nil, p.fail("a value")
}

func (p *exprParser) number(start tokenPos, neg bool) *NumberLit {
	t, end := p.next()
	n := slab.Take(&p.numbers)
	n.Neg = neg
	switch t.Type {
	case tokInt:
		n.Int = t.Value
	case tokFloat:
		n.Float = t.Value
	default:
		n.Duration = t.Value
	}
	n.set(start, end)
	return n
}

// list parses [a, b, …]; brackets are known to balance (checkBrackets).
func (p *exprParser) list() (Operand, error) {
	open, _ := p.next()
	l := &ListLit{}
	l.Pos = open.Pos
	for !p.peekIs("]") {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if len(l.Elems) == 0 && p.isKeyword("for") {
			return p.comprehension(open, e)
		}
		l.Elems = append(l.Elems, e)
		if !p.peekIs(",") {
			break
		}
		p.next()
	}
	if !p.peekIs("]") {
		return nil, p.fail(fmt.Sprintf("`,` or `]` to close the list opened at %s", posString(open.Pos)))
	}
	l.EndPos = p.closing()
	return l, nil
}

func (p *exprParser) dict() (Operand, error) {
	open, _ := p.next()
	d := &DictLit{}
	d.Pos = open.Pos
	for !p.peekIs("}") {
		k := *p.lex.Peek()
		if k.Type != tokString && k.Type != tokTripleString {
			err := p.fail("a dict key (a string)").(*exprSyntaxError)
			if k.Type == tokIdent {
				err.msg = fmt.Sprintf("dict keys are strings: write %q, found %s", k.Value, describeToken(k))
			}
			return nil, err
		}
		_, kend := p.next()
		key := &StringLit{Raw: k.Value}
		key.set(k.Pos, kend)
		if !p.peekIs(":") {
			err := p.fail("`:` after the dict key").(*exprSyntaxError)
			if p.peekIs("=") {
				err.hint = "dict entries are written `\"key\": value`"
			}
			return nil, err
		}
		p.next()
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		en := &DictEntry{Key: key, Value: v}
		en.Pos = k.Pos
		en.EndPos = v.nodeSpan().EndPos
		d.Entries = append(d.Entries, en)
		if !p.peekIs(",") {
			break
		}
		p.next()
	}
	if !p.peekIs("}") {
		return nil, p.fail(fmt.Sprintf("`,` or `}` to close the dict opened at %s", posString(open.Pos)))
	}
	d.EndPos = p.closing()
	return d, nil
}

func (p *exprParser) ident() *Ident {
	t, end := p.next()
	id := slab.Take(&p.idents)
	id.Name = t.Value
	id.set(t.Pos, end)
	return id
}

func (p *exprParser) nameExpr() (Operand, error) { return p.nameExprFrom(p.ident()) }

// nameExprFrom parses the rest of a name expression whose name is read.
func (p *exprParser) nameExprFrom(id *Ident) (Operand, error) {
	n := slab.Take(&p.names)
	n.Name = id
	n.Pos, n.EndPos = n.Name.Pos, n.Name.EndPos
	if p.peekIs("(") {
		args, err := p.args(n.Name)
		if err != nil {
			return nil, err
		}
		n.Call = args
		n.EndPos = args.EndPos
	}
	for p.peekIs(".") {
		p.next()
		if p.lex.Peek().Type != tokIdent {
			return nil, p.fail("an attribute name after `.`")
		}
		a := p.ident()
		n.Attrs = append(n.Attrs, a)
		n.EndPos = a.EndPos
	}
	return n, nil
}

// args parses a call's keyword arguments.
func (p *exprParser) args(callee *Ident) (*ArgList, error) {
	open, _ := p.next()
	al := slab.Take(&p.lists)
	al.Pos = open.Pos
	for !p.peekIs(")") {
		name := *p.lex.Peek()
		if eq := p.lex.Peek2(); name.Type != tokIdent || eq.Type != tokPunct || eq.Value != "=" {
			return nil, p.positional(callee)
		}
		a := slab.Take(&p.argSlab)
		a.Name = p.ident()
		a.Pos = name.Pos
		p.next() // "="
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		a.Value = v
		a.EndPos = v.nodeSpan().EndPos
		if al.Args == nil {
			al.Args = slab.Slice(&p.argSlices, 2)
		}
		al.Args = append(al.Args, a)
		if !p.peekIs(",") {
			break
		}
		p.next()
	}
	if !p.peekIs(")") {
		return nil, p.fail(fmt.Sprintf("`,` or `)` to close the argument list of `%s` opened at %s", callee.Name, posString(open.Pos)))
	}
	al.EndPos = p.closing()
	return al, nil
}

// positional reports an argument written without its name. The message is
// finished by parseState.syntaxError, which has the source text to quote.
func (p *exprParser) positional(callee *Ident) error {
	start := *p.lex.Peek()
	e, err := p.expr()
	if err != nil {
		return err
	}
	end := e.nodeSpan().EndPos
	return &exprSyntaxError{pos: start.Pos, end: end, positionalIn: callee.Name}
}

// stmt parses one statement, or returns nil when the next token cannot
// start one.
func (p *exprParser) stmt() (*Stmt, error) {
	t := *p.lex.Peek()
	st := slab.Take(&p.stmts)
	st.Pos = t.Pos
	if t.Type == tokIdent && t.Value == "return" {
		_, end := p.next()
		r := &ReturnStmt{}
		r.set(t.Pos, end)
		for startsOperand(p.lex.Peek()) {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			r.Values = append(r.Values, e)
			r.EndPos = e.nodeSpan().EndPos
			if !p.peekIs(",") {
				break
			}
			p.next()
		}
		st.Return, st.EndPos = r, r.EndPos
		return st, nil
	}
	if !startsOperand(&t) {
		return nil, nil
	}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if st.Exprs == nil {
			st.Exprs = slab.Slice(&p.exprSlices, 1)
		}
		st.Exprs = append(st.Exprs, e)
		st.EndPos = e.nodeSpan().EndPos
		if !p.peekIs(",") {
			break
		}
		p.next()
		if !startsOperand(p.lex.Peek()) {
			return nil, p.fail("a value after `,`")
		}
	}
	if p.peekIs("=") {
		p.next()
		if !startsOperand(p.lex.Peek()) {
			return nil, p.fail("a value after `=`")
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		st.Value = v
		st.EndPos = v.nodeSpan().EndPos
	}
	return st, nil
}
