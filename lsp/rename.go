package lsp

import (
	"regexp"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

func (s *server) prepareRename(_ *glsp.Context, params *protocol.PrepareRenameParams) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.renameAt(params.TextDocument.URI, params.Position)
	if err != nil {
		return nil, err
	}
	return protocol.RangeWithPlaceholder{Range: c.a.protocolRange(c.name.rng), Placeholder: c.name.sym.name}, nil
}

// renameAt returns the cursor at pos with the name to rename there, or
// says why there is none. s.mu is held.
func (s *server) renameAt(uri string, pos protocol.Position) (cursor, error) {
	c, err := s.cursorAt(uri, pos)
	if err != nil {
		return c, err
	}
	if err := c.a.wholeProgram(); err != nil {
		return c, err
	}
	if c.name == nil {
		return c, c.a.whyNotRenamable(c.path, c.off)
	}
	return c, nil
}

// wholeProgram refuses a rename while a file of the program does not
// parse: its names are not known, so the rename could miss some.
func (a *analysis) wholeProgram() error {
	for _, name := range sortedKeys(a.files) {
		if !a.parseOK[name] {
			return userError("%s does not parse; fix its syntax errors before renaming", name)
		}
	}
	return nil
}

// whyNotRenamable explains why the word at an offset cannot be renamed.
func (a *analysis) whyNotRenamable(path string, off int) error {
	for _, t := range lang.Tokens(path, a.sources[path]) {
		if !contains(t.Range, off) {
			continue
		}
		switch {
		case t.Kind == lang.TokenKeyword || t.Kind == lang.TokenIdent && (t.Text == "import" || t.Text == "launchplan"):
			return userError("`%s` is a keyword and cannot be renamed", t.Text)
		case t.Kind == lang.TokenIdent && isTypeName(t.Text):
			return userError("`%s` is a built-in type and cannot be renamed", t.Text)
		case t.Kind == lang.TokenIdent:
			for _, r := range a.names().fields[path] {
				if contains(r, off) {
					return userError("`%s` is a field name of wfc and cannot be renamed", t.Text)
				}
			}
		}
	}
	return userError("there is no task, workflow, parameter or variable here to rename")
}

func isTypeName(name string) bool {
	switch name {
	case "list", "map", "file", "dir":
		return true
	}
	return compiler.SimpleTypes[name] != nil
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (s *server) rename(_ *glsp.Context, params *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.renameAt(params.TextDocument.URI, params.Position)
	if err != nil {
		return nil, err
	}
	a, o := c.a, c.name
	name := params.NewName
	switch {
	case !identRE.MatchString(name):
		return nil, userError("`%s` is not a name: a name is a letter or _ followed by letters, digits and _", name)
	case lang.Keywords[name]:
		return nil, userError("`%s` is a keyword and cannot name %s", name, what(o.sym))
	case name == o.sym.name:
		return &protocol.WorkspaceEdit{Changes: map[string][]protocol.TextEdit{}}, nil
	}
	if clash := a.clash(o.sym, name); clash != nil {
		return nil, userError("`%s` is already declared at %s", name, clash.def)
	}
	edits := map[string][]protocol.TextEdit{}
	for _, ref := range s.everyOccurrence(a, o.sym) {
		uri := uriOf(ref.occ.rng.Filename)
		edits[uri] = append(edits[uri], protocol.TextEdit{Range: ref.an.protocolRange(ref.occ.rng), NewText: name})
	}
	return &protocol.WorkspaceEdit{Changes: edits}, nil
}

// clash returns the symbol that the new name of sym would collide with.
func (a *analysis) clash(sym *symbol, name string) *symbol {
	switch sym.kind {
	case symTask, symWorkflow, symPlan:
		return a.names().globals[name]
	case symParam, symVar:
		return sym.owner.locals[name]
	}
	return nil
}

func what(sym *symbol) string {
	switch sym.kind {
	case symTask:
		return "a task"
	case symWorkflow:
		return "a workflow"
	case symPlan:
		return "a launch plan"
	case symParam:
		return "a parameter"
	}
	return "a variable"
}
