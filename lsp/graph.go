package lsp

import (
	"fmt"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/compiler/graphviz"
	"github.com/wfc-lang/wfc/lang"
)

// graphCommand draws a workflow's graph as `wfc graph` does. Its
// arguments are the document's URI, the workflow's name and the format,
// "mermaid" or "dot" (default mermaid); it returns the graph's text for
// the editor to show.
const graphCommand = "wfc.graph"

func (s *server) executeCommand(_ *glsp.Context, params *protocol.ExecuteCommandParams) (any, error) {
	if params.Command != graphCommand {
		return nil, userError("unknown command %q; the server runs %s", params.Command, graphCommand)
	}
	var args [3]string
	if len(params.Arguments) < 2 || len(params.Arguments) > 3 {
		return nil, userError("%s takes a document URI, a workflow name and a format (mermaid or dot)", graphCommand)
	}
	for i, arg := range params.Arguments {
		str, ok := arg.(string)
		if !ok {
			return nil, userError("%s: argument %d is not a string", graphCommand, i+1)
		}
		args[i] = str
	}
	format := graphviz.Mermaid
	if args[2] != "" {
		f, err := graphviz.ParseFormat(args[2])
		if err != nil {
			return nil, userError("%s: %v", graphCommand, err)
		}
		format = f
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, a, err := s.doc(args[0])
	if err != nil {
		return nil, err
	}
	sym := a.names().globals[args[1]]
	if sym == nil || sym.kind != symWorkflow {
		return nil, userError("%s: no workflow %q in %s", graphCommand, args[1], args[0])
	}
	if a.prog == nil || a.prog.Workflow(args[1]) == nil {
		return nil, userError("workflow `%s` has errors; fix them to draw its graph", args[1])
	}
	var b strings.Builder
	if err := graphviz.New(a.prog.Workflow(args[1])).Write(&b, format); err != nil {
		return nil, fmt.Errorf("%s: %v", graphCommand, err)
	}
	return b.String(), nil
}

// codeLens puts a "graph" lens on each workflow of a document, which runs
// graphCommand for it.
func (s *server) codeLens(_ *glsp.Context, params *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, a, err := s.doc(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	lenses := []protocol.CodeLens{}
	f := a.files[d.path]
	if f == nil {
		return lenses, nil
	}
	for _, decl := range f.Decls {
		if wd, ok := decl.(*lang.WorkflowDecl); ok {
			lenses = append(lenses, protocol.CodeLens{
				Range: a.protocolRange(lang.RangeOf(wd.Name)),
				Command: &protocol.Command{
					Title:     "graph",
					Command:   graphCommand,
					Arguments: []any{d.uri, wd.Name.Name, string(graphviz.Mermaid)},
				},
			})
		}
	}
	return lenses, nil
}
