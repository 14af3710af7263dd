package lsp

import (
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Offsets are bytes; characters are UTF-16 code units: é is two bytes and
// one unit, 😀 four bytes and two units (a surrogate pair).
func TestLineIndex(t *testing.T) {
	text := []byte("aé😀b\r\nxyz\n")
	x := newLineIndex(text)
	for _, tc := range []struct {
		offset int
		pos    protocol.Position
	}{
		{0, pos(0, 0)},
		{1, pos(0, 1)},  // é
		{3, pos(0, 2)},  // 😀
		{7, pos(0, 4)},  // b
		{8, pos(0, 5)},  // \r
		{10, pos(1, 0)}, // x
		{13, pos(1, 3)}, // \n
		{14, pos(2, 0)}, // the end
	} {
		if got := x.position(tc.offset); got != tc.pos {
			t.Errorf("position(%d) = %+v, want %+v", tc.offset, got, tc.pos)
		}
		if got := x.offset(tc.pos); got != tc.offset {
			t.Errorf("offset(%+v) = %d, want %d", tc.pos, got, tc.offset)
		}
	}
	for _, tc := range []struct {
		pos    protocol.Position
		offset int
	}{
		{pos(0, 3), 3},   // inside the surrogate pair: before it
		{pos(1, 99), 13}, // past the line's end: its end
		{pos(9, 0), 14},  // past the last line: the text's end
	} {
		if got := x.offset(tc.pos); got != tc.offset {
			t.Errorf("offset(%+v) = %d, want %d", tc.pos, got, tc.offset)
		}
	}
	if got := x.position(99); got != pos(2, 0) {
		t.Errorf("position past the end: %+v", got)
	}
}
