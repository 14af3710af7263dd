package lsp

import (
	"context"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/lang"
)

// publication is one textDocument/publishDiagnostics notification.
type publication struct {
	uri         string
	version     int32
	diagnostics []protocol.Diagnostic
}

// flush runs when the debounce timer fires: it checks every document
// whose diagnostics are unpublished and publishes them.
func (s *server) flush() {
	s.mu.Lock()
	s.timer = nil
	var pubs []publication
	if !s.stopped && !s.shutdown {
		for _, d := range s.docs {
			if !d.unpublished {
				continue
			}
			a := s.current(d)
			d.unpublished = false
			pubs = append(pubs, publication{uri: d.uri, version: d.version, diagnostics: a.protocolDiagnostics(d.path, s.relatedInfo)})
		}
	}
	s.mu.Unlock()
	s.publish(pubs)
	// Index the names now, after publishing, so that the requests that
	// follow a change (completion, hover) find them ready.
	s.mu.Lock()
	for _, d := range s.docs {
		if !d.stale && d.analysed != nil {
			d.analysed.names()
		}
	}
	s.mu.Unlock()
}

// publish sends the notifications, in URI order so that a client sees
// the same sequence for the same edits.
func (s *server) publish(pubs []publication) {
	s.mu.Lock()
	conn := s.conn
	s.mu.Unlock()
	if conn == nil {
		return
	}
	sortBy(pubs, func(p publication) string { return p.uri })
	for _, p := range pubs {
		params := protocol.PublishDiagnosticsParams{URI: p.uri, Diagnostics: p.diagnostics}
		if params.Diagnostics == nil {
			params.Diagnostics = []protocol.Diagnostic{} // an empty list clears the client's
		}
		if p.version != 0 {
			v := protocol.UInteger(p.version)
			params.Version = &v
		}
		_ = conn.Notify(context.Background(), protocol.ServerTextDocumentPublishDiagnostics, params)
	}
}

// protocolDiagnostics returns the diagnostics of the file at path as the
// protocol has them: wfc check's errors and warnings, the detail after the
// summary, and the hint as related information when the client shows it,
// else as the message's last line.
func (a *analysis) protocolDiagnostics(path string, relatedInfo bool) []protocol.Diagnostic {
	lines := a.lines(path)
	var out []protocol.Diagnostic
	for _, d := range a.diags {
		if d.Range.Filename != path {
			continue
		}
		rng := a.protocolRange(d.Range)
		if !d.Range.IsValid() {
			rng = lines.rangeOf(0, 0)
		}
		severity := protocol.DiagnosticSeverityError
		if d.Severity == lang.Warning {
			severity = protocol.DiagnosticSeverityWarning
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += "\n" + d.Detail
		}
		pd := protocol.Diagnostic{Range: rng, Severity: &severity, Source: ptr("wfc"), Message: msg}
		if d.Hint != "" {
			if relatedInfo {
				pd.RelatedInformation = []protocol.DiagnosticRelatedInformation{{
					Location: protocol.Location{URI: uriOf(path), Range: rng},
					Message:  "hint: " + d.Hint,
				}}
			} else {
				pd.Message += "\nhint: " + d.Hint
			}
		}
		out = append(out, pd)
	}
	for _, err := range a.unread {
		msg := strings.TrimPrefix(err.Error(), path+": ")
		severity := protocol.DiagnosticSeverityError
		out = append(out, protocol.Diagnostic{Range: lines.rangeOf(0, 0), Severity: &severity, Source: ptr("wfc"), Message: msg})
	}
	return out
}
