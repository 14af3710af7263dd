package format

import (
	"bytes"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/wfc-lang/wfc/lang"
)

// indentWidth is the indentation of one block level; a declaration
// header continued on the next line is indented two levels.
const indentWidth = 4

// printer writes the AST back as text, placing each comment before the
// first token that follows it in the source, as go/printer does.
type printer struct {
	src      []byte
	comments []*lang.Comment
	next     int // index of the next comment to print

	out        []byte
	col        int // characters on the current output line
	lineIndent int // indentation of the current output line
	pending    int // indentation owed to a fresh line before its first text; -1 mid-line

	// indent is where a line break inside the current construct starts
	// the next line: a block's indentation, or the column after the
	// bracket of a list whose lines line up under its first element.
	indent int

	lastLine   int  // source line of the last token or comment printed
	broken     bool // a comment ended the current line: the next text starts a new one
	blockStart bool // nothing printed since a block opened: no blank line here

	multi map[lang.Node]bool // multiline's answers
}

func newPrinter(f *lang.File) *printer {
	return &printer{
		src:        f.Source,
		comments:   f.Comments,
		out:        make([]byte, 0, len(f.Source)+len(f.Source)/8),
		blockStart: true,
		multi:      map[lang.Node]bool{},
	}
}

// write appends s to the current line, after the indentation it is owed.
func (p *printer) write(s string) {
	if p.pending >= 0 {
		for range p.pending {
			p.out = append(p.out, ' ')
		}
		p.col, p.lineIndent, p.pending = p.pending, p.pending, -1
	}
	p.out = append(p.out, s...)
	p.blockStart = false
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		last := s[i+1:]
		p.col = utf8.RuneCountInString(last)
		p.lineIndent = len(last) - len(strings.TrimLeft(last, " \t"))
	} else if isASCII(s) {
		p.col += len(s)
	} else {
		p.col += utf8.RuneCountInString(s)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// newline ends the current line; the next text starts at column indent. A
// blank line goes before it when the source had one before line srcLine
// (0 for none), except at the start of a block.
func (p *printer) newline(srcLine, indent int) {
	if p.pending < 0 && len(p.out) > 0 {
		p.trimSpace()
		p.out = append(p.out, '\n')
		if !p.blockStart && srcLine > p.lastLine+1 {
			p.out = append(p.out, '\n')
		}
	}
	p.pending, p.col, p.broken = indent, indent, false
}

// trimSpace removes the spaces written at the end of the line, as in
// "x = " before a comment or a line break.
func (p *printer) trimSpace() {
	n := len(p.out)
	for n > 0 && p.out[n-1] == ' ' {
		n--
	}
	p.col -= len(p.out) - n
	p.out = p.out[:n]
}

// text writes s, first breaking the line when a comment ended it: such a
// break inside a construct is a continuation, indented one level more.
func (p *printer) text(s string) {
	if p.broken {
		p.newline(0, p.indent+indentWidth)
	}
	p.write(s)
}

// tok writes the token s found at r in the source, after the comments
// before it.
func (p *printer) tok(r lang.Range, s string) {
	p.flush(r.Start.Offset)
	p.text(s)
	p.lastLine = r.End.Line
}

// keyword writes the keyword s (or other one-line token) found at start.
func (p *printer) keyword(start lang.Pos, s string) {
	p.tok(lang.Range{Start: start, End: start}, s)
}

// at is the range of a one-character token at pos.
func at(pos lang.Pos) lang.Range {
	end := pos
	end.Offset++
	end.Column++
	return lang.Range{Start: pos, End: end}
}

// before is the position of the one-character token that ends r.
func before(r lang.Range) lang.Pos {
	return lang.Pos{Offset: r.End.Offset - 1, Line: r.End.Line, Column: r.End.Column - 1}
}

// flush prints the comments that start before offset off: after the code
// when one is on the line of the last token printed, else on a line of its
// own. Either way the line ends with the comment.
func (p *printer) flush(off int) {
	for p.next < len(p.comments) {
		c := p.comments[p.next]
		r := lang.RangeOf(c)
		if r.Start.Offset >= off {
			return
		}
		p.next++
		text := strings.TrimRight(c.Text, " \t\r")
		if r.Start.Line == p.lastLine && p.pending < 0 && len(p.out) > 0 {
			// After `{`, a block still starts on the next line.
			start := p.blockStart
			p.trimSpace()
			p.write(" " + text)
			p.blockStart = start
		} else {
			p.newline(r.Start.Line, p.indent)
			p.write(text)
		}
		p.lastLine, p.broken = r.Start.Line, true
	}
}

// flushAll prints the comments left at the end of the file.
func (p *printer) flushAll() { p.flush(math.MaxInt) }

// hasComments reports whether a comment starts in [from, to).
func (p *printer) hasComments(from, to int) bool {
	for i := p.next; i < len(p.comments); i++ {
		off := lang.RangeOf(p.comments[i]).Start.Offset
		if off >= to {
			return false
		}
		if off >= from {
			return true
		}
	}
	return false
}

// startLine starts a line of a block for the item at r, after the comments
// before it.
func (p *printer) startLine(r lang.Range) {
	p.flush(r.Start.Offset)
	p.newline(r.Start.Line, p.indent)
}

// openBlock writes a block's opening bracket and indents what follows one
// level past the bracket's line. It returns what closeBlock restores.
func (p *printer) openBlock(open lang.Range, s string) (outer, lineIndent int) {
	p.tok(open, s)
	return p.indentBlock(p.lineIndent)
}

// indentBlock indents what follows one level past base, the indentation
// of the line that opened the block: a declaration's, whose header may go
// on over more lines, or the line of an opening bracket.
func (p *printer) indentBlock(base int) (outer, lineIndent int) {
	outer = p.indent
	p.indent = base + indentWidth
	p.blockStart = true
	return outer, base
}

// closeBlock prints the comments left in the block and its closing
// bracket, at the indentation of the line that opened it.
func (p *printer) closeBlock(close lang.Pos, s string, outer, lineIndent int) {
	p.flush(close.Offset)
	p.indent = outer
	p.newline(0, lineIndent)
	p.tok(at(close), s)
}

// multiline reports whether n, printed by print, takes more than one line.
// It prints n and takes the output back. Answers are kept: a field block
// asks about each of its values, which may be field blocks themselves.
func (p *printer) multiline(n lang.Node, print func()) bool {
	if m, ok := p.multi[n]; ok {
		return m
	}
	saved := *p
	start := lang.RangeOf(n).Start
	for p.next < len(p.comments) && lang.RangeOf(p.comments[p.next]).Start.Offset < start.Offset {
		p.next++ // comments before n are not part of it
	}
	p.pending, p.broken, p.lastLine = -1, false, start.Line
	print()
	m := bytes.IndexByte(p.out[len(saved.out):], '\n') >= 0
	*p = saved
	p.multi[n] = m
	return m
}

// blankBetween reports whether the source has a blank line between byte
// offsets from and to, which hold only blanks and comments.
func (p *printer) blankBetween(from, to int) bool {
	s := p.src[from:to]
	for {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			return false
		}
		s = s[i+1:]
		j := 0
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
			j++
		}
		if j < len(s) && s[j] == '\n' {
			return true
		}
	}
}

// skip returns the position of the first byte at or after pos that is
// neither blank nor in a comment: the next token, for the tokens the AST
// holds no position of.
func (p *printer) skip(pos lang.Pos) lang.Pos {
	for i := pos.Offset; i < len(p.src); i++ {
		switch p.src[i] {
		case ' ', '\t', '\r':
			continue
		case '\n':
			pos.Line++
			continue
		case '#':
			for i+1 < len(p.src) && p.src[i+1] != '\n' {
				i++
			}
			continue
		}
		pos.Offset = i
		return pos
	}
	pos.Offset = len(p.src)
	return pos
}
