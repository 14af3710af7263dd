package lsp

import (
	"sort"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// lineIndex converts between byte offsets into a text and LSP positions,
// whose characters are UTF-16 code units (LSP 3.16's only encoding).
type lineIndex struct {
	text  []byte
	lines []int // byte offset of each line's start
}

func newLineIndex(text []byte) *lineIndex {
	lines := []int{0}
	for i, c := range text {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &lineIndex{text: text, lines: lines}
}

// position returns the LSP position of a byte offset, clamped to the text.
func (x *lineIndex) position(offset int) protocol.Position {
	offset = max(0, min(offset, len(x.text)))
	line := sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > offset }) - 1
	return protocol.Position{Line: uint32(line), Character: uint32(utf16Len(x.text[x.lines[line]:offset]))}
}

// offset returns the byte offset of an LSP position. A character past the
// end of its line means the line's end, a line past the last the text's
// end, as the protocol asks.
func (x *lineIndex) offset(p protocol.Position) int {
	if int(p.Line) >= len(x.lines) {
		return len(x.text)
	}
	i := x.lines[p.Line]
	for units := 0; i < len(x.text) && x.text[i] != '\n'; {
		r, size := utf8.DecodeRune(x.text[i:])
		n := 1
		if r >= 0x10000 {
			n = 2 // a surrogate pair
		}
		if units+n > int(p.Character) {
			break
		}
		units += n
		i += size
	}
	return i
}

func (x *lineIndex) rangeOf(start, end int) protocol.Range {
	if end < start {
		end = start
	}
	return protocol.Range{Start: x.position(start), End: x.position(end)}
}

// utf16Len counts the UTF-16 code units of UTF-8 text.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n++
		if r >= 0x10000 {
			n++
		}
		b = b[size:]
	}
	return n
}
