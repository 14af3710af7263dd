package lsp

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/lang"
)

// document is an open editor buffer: the source of truth for its file
// over what is on disk, until the client closes it.
type document struct {
	uri     string
	path    string
	version int32
	text    []byte
	lines   *lineIndex

	// analysed is the latest analysis of the program rooted at this
	// document; stale says the buffer, or a file it reads, changed since.
	analysed *analysis
	stale    bool
	// unpublished says the diagnostics of the latest text are yet to be
	// published.
	unpublished bool
	// parsed is the latest analysis in which this document parsed, for
	// completion while the text being typed does not.
	parsed *analysis
	// edited orders the documents by their last change (server.edits).
	edited uint64
}

func (s *server) didOpen(_ *glsp.Context, params *protocol.DidOpenTextDocumentParams) error {
	path, err := pathOf(params.TextDocument.URI)
	if err != nil {
		return err
	}
	text := []byte(params.TextDocument.Text)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.edits++
	s.docs[params.TextDocument.URI] = &document{
		uri: params.TextDocument.URI, path: path, version: params.TextDocument.Version,
		text: text, lines: newLineIndex(text), edited: s.edits,
	}
	s.changed(path)
	return nil
}

func (s *server) didChange(_ *glsp.Context, params *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[params.TextDocument.URI]
	if d == nil {
		return fmt.Errorf("didChange of %s, which is not open", params.TextDocument.URI)
	}
	for _, change := range params.ContentChanges {
		switch c := change.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			d.text = []byte(c.Text)
		case protocol.TextDocumentContentChangeEvent:
			start, end := d.lines.offset(c.Range.Start), d.lines.offset(c.Range.End)
			end = max(start, end)
			text := make([]byte, 0, len(d.text)-(end-start)+len(c.Text))
			text = append(append(append(text, d.text[:start]...), c.Text...), d.text[end:]...)
			d.text = text
		}
		d.lines = newLineIndex(d.text)
	}
	d.version = params.TextDocument.Version
	s.edits++
	d.edited = s.edits
	s.changed(d.path)
	return nil
}

func (s *server) didClose(_ *glsp.Context, params *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[params.TextDocument.URI]
	if d == nil {
		return nil
	}
	delete(s.docs, params.TextDocument.URI)
	// The file on disk is the truth again for the files that import it.
	s.changed(d.path)
	if s.conn != nil {
		uri := d.uri
		go s.publish([]publication{{uri: uri}})
	}
	return nil
}

// didChangeWatchedFiles re-checks the open documents that read a file
// that changed on disk (a checkout, another program's write), for clients
// that watch .wf files.
func (s *server) didChangeWatchedFiles(_ *glsp.Context, params *protocol.DidChangeWatchedFilesParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, change := range params.Changes {
		if path, err := pathOf(change.URI); err == nil {
			s.changed(path)
		}
	}
	return nil
}

// changed marks stale every open document that is, or reads, the file at
// path, and schedules the debounced check. s.mu is held.
func (s *server) changed(path string) {
	for _, d := range s.docs {
		if d.path == path || d.analysed != nil && d.analysed.reads(path) {
			d.stale, d.unpublished = true, true
		}
	}
	if s.stopped || s.shutdown {
		return
	}
	if s.timer == nil {
		s.timer = time.AfterFunc(s.opts.Debounce, s.flush)
	} else {
		s.timer.Reset(s.opts.Debounce)
	}
}

// read returns a file's text for analysis: an open buffer's, else the
// file on disk's. s.mu is held.
func (s *server) read(name string) ([]byte, error) {
	clean := filepath.Clean(name)
	for _, d := range s.docs {
		if d.path == clean {
			if len(d.text) > s.opts.MaxDocumentSize {
				return nil, fmt.Errorf("%s: the buffer holds %d bytes; wfc checks source files of at most %d", name, len(d.text), s.opts.MaxDocumentSize)
			}
			return d.text, nil
		}
	}
	return lang.ReadSource(name)
}

// current returns d's analysis, analysing it first if it is stale, so that
// a request made before the debounced check sees the text it was made on.
// s.mu is held.
func (s *server) current(d *document) *analysis {
	if d.stale || d.analysed == nil {
		d.analysed = analyse(d.path, s.read)
		d.stale = false
		if d.analysed.parseOK[d.path] {
			d.parsed = d.analysed
		}
	}
	return d.analysed
}

// doc returns the open document at uri with its current analysis.
// s.mu is held.
func (s *server) doc(uri string) (*document, *analysis, error) {
	d := s.docs[uri]
	if d == nil {
		return nil, nil, userError("%s is not open", uri)
	}
	return d, s.current(d), nil
}
