package lang

import "fmt"

// Declarations — imports, tasks, workflows and launch plans — are parsed
// by recursive descent over the lexer's tokens, a method per production of
// declGrammar; expressions and workflow bodies by the exprParser they
// share the token cursor and node slabs with.

// declGrammar is the EBNF of declarations; Expr and Body are exprGrammar's.
// TestGrammarGolden keeps both in testdata/golden/grammar.ebnf.
const declGrammar = `File = Import* Decl* .
Import = "import" <string> .
Decl = TaskDecl | WorkflowDecl | LaunchPlanDecl .
TaskDecl = ("task" | "echo" | "webhook") <ident> ParamList? ("->" ResultList)? FieldBlock? .
WorkflowDecl = "workflow" <ident> ParamList? ("->" ResultList)? ("with" FieldBlock)? Body .
LaunchPlanDecl = "launchplan" <ident> "=" <ident> "{" (PlanField ","?)* "}" .
PlanField = <ident> "=" (FieldBlock | Expr) .
ParamList = "(" (Param ("," Param)* ","?)? ")" .
Param = <ident> ":" TypeExpr ("=" Expr)? .
ResultList = ("(" (Result ("," Result)* ","?)? ")") | TypeExpr .
Result = (<ident> ":")? TypeExpr .
TypeExpr = <ident> ("[" (<string> | (TypeExpr ("," TypeExpr)*)) "]")? "?"? .
FieldBlock = "{" (Field ","?)* "}" .
Field = <ident> "=" (Expr | FieldBlock) .`

// Words for what a parser expected, as syntax errors say them.
const (
	wantDecl   = "a declaration (`task`, `webhook`, `echo`, `workflow` or `launchplan`)"
	wantName   = "a name"
	wantType   = "a type"
	wantParam  = "a parameter (`name: type`)"
	wantResult = "a result type"
	wantValue  = "a value"
)

// expectedError is a syntax error at pos where one of expected (in words)
// should have been; parseState.syntaxError words it.
type expectedError struct {
	pos      tokenPos
	expected []string
}

func (e *expectedError) Error() string { return "expected " + joinOr(e.expected) }

// declParser parses a file's imports and declarations.
type declParser struct {
	exprParser
	st *parseState // for diagnostics that do not stop the parse
}

// parseFile parses p.tokens into p.file's imports and declarations.
func (p *parseState) parseFile() error {
	d := &declParser{exprParser: exprParser{lex: &sliceCursor{toks: p.tokens}}, st: p}
	f := p.file
	for d.isKeyword("import") {
		im, err := d.importDecl()
		if err != nil {
			return err
		}
		f.Imports = append(f.Imports, im)
	}
	for !d.lex.Peek().EOF() {
		decl, err := d.decl()
		if err != nil {
			return err
		}
		f.Decls = append(f.Decls, decl)
	}
	if len(p.tokens) > 1 {
		f.set(p.tokens[0].Pos, p.tokens[len(p.tokens)-2].end())
	}
	return nil
}

// expected returns a syntax error at the next token.
func (d *declParser) expected(words ...string) error {
	return &expectedError{pos: d.lex.Peek().Pos, expected: words}
}

// punct consumes the punctuation tok, or fails.
func (d *declParser) punct(tok string) error {
	if !d.peekIs(tok) {
		return d.expected("`" + tok + "`")
	}
	d.next()
	return nil
}

// name parses an identifier, or fails saying what was wanted.
func (d *declParser) name(want string) (*Ident, error) {
	if d.lex.Peek().Type != tokIdent {
		return nil, d.expected(want)
	}
	return d.ident(), nil
}

func (d *declParser) importDecl() (*Import, error) {
	kw, _ := d.next()
	t := *d.lex.Peek()
	if !isStringTok(&t) {
		return nil, d.expected("an import path (a string)")
	}
	_, end := d.next()
	im := &Import{Quoted: t.Value}
	im.set(kw.Pos, end)
	return im, nil
}

func (d *declParser) decl() (Decl, error) {
	t := *d.lex.Peek()
	if t.Type == tokIdent {
		switch t.Value {
		case "task", "echo", "webhook":
			return d.taskDecl()
		case "workflow":
			return d.workflowDecl()
		case "launchplan":
			return d.launchPlanDecl()
		}
	}
	return nil, d.expected(wantDecl)
}

func (d *declParser) taskDecl() (*TaskDecl, error) {
	kw, _ := d.next()
	td := &TaskDecl{Kind: kw.Value}
	td.Pos = kw.Pos
	var err error
	if td.Name, err = d.name(wantName); err != nil {
		return nil, err
	}
	td.EndPos = td.Name.EndPos
	if td.Params, td.Results, err = d.signature(&td.span); err != nil {
		return nil, err
	}
	if d.peekIs("{") {
		if td.Body, err = d.fieldBlock(true); err != nil {
			return nil, err
		}
		td.EndPos = td.Body.EndPos
	}
	return td, nil
}

// signature parses the optional parameter list and results of a task or
// workflow, moving s's end past them.
func (d *declParser) signature(s *span) (*ParamList, *ResultList, error) {
	var params *ParamList
	var results *ResultList
	var err error
	if d.peekIs("(") {
		if params, err = d.paramList(); err != nil {
			return nil, nil, err
		}
		s.EndPos = params.EndPos
	}
	if d.peekIs("->") {
		d.next()
		if results, err = d.resultList(); err != nil {
			return nil, nil, err
		}
		s.EndPos = results.EndPos
	}
	return params, results, nil
}

func (d *declParser) workflowDecl() (*WorkflowDecl, error) {
	kw, _ := d.next()
	wd := &WorkflowDecl{}
	wd.Pos = kw.Pos
	var err error
	if wd.Name, err = d.name(wantName); err != nil {
		return nil, err
	}
	if wd.Params, wd.Results, err = d.signature(&wd.span); err != nil {
		return nil, err
	}
	if d.isKeyword("with") {
		d.next()
		if !d.peekIs("{") {
			return nil, d.expected("`{`")
		}
		if wd.With, err = d.fieldBlock(true); err != nil {
			return nil, err
		}
	}
	if !d.peekIs("{") {
		t := *d.lex.Peek()
		return nil, &exprSyntaxError{pos: t.Pos,
			msg:  fmt.Sprintf("expected `{` to open the body of workflow `%s`, found %s", wd.Name.Name, describeToken(t)),
			hint: "a workflow's statements go in braces after its header"}
	}
	closeAt := int(d.st.match[d.lex.i]) // the body's "}"
	open, _ := d.next()
	wd.Body = &Block{}
	for d.lex.i != closeAt {
		st, err := d.stmt()
		if err != nil {
			return nil, err
		}
		if st == nil {
			return nil, d.fail(fmt.Sprintf("a statement, or `}` to close the body of workflow `%s` opened at %s", wd.Name.Name, posString(open.Pos)))
		}
		wd.Stmts = append(wd.Stmts, st)
	}
	wd.EndPos = d.closing()
	wd.Body.set(open.Pos, wd.EndPos)
	return wd, nil
}

func (d *declParser) launchPlanDecl() (*LaunchPlanDecl, error) {
	kw, _ := d.next()
	lp := &LaunchPlanDecl{}
	lp.Pos = kw.Pos
	var err error
	if lp.Name, err = d.name(wantName); err != nil {
		return nil, err
	}
	if err := d.punct("="); err != nil {
		return nil, err
	}
	if lp.Workflow, err = d.name(wantName); err != nil {
		return nil, err
	}
	if err := d.punct("{"); err != nil {
		return nil, err
	}
	for d.lex.Peek().Type == tokIdent {
		fl := &PlanField{Name: d.ident()}
		fl.Pos = fl.Name.Pos
		if err := d.punct("="); err != nil {
			return nil, err
		}
		switch {
		case d.opensBlock():
			if fl.Inputs, err = d.fieldBlock(true); err != nil {
				return nil, err
			}
			fl.EndPos = fl.Inputs.EndPos
		case startsOperand(d.lex.Peek()):
			if fl.Value, err = d.expr(); err != nil {
				return nil, err
			}
			fl.EndPos = fl.Value.nodeSpan().EndPos
		default:
			return nil, d.expected("`{`", wantValue)
		}
		lp.Fields = append(lp.Fields, fl)
		if d.peekIs(",") {
			d.next()
		}
	}
	if !d.peekIs("}") {
		return nil, d.expected("`}`")
	}
	lp.EndPos = d.closing()
	return lp, nil
}

// opensBlock reports whether the next tokens open a block of settings,
// `{ name = …` or `{}`, rather than a dict, whose keys are strings.
func (d *declParser) opensBlock() bool {
	return d.peekIs("{") && (d.lex.Peek2().Type == tokPunct && d.lex.Peek2().Value == "}" || d.opensSettings())
}

// value parses an expression, or fails wanting a value.
func (d *declParser) value() (Expr, error) {
	if !startsOperand(d.lex.Peek()) {
		return nil, d.expected(wantValue)
	}
	return d.expr()
}

func (d *declParser) paramList() (*ParamList, error) {
	pl := &ParamList{}
	var err error
	pl.Pos, pl.EndPos, err = d.parenList(wantParam, func() error {
		pm, err := d.param()
		if err == nil {
			pl.Params = append(pl.Params, pm)
		}
		return err
	})
	return pl, err
}

func (d *declParser) param() (*Param, error) {
	pm := &Param{Name: d.ident()}
	pm.Pos = pm.Name.Pos
	if err := d.punct(":"); err != nil {
		return nil, err
	}
	var err error
	if pm.Type, err = d.typeExpr(); err != nil {
		return nil, err
	}
	pm.EndPos = pm.Type.EndPos
	if d.peekIs("=") {
		d.next()
		if pm.Default, err = d.value(); err != nil {
			return nil, err
		}
		pm.EndPos = pm.Default.nodeSpan().EndPos
	}
	return pm, nil
}

func (d *declParser) resultList() (*ResultList, error) {
	rl := &ResultList{}
	if !d.peekIs("(") {
		if d.lex.Peek().Type != tokIdent {
			return nil, d.expected(wantResult)
		}
		t, err := d.typeExpr()
		if err != nil {
			return nil, err
		}
		rl.Single, rl.span = t, t.span
		return rl, nil
	}
	rl.Paren = true
	var err error
	rl.Pos, rl.EndPos, err = d.parenList(wantResult, func() error {
		r, err := d.result()
		if err == nil {
			rl.Results = append(rl.Results, r)
		}
		return err
	})
	return rl, err
}

// parenList parses `(item, …)`, a trailing comma allowed, calling item at
// each element, which starts with a name (want says what it is). It
// returns where the list starts and ends.
func (d *declParser) parenList(want string, item func() error) (start, end tokenPos, err error) {
	open, _ := d.next()
	for !d.peekIs(")") {
		if d.lex.Peek().Type != tokIdent {
			return open.Pos, end, d.expected(want, "`)`")
		}
		if err := item(); err != nil {
			return open.Pos, end, err
		}
		if !d.peekIs(",") {
			if !d.peekIs(")") {
				return open.Pos, end, d.expected("`,`", "`)`")
			}
			break
		}
		d.next()
	}
	return open.Pos, d.closing(), nil
}

// result parses `type` or `name: type`. Both start with a name, so the
// first is read as a type and, when a ":" follows, must be a bare name.
func (d *declParser) result() (*Result, error) {
	first, err := d.typeExpr()
	if err != nil {
		return nil, err
	}
	r := &Result{Type: first}
	r.span = first.span
	if !d.peekIs(":") {
		return r, nil
	}
	d.next()
	if first.Format != nil || len(first.Args) > 0 || first.Optional {
		d.st.errorNode(first, "expected a result name before `:`, found type `%s`", typeText(first)).Hint =
			"name a result as `name: type`"
	}
	if r.Type, err = d.typeExpr(); err != nil {
		return nil, err
	}
	r.Name, r.EndPos = first.Name, r.Type.EndPos
	return r, nil
}

func (d *declParser) typeExpr() (*TypeExpr, error) {
	name, err := d.name(wantType)
	if err != nil {
		return nil, err
	}
	t := &TypeExpr{Name: name}
	t.span = name.span
	if d.peekIs("[") {
		d.next()
		if tok := *d.lex.Peek(); tok.Type == tokString {
			_, end := d.next()
			t.Format = &StringLit{Raw: tok.Value}
			t.Format.set(tok.Pos, end)
		} else {
			for {
				arg, err := d.typeExpr()
				if err != nil {
					return nil, err
				}
				t.Args = append(t.Args, arg)
				if !d.peekIs(",") {
					break
				}
				d.next()
			}
		}
		if !d.peekIs("]") {
			if t.Format != nil {
				return nil, d.expected("`]`")
			}
			return nil, d.expected("`,`", "`]`")
		}
		t.EndPos = d.closing()
	}
	if d.peekIs("?") {
		_, end := d.next()
		t.Optional, t.EndPos = true, end
	}
	return t, nil
}

// fieldBlock parses `{ name = value … }`, fields separated by newlines or
// commas. In declarations (nested) a field's value may itself be a block,
// `requests = {cpu = "500m"}`; in a map's `with` it is a value.
func (p *exprParser) fieldBlock(nested bool) (*FieldBlock, error) {
	open, _ := p.next()
	fb := &FieldBlock{}
	fb.Pos = open.Pos
	for !p.peekIs("}") {
		name := *p.lex.Peek()
		if eq := p.lex.Peek2(); name.Type != tokIdent || eq.Type != tokPunct || eq.Value != "=" {
			if !nested {
				return nil, p.fail(fmt.Sprintf("a setting `name = value`, or `}` to close the block opened at %s", posString(open.Pos)))
			}
			if name.Type == tokIdent {
				p.next()
				return nil, &expectedError{pos: p.lex.Peek().Pos, expected: []string{"`=`"}}
			}
			return nil, &expectedError{pos: name.Pos, expected: []string{"`}`"}}
		}
		f := &Field{Name: p.ident()}
		f.Pos = name.Pos
		p.next() // "="
		switch {
		case startsOperand(p.lex.Peek()) && !(nested && p.opensSettings()):
			v, err := p.expr()
			if err != nil {
				return nil, err
			}
			f.Value, f.EndPos = v, v.nodeSpan().EndPos
		case nested && p.peekIs("{"):
			b, err := p.fieldBlock(true)
			if err != nil {
				return nil, err
			}
			f.Block, f.EndPos = b, b.EndPos
		case nested:
			return nil, &expectedError{pos: p.lex.Peek().Pos, expected: []string{wantValue, "`{`"}}
		default:
			return nil, p.fail(wantValue)
		}
		fb.Fields = append(fb.Fields, f)
		if p.peekIs(",") {
			p.next()
		}
	}
	fb.EndPos = p.closing()
	return fb, nil
}

// opensSettings reports whether the cursor is at `{ name =`, a block of
// settings rather than a dict, whose keys are strings.
func (p *exprParser) opensSettings() bool {
	c := p.lex
	if !p.peekIs("{") || c.i+2 >= len(c.toks) {
		return false
	}
	name, eq := c.toks[c.i+1], c.toks[c.i+2]
	return name.Type == tokIdent && eq.Type == tokPunct && eq.Value == "="
}
