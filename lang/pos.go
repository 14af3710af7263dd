package lang

import (
	"fmt"
	"strings"
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
