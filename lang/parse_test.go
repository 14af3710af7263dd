package lang

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestParseCompact parses small programs and compares their compact AST.
func TestParseCompact(t *testing.T) {
	tests := []struct{ src, want string }{
		{`task hello(s: str) -> str { shell = "printf 'Hello %s' {inputs.s}" }`,
			`(file (task hello (params (s str)) (results str) (body (shell = "printf 'Hello %s' {inputs.s}"))))`},
		{`echo pass(a: int, b: list[str]?)`,
			`(file (echo pass (params (a int) (b list[str]?))))`},
		{`webhook w { url = "http://x" timeout = 1m30s headers = {"A": "b",} }`,
			`(file (webhook w (body (url = "http://x") (timeout = 1m30s) (headers = (dict "A": "b")))))`},
		{"# Says hello.\n# Twice.\ntask t(n: int = 3, f: float = -1.5e3, m: map[str, dict] = {}) -> (a: int, b: str) { shell = \"x\" }",
			`(file (task t (doc "Says hello.\nTwice.") (params (n int = 3) (f float = -1500f) (m map[str, dict] = (dict))) (results a: int b: str) (body (shell = "x"))))`},
		{`workflow wf(s: str) -> (dict, dict) { v = hello(s = s) a, b = two() a >> b >> c(x = [1, 2.5, null, true]) return r.info.status_code, g(x = v).o0 }`,
			`(workflow wf (params (s str)) (results dict dict) (body (assign v (call hello (s = s))) (assign a b (call two)) (expr (>> a b (call c (x = (list 1 2.5f null true))))) (return r.info.status_code (call g (x = v)).o0)))`},
		{"task t() { shell = \"\"\"\n    echo a\n      echo \"b\"\n    \"\"\" }",
			`(file (task t (params) (body (shell = "echo a\n  echo \"b\""))))`},
		{`task t() { shell = "tab\tq\"\\\u00e9" }`,
			`(file (task t (params) (body (shell = "tab\tq\"\\é"))))`},
		{"workflow w() {}\n# not a doc: blank line follows\n\nworkflow x() {}",
			`(file (workflow w (params) (body)) (workflow x (params) (body)))`},
		{`workflow w() { a = [f(x = v) for v in xs] b = [g(x = p, y = q, z = 1) for p, q in zip(xs, [1, 2],)] with {concurrency = 4, min_success_ratio = 0.5} [h(x = v) for v in f().o0] with {
		   min_successes = 1
		 } }`,
			`(workflow w (params) (body (assign a (map (call f (x = v)) for v in xs)) (assign b (map (call g (x = p) (y = q) (z = 1)) for p q in (zip xs (list 1 2)) (with (concurrency = 4) (min_success_ratio = 0.5f)))) (expr (map (call h (x = v)) for v in (call f).o0 (with (min_successes = 1))))))`},
		{`workflow w(n: int) { v = if n > 10 { big(n = n) } else if (n >= 0 or n == -1) and mode != "fast" { small(n = r.o0) } else { fail("n must be positive") } if a<=b.c{x()}else{y()} }`,
			`(workflow w (params (n int)) (body (assign v (if (> n 10) (call big (n = n)) else (if (and (or (>= n 0) (== n -1)) (!= mode "fast")) (call small (n = r.o0)) else (fail "n must be positive")))) (expr (if (<= a b.c) (call x) else (call y)))))`},
		{`task t() { shell = "x" requests = {cpu = "500m", mem = "1Gi"} limits = {} env = {"A": "b"} }`,
			`(file (task t (params) (body (shell = "x") (requests = (with (cpu = "500m") (mem = "1Gi"))) (limits = (dict)) (env = (dict "A": "b")))))`},
		{`task t(a: int) { shell = "x", retries = 2, }`,
			`(file (task t (params (a int)) (body (shell = "x") (retries = 2))))`},
		{`workflow w() { x = 250ms y = 10s z = 1h2m3s }`,
			`(file (workflow w (params) (body (assign x 250ms) (assign y 10s) (assign z 1h2m3s))))`},
	}
	for _, tt := range tests {
		f, diags := Parse("t.wf", []byte(tt.src))
		if diags != nil {
			t.Errorf("Parse(%q): unexpected diagnostics:\n%v", tt.src, DiagnosticsError(diags))
			continue
		}
		got := Compact(f)
		if !strings.HasPrefix(tt.want, "(file") {
			got = strings.TrimSuffix(strings.TrimPrefix(got, "(file "), ")")
		}
		if got != tt.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestRanges checks that nodes carry exact start and end positions.
func TestRanges(t *testing.T) {
	src := "workflow w(s: str) {\n  v = hello(s = s)  # trailing\n}\n"
	f, diags := Parse("r.wf", []byte(src))
	if diags != nil {
		t.Fatal(DiagnosticsError(diags))
	}
	var call *NameExpr
	Inspect(f, func(n Node) bool {
		if ne, ok := n.(*NameExpr); ok && ne.IsCall() {
			call = ne
		}
		return true
	})
	r := RangeOf(call)
	if got := src[r.Start.Offset:r.End.Offset]; got != "hello(s = s)" {
		t.Errorf("call range covers %q", got)
	}
	if r.Start != (Pos{Offset: 27, Line: 2, Column: 7}) || r.End.Line != 2 || r.End.Column != 19 {
		t.Errorf("call range = %+v", r)
	}
	wf := RangeOf(f.Decls[0])
	if got := src[wf.Start.Offset:wf.End.Offset]; !strings.HasPrefix(got, "workflow") || !strings.HasSuffix(got, "}") {
		t.Errorf("workflow range covers %q", got)
	}
}

// TestGrammarGolden keeps the grammar the parsers implement, declarations'
// and expressions', as a golden file, so a grammar change shows in review.
func TestGrammarGolden(t *testing.T) {
	golden := filepath.Join("..", "testdata", "golden", "grammar.ebnf")
	got := declGrammar + "\n" + exprGrammar + "\n"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./lang -update)", err)
	}
	if string(want) != got {
		t.Errorf("grammar changed; review and run go test ./lang -update\n got:\n%s", got)
	}
}

// TestByteOrderMark checks that a leading UTF-8 byte-order mark is skipped:
// the file parses, offsets count it (they are bytes of the file) but
// columns do not, and diagnostics render as for the file without it.
func TestByteOrderMark(t *testing.T) {
	const bom = "\uFEFF"
	text := "# Says hello.\ntask hello(s: str) -> str { shell = \"x\" }\n"
	f, diags := Parse("bom.wf", []byte(bom+text))
	if diags != nil {
		t.Fatal(DiagnosticsError(diags))
	}
	task := f.Decls[0].(*TaskDecl)
	if task.Doc != "Says hello." {
		t.Errorf("doc comment on the first line lost: %q", task.Doc)
	}

	bad := "task t(n: int = 99999999999999999999) { shell = \"x\" }\n"
	_, plain := Parse("bad.wf", []byte(bad))
	_, marked := Parse("bad.wf", []byte(bom+bad))
	if len(plain) != 1 || len(marked) != 1 {
		t.Fatalf("want one diagnostic each, got %v and %v", plain, marked)
	}
	p, m := plain[0].Range, marked[0].Range
	if m.Start.Line != p.Start.Line || m.Start.Column != p.Start.Column || m.End.Column != p.End.Column {
		t.Errorf("columns moved by the mark: %v to %v, want %v to %v", m.Start, m.End, p.Start, p.End)
	}
	if m.Start.Offset != p.Start.Offset+len(bom) {
		t.Errorf("offset %d, want %d (bytes of the file, mark included)", m.Start.Offset, p.Start.Offset+len(bom))
	}
	var want, got strings.Builder
	plain.Render(&want, map[string][]byte{"bad.wf": []byte(bad)}, false)
	marked.Render(&got, map[string][]byte{"bad.wf": []byte(bom + bad)}, false)
	if got.String() != want.String() {
		t.Errorf("rendered with the mark:\n%s\nwithout:\n%s", got.String(), want.String())
	}

	if _, diags := Parse("only.wf", []byte(bom+"\n")); len(diags) != 1 || !strings.Contains(diags[0].Summary, "empty file") {
		t.Errorf("a file of a mark and a newline: %v", diags)
	}
}

// TestRawRange checks the range of a part of a string literal as written,
// which the compiler uses to place errors inside templates, on one line
// and across the lines of a triple-quoted string.
func TestRawRange(t *testing.T) {
	src := "task t(s: str) {\n  shell = \"\"\"\n    é {inputs.s}\n    \"\"\"\n  url = \"a {inputs.x}\"\n}\n"
	f, diags := Parse("raw.wf", []byte(src))
	if diags != nil {
		t.Fatal(DiagnosticsError(diags))
	}
	for _, fld := range f.Decls[0].(*TaskDecl).Body.Fields {
		lit := fld.Value.(*StringLit)
		i := strings.Index(lit.Raw, "{")
		j := strings.Index(lit.Raw, "}") + 1
		r := lit.RawRange(i, j)
		if got := src[r.Start.Offset:r.End.Offset]; got != lit.Raw[i:j] {
			t.Errorf("%s: range covers %q, want %q", fld.Name.Name, got, lit.Raw[i:j])
		}
		want := map[string][2]Pos{
			"shell": {{Line: 3, Column: 7}, {Line: 3, Column: 17}},
			"url":   {{Line: 5, Column: 12}, {Line: 5, Column: 22}},
		}[fld.Name.Name]
		if r.Filename != "raw.wf" || r.Start.Line != want[0].Line || r.Start.Column != want[0].Column || r.End.Line != want[1].Line || r.End.Column != want[1].Column {
			t.Errorf("%s: range %s to %d:%d, want %s to %s", fld.Name.Name, r, r.End.Line, r.End.Column, want[0], want[1])
		}
	}
}
