package lsp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/graphviz"
	formatpkg "github.com/wfc-lang/wfc/format"
	"github.com/wfc-lang/wfc/internal/wfgen"
	"github.com/wfc-lang/wfc/lang"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/lsp")

const greetWF = `# Says hello.
task hello(s: str) -> str {
    shell = "printf 'Hello %s' {inputs.s}"
}

webhook notify(msg: str, n: int) {
    url  = "http://127.0.0.1:8000/notify/{inputs.n}"
    data = {"text": "{inputs.msg}"}
}

# Greets and tells.
workflow greet(s: str = "world") -> dict {
    v = hello(s = s)
    return notify(msg = v, n = 1)
}

launchplan nightly = greet {
    fixed = {s = "night"}
}
`

// at returns the position of the k-th (from 0) occurrence of needle in an
// ASCII text, plus offset characters.
func at(t *testing.T, text, needle string, k, offset int) protocol.Position {
	t.Helper()
	i := -1
	for n := 0; n <= k; n++ {
		j := strings.Index(text[i+1:], needle)
		if j < 0 {
			t.Fatalf("%q: no occurrence %d", needle, k)
		}
		i += 1 + j
	}
	line := strings.Count(text[:i], "\n")
	col := i - (strings.LastIndex(text[:i], "\n") + 1)
	return pos(uint32(line), uint32(col+offset))
}

func TestInitializeAndShutdown(t *testing.T) {
	c := startServer(t, Options{}, true)
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	if err := <-c.served; err != nil {
		t.Fatalf("Serve after shutdown and exit: %v", err)
	}
	c.served <- nil // for the cleanup
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{}, true)
	c.notify(protocol.MethodExit, nil)
	if err := <-c.served; !errors.Is(err, ErrExitWithoutShutdown) {
		t.Fatalf("Serve after exit without shutdown: %v, want ErrExitWithoutShutdown", err)
	}
	c.served <- nil
}

func TestRequestBeforeInitialize(t *testing.T) {
	serverIn, clientOut, _ := os.Pipe()
	clientIn, serverOut, _ := os.Pipe()
	served := make(chan error, 1)
	go func() { served <- Serve(context.Background(), pipeStream{serverIn, serverOut}, Options{}) }()
	c := connect(t, pipeStream{clientIn, clientOut})
	go func() { c.served <- <-served }()
	var rpcErr *jsonrpc2.Error
	err := c.tryCall(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: docPos("file:///x.wf", pos(0, 0))}, new(any))
	if !errors.As(err, &rpcErr) || rpcErr.Code != codeServerNotInitialized {
		t.Errorf("hover before initialize: %v", err)
	}
}

func TestCapabilities(t *testing.T) {
	serverIn := startServer(t, Options{}, true)
	var result struct {
		Capabilities struct {
			SemanticTokensProvider struct {
				Legend struct{ TokenTypes []string }
			}
			ExecuteCommandProvider struct{ Commands []string }
			RenameProvider         struct{ PrepareProvider bool }
		}
	}
	serverIn.call(protocol.MethodInitialize, protocol.InitializeParams{}, &result)
	caps := result.Capabilities
	if !slices.Contains(caps.SemanticTokensProvider.Legend.TokenTypes, "function") || !slices.Equal(caps.ExecuteCommandProvider.Commands, []string{"wfc.graph"}) || !caps.RenameProvider.PrepareProvider {
		t.Errorf("capabilities: %+v", caps)
	}
}

func TestDiagnosticsOnOpenAndChange(t *testing.T) {
	c := startServer(t, Options{}, true)
	path := c.write("greet.wf", greetWF)
	broken := strings.Replace(greetWF, "v = hello(s = s)", "v = helo(s = s)", 1)
	uri := c.open(path, broken)
	diags := c.diagnostics(uri, 1)
	if len(diags) != 1 {
		t.Fatalf("diagnostics: %+v", diags)
	}
	d := diags[0]
	want := at(t, broken, "helo", 0, 0)
	if d.Range.Start != want || d.Range.End.Character != want.Character+4 {
		t.Errorf("range %+v, want start %+v and 4 characters", d.Range, want)
	}
	if !strings.Contains(d.Message, "undefined task `helo`") || *d.Severity != protocol.DiagnosticSeverityError {
		t.Errorf("diagnostic %+v", d)
	}
	if len(d.RelatedInformation) != 1 || !strings.Contains(d.RelatedInformation[0].Message, "hello") {
		t.Errorf("hint as related information: %+v", d.RelatedInformation)
	}
	c.change(uri, 2, greetWF)
	if diags := c.diagnostics(uri, 2); len(diags) != 0 {
		t.Errorf("after the fix: %+v", diags)
	}
	// A syntax error, then a warning: every change is checked.
	c.change(uri, 3, strings.Replace(greetWF, "v = hello(s = s)", "v = hello(s = s", 1))
	if diags := c.diagnostics(uri, 3); len(diags) == 0 || *diags[0].Severity != protocol.DiagnosticSeverityError {
		t.Errorf("syntax error: %+v", diags)
	}
	c.change(uri, 4, strings.Replace(greetWF, "    return", "    u = hello(s = s)\n    return", 1))
	if diags := c.diagnostics(uri, 4); len(diags) != 1 || *diags[0].Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("unused result: %+v", diags)
	}
}

func TestHintInMessageWithoutRelatedInformation(t *testing.T) {
	c := startServer(t, Options{}, false)
	path := c.write("greet.wf", greetWF)
	uri := c.open(path, strings.Replace(greetWF, "v = hello(s = s)", "v = helo(s = s)", 1))
	diags := c.diagnostics(uri, 1)
	if len(diags) != 1 || len(diags[0].RelatedInformation) != 0 || !strings.Contains(diags[0].Message, "\nhint: did you mean `hello`?") {
		t.Errorf("diagnostics: %+v", diags)
	}
}

// Columns are UTF-16 code units: é is one, 😀 two (a surrogate pair), as
// LSP 3.16 clients count them; in bytes they are two and four.
func TestDiagnosticPositionAfterNonASCII(t *testing.T) {
	c := startServer(t, Options{}, true)
	text := strings.Replace(greetWF, "return notify(msg = v, n = 1)", `return notify(msg = "é😀", n = nope)`, 1)
	uri := c.open(c.write("greet.wf", text), text)
	var nope *protocol.Diagnostic
	for _, d := range c.diagnostics(uri, 1) {
		if strings.Contains(d.Message, "nope") {
			nope = &d
		}
	}
	if nope == nil {
		t.Fatal("no diagnostic for nope")
	}
	// `    return notify(msg = "é😀", n = nope)`: nope starts after 4 + 7
	// ("return ") + 7 ("notify(") + 6 ("msg = ") + 1 (`"`) + 1 ("é") + 2
	// ("😀") + 7 (`", n = `) characters.
	want := protocol.Range{Start: pos(13, 35), End: pos(13, 39)}
	if nope.Range != want {
		t.Errorf("range %+v, want %+v (%s)", nope.Range, want, nope.Message)
	}
	// And back: a hover at a UTF-16 position after them finds the name
	// there: n, notify's input.
	if got := hoverText(t, c, uri, pos(13, 31)); !strings.Contains(got, "n: int") {
		t.Errorf("hover on n: %q", got)
	}
}

func TestFlyteRejectionsAreWarnings(t *testing.T) {
	c := startServer(t, Options{}, true)
	text := `webhook get(id: int) {
    url      = "http://127.0.0.1:8000/items/{inputs.id}"
    method   = "GET"
    response = "json"
}

workflow w() -> dict {
    r = get(id = 1)
    return get(id = r.response.next)
}
`
	uri := c.open(c.write("w.wf", text), text)
	diags := c.diagnostics(uri, 1)
	found := false
	for _, d := range diags {
		found = found || strings.HasPrefix(d.Message, "Flyte would reject this") && *d.Severity == protocol.DiagnosticSeverityWarning
	}
	if !found {
		t.Errorf("diagnostics: %+v", diags)
	}
}

// An open buffer wins over the file on disk, for the files that import
// it too; closing it hands the truth back to the disk.
func TestUnsavedImportsRefreshImporters(t *testing.T) {
	c := startServer(t, Options{}, true)
	libText := "task step(x: int) -> int {\n    shell = \"echo {inputs.x}\"\n}\n"
	lib := c.write("lib.wf", libText)
	mainText := "import \"lib.wf\"\n\nworkflow w() -> int {\n    return step(x = 1)\n}\n"
	mainURI := c.open(c.write("main.wf", mainText), mainText)
	if diags := c.diagnostics(mainURI, 1); len(diags) != 0 {
		t.Fatalf("main: %+v", diags)
	}
	libURI := c.open(lib, strings.Replace(libText, "step", "stride", 1))
	if diags := c.diagnostics(mainURI, 1); len(diags) != 1 || !strings.Contains(diags[0].Message, "undefined task `step`") {
		t.Fatalf("main after lib's buffer renamed step: %+v", diags)
	}
	// Definition across files, from the buffer.
	c.change(libURI, 2, libText)
	if diags := c.diagnostics(mainURI, 1); len(diags) != 0 {
		t.Fatalf("main after lib's buffer was restored: %+v", diags)
	}
	var locs []protocol.Location
	c.call(protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: docPos(mainURI, at(t, mainText, "step", 0, 1))}, &locs)
	if len(locs) != 1 || locs[0].URI != libURI || locs[0].Range.Start != pos(0, 5) {
		t.Errorf("definition of step: %+v", locs)
	}
	// Definition of the import: the imported file.
	c.call(protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: docPos(mainURI, pos(0, 9))}, &locs)
	if len(locs) != 1 || locs[0].URI != libURI || locs[0].Range.Start != pos(0, 0) {
		t.Errorf("definition of the import: %+v", locs)
	}
	c.change(libURI, 3, strings.Replace(libText, "step", "stride", 1))
	c.diagnostics(mainURI, 1)
	c.notify(protocol.MethodTextDocumentDidClose, protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: libURI}})
	if diags := c.diagnostics(mainURI, 1); len(diags) != 0 {
		t.Errorf("main after lib's buffer closed (the disk has step): %+v", diags)
	}
	// Another program changes lib.wf on disk; a watching client says so.
	c.write("lib.wf", strings.Replace(libText, "step", "stride", 1))
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: libURI, Type: 2}}})
	if diags := c.diagnostics(mainURI, 1); len(diags) != 1 {
		t.Errorf("main after lib.wf changed on disk: %+v", diags)
	}
}

func hoverText(t *testing.T, c *client, uri string, p protocol.Position) string {
	t.Helper()
	var h *protocol.Hover
	c.call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: docPos(uri, p)}, &h)
	if h == nil {
		return ""
	}
	return h.Contents.(protocol.MarkupContent).Value
}

func TestHover(t *testing.T) {
	c := startServer(t, Options{}, true)
	uri := c.open(c.write("greet.wf", greetWF), greetWF)
	for _, tc := range []struct {
		where protocol.Position
		want  []string
	}{
		{at(t, greetWF, "hello", 1, 2), []string{"task hello(s: str) -> str", "Says hello.", "Flyte task type `raw-container`", "`s: STRING`", "`o0: STRING`"}},
		{at(t, greetWF, "greet", 0, 0), []string{"workflow greet(s: str = \"world\") -> dict", "Greets and tells.", "Flyte workflow", "`o0: STRUCT`"}},
		{at(t, greetWF, "notify", 0, 0), []string{"webhook notify(msg: str, n: int)", "Flyte task type `webhook`", "`n: INTEGER`", "`info: STRUCT`"}},
		{at(t, greetWF, "v = hello", 0, 0), []string{"v: str", "a result of `hello`", "Flyte type: `STRING`"}},
		{at(t, greetWF, "msg = v", 0, 6), []string{"v: str"}},
		{at(t, greetWF, "{inputs.n}", 0, 8), []string{"n: int", "input of task `notify`", "INTEGER"}},
		{at(t, greetWF, "s: str", 1, 0), []string{"s: str = \"world\"", "input of workflow `greet`"}},
		{at(t, greetWF, "str", 0, 1), []string{"Flyte type `STRING`"}},
		{at(t, greetWF, "shell", 0, 0), []string{"shell: str", "/bin/sh -c"}},
		{at(t, greetWF, "nightly", 0, 0), []string{"launchplan nightly = greet"}},
		{at(t, greetWF, "n = 1", 0, 4), []string{"int", "a literal value; Flyte type `INTEGER`"}},
		{at(t, greetWF, "fixed", 0, 0), []string{"fixed", "a launch cannot change"}},
		{at(t, greetWF, `"world"`, 0, 2), []string{"str", "Flyte type `STRING`"}},
	} {
		got := hoverText(t, c, uri, tc.where)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("hover at %+v: %q lacks %q", tc.where, got, w)
			}
		}
	}
	if got := hoverText(t, c, uri, at(t, greetWF, "Says", 0, 0)); got != "" {
		t.Errorf("hover on a comment: %q", got)
	}
}

func locations(t *testing.T, c *client, method string, params any) []protocol.Range {
	t.Helper()
	var locs []protocol.Location
	c.call(method, params, &locs)
	var out []protocol.Range
	for _, l := range locs {
		out = append(out, l.Range)
	}
	return out
}

func span(p protocol.Position, n uint32) protocol.Range {
	return protocol.Range{Start: p, End: pos(p.Line, p.Character+n)}
}

func TestDefinitionAndReferences(t *testing.T) {
	c := startServer(t, Options{}, true)
	uri := c.open(c.write("greet.wf", greetWF), greetWF)
	def := func(p protocol.Position) []protocol.Range {
		return locations(t, c, protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: docPos(uri, p)})
	}
	refs := func(p protocol.Position, decl bool) []protocol.Range {
		return locations(t, c, protocol.MethodTextDocumentReferences, protocol.ReferenceParams{TextDocumentPositionParams: docPos(uri, p), Context: protocol.ReferenceContext{IncludeDeclaration: decl}})
	}
	helloInput := span(at(t, greetWF, "s: str", 0, 0), 1)
	for name, tc := range map[string]struct {
		from protocol.Position
		want protocol.Range
	}{
		"placeholder to task input": {at(t, greetWF, "{inputs.s}", 0, 8), helloInput},
		"keyword argument to input": {at(t, greetWF, "s = s", 0, 0), helloInput},
		"call to task":              {at(t, greetWF, "hello(s = s)", 0, 0), span(at(t, greetWF, "task hello", 0, 5), 5)},
		"name to workflow input":    {at(t, greetWF, "s = s", 0, 4), span(at(t, greetWF, "s: str", 1, 0), 1)},
		"variable to assignment":    {at(t, greetWF, "msg = v", 0, 6), span(at(t, greetWF, "v = hello", 0, 0), 1)},
		"plan to workflow":          {at(t, greetWF, "= greet", 0, 2), span(at(t, greetWF, "greet", 0, 0), 5)},
		"fixed key to input":        {at(t, greetWF, "s = \"night\"", 0, 0), span(at(t, greetWF, "s: str", 1, 0), 1)},
	} {
		if got := def(tc.from); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: definition %+v, want %+v", name, got, tc.want)
		}
	}
	// An input and its placeholders and keyword arguments.
	want := []protocol.Range{helloInput, span(at(t, greetWF, "{inputs.s}", 0, 8), 1), span(at(t, greetWF, "s = s", 0, 0), 1)}
	if got := refs(helloInput.Start, true); !slices.Equal(got, want) {
		t.Errorf("references of hello's s: %+v, want %+v", got, want)
	}
	if got := refs(at(t, greetWF, "{inputs.s}", 0, 8), false); !slices.Equal(got, want[1:]) {
		t.Errorf("references from the placeholder, without the declaration: %+v, want %+v", got, want[1:])
	}
	// The workflow's input: its uses in the body and the plan's fixed key.
	wantWF := []protocol.Range{span(at(t, greetWF, "s: str", 1, 0), 1), span(at(t, greetWF, "s = s", 0, 4), 1), span(at(t, greetWF, "s = \"night\"", 0, 0), 1)}
	if got := refs(wantWF[0].Start, true); !slices.Equal(got, wantWF) {
		t.Errorf("references of greet's s: %+v, want %+v", got, wantWF)
	}
	// Highlights: the same places in this document, the declaration
	// written, the uses read.
	var highlights []protocol.DocumentHighlight
	c.call(protocol.MethodTextDocumentDocumentHighlight, protocol.DocumentHighlightParams{TextDocumentPositionParams: docPos(uri, helloInput.Start)}, &highlights)
	if len(highlights) != 3 || highlights[0].Range != want[0] || *highlights[0].Kind != protocol.DocumentHighlightKindWrite || *highlights[1].Kind != protocol.DocumentHighlightKindRead {
		t.Errorf("highlights: %+v", highlights)
	}
	if got := def(at(t, greetWF, "# Says", 0, 2)); len(got) != 0 {
		t.Errorf("definition in a comment: %+v", got)
	}
}

func completionLabels(t testing.TB, c *client, uri string, p protocol.Position) map[string]protocol.CompletionItem {
	t.Helper()
	var list protocol.CompletionList
	c.call(protocol.MethodTextDocumentCompletion, protocol.CompletionParams{TextDocumentPositionParams: docPos(uri, p)}, &list)
	out := map[string]protocol.CompletionItem{}
	for _, it := range list.Items {
		out[it.Label] = it
	}
	return out
}

func TestCompletion(t *testing.T) {
	c := startServer(t, Options{}, true)
	uri := c.open(c.write("greet.wf", greetWF), greetWF)
	c.diagnostics(uri, 1)
	// The text being typed does not parse: completion reads the tokens
	// before the cursor and the names of the last text that parsed.
	typing := strings.Replace(greetWF, "    return notify", "    w = hello(\n    return notify", 1)
	c.change(uri, 2, typing)
	items := completionLabels(t, c, uri, at(t, typing, "w = hello(", 0, 10))
	if it, ok := items["s"]; !ok || *it.Detail != "s: str" || *it.InsertText != "s = " || len(items) != 1 {
		t.Errorf("keyword arguments of hello: %+v", items)
	}
	typing = strings.Replace(greetWF, "    return notify", "    w = \n    return notify", 1)
	c.change(uri, 3, typing)
	items = completionLabels(t, c, uri, at(t, typing, "w = ", 0, 4))
	for _, name := range []string{"hello", "notify", "greet", "nightly", "s", "v"} {
		if _, ok := items[name]; !ok {
			t.Errorf("in a workflow body, %s is not offered: %v", name, slices.Sorted(mapsKeys(items)))
		}
	}
	if *items["hello"].Detail != "task hello(s: str) -> str" {
		t.Errorf("hello's detail: %q", *items["hello"].Detail)
	}
	// notify(msg = v, |: only the inputs not yet passed.
	typing = strings.Replace(greetWF, "notify(msg = v, n = 1)", "notify(msg = v, ", 1)
	c.change(uri, 4, typing)
	items = completionLabels(t, c, uri, at(t, typing, "notify(msg = v, ", 0, 16))
	if _, ok := items["n"]; !ok || len(items) != 1 {
		t.Errorf("remaining arguments of notify: %v", slices.Sorted(mapsKeys(items)))
	}
	// Fields in a webhook's body, with their meaning.
	typing = strings.Replace(greetWF, "    data = ", "    me\n    data = ", 1)
	c.change(uri, 5, typing)
	items = completionLabels(t, c, uri, at(t, typing, "    me\n", 0, 6))
	if it, ok := items["method"]; !ok || *it.Detail != "str" || !strings.Contains(it.Documentation.(protocol.MarkupContent).Value, "GET or POST") {
		t.Errorf("webhook fields: %+v", items["method"])
	}
	if _, ok := items["url"]; ok {
		t.Errorf("url is set already, yet offered")
	}
	if _, ok := items["shell"]; ok {
		t.Errorf("a shell task's field offered in a webhook")
	}
	// Placeholders inside a string.
	typing = strings.Replace(greetWF, `{"text": "{inputs.msg}"}`, `{"text": "{inputs.`, 1)
	c.change(uri, 6, typing)
	items = completionLabels(t, c, uri, at(t, typing, `"{inputs.`, 0, 9))
	if _, ok := items["msg"]; !ok || len(items) != 2 {
		t.Errorf("placeholders of notify: %v", slices.Sorted(mapsKeys(items)))
	}
	// A launch plan's fixed inputs: the workflow's.
	typing = strings.Replace(greetWF, `fixed = {s = "night"}`, `fixed = {`, 1)
	c.change(uri, 8, typing)
	items = completionLabels(t, c, uri, at(t, typing, "fixed = {", 0, 9))
	if it, ok := items["s"]; !ok || len(items) != 1 || *it.InsertText != "s = " {
		t.Errorf("inputs in fixed: %v", slices.Sorted(mapsKeys(items)))
	}
	// Types after a colon.
	typing = strings.Replace(greetWF, "n: int)", "n: )", 1)
	c.change(uri, 9, typing)
	items = completionLabels(t, c, uri, at(t, typing, "n: )", 0, 3))
	for _, name := range []string{"str", "int", "list", "map", "dict", "file"} {
		if _, ok := items[name]; !ok {
			t.Errorf("type %s not offered: %v", name, slices.Sorted(mapsKeys(items)))
		}
	}
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestRename(t *testing.T) {
	c := startServer(t, Options{}, true)
	path := c.write("greet.wf", greetWF)
	uri := c.open(path, greetWF)
	rename := func(p protocol.Position, name string) (map[string][]protocol.TextEdit, error) {
		var edit protocol.WorkspaceEdit
		err := c.tryCall(protocol.MethodTextDocumentRename, protocol.RenameParams{TextDocumentPositionParams: docPos(uri, p), NewName: name}, &edit)
		return edit.Changes, err
	}
	// The workflow's input: its declaration, its use, the plan's key.
	edits, err := rename(at(t, greetWF, "s: str", 1, 0), "who")
	if err != nil {
		t.Fatal(err)
	}
	got := applyEdits(t, greetWF, edits[uri])
	want := strings.NewReplacer(`greet(s: str = "world")`, `greet(who: str = "world")`, "hello(s = s)", "hello(s = who)", `fixed = {s = "night"}`, `fixed = {who = "night"}`).Replace(greetWF)
	if got != want {
		t.Errorf("rename greet's s:\n%s\nwant\n%s", got, want)
	}
	// The task's input: its placeholder and the keyword argument.
	edits, _ = rename(at(t, greetWF, "{inputs.s}", 0, 8), "name")
	got = applyEdits(t, greetWF, edits[uri])
	want = strings.NewReplacer("hello(s: str)", "hello(name: str)", "{inputs.s}", "{inputs.name}", "hello(s = s)", "hello(name = s)").Replace(greetWF)
	if got != want {
		t.Errorf("rename hello's s:\n%s\nwant\n%s", got, want)
	}
	// A task, from a call.
	edits, _ = rename(at(t, greetWF, "hello(s = s)", 0, 1), "hi")
	if got := applyEdits(t, greetWF, edits[uri]); strings.Count(got, "hi(") != 2 || strings.Contains(got, "hello(") {
		t.Errorf("rename hello:\n%s", got)
	}
	// A variable.
	edits, _ = rename(at(t, greetWF, "msg = v", 0, 6), "greeting")
	if got := applyEdits(t, greetWF, edits[uri]); strings.Count(got, "greeting") != 2 {
		t.Errorf("rename v:\n%s", got)
	}
	for _, tc := range []struct {
		where protocol.Position
		name  string
		want  string
	}{
		{at(t, greetWF, "task hello", 0, 5), "notify", "`notify` is already declared"},
		{at(t, greetWF, "task hello", 0, 5), "for", "`for` is a keyword"},
		{at(t, greetWF, "task hello", 0, 5), "9lives", "not a name"},
		{at(t, greetWF, "msg: str", 0, 0), "n", "`n` is already declared"},
	} {
		if _, err := rename(tc.where, tc.name); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("rename to %s: %v, want %q", tc.name, err, tc.want)
		}
	}
	// Not while a file of the program does not parse.
	broken := greetWF + "workflow oops(\n"
	c.change(uri, 2, broken)
	if _, err := rename(at(t, broken, "task hello", 0, 5), "hi"); err == nil || !strings.Contains(err.Error(), "does not parse") {
		t.Errorf("rename in a file that does not parse: %v", err)
	}
	c.change(uri, 3, greetWF)
	prepare := func(p protocol.Position) (protocol.RangeWithPlaceholder, error) {
		var r protocol.RangeWithPlaceholder
		err := c.tryCall(protocol.MethodTextDocumentPrepareRename, protocol.PrepareRenameParams{TextDocumentPositionParams: docPos(uri, p)}, &r)
		return r, err
	}
	if r, err := prepare(at(t, greetWF, "{inputs.msg}", 0, 9)); err != nil || r.Placeholder != "msg" || r.Range != span(at(t, greetWF, "{inputs.msg}", 0, 8), 3) {
		t.Errorf("prepareRename on a placeholder: %+v, %v", r, err)
	}
	for _, tc := range []struct {
		where protocol.Position
		want  string
	}{
		{at(t, greetWF, "workflow", 0, 0), "`workflow` is a keyword"},
		{at(t, greetWF, "launchplan", 0, 0), "`launchplan` is a keyword"},
		{at(t, greetWF, "str", 0, 0), "`str` is a built-in type"},
		{at(t, greetWF, "shell", 0, 0), "`shell` is a field name"},
		{at(t, greetWF, "# Says", 0, 0), "nothing"},
	} {
		if _, err := prepare(tc.where); err == nil || !strings.Contains(err.Error(), tc.want) && !strings.Contains(err.Error(), "there is no task") {
			t.Errorf("prepareRename at %+v: %v, want %q", tc.where, err, tc.want)
		}
	}
}

// applyEdits applies non-overlapping edits of an ASCII text.
func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	x := newLineIndex([]byte(text))
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b protocol.TextEdit) int { return x.offset(b.Range.Start) - x.offset(a.Range.Start) })
	for _, e := range sorted {
		text = text[:x.offset(e.Range.Start)] + e.NewText + text[x.offset(e.Range.End):]
	}
	return text
}

func TestDocumentSymbols(t *testing.T) {
	c := startServer(t, Options{}, true)
	text := strings.Replace(greetWF, "    return notify(msg = v, n = 1)", "    ns = [hello(s = x) for x in [\"a\"]]\n    return notify(msg = v, n = 1)", 1)
	uri := c.open(c.write("greet.wf", text), text)
	var syms []protocol.DocumentSymbol
	c.call(protocol.MethodTextDocumentDocumentSymbol, protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &syms)
	var outline []string
	var walk func(prefix string, ss []protocol.DocumentSymbol)
	walk = func(prefix string, ss []protocol.DocumentSymbol) {
		for _, s := range ss {
			outline = append(outline, prefix+s.Name)
			walk(prefix+s.Name+"/", s.Children)
		}
	}
	walk("", syms)
	want := []string{"hello", "hello/s", "hello/shell", "notify", "notify/msg", "notify/n", "notify/url", "notify/data",
		"greet", "greet/s", "greet/v", "greet/v/hello", "greet/ns", "greet/ns/map", "greet/ns/map/hello", "greet/return", "greet/return/notify",
		"nightly", "nightly/fixed"}
	if !slices.Equal(outline, want) {
		t.Errorf("outline:\n%v\nwant\n%v", outline, want)
	}
}

func TestSemanticTokens(t *testing.T) {
	c := startServer(t, Options{}, true)
	uri := c.open(c.write("greet.wf", greetWF), greetWF)
	var toks protocol.SemanticTokens
	c.call(protocol.MethodTextDocumentSemanticTokensFull, protocol.SemanticTokensParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &toks)
	if len(toks.Data)%5 != 0 {
		t.Fatalf("%d integers", len(toks.Data))
	}
	type tok struct {
		line, char, length uint32
		typ                string
		decl               bool
	}
	var got []tok
	var line, char uint32
	for i := 0; i < len(toks.Data); i += 5 {
		if toks.Data[i] > 0 {
			char = 0
		}
		line += toks.Data[i]
		char += toks.Data[i+1]
		got = append(got, tok{line, char, toks.Data[i+2], tokenTypeNames[toks.Data[i+3]], toks.Data[i+4]&modDeclaration != 0})
	}
	for _, w := range []tok{
		{0, 0, 13, "comment", false},
		{1, 0, 4, "keyword", false},
		{1, 5, 5, "function", true},
		{1, 11, 1, "parameter", true},
		{1, 14, 3, "type", false},
		{2, 4, 5, "property", false},
		{2, 12, 27, "string", false},
		{2, 39, 1, "parameter", false}, // the s of {inputs.s}
		{2, 40, 2, "string", false},
		{11, 9, 5, "class", true},
		{12, 8, 5, "function", false},
		{16, 0, 10, "keyword", false}, // launchplan
		{16, 11, 7, "event", true},
	} {
		if !slices.Contains(got, w) {
			t.Errorf("no token %+v in %+v", w, got)
		}
	}
}

func TestGraphCommandAndCodeLens(t *testing.T) {
	c := startServer(t, Options{}, true)
	uri := c.open(c.write("greet.wf", greetWF), greetWF)
	var lenses []protocol.CodeLens
	c.call(protocol.MethodTextDocumentCodeLens, protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &lenses)
	if len(lenses) != 1 || lenses[0].Command == nil || lenses[0].Command.Command != "wfc.graph" || lenses[0].Range != span(at(t, greetWF, "greet", 0, 0), 5) {
		t.Fatalf("code lenses: %+v", lenses)
	}
	for _, format := range []string{"mermaid", "dot"} {
		var graph string
		c.call(protocol.MethodWorkspaceExecuteCommand, protocol.ExecuteCommandParams{Command: "wfc.graph", Arguments: []any{uri, "greet", format}}, &graph)
		golden(t, filepath.Join("graph", "greet."+format), graph)
	}
	// The lens's own arguments run the command.
	var graph string
	c.call(protocol.MethodWorkspaceExecuteCommand, protocol.ExecuteCommandParams{Command: lenses[0].Command.Command, Arguments: lenses[0].Command.Arguments}, &graph)
	if !strings.Contains(graph, "flowchart TD") {
		t.Errorf("graph from the lens: %q", graph)
	}
	for _, args := range [][]any{{uri, "nope", "dot"}, {uri, "greet", "svg"}, {uri}, {uri, 3, "dot"}} {
		if err := c.tryCall(protocol.MethodWorkspaceExecuteCommand, protocol.ExecuteCommandParams{Command: "wfc.graph", Arguments: args}, &graph); err == nil {
			t.Errorf("wfc.graph %v: no error", args)
		}
	}
}

// golden compares got with testdata/golden/lsp/NAME, rewriting it with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "golden", "lsp", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n%s\nwant\n%s", name, got, want)
	}
}

func TestRequestsOnUnopenedDocuments(t *testing.T) {
	c := startServer(t, Options{}, true)
	uri := uriOf(filepath.Join(c.dir, "absent.wf"))
	if err := c.tryCall(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: docPos(uri, pos(0, 0))}, new(any)); err == nil || !strings.Contains(err.Error(), "not open") {
		t.Errorf("hover of an unopened document: %v", err)
	}
	if err := c.tryCall(protocol.MethodTextDocumentFormatting, protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, new(any)); err == nil || !strings.Contains(err.Error(), "not open") {
		t.Errorf("formatting of an unopened document: %v", err)
	}
}

func TestTooLargeBuffer(t *testing.T) {
	c := startServer(t, Options{MaxDocumentSize: 1 << 10}, true)
	text := "task t() {\n    shell = \"" + strings.Repeat("x", 2<<10) + "\"\n}\n"
	uri := c.open(filepath.Join(c.dir, "big.wf"), text)
	diags := c.diagnostics(uri, 1)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "at most") {
		t.Errorf("diagnostics: %+v", diags)
	}
}

// Renaming a task in the file that declares it renames its calls in the
// open files that import it, and renaming from a call renames the
// declaration in the imported file.
func TestRenameAcrossFiles(t *testing.T) {
	c := startServer(t, Options{}, true)
	libText := "task step(x: int) -> int {\n    shell = \"echo {inputs.x}\"\n}\n"
	mainText := "import \"lib.wf\"\n\nworkflow w() -> int {\n    return step(x = 1)\n}\n"
	libURI := c.open(c.write("lib.wf", libText), libText)
	mainURI := c.open(c.write("main.wf", mainText), mainText)
	for _, from := range []struct {
		uri string
		at  protocol.Position
	}{{libURI, at(t, libText, "step", 0, 0)}, {mainURI, at(t, mainText, "step", 0, 2)}} {
		var edit protocol.WorkspaceEdit
		c.call(protocol.MethodTextDocumentRename, protocol.RenameParams{TextDocumentPositionParams: docPos(from.uri, from.at), NewName: "stride"}, &edit)
		if got := applyEdits(t, libText, edit.Changes[libURI]); got != strings.Replace(libText, "step", "stride", 1) {
			t.Errorf("from %s, lib.wf:\n%s", from.uri, got)
		}
		if got := applyEdits(t, mainText, edit.Changes[mainURI]); got != strings.Replace(mainText, "step", "stride", 1) {
			t.Errorf("from %s, main.wf:\n%s", from.uri, got)
		}
	}
	// The input x: its placeholder in lib.wf, its keyword argument in main.wf.
	var edit protocol.WorkspaceEdit
	c.call(protocol.MethodTextDocumentRename, protocol.RenameParams{TextDocumentPositionParams: docPos(libURI, at(t, libText, "x:", 0, 0)), NewName: "n"}, &edit)
	if got := applyEdits(t, libText, edit.Changes[libURI]); got != strings.NewReplacer("x:", "n:", "inputs.x", "inputs.n").Replace(libText) {
		t.Errorf("lib.wf:\n%s", got)
	}
	if got := applyEdits(t, mainText, edit.Changes[mainURI]); got != strings.Replace(mainText, "x = 1", "n = 1", 1) {
		t.Errorf("main.wf:\n%s", got)
	}
}

// In a workflow of 5,000 variables completion offers the nearest 200,
// says the list is incomplete, and narrows by the word being typed.
func TestCompletionOfManyVariables(t *testing.T) {
	var src strings.Builder
	if err := wfgen.Write(&src, wfgen.Options{Width: 10, Depth: 500, Kind: "echo"}); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(src.String(), "    v250_5 = step", "    w = v12\n    v250_5 = step", 1)
	c := startServer(t, Options{}, true)
	uri := c.open(c.write("big.wf", text), text)
	complete := func(p protocol.Position) protocol.CompletionList {
		var list protocol.CompletionList
		c.call(protocol.MethodTextDocumentCompletion, protocol.CompletionParams{TextDocumentPositionParams: docPos(uri, p)}, &list)
		return list
	}
	list := complete(at(t, text, "w = v12", 0, 4))
	if !list.IsIncomplete || len(list.Items) != 2+maxLocals || list.Items[2].Label != "v250_4" {
		t.Errorf("after `w = `: incomplete %v, %d items, the first variable %q", list.IsIncomplete, len(list.Items), list.Items[2].Label)
	}
	list = complete(at(t, text, "w = v12", 0, 7))
	for _, it := range list.Items[2:] {
		if !strings.HasPrefix(it.Label, "v12") {
			t.Errorf("after `w = v12`: %s", it.Label)
		}
	}
	if list.IsIncomplete || len(list.Items) != 2+10+100 { // v12_*, v120_* … v129_*
		t.Errorf("after `w = v12`: incomplete %v, %d items", list.IsIncomplete, len(list.Items))
	}
}

// Incremental changes address the text in UTF-16 units too: appending to
// a comment after "é😀", then replacing `nope` before it.
func TestIncrementalChangesAfterNonASCII(t *testing.T) {
	c := startServer(t, Options{}, true)
	text := strings.Replace(greetWF, "return notify(msg = v, n = 1)", "return notify(msg = v, n = nope) # é😀", 1)
	uri := c.open(c.write("greet.wf", text), text)
	if diags := c.diagnostics(uri, 1); len(diags) != 1 {
		t.Fatalf("diagnostics: %+v", diags)
	}
	change := func(version int32, r protocol.Range, newText string) {
		c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
			ContentChanges: []any{protocol.TextDocumentContentChangeEvent{Range: &r, Text: newText}},
		})
	}
	// `    return notify(msg = v, n = nope) # é😀`: nope is at 31–35, the
	// comment at 37, and the line ends at 37 + 2 + 1 + 2 = 42.
	change(2, span(pos(13, 42), 0), "!")
	change(3, span(pos(13, 31), 4), "1")
	if diags := c.diagnostics(uri, 3); len(diags) != 0 {
		t.Errorf("after the changes: %+v", diags)
	}
	if got := hoverText(t, c, uri, pos(13, 27)); !strings.Contains(got, "n: int") {
		t.Errorf("hover on n after the changes: %q", got)
	}
	// The comment now starts at 34 and is "# é😀!", 6 units long.
	var toks protocol.SemanticTokens
	c.call(protocol.MethodTextDocumentSemanticTokensFull, protocol.SemanticTokensParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &toks)
	var line, char uint32
	found := false
	for i := 0; i < len(toks.Data); i += 5 {
		if toks.Data[i] > 0 {
			char = 0
		}
		line += toks.Data[i]
		char += toks.Data[i+1]
		if line == 13 && tokenTypeNames[toks.Data[i+3]] == "comment" {
			found = char == 34 && toks.Data[i+2] == 6
		}
	}
	if !found {
		t.Errorf("no comment token of 6 units at 13:34 in %v", toks.Data)
	}
}

// A message longer than the server reads ends the connection before its
// body is read.
func TestMessageTooLarge(t *testing.T) {
	serverIn, clientOut, _ := os.Pipe()
	clientIn, serverOut, _ := os.Pipe()
	defer clientIn.Close()
	served := make(chan error, 1)
	go func() { served <- Serve(context.Background(), pipeStream{serverIn, serverOut}, Options{}) }()
	fmt.Fprintf(clientOut, "Content-Length: %d\r\n\r\n{", maxMessageSize+1)
	select {
	case err := <-served:
		if err == nil {
			t.Error("Serve returned nil")
		}
	case <-time.After(testTimeout):
		t.Fatal("the server still reads")
	}
	clientOut.Close()
}

// Every example, opened from disk as an editor opens it, checks without
// error, and each of its workflows draws as `wfc graph` draws it.
func TestExamples(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*.wf")
	more, _ := filepath.Glob("../examples/*/*.wf")
	paths = append(paths, more...)
	c := startServer(t, Options{}, true)
	graphs := 0
	for _, rel := range paths {
		path, _ := filepath.Abs(rel)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		uri := c.open(path, string(src))
		for _, d := range c.diagnostics(uri, 1) {
			if *d.Severity == protocol.DiagnosticSeverityError {
				t.Errorf("%s: %s", rel, d.Message)
			}
		}
		lp := lang.Load([]string{path})
		prog, _ := compiler.Check(lp.Files)
		var lenses []protocol.CodeLens
		c.call(protocol.MethodTextDocumentCodeLens, protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &lenses)
		for _, lens := range lenses {
			var got string
			c.call(protocol.MethodWorkspaceExecuteCommand, protocol.ExecuteCommandParams{Command: lens.Command.Command, Arguments: lens.Command.Arguments}, &got)
			var want strings.Builder
			if err := graphviz.New(prog.Workflow(lens.Command.Arguments[1].(string))).Write(&want, graphviz.Mermaid); err != nil {
				t.Fatal(err)
			}
			if got != want.String() {
				t.Errorf("%s %v: graph differs from wfc graph's", rel, lens.Command.Arguments[1])
			}
			graphs++
		}
	}
	if graphs < 8 { // every example but team/hooks.wf declares a workflow
		t.Errorf("%d examples, %d graphs", len(paths), graphs)
	}
}

// Formatting gives the text as wfc fmt lays it out, from the buffer (not
// the disk), as one edit; formatted text needs none; a syntax error leaves
// the text alone and says where.
func TestFormatting(t *testing.T) {
	c := startServer(t, Options{}, true)
	messy := strings.NewReplacer("    v = hello(s = s)", "  v=hello(s=s)", "    url  = ", "    url = ").Replace(greetWF)
	uri := c.open(c.write("greet.wf", "task t() {\n}\n"), messy)
	format := func() ([]protocol.TextEdit, error) {
		var edits []protocol.TextEdit
		err := c.tryCall(protocol.MethodTextDocumentFormatting, protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &edits)
		return edits, err
	}
	edits, err := format()
	if err != nil {
		t.Fatal(err)
	}
	want, err := formatpkg.Source("greet.wf", []byte(messy))
	if err != nil {
		t.Fatal(err)
	}
	if got := applyEdits(t, messy, edits); len(edits) != 1 || got != string(want) || got != greetWF {
		t.Errorf("formatted:\n%s\nwant\n%s", got, want)
	}
	c.change(uri, 2, greetWF)
	if edits, err := format(); err != nil || len(edits) != 0 {
		t.Errorf("formatting formatted text: %+v, %v", edits, err)
	}
	c.change(uri, 3, strings.Replace(greetWF, "hello(s = s)", "hello(s = s", 1))
	if _, err := format(); err == nil || !strings.Contains(err.Error(), "cannot format: ") || !strings.Contains(err.Error(), "greet.wf:15:1: error: expected `)`") {
		t.Errorf("formatting a syntax error: %v", err)
	}
}

// After an edit, the edited document's diagnostics come first, then its
// importers'. main.wf imports lib.wf before it exists: opening lib.wf
// re-checks main.wf too.
func TestEditedDocumentPublishedFirst(t *testing.T) {
	c := startServer(t, Options{}, true)
	libText := "task step(x: int) -> int {\n    shell = \"echo {inputs.x}\"\n}\n"
	mainText := "import \"lib.wf\"\n\nworkflow w() -> int {\n    return step(x = 1)\n}\n"
	mainURI := c.open(c.write("main.wf", mainText), mainText)
	c.diagnostics(mainURI, 1)
	libURI := c.open(c.write("lib.wf", libText), libText)
	c.diagnostics(libURI, 1)
	if diags := c.diagnostics(mainURI, 1); len(diags) != 0 {
		t.Errorf("main.wf once lib.wf is open: %+v", diags)
	}
	c.change(libURI, 2, strings.Replace(libText, "x: int", "y: int", 1))
	var order []string
	for len(order) < 2 {
		select {
		case p := <-c.diags:
			if p.URI == libURI && p.Version != nil && *p.Version == 2 || p.URI == mainURI && len(order) == 1 {
				order = append(order, filepath.Base(p.URI))
			}
		case <-time.After(testTimeout):
			t.Fatalf("publications: %v", order)
		}
	}
	if order[0] != "lib.wf" || order[1] != "main.wf" {
		t.Errorf("published in the order %v", order)
	}
}

// A buffer never saved is checked, hovered and formatted like a file's.
func TestUntitledBuffer(t *testing.T) {
	c := startServer(t, Options{}, true)
	const uri = "untitled:Untitled-1"
	broken := strings.Replace(greetWF, "v = hello(s = s)", "v = helo(s = s)", 1)
	c.notify(protocol.MethodTextDocumentDidOpen, protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "wfc", Version: 1, Text: broken}})
	diags := c.diagnostics(uri, 1)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "undefined task `helo`") {
		t.Fatalf("diagnostics of %s: %+v", uri, diags)
	}
	if len(diags[0].RelatedInformation) != 1 || diags[0].RelatedInformation[0].Location.URI != uri {
		t.Errorf("the hint's location names %+v, want %s", diags[0].RelatedInformation, uri)
	}
	c.change(uri, 2, greetWF)
	if diags := c.diagnostics(uri, 2); len(diags) != 0 {
		t.Errorf("after the fix: %+v", diags)
	}
	if h := hoverText(t, c, uri, at(t, greetWF, "hello(s = s)", 0, 1)); !strings.Contains(h, "task hello(s: str) -> str") {
		t.Errorf("hover: %q", h)
	}
	var edits []protocol.TextEdit
	c.call(protocol.MethodTextDocumentFormatting, protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &edits)
	if len(edits) != 0 {
		t.Errorf("formatting a formatted buffer: %+v", edits)
	}
}
