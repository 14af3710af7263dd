package lsp

import (
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/lang"
)

// documentSymbol returns the outline of a document: its tasks (with their
// inputs and fields), workflows (with their inputs and nodes, nested as
// maps and conditionals nest them) and launch plans.
func (s *server) documentSymbol(_ *glsp.Context, params *protocol.DocumentSymbolParams) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, a, err := s.doc(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out := []protocol.DocumentSymbol{}
	f := a.files[d.path]
	if f == nil {
		return out, nil
	}
	for _, decl := range f.Decls {
		out = append(out, a.declSymbol(decl))
	}
	return out, nil
}

func (a *analysis) symbol(name string, kind protocol.SymbolKind, detail string, whole, sel lang.Range, children []protocol.DocumentSymbol) protocol.DocumentSymbol {
	if name == "" {
		name = "_"
	}
	ds := protocol.DocumentSymbol{Name: name, Kind: kind, Range: a.protocolRange(whole), SelectionRange: a.protocolRange(sel), Children: children}
	if detail != "" {
		ds.Detail = &detail
	}
	return ds
}

func (a *analysis) declSymbol(decl lang.Decl) protocol.DocumentSymbol {
	name := decl.DeclName()
	var children []protocol.DocumentSymbol
	kind := protocol.SymbolKindFunction
	switch d := decl.(type) {
	case *lang.TaskDecl:
		children = a.paramSymbols(d.Params)
		if d.Body != nil {
			for _, f := range d.Body.Fields {
				children = append(children, a.symbol(f.Name.Name, protocol.SymbolKindProperty, "", lang.RangeOf(f), lang.RangeOf(f.Name), nil))
			}
		}
	case *lang.WorkflowDecl:
		kind = protocol.SymbolKindClass
		children = a.paramSymbols(d.Params)
		for _, st := range d.Stmts {
			children = append(children, a.stmtSymbols(st)...)
		}
	case *lang.LaunchPlanDecl:
		kind = protocol.SymbolKindEvent
		for _, f := range d.Fields {
			children = append(children, a.symbol(f.Name.Name, protocol.SymbolKindProperty, "", lang.RangeOf(f), lang.RangeOf(f.Name), nil))
		}
	}
	return a.symbol(name.Name, kind, a.signature(decl), lang.RangeOf(decl), lang.RangeOf(name), children)
}

func (a *analysis) paramSymbols(pl *lang.ParamList) []protocol.DocumentSymbol {
	if pl == nil {
		return nil
	}
	var out []protocol.DocumentSymbol
	for _, p := range pl.Params {
		out = append(out, a.symbol(p.Name.Name, protocol.SymbolKindVariable, a.text(lang.RangeOf(p.Type)), lang.RangeOf(p), lang.RangeOf(p.Name), nil))
	}
	return out
}

// stmtSymbols outlines a workflow statement: an assignment by its names,
// with the calls of its value inside; a call by its callee.
func (a *analysis) stmtSymbols(st *lang.Stmt) []protocol.DocumentSymbol {
	if st.Return != nil {
		var calls []protocol.DocumentSymbol
		for _, e := range st.Return.Values {
			calls = append(calls, a.nodeSymbols(e)...)
		}
		return []protocol.DocumentSymbol{a.symbol("return", protocol.SymbolKindObject, "", lang.RangeOf(st), lang.RangeOf(st.Return), calls)}
	}
	if st.IsAssign() && len(st.Exprs) > 0 {
		var names []string
		for _, e := range st.Exprs {
			names = append(names, a.text(lang.RangeOf(e)))
		}
		first := lang.RangeOf(st.Exprs[0])
		return []protocol.DocumentSymbol{a.symbol(strings.Join(names, ", "), protocol.SymbolKindVariable, "", lang.RangeOf(st), first, a.nodeSymbols(st.Value))}
	}
	var out []protocol.DocumentSymbol
	for _, e := range st.Exprs {
		out = append(out, a.nodeSymbols(e)...)
	}
	return out
}

// nodeSymbols lists the calls in an expression as the workflow's nodes.
func (a *analysis) nodeSymbols(e lang.Expr) []protocol.DocumentSymbol {
	switch e := e.(type) {
	case *lang.NameExpr:
		if e.IsCall() {
			return []protocol.DocumentSymbol{a.symbol(e.Name.Name, protocol.SymbolKindMethod, "call", lang.RangeOf(e), lang.RangeOf(e.Name), nil)}
		}
	case *lang.Chain:
		var out []protocol.DocumentSymbol
		for _, op := range e.Operands {
			out = append(out, a.nodeSymbols(op)...)
		}
		return out
	case *lang.ListLit:
		var out []protocol.DocumentSymbol
		for _, el := range e.Elems {
			out = append(out, a.nodeSymbols(el)...)
		}
		return out
	case *lang.MapExpr:
		return []protocol.DocumentSymbol{a.symbol("map", protocol.SymbolKindObject, "for "+a.text(lang.RangeOf(e.Vars[0]))+" in …", lang.RangeOf(e), lang.RangeOf(e), a.nodeSymbols(e.Body))}
	case *lang.IfExpr:
		children := a.nodeSymbols(e.Then)
		if e.Else != nil {
			children = append(children, a.nodeSymbols(e.Else)...)
		}
		return []protocol.DocumentSymbol{a.symbol("if", protocol.SymbolKindObject, a.text(lang.RangeOf(e.Cond)), lang.RangeOf(e), lang.RangeOf(e), children)}
	}
	return nil
}
