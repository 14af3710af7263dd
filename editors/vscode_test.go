package editors

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/textmate")

// Bounds on the steps of the test: building wfc, installing the packages
// of package-lock.json, running the Node.js tests.
const (
	buildTimeout = 5 * time.Minute
	npmTimeout   = 5 * time.Minute
	nodeTimeout  = 2 * time.Minute
)

// TestVSCodeExtension runs the VS Code extension's Node.js tests
// (vscode/test/*.test.js): the grammar tokenizes every example as its golden
// file says, pins down the lexer's corner cases, and colours every token
// of every program of the repository as wfc's own lexer and parser read it;
// the extension's graph command finds workflows as the server does, and
// wfc lsp, built here, answers it as the extension asks. It needs node and
// npm; without them it skips, except in CI (CI=true), where it fails.
func TestVSCodeExtension(t *testing.T) {
	node, errNode := exec.LookPath("node")
	npm, errNpm := exec.LookPath("npm")
	if errNode != nil || errNpm != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but node or npm is missing; the TextMate grammar test needs Node.js 20 and npm")
		}
		t.Skip("node or npm not found: skipping the TextMate grammar test (it runs in CI, where CI=true)")
	}
	ext, err := filepath.Abs("vscode")
	if err != nil {
		t.Fatal(err)
	}
	repo := filepath.Dir(filepath.Dir(ext))

	tmp := t.TempDir()
	facts := filepath.Join(tmp, "parser-facts.json")
	writeParserFacts(t, repo, facts)
	wfc := filepath.Join(tmp, "wfc")
	run(t, buildTimeout, repo, nil, "go", "build", "-o", wfc, "./cmd/wfc")

	run(t, npmTimeout, ext, nil, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	tests, err := filepath.Glob(filepath.Join(ext, "test", "*.test.js"))
	if err != nil || len(tests) == 0 {
		t.Fatalf("no test files in %s: %v", filepath.Join(ext, "test"), err)
	}
	env := []string{"WFC_PARSER_FACTS=" + facts, "WFC_BINARY=" + wfc}
	if *update {
		env = append(env, "WFC_UPDATE_GOLDEN=1")
	}
	run(t, nodeTimeout, ext, env, node, append([]string{"--test", "--test-reporter=spec"}, tests...)...)
}

// run runs a command in dir, failing the test with its output if it fails
// or outlives timeout.
func run(t *testing.T, timeout time.Duration, dir string, env []string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: stopped after %s\n%s", filepath.Base(name), strings.Join(args, " "), timeout, out)
	}
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
	if testing.Verbose() {
		t.Logf("%s %s\n%s", filepath.Base(name), args[0], out)
	}
}

// fileFacts is what the parser found in one file: the tokens the grammar
// must colour, each with the scope (or a prefix of it) it must have.
type fileFacts struct {
	File  string `json:"file"` // relative to the repository, with slashes
	Facts []fact `json:"facts"`
}

type fact struct {
	Line   int    `json:"line"`
	Column int    `json:"column"`        // 1-based, in UTF-16 code units as editors count
	Text   string `json:"text"`          // the token's text, or "" for a string's opening quote
	Scope  string `json:"scope"`         // scopes (or prefixes) separated by |, one of which the token has
	Not    string `json:"not,omitempty"` // scopes (or prefixes) separated by |, none of which it has
}

// writeParserFacts lexes and parses every program of the repository (.wf
// files, and wfc fmt's golden output in .wf.golden) and writes to path what
// the grammar must agree on.
func writeParserFacts(t *testing.T, repo, path string) {
	t.Helper()
	var all []fileFacts
	err := filepath.WalkDir(repo, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != repo && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !(strings.HasSuffix(p, ".wf") || strings.HasSuffix(p, ".wf.golden")) {
			return nil // a .wf.golden is wfc fmt's output
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(repo, p)
		if err != nil {
			return err
		}
		f, diags := lang.Parse(p, src)
		clean := !diags.HasErrors()
		facts := lexerFacts(src, clean)
		if clean {
			facts = append(facts, parserFacts(f, src)...)
		}
		all = append(all, fileFacts{File: filepath.ToSlash(rel), Facts: facts})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 10 {
		t.Fatalf("only %d programs parse cleanly under %s; the walk is broken", len(all), repo)
	}
	data, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// lexerFacts lists what the lexer says of the tokens of src: comments,
// strings, numbers and rejected characters in every file; keywords, names
// and punctuation only in a file that parses, since in a broken one the
// grammar may fairly read a keyword as a name.
func lexerFacts(src []byte, clean bool) []fact {
	var facts []fact
	toks := lang.Tokens("", src)
	for i, t := range toks {
		f := fact{Text: t.Text}
		switch t.Kind {
		case lang.TokenComment:
			f.Text, f.Scope = "#", "comment.line.number-sign"
		case lang.TokenString:
			f.Text, f.Scope = "", "string.quoted"
		case lang.TokenNumber:
			f.Scope = "constant.numeric"
		case lang.TokenInvalid:
			if strings.HasPrefix(t.Text, `"`) {
				f.Text, f.Scope = "", "string.quoted" // unterminated: a string to the end of the line
			} else {
				f.Scope = "invalid.illegal"
			}
		case lang.TokenKeyword:
			switch {
			case !clean, t.Text == "inputs", t.Text == "secrets":
				continue // inputs and secrets are keywords inside placeholders
			case (t.Text == "fail" || t.Text == "zip") && (i+1 == len(toks) || toks[i+1].Text != "("):
				continue
			}
			f.Scope = "keyword|storage.type|constant.language|support.function.builtin"
		case lang.TokenIdent:
			if !clean {
				continue
			}
			if t.Text == "import" || t.Text == "launchplan" {
				f.Scope = "keyword.control.import|storage.type.launchplan"
			} else {
				f.Not = "keyword|storage|constant|invalid|string|comment"
			}
		case lang.TokenPunct:
			if !clean {
				continue
			}
			f.Not = "string|comment|invalid"
		}
		f.Line, f.Column = t.Range.Start.Line, utf16Column(src, t.Range.Start.Offset)
		facts = append(facts, f)
	}
	return facts
}

// utf16Column returns the 1-based column of a byte offset in UTF-16 code
// units, as editors count, on a line without its byte-order mark.
func utf16Column(src []byte, offset int) int {
	line := src[:offset]
	if i := bytes.LastIndexByte(line, '\n'); i >= 0 {
		line = line[i+1:]
	} else {
		line = bytes.TrimPrefix(line, []byte("\ufeff")) // editors do not show it
	}
	return len(utf16.Encode([]rune(string(line)))) + 1 // only the line is copied: a big file has many tokens
}

// parserFacts lists the tokens of f whose colour the parser determines.
func parserFacts(f *lang.File, src []byte) []fact {
	var facts []fact
	at := func(p lang.Pos, text, scope string) {
		facts = append(facts, fact{Line: p.Line, Column: utf16Column(src, p.Offset), Text: text, Scope: scope})
	}
	ident := func(id *lang.Ident, scope string) {
		if !lang.Keywords[id.Name] { // a keyword misused as a name is coloured as the keyword it is
			at(lang.RangeOf(id).Start, id.Name, scope)
		}
	}
	targets := map[*lang.NameExpr]bool{} // names an assignment binds
	lang.Inspect(f, func(n lang.Node) bool {
		switch n := n.(type) {
		case *lang.TaskDecl:
			at(lang.RangeOf(n).Start, n.Kind, "storage.type."+n.Kind)
			ident(n.Name, "entity.name.function")
		case *lang.WorkflowDecl:
			at(lang.RangeOf(n).Start, "workflow", "storage.type.workflow")
			ident(n.Name, "entity.name.function")
		case *lang.LaunchPlanDecl:
			at(lang.RangeOf(n).Start, "launchplan", "storage.type.launchplan")
			ident(n.Name, "entity.name.function")
			ident(n.Workflow, "entity.name.function.call")
		case *lang.Param:
			ident(n.Name, "variable.parameter")
		case *lang.Result:
			if n.Name != nil {
				ident(n.Name, "variable.parameter.output")
			}
		case *lang.TypeExpr:
			ident(n.Name, typeScope(n.Name.Name))
			if n.Optional {
				end := lang.RangeOf(n).End
				at(lang.Pos{Offset: end.Offset - 1, Line: end.Line}, "?", "keyword.operator.optional")
			}
		case *lang.Field:
			ident(n.Name, "variable.other.property")
		case *lang.PlanField:
			ident(n.Name, "variable.other.property")
		case *lang.Arg:
			ident(n.Name, "variable.parameter")
		case *lang.Stmt:
			if n.IsAssign() {
				for _, e := range n.Exprs {
					if ne, ok := e.(*lang.NameExpr); ok {
						targets[ne] = true
					}
				}
			}
		case *lang.NameExpr:
			switch {
			case n.IsCall():
				ident(n.Name, "entity.name.function.call")
			case targets[n]:
				ident(n.Name, "variable.other.assignment")
			default:
				ident(n.Name, "variable.other")
			}
			for _, a := range n.Attrs {
				ident(a, "variable.other.property")
			}
			return n.Call != nil // its Ident children are done
		case *lang.StringLit:
			scope := "string.quoted.double"
			if strings.HasPrefix(n.Raw, `"""`) {
				scope = "string.quoted.triple"
			}
			at(lang.RangeOf(n).Start, "", scope)
		case *lang.NumberLit:
			text, scope := n.Int, "constant.numeric.integer"
			if n.Float != "" {
				text, scope = n.Float, "constant.numeric.float"
			} else if n.Duration != "" {
				text, scope = n.Duration, "constant.numeric.duration"
			}
			end := lang.RangeOf(n).End
			at(lang.Pos{Offset: end.Offset - len(text), Line: end.Line}, text, scope)
		case *lang.BoolLit:
			at(lang.RangeOf(n).Start, n.Raw, "constant.language.boolean")
		case *lang.NullLit:
			at(lang.RangeOf(n).Start, "null", "constant.language.null")
		case *lang.IfExpr:
			at(lang.RangeOf(n).Start, "if", "keyword.control.conditional")
		case *lang.FailExpr:
			at(lang.RangeOf(n).Start, "fail", "support.function.builtin")
		case *lang.MapExpr:
			for _, v := range n.Vars {
				ident(v, "variable.other")
			}
			if n.Zip != nil {
				ident(n.Zip, "support.function.builtin")
			}
		case *lang.Ident:
			return false
		}
		return true
	})
	return facts
}

// typeScope is the scope of a type's name.
func typeScope(name string) string {
	switch name {
	case "list", "map", "file", "dir":
		return "support.type"
	}
	if _, ok := compiler.SimpleTypes[name]; ok {
		return "support.type.primitive"
	}
	return "entity.name.type"
}
