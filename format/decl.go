package format

import "github.com/wfc-lang/wfc/lang"

func (p *printer) file(f *lang.File) {
	for _, im := range f.Imports {
		r := lang.RangeOf(im)
		p.startLine(r)
		p.keyword(r.Start, "import")
		p.write(" ")
		quoted := r
		quoted.Start = lang.Pos{Offset: r.End.Offset - len(im.Quoted), Line: r.End.Line}
		p.tok(quoted, im.Quoted)
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *lang.TaskDecl:
			p.task(d)
		case *lang.WorkflowDecl:
			p.workflow(d)
		case *lang.LaunchPlanDecl:
			p.launchPlan(d)
		}
	}
	p.flushAll()
	if len(p.out) > 0 {
		p.out = append(p.out, '\n')
	}
}

func (p *printer) task(d *lang.TaskDecl) {
	r := lang.RangeOf(d)
	p.startLine(r)
	p.keyword(r.Start, d.Kind)
	p.write(" ")
	p.ident(d.Name)
	p.signature(d.Name, d.Params, d.Results)
	if d.Body != nil {
		p.space(lang.RangeOf(d.Body).Start)
		p.fieldBlock(d.Body, true)
	}
}

func (p *printer) workflow(d *lang.WorkflowDecl) {
	r := lang.RangeOf(d)
	p.startLine(r)
	p.keyword(r.Start, "workflow")
	p.write(" ")
	p.ident(d.Name)
	end := p.signature(d.Name, d.Params, d.Results)
	if d.With != nil {
		with := lang.RangeOf(d.With)
		p.continued(end, with.Start)
		p.write("with ")
		p.fieldBlock(d.With, false)
		end = with.End
	}
	body := lang.RangeOf(d.Body).Start
	p.space(body)
	closeAt := before(r)
	if len(d.Stmts) == 0 && !p.hasComments(body.Offset, closeAt.Offset) {
		p.tok(at(body), "{")
		p.tok(at(closeAt), "}")
		return
	}
	base := p.indent
	p.tok(at(body), "{")
	outer, lineIndent := p.indentBlock(base)
	for _, s := range d.Stmts {
		p.startLine(lang.RangeOf(s))
		p.stmt(s)
	}
	p.closeBlock(closeAt, "}", outer, lineIndent)
}

func (p *printer) launchPlan(d *lang.LaunchPlanDecl) {
	r := lang.RangeOf(d)
	p.startLine(r)
	p.keyword(r.Start, "launchplan")
	p.write(" ")
	p.ident(d.Name)
	p.write(" = ")
	p.ident(d.Workflow)
	wf := lang.RangeOf(d.Workflow)
	open := p.skip(wf.End)
	p.space(open)
	fs := make([]field, len(d.Fields))
	for i, f := range d.Fields {
		fs[i] = field{node: f, name: f.Name}
		if f.Inputs != nil {
			fs[i].value, fs[i].print = f.Inputs, func() { p.fieldBlock(f.Inputs, false) }
		} else {
			fs[i].value, fs[i].print = f.Value, func() { p.expr(f.Value) }
		}
	}
	p.block(open, before(r), fs, true)
}

// signature prints a declaration's parameters and results and returns
// where they end in the source.
func (p *printer) signature(name *lang.Ident, params *lang.ParamList, results *lang.ResultList) lang.Pos {
	end := lang.RangeOf(name).End
	if params != nil {
		r := lang.RangeOf(params)
		p.list(list{
			open: "(", close: ")", openAt: r.Start, closeAt: before(r),
			items: nodes(params.Params),
			item:  func(i int) { p.param(params.Params[i]) },
		})
		end = r.End
	}
	if results != nil {
		r := lang.RangeOf(results)
		p.continued(end, r.Start)
		p.write("-> ")
		if results.Single != nil {
			p.typ(results.Single)
		} else {
			p.list(list{
				open: "(", close: ")", openAt: r.Start, closeAt: before(r),
				items: nodes(results.Results),
				item:  func(i int) { p.result(results.Results[i]) },
			})
		}
		end = r.End
	}
	return end
}

// continued separates the part of a declaration's header at next (`->`,
// `with`) from what ends at prev: a space, or a line break indented two
// levels where the source broke the line.
func (p *printer) continued(prev, next lang.Pos) {
	p.flush(next.Offset)
	if p.broken || next.Line > prev.Line {
		p.newline(0, p.indent+2*indentWidth)
		return
	}
	p.write(" ")
}

// space writes the space before a block's `{`, after the comments before
// it.
func (p *printer) space(open lang.Pos) {
	p.flush(open.Offset)
	if !p.broken {
		p.write(" ")
	}
}

func (p *printer) param(pa *lang.Param) {
	p.ident(pa.Name)
	p.write(": ")
	p.typ(pa.Type)
	if pa.Default != nil {
		p.write(" = ")
		p.expr(pa.Default)
	}
}

func (p *printer) result(r *lang.Result) {
	if r.Name != nil {
		p.ident(r.Name)
		p.write(": ")
	}
	p.typ(r.Type)
}

// typ prints a type. Its brackets and `?` are printed at their places in
// the source, so that a comment before one stays inside the type.
func (p *printer) typ(t *lang.TypeExpr) {
	p.ident(t.Name)
	end := lang.RangeOf(t.Name).End
	if t.Format != nil {
		p.tok(at(p.skip(end)), "[")
		p.tok(lang.RangeOf(t.Format), t.Format.Raw)
		end = lang.RangeOf(t.Format).End
	}
	for i, a := range t.Args {
		if i == 0 {
			p.tok(at(p.skip(end)), "[")
		} else {
			p.write(", ")
		}
		p.typ(a)
		end = lang.RangeOf(a).End
	}
	if t.Format != nil || len(t.Args) > 0 {
		close := p.skip(end)
		p.tok(at(close), "]")
		end = close
		end.Offset++
	}
	if t.Optional {
		p.tok(at(p.skip(end)), "?")
	}
}

func (p *printer) ident(id *lang.Ident) { p.tok(lang.RangeOf(id), id.Name) }

// nodes converts a slice of nodes of one type to []lang.Node.
func nodes[T lang.Node](xs []T) []lang.Node {
	out := make([]lang.Node, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
