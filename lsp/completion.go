package lsp

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// Completion reads its context from the text before the cursor, token by
// token, since the text being typed seldom parses; the names it offers
// come from the document's latest analysis that parsed.

func (s *server) completion(_ *glsp.Context, params *protocol.CompletionParams) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[params.TextDocument.URI]
	if d == nil {
		return nil, userError("%s is not open", params.TextDocument.URI)
	}
	if d.parsed == nil {
		s.current(d)
	}
	// The text as it is now gives the context; the names need no check
	// of it, so a completion typed right after a change waits for none.
	off := d.lines.offset(params.Position)
	items, cut := complete(d.text[:off], d.path, d.parsed)
	if items == nil {
		items = []protocol.CompletionItem{}
	}
	return protocol.CompletionList{IsIncomplete: cut, Items: items}, nil
}

var placeholderPrefix = regexp.MustCompile(`\{inputs\.[A-Za-z0-9_]*$`)

// context of the cursor, from the tokens before it.
type cursorContext struct {
	declKind string // task, webhook, echo, workflow or launchplan around the cursor
	declName string
	planOf   string       // a launch plan's workflow
	open     []lang.Token // unclosed brackets, outermost first
	openAt   []int        // their indexes in toks
	toks     []lang.Token // before the word being typed
}

// complete returns the completions at the end of before, and whether the
// list was cut short.
func complete(before []byte, path string, a *analysis) ([]protocol.CompletionItem, bool) {
	toks := contextTokens(path, before)
	// A string still open at the cursor: placeholders.
	if n := len(toks); n > 0 && toks[n-1].Range.End.Offset == len(before) && strings.HasPrefix(toks[n-1].Text, `"`) && toks[n-1].Kind == lang.TokenInvalid {
		if !placeholderPrefix.MatchString(toks[n-1].Text) {
			return nil, false
		}
		cc := contextOf(toks[:n-1])
		return placeholderItems(a, cc.declName), false
	}
	// The word being typed is not context.
	prefix := ""
	if n := len(toks); n > 0 && toks[n-1].Range.End.Offset == len(before) && (toks[n-1].Kind == lang.TokenIdent || toks[n-1].Kind == lang.TokenKeyword) {
		prefix = toks[n-1].Text
		before = before[:toks[n-1].Range.Start.Offset]
		toks = toks[:n-1]
	}
	cc := contextOf(toks)
	prev := ""
	if len(toks) > 0 {
		prev = toks[len(toks)-1].Text
	}
	depth := len(cc.open)
	inner := ""
	var opener string // the name before the innermost open bracket
	if depth > 0 {
		inner = cc.open[depth-1].Text
		if i := cc.openAt[depth-1]; i > 0 && toks[i-1].Kind == lang.TokenIdent {
			opener = toks[i-1].Text
		}
	}
	switch {
	case prev == "->" || prev == ":" && inner != "{" || inner == "[" && (opener == "list" || opener == "map") && (prev == "[" || prev == ","):
		return typeItems(), false
	case inner == "(" && depth == 1 && cc.declKind != "launchplan" && opener == cc.declName:
		return nil, false // naming a parameter
	case inner == "(" && opener != "" && (prev == "(" || prev == ","):
		return argumentItems(a, opener, cc.namesSet()), false
	case inner == "{" && depth == 1 && isTaskKind(cc.declKind) && startsField(before, prev):
		return fieldItems(cc.declKind, cc.namesSet()), false
	case cc.declKind == "launchplan" && depth == 2 && inner == "{" && (prev == "{" || prev == ",") && cc.inputsBlock():
		return argumentItems(a, cc.planOf, cc.namesSet()), false
	case cc.declKind == "workflow" && depth >= 1:
		locals, cut := localItems(a, cc.declName, path, len(before), prefix)
		return append(callItems(a), locals...), cut
	}
	return nil, false
}

// maxContext bounds how far back completion reads tokens inside one long
// declaration, so that completing in a 5,000-line workflow reads only the
// statements near the cursor.
const maxContext = 8 << 10

// contextTokens returns the tokens completion reads: those of the
// declaration around the cursor, whose header is the last line that
// starts with a letter (declarations start at the margin, their bodies
// are indented). When the declaration is long, the tokens of its header
// line stand for the body's start and are followed by those from the
// last statement that starts (on a line indented once) within maxContext
// bytes of the cursor. Offsets are before's.
func contextTokens(path string, before []byte) []lang.Token {
	header := 0
	for i := len(before) - 1; i > 0; i-- {
		if before[i-1] == '\n' && isLetter(before[i]) {
			header = i
			break
		}
	}
	if eol := bytes.IndexByte(before[header:], '\n'); eol >= 0 && len(before)-header > maxContext {
		head := shifted(lang.Tokens(path, before[header:header+eol]), header)
		if cc := contextOf(head); len(cc.open) == 1 && cc.open[0].Text == "{" {
			for i := len(before) - maxContext; i < len(before)-5; i++ {
				if before[i-1] == '\n' && string(before[i:i+4]) == "    " && isLetter(before[i+4]) {
					return append(head, shifted(lang.Tokens(path, before[i:]), i)...)
				}
			}
		}
	}
	return shifted(lang.Tokens(path, before[header:]), header)
}

func isLetter(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// shifted moves tokens read from a slice starting at offset start to the
// offsets of the whole text.
func shifted(toks []lang.Token, start int) []lang.Token {
	for i := range toks {
		toks[i].Range.Start.Offset += start
		toks[i].Range.End.Offset += start
	}
	return toks
}

func isTaskKind(kind string) bool { return kind == "task" || kind == "webhook" || kind == "echo" }

// startsField reports whether the cursor is where a field's name goes: at
// the start of a line or just after the opening brace or a comma.
func startsField(before []byte, prev string) bool {
	line := before[strings.LastIndexByte(string(before), '\n')+1:]
	return strings.TrimSpace(string(line)) == "" || prev == "{" || prev == ","
}

func contextOf(toks []lang.Token) cursorContext {
	cc := cursorContext{toks: toks}
	for i, t := range toks {
		switch t.Text {
		case "(", "[", "{":
			if t.Kind == lang.TokenPunct {
				cc.open = append(cc.open, t)
				cc.openAt = append(cc.openAt, i)
			}
			continue
		case ")", "]", "}":
			if t.Kind == lang.TokenPunct && len(cc.open) > 0 {
				cc.open, cc.openAt = cc.open[:len(cc.open)-1], cc.openAt[:len(cc.openAt)-1]
			}
			continue
		}
		if len(cc.open) == 0 && (t.Kind == lang.TokenKeyword || t.Kind == lang.TokenIdent) {
			switch t.Text {
			case "task", "webhook", "echo", "workflow", "launchplan":
				cc.declKind, cc.declName, cc.planOf = t.Text, "", ""
				if i+1 < len(toks) && toks[i+1].Kind == lang.TokenIdent {
					cc.declName = toks[i+1].Text
				}
				if t.Text == "launchplan" && i+3 < len(toks) && toks[i+2].Text == "=" {
					cc.planOf = toks[i+3].Text
				}
			}
		}
	}
	return cc
}

// inputsBlock reports whether the innermost open bracket is the block of
// a launch plan's fixed or defaults, which names the workflow's inputs.
func (cc cursorContext) inputsBlock() bool {
	i := cc.openAt[len(cc.openAt)-1]
	return i >= 2 && cc.toks[i-1].Text == "=" && (cc.toks[i-2].Text == "fixed" || cc.toks[i-2].Text == "defaults")
}

// namesSet lists the names already given a value (`name =`) in the
// innermost open bracket: a call's keyword arguments, a block's fields.
func (cc cursorContext) namesSet() map[string]bool {
	named := map[string]bool{}
	start := cc.openAt[len(cc.openAt)-1]
	depth := 0
	for i := start + 1; i+1 < len(cc.toks); i++ {
		switch cc.toks[i].Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		}
		if depth == 0 && cc.toks[i].Kind == lang.TokenIdent && cc.toks[i+1].Text == "=" {
			named[cc.toks[i].Text] = true
		}
	}
	return named
}

func item(label string, kind protocol.CompletionItemKind, detail, doc, insert string) protocol.CompletionItem {
	it := protocol.CompletionItem{Label: label, Kind: &kind}
	if detail != "" {
		it.Detail = &detail
	}
	if doc != "" {
		it.Documentation = protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: doc}
	}
	if insert != "" {
		it.InsertText = &insert
	}
	return it
}

func typeItems() []protocol.CompletionItem {
	names := []string{"list", "map", "file", "dir"}
	for n := range compiler.SimpleTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []protocol.CompletionItem
	for _, n := range names {
		doc := typeDoc(n)
		out = append(out, item(n, protocol.CompletionItemKindTypeParameter, "type", doc, ""))
	}
	return out
}

// callItems offers the tasks, workflows and launch plans to call.
func callItems(a *analysis) []protocol.CompletionItem {
	if a == nil {
		return nil
	}
	var out []protocol.CompletionItem
	for _, sym := range a.names().decls {
		if a.names().globals[sym.name] != sym {
			continue
		}
		kind := protocol.CompletionItemKindFunction
		if sym.kind == symWorkflow {
			kind = protocol.CompletionItemKindModule
		} else if sym.kind == symPlan {
			kind = protocol.CompletionItemKindEvent
		}
		out = append(out, item(sym.name, kind, a.signature(sym.decl), declDoc(sym.decl), ""))
	}
	return out
}

// maxLocals bounds how many variables one completion offers. A list of
// thousands costs more to send and read than to compute; the nearest are
// the likeliest, and a list cut short says it is incomplete, so the editor
// asks again as the name is typed and the server narrows by its prefix.
const maxLocals = 200

// localItems offers a workflow's inputs and the variables assigned before
// the cursor (by the positions of the last text that parsed), the nearest
// first, those starting with prefix (the word being typed). It reports
// whether it left some out.
func localItems(a *analysis, workflow, path string, offset int, prefix string) ([]protocol.CompletionItem, bool) {
	if a == nil {
		return nil, false
	}
	wf := a.names().globals[workflow]
	if wf == nil || wf.kind != symWorkflow {
		return nil, false
	}
	visible := wf.ordered
	for i, sym := range wf.ordered {
		if sym.def.Filename == path && sym.def.Start.Offset >= offset {
			visible = wf.ordered[:i] // assigned after the cursor: not yet a value here
			break
		}
	}
	var out []protocol.CompletionItem
	for i := len(visible) - 1; i >= 0; i-- {
		sym := visible[i]
		if !strings.HasPrefix(sym.name, prefix) || sym.value != nil && lang.RangeOf(sym.value).End.Offset >= offset {
			continue // or the variable whose value is being written
		}
		if len(out) == maxLocals {
			return out, true
		}
		detail := "variable"
		if sym.kind == symParam {
			detail = a.text(lang.RangeOf(sym.param))
		} else if t := a.varType(sym, 0); t != nil {
			detail = sym.name + ": " + t.String()
		}
		out = append(out, item(sym.name, protocol.CompletionItemKindVariable, detail, "", ""))
	}
	return out, false
}

// argumentItems offers the inputs of the callee not yet passed, as
// keyword arguments with their types.
func argumentItems(a *analysis, callee string, named map[string]bool) []protocol.CompletionItem {
	if a == nil {
		return nil
	}
	sym := a.names().globals[callee]
	if sym != nil && sym.kind == symPlan {
		sym = a.names().globals[sym.decl.(*lang.LaunchPlanDecl).Workflow.Name]
	}
	if sym == nil || (sym.kind != symTask && sym.kind != symWorkflow) {
		return nil
	}
	var out []protocol.CompletionItem
	for _, p := range sym.params {
		if named[p.name] {
			continue
		}
		out = append(out, item(p.name, protocol.CompletionItemKindField, a.text(lang.RangeOf(p.param)), "input of "+kindWord(sym)+" `"+sym.name+"`", p.name+" = "))
	}
	return out
}

// fieldItems offers the fields of a task kind not yet set, with their
// types and meanings.
func fieldItems(kind string, set map[string]bool) []protocol.CompletionItem {
	var out []protocol.CompletionItem
	for _, name := range compiler.TaskFieldNames(kind) {
		if set[name] {
			continue
		}
		detail := "setting"
		if t := compiler.TaskFieldType(kind, name); t != nil {
			detail = t.String()
		}
		out = append(out, item(name, protocol.CompletionItemKindProperty, detail, fieldDocs[kind][name], name+" = "))
	}
	return out
}

// placeholderItems offers the inputs of a task inside {inputs.…}.
func placeholderItems(a *analysis, task string) []protocol.CompletionItem {
	if a == nil {
		return nil
	}
	sym := a.names().globals[task]
	if sym == nil || sym.kind != symTask {
		return nil
	}
	var out []protocol.CompletionItem
	for _, p := range sym.params {
		out = append(out, item(p.name, protocol.CompletionItemKindVariable, a.text(lang.RangeOf(p.param)), "input of task `"+sym.name+"`", ""))
	}
	return out
}
