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

// flush runs when the debounce timer fires: it checks each document whose
// diagnostics are unpublished and publishes them, one document at a time
// and the one edited last first, so that the document being typed in
// waits for no other. Then it indexes the names of what it checked, so
// that the requests that follow a change (completion, hover) find them
// ready without delaying the diagnostics.
func (s *server) flush() {
	s.mu.Lock()
	s.timer = nil
	s.mu.Unlock()
	for {
		s.mu.Lock()
		d := s.nextUnpublished()
		if d == nil {
			s.mu.Unlock()
			break
		}
		a := s.current(d)
		d.unpublished = false
		pub := publication{uri: d.uri, version: d.version, diagnostics: a.protocolDiagnostics(d.path, s.relatedInfo)}
		s.mu.Unlock()
		s.publish([]publication{pub})
	}
	s.mu.Lock()
	for _, d := range s.docs {
		if !d.stale && d.analysed != nil {
			d.analysed.names()
		}
	}
	s.mu.Unlock()
}

// nextUnpublished returns the document with unpublished diagnostics that
// was edited last, or nil. s.mu is held.
func (s *server) nextUnpublished() *document {
	if s.stopped || s.shutdown {
		return nil
	}
	var next *document
	for _, d := range s.docs {
		if d.unpublished && (next == nil || d.edited > next.edited || d.edited == next.edited && d.uri < next.uri) {
			next = d
		}
	}
	return next
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
