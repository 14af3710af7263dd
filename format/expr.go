package format

import "github.com/wfc-lang/wfc/lang"

func (p *printer) stmt(s *lang.Stmt) {
	if s.Return != nil {
		p.keyword(lang.RangeOf(s.Return).Start, "return")
		if len(s.Return.Values) > 0 {
			p.write(" ")
			p.wrapped(nodes(s.Return.Values), func(i int) { p.expr(s.Return.Values[i]) })
		}
		return
	}
	p.wrapped(nodes(s.Exprs), func(i int) { p.expr(s.Exprs[i]) })
	if s.Value != nil {
		p.write(" = ")
		p.expr(s.Value)
	}
}

func (p *printer) expr(e lang.Expr) {
	switch e := e.(type) {
	case *lang.Chain:
		for i, op := range e.Operands {
			if i > 0 {
				p.write(" >> ")
			}
			p.expr(op)
		}
	case *lang.NameExpr:
		p.ident(e.Name)
		if e.Call != nil {
			r := lang.RangeOf(e.Call)
			p.list(list{
				open: "(", close: ")", openAt: r.Start, closeAt: before(r),
				items: nodes(e.Call.Args),
				item: func(i int) {
					a := e.Call.Args[i]
					p.ident(a.Name)
					p.write(" = ")
					p.expr(a.Value)
				},
			})
		}
		for _, a := range e.Attrs {
			p.write(".")
			p.ident(a)
		}
	case *lang.StringLit:
		p.tok(lang.RangeOf(e), e.Raw)
	case *lang.NumberLit:
		s := e.Int + e.Float + e.Duration // one is set
		if e.Neg {
			s = "-" + s
		}
		p.tok(lang.RangeOf(e), s)
	case *lang.BoolLit:
		p.tok(lang.RangeOf(e), e.Raw)
	case *lang.NullLit:
		p.tok(lang.RangeOf(e), "null")
	case *lang.ListLit:
		r := lang.RangeOf(e)
		p.list(list{
			open: "[", close: "]", openAt: r.Start, closeAt: before(r),
			items: nodes(e.Elems),
			item:  func(i int) { p.expr(e.Elems[i]) },
		})
	case *lang.DictLit:
		r := lang.RangeOf(e)
		p.list(list{
			open: "{", close: "}", openAt: r.Start, closeAt: before(r),
			items: nodes(e.Entries),
			item: func(i int) {
				en := e.Entries[i]
				p.tok(lang.RangeOf(en.Key), en.Key.Raw)
				p.write(": ")
				p.expr(en.Value)
			},
		})
	case *lang.MapExpr:
		p.mapExpr(e)
	case *lang.IfExpr:
		p.ifExpr(e, p.branchesAsBlocks(e))
	case *lang.FailExpr:
		r := lang.RangeOf(e)
		p.keyword(r.Start, "fail")
		p.tok(at(p.skip(lang.Pos{Offset: r.Start.Offset + len("fail"), Line: r.Start.Line})), "(")
		p.tok(lang.RangeOf(e.Message), e.Message.Raw)
		p.tok(at(before(r)), ")")
	}
}

// mapExpr prints `[body for vars in lists] with {…}`.
func (p *printer) mapExpr(m *lang.MapExpr) {
	r := lang.RangeOf(m)
	p.tok(at(r.Start), "[")
	p.expr(m.Body)
	p.write(" for ")
	for i, v := range m.Vars {
		if i > 0 {
			p.write(", ")
		}
		p.ident(v)
	}
	p.write(" in ")
	var end lang.Pos
	if m.Zip != nil {
		p.ident(m.Zip)
		open := p.skip(lang.RangeOf(m.Zip).End)
		last := lang.Pos{Offset: open.Offset + 1, Line: open.Line}
		if len(m.Lists) > 0 {
			last = lang.RangeOf(m.Lists[len(m.Lists)-1]).End
		}
		close := p.skip(last)
		if p.src[close.Offset] == ',' { // a trailing comma
			close = p.skip(lang.Pos{Offset: close.Offset + 1, Line: close.Line})
		}
		p.list(list{
			open: "(", close: ")", openAt: open, closeAt: close,
			items: nodes(m.Lists),
			item:  func(i int) { p.expr(m.Lists[i]) },
		})
		end = close
		end.Offset++
	} else {
		p.expr(m.Lists[0])
		end = lang.RangeOf(m.Lists[0]).End
	}
	p.tok(at(p.skip(end)), "]")
	if m.With != nil {
		p.write(" with ")
		p.fieldBlock(m.With, false)
	}
}

// branchesAsBlocks reports whether the branches of x were written as
// blocks, a line break after the first `{`; all its branches are printed
// alike.
func (p *printer) branchesAsBlocks(x *lang.IfExpr) bool {
	open := p.skip(lang.RangeOf(x.Cond).End)
	return lang.RangeOf(x.Then).Start.Line > open.Line
}

// ifExpr prints `if cond { then } else …`.
func (p *printer) ifExpr(x *lang.IfExpr, asBlocks bool) {
	p.keyword(lang.RangeOf(x).Start, "if")
	p.write(" ")
	p.cond(x.Cond, "")
	p.write(" ")
	close := p.branch(p.skip(lang.RangeOf(x.Cond).End), x.Then, asBlocks)
	if x.Else == nil {
		return
	}
	elseAt := p.skip(lang.Pos{Offset: close.Offset + 1, Line: close.Line})
	p.flush(elseAt.Offset)
	if !p.broken {
		p.write(" ")
	}
	p.keyword(elseAt, "else ")
	next := p.skip(lang.Pos{Offset: elseAt.Offset + len("else"), Line: elseAt.Line})
	if elseIf, ok := x.Else.(*lang.IfExpr); ok && p.src[next.Offset] != '{' {
		p.ifExpr(elseIf, asBlocks)
		return
	}
	p.branch(next, x.Else, asBlocks)
}

// branch prints `{ body }` whose `{` is at open, and returns where its `}`
// is.
func (p *printer) branch(open lang.Pos, body lang.Expr, asBlock bool) lang.Pos {
	r := lang.RangeOf(body)
	close := p.skip(r.End)
	if !asBlock {
		p.tok(at(open), "{")
		p.write(" ")
		p.expr(body)
		p.flush(close.Offset)
		if !p.broken {
			p.write(" ")
		}
		p.tok(at(close), "}")
		return close
	}
	outer, lineIndent := p.openBlock(at(open), "{")
	p.startLine(r)
	p.expr(body)
	p.closeBlock(close, "}", outer, lineIndent)
	return close
}

// cond prints a condition, in the parentheses it was written in; within
// an `and`, an `or` needs them.
func (p *printer) cond(c lang.Cond, within string) {
	r := lang.RangeOf(c)
	var left lang.Node
	switch c := c.(type) {
	case *lang.Comparison:
		left = c.Left
	case *lang.Logical:
		left = c.Left
	}
	paren := r.Start.Offset != lang.RangeOf(left).Start.Offset
	if l, ok := c.(*lang.Logical); ok && l.Op == "or" && within == "and" {
		paren = true
	}
	if paren {
		p.tok(at(r.Start), "(")
	}
	switch c := c.(type) {
	case *lang.Comparison:
		p.expr(c.Left)
		p.write(" " + c.Op + " ")
		p.expr(c.Right)
	case *lang.Logical:
		p.cond(c.Left, c.Op)
		p.write(" " + c.Op + " ")
		p.cond(c.Right, c.Op)
	}
	if paren {
		p.tok(at(before(r)), ")")
	}
}
