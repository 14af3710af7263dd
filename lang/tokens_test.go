package lang

import "testing"

func TestTokens(t *testing.T) {
	src := "# c\nworkflow w(x: int = 10s) {\n    y = f(s = \"é\", n = 1.5) $\n}\n"
	type tok struct {
		kind TokenKind
		text string
		line int
		col  int
	}
	var got []tok
	for _, tk := range Tokens("t.wf", []byte(src)) {
		if tk.Range.End.Offset-tk.Range.Start.Offset != len(tk.Text) || src[tk.Range.Start.Offset:tk.Range.End.Offset] != tk.Text {
			t.Errorf("%q: range %v does not cover its text", tk.Text, tk.Range)
		}
		got = append(got, tok{tk.Kind, tk.Text, tk.Range.Start.Line, tk.Range.Start.Column})
	}
	want := []tok{
		{TokenComment, "# c", 1, 1},
		{TokenKeyword, "workflow", 2, 1}, {TokenIdent, "w", 2, 10}, {TokenPunct, "(", 2, 11},
		{TokenIdent, "x", 2, 12}, {TokenPunct, ":", 2, 13}, {TokenIdent, "int", 2, 15},
		{TokenPunct, "=", 2, 19}, {TokenNumber, "10s", 2, 21}, {TokenPunct, ")", 2, 24}, {TokenPunct, "{", 2, 26},
		{TokenIdent, "y", 3, 5}, {TokenPunct, "=", 3, 7}, {TokenIdent, "f", 3, 9}, {TokenPunct, "(", 3, 10},
		{TokenIdent, "s", 3, 11}, {TokenPunct, "=", 3, 13}, {TokenString, `"é"`, 3, 15}, {TokenPunct, ",", 3, 18},
		{TokenIdent, "n", 3, 20}, {TokenPunct, "=", 3, 22}, {TokenNumber, "1.5", 3, 24}, {TokenPunct, ")", 3, 27},
		{TokenInvalid, "$", 3, 29},
		{TokenPunct, "}", 4, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("%d tokens, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
