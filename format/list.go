package format

import (
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// list is a bracketed, comma-separated list: arguments, parameters,
// results, list and dict elements.
type list struct {
	open, close string
	openAt      lang.Pos // where open is
	closeAt     lang.Pos // where close is
	items       []lang.Node
	item        func(i int) // prints items[i]
}

// list prints l laid out as it was written: on one line; as a block, when
// a line break follows the opening bracket (or a comment comes before the
// closing one); or with its line breaks kept and its lines lined up after
// the opening bracket.
func (p *printer) list(l list) {
	switch {
	case len(l.items) == 0 && !p.hasComments(l.openAt.Offset, l.closeAt.Offset):
		p.tok(at(l.openAt), l.open)
		p.tok(at(l.closeAt), l.close)
	case len(l.items) == 0 ||
		lang.RangeOf(l.items[0]).Start.Line > l.openAt.Line ||
		p.hasComments(lang.RangeOf(l.items[len(l.items)-1]).End.Offset, l.closeAt.Offset):
		outer, lineIndent := p.openBlock(at(l.openAt), l.open)
		p.blockItems(l.items, l.item, false, ",")
		p.closeBlock(l.closeAt, l.close, outer, lineIndent)
	default:
		p.tok(at(l.openAt), l.open)
		p.wrapped(l.items, l.item)
		p.tok(at(l.closeAt), l.close)
	}
}

// blockItems prints the items of a block, each starting a line where the
// source started one (or each on its own line, with oneEach), and sep
// after every item: a comma, or nothing between fields.
func (p *printer) blockItems(items []lang.Node, item func(int), oneEach bool, sep string) {
	var prevEnd lang.Pos
	for i, it := range items {
		r := lang.RangeOf(it)
		p.flush(r.Start.Offset)
		if i == 0 || oneEach || p.broken || r.Start.Line > prevEnd.Line {
			p.newline(r.Start.Line, p.indent)
		} else {
			p.write(" ")
		}
		item(i)
		p.write(sep)
		prevEnd = r.End
	}
}

// wrapped prints items separated by ", ", breaking the line where the
// source did, continuation lines lined up with the first item.
func (p *printer) wrapped(items []lang.Node, item func(int)) {
	outer := p.indent
	p.indent = p.col
	var prevEnd lang.Pos
	for i, it := range items {
		r := lang.RangeOf(it)
		if i > 0 {
			p.write(",")
			p.flush(r.Start.Offset)
			if p.broken || r.Start.Line > prevEnd.Line {
				p.newline(0, p.indent)
			} else {
				p.write(" ")
			}
		}
		item(i)
		prevEnd = r.End
	}
	p.indent = outer
}

// field is one `name = value` of a field block or a launch plan.
type field struct {
	node  lang.Node
	name  *lang.Ident
	value lang.Node
	print func() // prints the value
}

// fields prints the fields of a block, one a line, with `=` aligned down
// each run of them.
func (p *printer) fields(fs []field) {
	widths := make([]int, len(fs))
	for i := 0; i < len(fs); {
		j, w := i, len(fs[i].name.Name)
		for j+1 < len(fs) && !p.multiline(fs[j].value, fs[j].print) &&
			!p.blankBetween(lang.RangeOf(fs[j].node).End.Offset, lang.RangeOf(fs[j+1].node).Start.Offset) {
			j++
			w = max(w, len(fs[j].name.Name))
		}
		for k := i; k <= j; k++ {
			widths[k] = w
		}
		i = j + 1
	}
	nodes := make([]lang.Node, len(fs))
	for i, f := range fs {
		nodes[i] = f.node
	}
	p.blockItems(nodes, func(i int) {
		f := fs[i]
		p.ident(f.name)
		p.write(strings.Repeat(" ", widths[i]-len(f.name.Name)) + " = ")
		f.print()
	}, true, "")
}

// fieldBlock prints `{ name = value … }`: always as a block when it is
// a declaration's body, else as written, on one line with commas
// or as a block when a line break follows `{` or separates two fields.
func (p *printer) fieldBlock(fb *lang.FieldBlock, decl bool) {
	asBlock := decl
	r := lang.RangeOf(fb)
	closeAt := before(r)
	fs := make([]field, len(fb.Fields))
	for i, f := range fb.Fields {
		fs[i] = field{node: f, name: f.Name}
		if f.Block != nil {
			fs[i].value, fs[i].print = f.Block, func() { p.fieldBlock(f.Block, false) }
		} else {
			fs[i].value, fs[i].print = f.Value, func() { p.expr(f.Value) }
		}
	}
	if !asBlock && !p.hasComments(r.Start.Offset, closeAt.Offset) {
		asBlock = len(fs) > 0 && lang.RangeOf(fs[0].node).Start.Line > r.Start.Line
		for i := 1; i < len(fs) && !asBlock; i++ {
			asBlock = lang.RangeOf(fs[i].node).Start.Line > lang.RangeOf(fs[i-1].node).End.Line
		}
		if !asBlock {
			p.tok(at(r.Start), "{")
			nodes := make([]lang.Node, len(fs))
			for i, f := range fs {
				nodes[i] = f.node
			}
			p.wrapped(nodes, func(i int) {
				p.ident(fs[i].name)
				p.write(" = ")
				fs[i].print()
			})
			p.tok(at(closeAt), "}")
			return
		}
	}
	p.block(r.Start, closeAt, fs, decl)
}

// block prints fields between braces at open and close, one a line; with
// neither fields nor comments it is `{}`. A declaration's block (decl) is
// indented from the declaration, others from the line of their `{`.
func (p *printer) block(open, close lang.Pos, fs []field, decl bool) {
	if len(fs) == 0 && !p.hasComments(open.Offset, close.Offset) {
		p.tok(at(open), "{")
		p.tok(at(close), "}")
		return
	}
	base := p.indent
	if !decl {
		base = p.lineIndent
	}
	p.tok(at(open), "{")
	outer, lineIndent := p.indentBlock(base)
	p.fields(fs)
	p.closeBlock(close, "}", outer, lineIndent)
}
