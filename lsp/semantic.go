package lsp

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/lang"
)

// The legend: standard token types and modifiers of LSP 3.16, so that
// every editor theme colours them.
var tokenTypeNames = []string{"keyword", "string", "number", "comment", "function", "class", "event", "parameter", "variable", "property", "type"}

const (
	tokKeyword = iota
	tokString
	tokNumber
	tokComment
	tokFunction  // tasks
	tokClass     // workflows
	tokEvent     // launch plans
	tokParameter // inputs, keyword arguments and placeholders
	tokVariable
	tokProperty // fields and settings
	tokType
)

var tokenModifierNames = []string{"declaration"}

const modDeclaration = 1 << 0

// semanticToken is one classified span of a file, by byte offsets.
type semanticToken struct {
	start, end int
	typ, mods  int
}

func (s *server) semanticTokens(_ *glsp.Context, params *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, a, err := s.doc(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return &protocol.SemanticTokens{Data: a.encodeTokens(d.path, a.classify(d.path))}, nil
}

// classify returns the tokens of a file worth colouring, in order.
func (a *analysis) classify(path string) []semanticToken {
	names := map[int]semanticToken{} // by start offset
	for _, o := range a.names().occs[path] {
		t := semanticToken{start: o.rng.Start.Offset, end: o.rng.End.Offset, typ: symbolTokenType(o.sym)}
		if o.def {
			t.mods = modDeclaration
		}
		names[t.start] = t
	}
	for _, r := range a.names().types[path] {
		names[r.Start.Offset] = semanticToken{start: r.Start.Offset, end: r.End.Offset, typ: tokType}
	}
	for _, r := range a.names().fields[path] {
		names[r.Start.Offset] = semanticToken{start: r.Start.Offset, end: r.End.Offset, typ: tokProperty}
	}
	var out []semanticToken
	for _, t := range lang.Tokens(path, a.sources[path]) {
		start, end := t.Range.Start.Offset, t.Range.End.Offset
		switch t.Kind {
		case lang.TokenComment:
			out = append(out, semanticToken{start: start, end: end, typ: tokComment})
		case lang.TokenNumber:
			out = append(out, semanticToken{start: start, end: end, typ: tokNumber})
		case lang.TokenKeyword:
			out = append(out, semanticToken{start: start, end: end, typ: tokKeyword})
		case lang.TokenString:
			out = append(out, a.stringTokens(path, start, end)...)
		case lang.TokenIdent:
			if nt, ok := names[start]; ok {
				out = append(out, nt)
			} else if t.Text == "import" || t.Text == "launchplan" {
				out = append(out, semanticToken{start: start, end: end, typ: tokKeyword})
			}
		}
	}
	return out
}

// stringTokens splits a string around the placeholders inside it, which
// are coloured as the inputs they name.
func (a *analysis) stringTokens(path string, start, end int) []semanticToken {
	var out []semanticToken
	at := start
	for _, o := range a.names().occs[path] {
		if !o.placeholder || o.rng.Start.Offset < start || o.rng.End.Offset > end {
			continue
		}
		if at < o.rng.Start.Offset {
			out = append(out, semanticToken{start: at, end: o.rng.Start.Offset, typ: tokString})
		}
		out = append(out, semanticToken{start: o.rng.Start.Offset, end: o.rng.End.Offset, typ: tokParameter})
		at = o.rng.End.Offset
	}
	if at < end {
		out = append(out, semanticToken{start: at, end: end, typ: tokString})
	}
	return out
}

func symbolTokenType(sym *symbol) int {
	switch sym.kind {
	case symTask:
		return tokFunction
	case symWorkflow:
		return tokClass
	case symPlan:
		return tokEvent
	case symParam:
		return tokParameter
	}
	return tokVariable
}

// encodeTokens writes tokens in the protocol's relative form, five
// integers each, splitting a token that spans lines into one per line.
func (a *analysis) encodeTokens(path string, toks []semanticToken) []protocol.UInteger {
	lines := a.lines(path)
	src := a.sources[path]
	data := []protocol.UInteger{}
	var prevLine, prevChar uint32
	emit := func(start, end int, t semanticToken) {
		if start >= end {
			return
		}
		p := lines.position(start)
		length := utf16Len(src[start:end])
		if p.Line != prevLine {
			prevChar = 0
		}
		data = append(data, p.Line-prevLine, p.Character-prevChar, uint32(length), uint32(t.typ), uint32(t.mods))
		prevLine, prevChar = p.Line, p.Character
	}
	for _, t := range toks {
		for start := t.start; start < t.end; {
			end := start
			for end < t.end && src[end] != '\n' {
				end++
			}
			emit(start, end, t)
			start = end + 1
		}
	}
	return data
}
