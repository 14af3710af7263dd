package lang

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Pos is a position in a source file. Line and Column are 1-based; Column
// counts characters (runes), as editors do. Offset is the 0-based byte
// offset.
type Pos struct {
	Offset int
	Line   int
	Column int
}

// IsValid reports whether p refers to a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// advance returns the position just past text, which starts at p.
func (p Pos) advance(text string) Pos {
	p.Offset += len(text)
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		p.Line += strings.Count(text, "\n")
		p.Column = 1 + utf8.RuneCountInString(text[i+1:])
	} else {
		p.Column += utf8.RuneCountInString(text)
	}
	return p
}

// Range is a half-open span [Start, End) of a named source file.
type Range struct {
	Filename string
	Start    Pos
	End      Pos
}

// String renders the range as file:line:col, the form editors jump to.
func (r Range) String() string {
	if r.Filename == "" {
		return r.Start.String()
	}
	return r.Filename + ":" + r.Start.String()
}

// IsValid reports whether r has a real start position.
func (r Range) IsValid() bool { return r.Start.IsValid() }

// Before orders ranges by file, then start, then end.
func (r Range) Before(o Range) bool {
	if r.Filename != o.Filename {
		return r.Filename < o.Filename
	}
	if r.Start.Offset != o.Start.Offset {
		return r.Start.Offset < o.Start.Offset
	}
	return r.End.Offset < o.End.Offset
}

// source is a parsed file's text, to which the AST's and the tokens'
// positions point. A position keeps only a byte offset; its line and
// column are worked out when asked for, from the offsets where lines
// begin. That keeps tokens and nodes small: a generated workflow has
// hundreds of thousands of them.
type source struct {
	name  string
	text  []byte
	once  sync.Once
	lines []int // the offset at which each line begins; the first after any byte-order mark
}

func newSource(name string, text []byte) *source { return &source{name: name, text: text} }

// pos returns the line and column of offset.
func (s *source) pos(offset int) Pos {
	s.once.Do(func() {
		s.lines = append(s.lines, min(textStart(s.text), len(s.text)))
		for i, c := range s.text {
			if c == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	})
	offset = min(offset, len(s.text))
	line := sort.SearchInts(s.lines, offset+1) // lines[line-1] <= offset
	start := min(s.lines[max(line-1, 0)], offset)
	return Pos{Offset: offset, Line: max(line, 1), Column: 1 + utf8.RuneCount(s.text[start:offset])}
}

// tokenPos is a position in a parsed file: the byte offset and the file.
type tokenPos struct {
	src    *source
	Offset int
}

// pos returns p with its line and column.
func (p tokenPos) pos() Pos {
	if p.src == nil {
		return Pos{Offset: p.Offset}
	}
	return p.src.pos(p.Offset)
}

func (p tokenPos) filename() string {
	if p.src == nil {
		return ""
	}
	return p.src.name
}

// plus returns the position n bytes after p.
func (p tokenPos) plus(n int) tokenPos { return tokenPos{p.src, p.Offset + n} }
