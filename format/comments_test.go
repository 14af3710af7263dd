package format

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/wfc-lang/wfc/lang"
)

// TestCommentAnywhere puts a comment after each token of the golden
// inputs in turn (they hold every construct), after the code or on a line
// of its own by turns, and checks each result as FuzzFormat does: the
// comment is kept, the program unchanged, and formatting is idempotent.
func TestCommentAnywhere(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/golden/format/*.wf")
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for i := 1; i < len(src); i++ {
			if !isBlank(src[i]) || isBlank(src[i-1]) {
				continue // not the end of a token
			}
			c := []string{" # after\n", "\n# alone\n"}[n%2]
			withComment := append(append(append([]byte{}, src[:i]...), c...), src[i:]...)
			if checkSame(t, path+" with a comment at offset "+strconv.Itoa(i), withComment) != nil {
				n++ // it parsed: the comment is not inside a string
			}
		}
		if n < 100 {
			t.Fatalf("%s: a comment parsed in only %d places", path, n)
		}
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// TestSyntaxError checks that source that does not parse is refused with
// the parser's diagnostics, positioned.
func TestSyntaxError(t *testing.T) {
	out, err := Source("bad.wf", []byte("task t(s: str) {\n    shell = \"x\n}\n"))
	if out != nil {
		t.Fatalf("formatted source that does not parse: %q", out)
	}
	var diags lang.DiagnosticsError
	if !errors.As(err, &diags) || len(diags) == 0 {
		t.Fatalf("error %v is not the parser's diagnostics", err)
	}
	if r := diags[0].Range; r.Filename != "bad.wf" || r.Start.Line != 2 || r.Start.Column != 13 {
		t.Fatalf("diagnostic at %v, want bad.wf:2:13", r)
	}
}

// TestLineEndings checks that a byte-order mark is dropped, CRLF line
// ends become LF outside multi-line strings, tabs become spaces and
// comments lose trailing blanks.
func TestLineEndings(t *testing.T) {
	src := "\uFEFFtask t {\r\n\tshell = \"\"\"\r\n\t  echo\r\n\t\"\"\"   # why  \r\n}\r\n"
	want := "task t {\n    shell = \"\"\"\r\n\t  echo\r\n\t\"\"\" # why\n}\n"
	if out := checkSame(t, "crlf.wf", []byte(src)); string(out) != want {
		t.Fatalf("got %q, want %q", out, want)
	}
}
