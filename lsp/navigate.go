package lsp

import (
	"path/filepath"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/lang"
)

// cursor is a position in an open document, with the name there.
type cursor struct {
	a    *analysis
	path string
	off  int
	name *occurrence // nil when no name of the program is there
}

// cursorAt returns the cursor at pos in the document uri. s.mu is held.
func (s *server) cursorAt(uri string, pos protocol.Position) (cursor, error) {
	d, a, err := s.doc(uri)
	if err != nil {
		return cursor{}, err
	}
	off := a.lines(d.path).offset(pos)
	return cursor{a: a, path: d.path, off: off, name: a.names().at(d.path, off)}, nil
}

func (s *server) definition(_ *glsp.Context, params *protocol.DefinitionParams) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.cursorAt(params.TextDocument.URI, params.Position)
	if err != nil {
		return nil, err
	}
	if target := c.a.importAt(c.path, c.off); target != "" {
		return []protocol.Location{{URI: uriOf(target), Range: protocol.Range{}}}, nil
	}
	if c.name == nil {
		return nil, nil
	}
	return []protocol.Location{c.a.location(c.name.sym.def)}, nil
}

// importAt returns the file an import at an offset names, when the
// program read it.
func (a *analysis) importAt(path string, off int) string {
	f := a.files[path]
	if f == nil {
		return ""
	}
	for _, im := range f.Imports {
		if !contains(lang.RangeOf(im), off) || im.Path == "" {
			continue
		}
		target := filepath.FromSlash(im.Path)
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		if _, read := a.sources[target]; read {
			return target
		}
	}
	return ""
}

func (s *server) references(_ *glsp.Context, params *protocol.ReferenceParams) ([]protocol.Location, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.cursorAt(params.TextDocument.URI, params.Position)
	if err != nil || c.name == nil {
		return nil, err
	}
	locs := []protocol.Location{}
	for _, ref := range s.everyOccurrence(c.a, c.name.sym) {
		if ref.occ.def && !params.Context.IncludeDeclaration {
			continue
		}
		locs = append(locs, ref.an.location(ref.occ.rng))
	}
	return locs, nil
}

// documentHighlight marks the occurrences in this document of the name at
// the cursor: its declaration as written, its uses as read.
func (s *server) documentHighlight(_ *glsp.Context, params *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.cursorAt(params.TextDocument.URI, params.Position)
	if err != nil || c.name == nil {
		return nil, err
	}
	out := []protocol.DocumentHighlight{}
	for _, occ := range c.a.names().occurrencesOf(c.name.sym) {
		if occ.rng.Filename != c.path {
			continue
		}
		kind := protocol.DocumentHighlightKindRead
		if occ.def {
			kind = protocol.DocumentHighlightKindWrite
		}
		out = append(out, protocol.DocumentHighlight{Range: c.a.protocolRange(occ.rng), Kind: &kind})
	}
	return out, nil
}

// placedOccurrence is an occurrence with the analysis it was found in,
// whose text gives its position.
type placedOccurrence struct {
	occ occurrence
	an  *analysis
}

// everyOccurrence returns the occurrences of sym in a and in the programs
// of the other open documents (a file that imports sym's file refers to it
// too), each place once. s.mu is held.
func (s *server) everyOccurrence(a *analysis, sym *symbol) []placedOccurrence {
	type place struct {
		file   string
		offset int
	}
	seen := map[place]bool{}
	var out []placedOccurrence
	collect := func(an *analysis, sym *symbol) {
		for _, o := range an.names().occurrencesOf(sym) {
			p := place{o.rng.Filename, o.rng.Start.Offset}
			if !seen[p] {
				seen[p] = true
				out = append(out, placedOccurrence{o, an})
			}
		}
	}
	collect(a, sym)
	for _, uri := range sortedKeys(s.docs) {
		other := s.current(s.docs[uri])
		if other == a {
			continue
		}
		if twin := other.names().at(sym.def.Filename, sym.def.Start.Offset); twin != nil && twin.def && twin.sym.def == sym.def {
			collect(other, twin.sym)
		}
	}
	return out
}
