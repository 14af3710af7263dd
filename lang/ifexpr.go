package lang

import "fmt"

// IfExpr is a conditional: `if cond { call } else if cond { call } else {
// fail("…") }`. Each branch holds one expression, which the compiler
// insists is a call or a fail; Else is nil when the source has no else
// (an error the compiler reports), an *IfExpr for `else if`, or the
// else-branch's expression.
type IfExpr struct {
	span
	Cond Cond
	Then Expr
	Else Expr
}

// FailExpr is `fail("message")`: the branch fails the workflow.
type FailExpr struct {
	span
	Message *StringLit
}

// Cond is a condition: a *Comparison or a *Logical.
type Cond interface {
	Node
	cond()
}

// Comparison is `left op right` with op one of == != < <= > >=.
type Comparison struct {
	span
	Op          string
	Left, Right Expr
}

// Logical is `left and right` or `left or right`.
type Logical struct {
	span
	Op          string // "and" or "or"
	Left, Right Cond
}

func (*IfExpr) expr()      {}
func (*IfExpr) operand()   {}
func (*FailExpr) expr()    {}
func (*FailExpr) operand() {}
func (*Comparison) cond()  {}
func (*Logical) cond()     {}

// ifExpr parses `if cond { body } (else (ifExpr | { body }))?`.
func (p *exprParser) ifExpr() (Operand, error) {
	start, _ := p.next() // "if"
	x := &IfExpr{}
	x.Pos = start.Pos
	c, err := p.orCond()
	if err != nil {
		return nil, err
	}
	x.Cond = c
	if x.Then, x.EndPos, err = p.branchBody("`if`"); err != nil {
		return nil, err
	}
	if !p.isKeyword("else") {
		return x, nil
	}
	p.next()
	if p.isKeyword("if") {
		e, err := p.ifExpr()
		if err != nil {
			return nil, err
		}
		x.Else, x.EndPos = e, e.nodeSpan().EndPos
		return x, nil
	}
	if x.Else, x.EndPos, err = p.branchBody("`else`"); err != nil {
		return nil, err
	}
	return x, nil
}

// branchBody parses `{ expr }` or `{ fail("message") }`.
func (p *exprParser) branchBody(after string) (Expr, tokenPos, error) {
	if !p.peekIs("{") {
		err := p.fail(fmt.Sprintf("`{` after the condition of %s", after)).(*exprSyntaxError)
		if p.peekIs("=") {
			err.hint = "compare with `==`"
		}
		return nil, tokenPos{}, err
	}
	open, _ := p.next()
	var body Expr
	if p.isKeyword("fail") {
		f, err := p.operand() // fail("…"), or a call the checker refuses
		if err != nil {
			return nil, tokenPos{}, err
		}
		body = f
	} else {
		if !startsOperand(p.lex.Peek()) {
			return nil, tokenPos{}, p.fail("a call in the branch, or fail(\"message\")")
		}
		e, err := p.expr()
		if err != nil {
			return nil, tokenPos{}, err
		}
		body = e
	}
	if !p.peekIs("}") {
		err := p.fail(fmt.Sprintf("`}` to close the branch opened at %s", posString(open.Pos))).(*exprSyntaxError)
		err.hint = "a branch holds exactly one call"
		return nil, tokenPos{}, err
	}
	return body, p.closing(), nil
}

func isStringTok(t *token) bool { return t.Type == tokString || t.Type == tokTripleString }

// failExpr parses the rest of `fail("message")` after the name: the
// caller saw the parenthesis and the string.
func (p *exprParser) failExpr(id *Ident) (*FailExpr, error) {
	p.next() // "("
	t := *p.lex.Peek()
	_, end := p.next()
	msg := &StringLit{Raw: t.Value}
	msg.set(t.Pos, end)
	if !p.peekIs(")") {
		return nil, p.fail("`)` after the failure's message")
	}
	f := &FailExpr{Message: msg}
	f.Pos, f.EndPos = id.Pos, p.closing()
	return f, nil
}

// orCond parses `and`-conditions joined by `or`; `and` binds tighter.
func (p *exprParser) orCond() (Cond, error) {
	left, err := p.andCond()
	if err != nil {
		return nil, err
	}
	for p.isKeyword("or") {
		p.next()
		right, err := p.andCond()
		if err != nil {
			return nil, err
		}
		left = logical("or", left, right)
	}
	return left, nil
}

func (p *exprParser) andCond() (Cond, error) {
	left, err := p.atomCond()
	if err != nil {
		return nil, err
	}
	for p.isKeyword("and") {
		p.next()
		right, err := p.atomCond()
		if err != nil {
			return nil, err
		}
		left = logical("and", left, right)
	}
	return left, nil
}

func logical(op string, left, right Cond) *Logical {
	l := &Logical{Op: op, Left: left, Right: right}
	l.Pos, l.EndPos = left.nodeSpan().Pos, right.nodeSpan().EndPos
	return l
}

// comparisonOps are the operators of a comparison.
var comparisonOps = map[string]bool{"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true}

// atomCond parses `( cond )` or `operand op operand`.
func (p *exprParser) atomCond() (Cond, error) {
	if p.peekIs("(") {
		open, _ := p.next()
		c, err := p.orCond()
		if err != nil {
			return nil, err
		}
		if !p.peekIs(")") {
			return nil, p.fail(fmt.Sprintf("`)` to close the condition opened at %s", posString(open.Pos)))
		}
		end := p.closing()
		// The parentheses belong to the condition's range, for messages.
		s := c.nodeSpan()
		s.Pos, s.EndPos = open.Pos, end
		return c, nil
	}
	if p.isKeyword("not") {
		err := p.fail("a comparison").(*exprSyntaxError)
		err.hint = "there is no `not`, as in Flyte's conditions: invert the comparison (`!=` for `==`, `>=` for `<`)"
		return nil, err
	}
	left, err := p.condOperand()
	if err != nil {
		return nil, err
	}
	op := *p.lex.Peek()
	if op.Type != tokPunct || !comparisonOps[op.Value] {
		err := p.fail("a comparison operator (== != < <= > >=)").(*exprSyntaxError)
		if op.Type == tokPunct && op.Value == "=" {
			err.hint = "compare with `==`"
		} else {
			err.hint = "a condition compares two values; a bool is tested with `== true`"
		}
		return nil, err
	}
	p.next()
	right, err := p.condOperand()
	if err != nil {
		return nil, err
	}
	c := &Comparison{Op: op.Value, Left: left, Right: right}
	c.Pos, c.EndPos = left.nodeSpan().Pos, right.nodeSpan().EndPos
	return c, nil
}

func (p *exprParser) condOperand() (Expr, error) {
	if !startsOperand(p.lex.Peek()) || p.isKeyword("if") {
		return nil, p.fail("a value to compare")
	}
	return p.operand()
}
