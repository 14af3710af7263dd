package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput feeds the parser inputs no one should write and checks that
// each gets one clear, positioned diagnostic and no panic.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		src  []byte
		want string // substring of the first diagnostic's summary
		line int
	}{
		{"empty", nil, "empty file", 1},
		{"blank", []byte("\n\n   \n"), "empty file", 1},
		{"only comments", []byte("# nothing here\n"), "file declares nothing", 1},
		{"binary", []byte("task t() {}\n\x00\x01\x02\xff"), "not a text file: NUL byte at offset 12", 2},
		{"invalid utf8", []byte("task t() {\n  shell = \"\xff\xfe\"\n}"), "invalid UTF-8: byte 0xff at offset 22", 2},
		{"unterminated string", []byte("task t() {\n  shell = \"echo\n}"), "unterminated string", 2},
		{"unterminated triple", []byte("task t() {\n  shell = \"\"\"echo\n}"), "unterminated multi-line string", 2},
		{"deep nesting", bytes.Repeat([]byte("["), 100_000), "brackets nested more than 200 deep", 1},
		{"deep nesting in a workflow", []byte("workflow w() { x = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + " }"), "nested more than", 1},
		{"unclosed", []byte("workflow w() {\n  x = f(a = 1\n}"), "expected `)` to close the argument list of `f` opened at 2:8, found `}`", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("bad.wf", tt.src)
			if len(diags) == 0 {
				t.Fatal("no diagnostic")
			}
			d := diags[0]
			if !strings.Contains(d.Summary, tt.want) || d.Range.Start.Line != tt.line {
				t.Errorf("got %s: %s; want line %d and %q", d.Range, d.Summary, tt.line, tt.want)
			}
			var out bytes.Buffer
			if err := diags.Render(&out, map[string][]byte{"bad.wf": tt.src}, false); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "bad.wf:") {
				t.Errorf("rendering lacks the position:\n%s", out.String())
			}
		})
	}
}

// TestReadSource checks the messages for files that cannot be read.
func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.wf")
	if err := os.WriteFile(big, bytes.Repeat([]byte("# padding\n"), 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{filepath.Join(dir, "missing.wf"), "missing.wf: no such file"},
		{dir, "is a directory, not a .wf file"},
		{big, "file is 10.0 MiB; wfc reads source files of at most 8.0 MiB"},
	}
	for _, tt := range tests {
		_, err := ReadSource(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadSource(%s) = %v, want %q", tt.path, err, tt.want)
		}
	}
}

// TestRender checks the human rendering: position, source line, caret.
func TestRender(t *testing.T) {
	src := []byte("workflow w() {\n\tv = helo(s = 1)\n}\n")
	var ds Diagnostics
	d := ds.Errorf(Range{Filename: "x.wf", Start: Pos{Offset: 20, Line: 2, Column: 6}, End: Pos{Offset: 24, Line: 2, Column: 10}}, "undefined task `helo`")
	d.Hint = "did you mean `hello`?"
	var out bytes.Buffer
	if err := ds.Render(&out, map[string][]byte{"x.wf": src}, false); err != nil {
		t.Fatal(err)
	}
	want := "x.wf:2:6: error: undefined task `helo`\n 2 | \tv = helo(s = 1)\n   | \t    ^^^^\n    hint: did you mean `hello`?\n"
	if out.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", out.String(), want)
	}
}
