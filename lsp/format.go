package lsp

import (
	"bytes"
	"errors"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/format"
	"github.com/wfc-lang/wfc/lang"
)

// formatting formats a whole document as `wfc fmt` does (format.Source):
// one edit that replaces the text, or none when it is formatted already.
// A document that does not parse is left as it is, with its first error
// as the request's failure (the diagnostics show them all).
func (s *server) formatting(_ *glsp.Context, params *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	s.mu.Lock()
	d := s.docs[params.TextDocument.URI]
	var path string
	var text []byte
	var lines *lineIndex
	if d != nil {
		path, text, lines = d.path, d.text, d.lines
	}
	s.mu.Unlock()
	if d == nil {
		return nil, userError("%s is not open", params.TextDocument.URI)
	}
	out, err := format.Source(path, text)
	if err != nil {
		var diags lang.DiagnosticsError
		if errors.As(err, &diags) && len(diags) > 0 {
			return nil, userError("cannot format: %s", diags[0].Error())
		}
		return nil, userError("cannot format: %v", err)
	}
	if bytes.Equal(out, text) {
		return []protocol.TextEdit{}, nil
	}
	return []protocol.TextEdit{{Range: lines.rangeOf(0, len(text)), NewText: string(out)}}, nil
}
