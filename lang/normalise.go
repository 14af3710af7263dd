package lang

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// normaliser finishes the AST the parsers built: it decodes string and
// number literals (reporting bad escapes and out-of-range numbers), checks
// import paths and attaches doc comments.
type normaliser struct {
	p *parseState
}

func (n *normaliser) file(f *File) {
	for _, im := range f.Imports {
		n.importPath(im)
	}
	docs := n.docComments()
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *TaskDecl:
			d.Doc = docs(d.Pos)
			n.params(d.Params)
			n.results(d.Results)
			n.fieldBlock(d.Body)
		case *WorkflowDecl:
			d.Doc = docs(d.Pos)
			n.params(d.Params)
			n.results(d.Results)
			n.fieldBlock(d.With)
			for _, s := range d.Stmts {
				n.stmt(s)
			}
		case *LaunchPlanDecl:
			d.Doc = docs(d.Pos)
			for _, fl := range d.Fields {
				n.fieldBlock(fl.Inputs)
				if fl.Value != nil {
					n.expr(fl.Value)
				}
			}
		}
	}
}

// stmt normalises a statement.
func (n *normaliser) stmt(s *Stmt) {
	if s.Return != nil {
		for _, e := range s.Return.Values {
			n.expr(e)
		}
		return
	}
	for _, e := range s.Exprs {
		n.expr(e)
	}
	if s.Value != nil {
		n.expr(s.Value)
	}
}

// fieldBlock normalises a task's body or a workflow's `with` settings.
func (n *normaliser) fieldBlock(b *FieldBlock) {
	if b == nil {
		return
	}
	for _, fl := range b.Fields {
		if fl.Block != nil {
			n.fieldBlock(fl.Block)
		} else {
			n.expr(fl.Value)
		}
	}
}

func (n *normaliser) params(pl *ParamList) {
	if pl == nil {
		return
	}
	for _, p := range pl.Params {
		n.typ(p.Type)
		if p.Default != nil {
			n.expr(p.Default)
		}
	}
}

func (n *normaliser) results(rl *ResultList) {
	if rl == nil {
		return
	}
	if rl.Single != nil {
		n.typ(rl.Single)
	}
	for _, r := range rl.Results {
		n.typ(r.Type)
	}
}

func typeText(t *TypeExpr) string {
	var b strings.Builder
	b.WriteString(t.Name.Name)
	if t.Format != nil {
		b.WriteString("[" + t.Format.Raw + "]")
	}
	if len(t.Args) > 0 {
		b.WriteByte('[')
		for i, a := range t.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(typeText(a))
		}
		b.WriteByte(']')
	}
	if t.Optional {
		b.WriteByte('?')
	}
	return b.String()
}

func (n *normaliser) typ(t *TypeExpr) {
	if t.Format != nil {
		n.stringLit(t.Format)
	}
	for _, a := range t.Args {
		n.typ(a)
	}
}

// expr decodes the literals in e.
func (n *normaliser) expr(e Expr) {
	switch e := e.(type) {
	case *Chain:
		for _, op := range e.Operands {
			n.expr(op)
		}
	case *NameExpr:
		if e.Call != nil {
			for _, a := range e.Call.Args {
				n.expr(a.Value)
			}
		}
	case *StringLit:
		n.stringLit(e)
	case *NumberLit:
		n.numberLit(e)
	case *ListLit:
		for _, x := range e.Elems {
			n.expr(x)
		}
	case *IfExpr:
		n.cond(e.Cond)
		n.expr(e.Then)
		if e.Else != nil {
			n.expr(e.Else)
		}
	case *FailExpr:
		n.stringLit(e.Message)
	case *MapExpr:
		n.expr(e.Body)
		for _, l := range e.Lists {
			n.expr(l)
		}
		if e.With != nil {
			for _, fl := range e.With.Fields {
				n.expr(fl.Value)
			}
		}
	case *DictLit:
		for _, en := range e.Entries {
			n.expr(en.Key)
			n.expr(en.Value)
		}
	}
}

func (n *normaliser) cond(c Cond) {
	switch c := c.(type) {
	case *Comparison:
		n.expr(c.Left)
		n.expr(c.Right)
	case *Logical:
		n.cond(c.Left)
		n.cond(c.Right)
	}
}

func (n *normaliser) numberLit(e *NumberLit) {
	// The sign is parsed with the digits, as -i parses its text, so that
	// -9223372036854775808 fits.
	sign := ""
	if e.Neg {
		sign = "-"
	}
	switch {
	case e.Int != "":
		v, err := strconv.ParseInt(sign+e.Int, 10, 64)
		if err != nil {
			n.p.errorNode(e, "integer %s%s does not fit in 64 bits", sign, e.Int)
			return
		}
		e.IntValue = v
	case e.Float != "":
		v, err := strconv.ParseFloat(sign+e.Float, 64)
		if err != nil || math.IsInf(v, 0) {
			n.p.errorNode(e, "number %s%s is out of range", sign, e.Float)
			return
		}
		e.FloatValue = v
	case e.Duration != "":
		v, err := ParseDuration(sign + e.Duration)
		if err != nil {
			n.p.errorNode(e, "%v", err)
			return
		}
		e.DurationValue = v
	}
}

func (n *normaliser) stringLit(s *StringLit) {
	if strings.HasPrefix(s.Raw, `"""`) {
		s.Value = dedent(s.Raw[3 : len(s.Raw)-3])
		return
	}
	body := s.Raw[1 : len(s.Raw)-1]
	if !strings.ContainsRune(body, '\\') {
		s.Value = body
		return
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		// The lexer guarantees a character follows every backslash.
		start := i
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		case '"':
			b.WriteByte('"')
		case 'u':
			hex := body[i+1:]
			if len(hex) >= 4 {
				if v, err := strconv.ParseUint(hex[:4], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
					b.WriteRune(rune(v))
					i += 4
					continue
				}
			}
			n.escapeError(s, start, "invalid unicode escape: write \\u followed by four hex digits")
			return
		default:
			_, size := utf8.DecodeRuneInString(body[i:])
			n.escapeError(s, start, "unknown escape sequence `\\"+body[i:i+size]+"`").Hint =
				"the escapes are \\n \\t \\r \\\\ \\\" and \\uXXXX; write \\\\ for a backslash"
			return
		}
	}
	s.Value = b.String()
}

// escapeError reports a bad escape at byte offset off of the string's body.
func (n *normaliser) escapeError(s *StringLit, off int, format string) *Diagnostic {
	return n.p.diags.Errorf(s.RawRange(1+off, min(len(s.Raw), 1+off+2)), "%s", format)
}

// dedent makes a triple-quoted string's text: a newline right after the
// opening quotes is dropped, the indentation common to all non-blank lines
// is removed, and a last line of only spaces (the closing quotes' indent)
// is dropped with its newline.
func dedent(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "\r"), "\n")
	lines := strings.Split(s, "\n")
	if last := lines[len(lines)-1]; strings.TrimLeft(last, " \t") == "" && len(lines) > 1 {
		lines = lines[:len(lines)-1]
	}
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		w := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || w < indent {
			indent = w
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		} else if strings.TrimSpace(l) == "" {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// docComments returns a function giving the doc comment of a declaration
// starting at a position: the run of comment lines, each alone on its line,
// ending on the line before it with no blank line between, when the
// declaration is the first code on its line.
func (n *normaliser) docComments() func(decl tokenPos) string {
	src := n.p.file.Source
	type run struct{ from, to int } // indexes into texts
	var texts []string
	runs := map[int]run{} // keyed by the run's last line
	cur, lastLine := run{}, -1
	for _, c := range n.p.comments {
		lineStart := max(bytes.LastIndexByte(src[:c.Pos.Offset], '\n')+1, textStart(src))
		if len(bytes.TrimSpace(src[lineStart:c.Pos.Offset])) != 0 {
			continue // a trailing comment after code
		}
		line := c.Pos.pos().Line
		if line == lastLine+1 {
			delete(runs, lastLine) // the run goes on
		} else {
			cur = run{from: len(texts)}
		}
		text := strings.TrimPrefix(strings.TrimPrefix(c.Value, "#"), " ")
		texts = append(texts, strings.TrimRight(text, " \t\r"))
		cur.to = len(texts)
		runs[line] = cur
		lastLine = line
	}
	// A run documents the declaration that starts the next line, not one
	// after other code there (a `}`, another declaration), which wfc fmt
	// would move to a line of its own.
	return func(decl tokenPos) string {
		r, ok := runs[decl.pos().Line-1]
		if !ok {
			return ""
		}
		lineStart := max(bytes.LastIndexByte(src[:decl.Offset], '\n')+1, textStart(src))
		if len(bytes.TrimSpace(src[lineStart:decl.Offset])) != 0 {
			return ""
		}
		return strings.Join(texts[r.from:r.to], "\n")
	}
}

// importPath sets im.Path: a plain string, since a path needs no escapes.
func (n *normaliser) importPath(im *Import) {
	q := im.Quoted
	if strings.HasPrefix(q, `"""`) || strings.ContainsRune(q, '\\') || len(q) < 2 {
		n.p.diags.Errorf(RangeOf(im), "an import path is a plain string, without escapes or triple quotes").Hint =
			`write import "lib.wf", with / between folders`
		return
	}
	im.Path = q[1 : len(q)-1]
}
