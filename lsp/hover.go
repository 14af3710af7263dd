package lsp

import (
	"fmt"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte"
	"github.com/wfc-lang/wfc/lang"
)

func (s *server) hover(_ *glsp.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, a, err := s.doc(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	text, r := a.hoverAt(d.path, a.lines(d.path).offset(params.Position))
	if text == "" {
		return nil, nil
	}
	rng := a.protocolRange(r)
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: text}, Range: &rng}, nil
}

// hoverAt describes what is at a byte offset of a file: a name, a type, a
// literal, a field or a setting.
func (a *analysis) hoverAt(path string, off int) (string, lang.Range) {
	if o := a.names().at(path, off); o != nil {
		return a.describe(o.sym), o.rng
	}
	for _, r := range a.names().types[path] {
		if contains(r, off) {
			return typeDoc(a.text(r)), r
		}
	}
	if t, r := a.literalAt(path, off); t != nil {
		return codeBlock(t.String()) + fmt.Sprintf("\na literal value; Flyte type `%s`", flyteType(t)), r
	}
	for _, r := range a.names().fields[path] {
		if contains(r, off) {
			return a.fieldDoc(path, r), r
		}
	}
	return "", lang.Range{}
}

// fieldDoc describes the field or setting named at r: its type and
// meaning.
func (a *analysis) fieldDoc(path string, r lang.Range) string {
	name := a.text(r)
	if task := a.enclosingTask(path, r.Start.Offset); task != nil {
		if doc := fieldDocs[task.Kind][name]; doc != "" {
			sig := name
			if t := compiler.TaskFieldType(task.Kind, name); t != nil {
				sig += ": " + t.String()
			}
			return codeBlock(sig) + "\n" + doc
		}
	}
	if doc := settingDocs[name]; doc != "" {
		return codeBlock(name) + "\n" + doc
	}
	return ""
}

// literalAt returns the type of the string or number literal at an
// offset, and its range.
func (a *analysis) literalAt(path string, off int) (*compiler.Type, lang.Range) {
	for _, t := range lang.Tokens(path, a.sources[path]) {
		if t.Range.Start.Offset > off {
			break
		}
		if !contains(t.Range, off) {
			continue
		}
		switch {
		case t.Kind == lang.TokenString:
			return compiler.Str, t.Range
		case t.Kind != lang.TokenNumber:
		case strings.ContainsAny(t.Text[len(t.Text)-1:], "smh"): // every unit ends so: ns us µs ms s m h
			return compiler.Duration, t.Range
		case strings.ContainsAny(t.Text, ".eE"):
			return compiler.Float, t.Range
		default:
			return compiler.Int, t.Range
		}
	}
	return nil, lang.Range{}
}

func contains(r lang.Range, off int) bool { return r.Start.Offset <= off && off <= r.End.Offset }

// text returns the source text of a range.
func (a *analysis) text(r lang.Range) string {
	src := a.sources[r.Filename]
	if r.Start.Offset < 0 || r.End.Offset > len(src) || r.Start.Offset > r.End.Offset {
		return ""
	}
	return string(src[r.Start.Offset:r.End.Offset])
}

// enclosingTask returns the task declaration around an offset, or nil.
func (a *analysis) enclosingTask(path string, off int) *lang.TaskDecl {
	for _, sym := range a.names().decls {
		if td, ok := sym.decl.(*lang.TaskDecl); ok && sym.def.Filename == path && contains(lang.RangeOf(td), off) {
			return td
		}
	}
	return nil
}

func codeBlock(s string) string { return "```wfc\n" + s + "\n```\n" }

// describe renders a symbol for hover: its signature as written, its doc
// comment, its type and its Flyte type.
func (a *analysis) describe(sym *symbol) string {
	var b strings.Builder
	switch sym.kind {
	case symTask, symWorkflow, symPlan:
		b.WriteString(codeBlock(a.signature(sym.decl)))
		if doc := declDoc(sym.decl); doc != "" {
			b.WriteString("\n" + doc + "\n")
		}
		if iface := a.flyteInterface(sym); iface != "" {
			b.WriteString("\n" + iface + "\n")
		}
	case symParam:
		b.WriteString(codeBlock(a.text(lang.RangeOf(sym.param))))
		fmt.Fprintf(&b, "\ninput of %s `%s`\n", kindWord(sym.owner), sym.owner.name)
		if t := a.paramType(sym); t != nil {
			fmt.Fprintf(&b, "\nFlyte type: `%s`\n", flyteType(t))
		}
	case symVar:
		t := a.varType(sym, 0)
		sig := sym.name
		if t != nil {
			sig += ": " + t.String()
		}
		b.WriteString(codeBlock(sig))
		fmt.Fprintf(&b, "\nvariable of workflow `%s`", sym.owner.name)
		if call, ok := sym.value.(*lang.NameExpr); ok && call.IsCall() {
			fmt.Fprintf(&b, ", a result of `%s`", call.Name.Name)
		}
		b.WriteString("\n")
		if t != nil {
			fmt.Fprintf(&b, "\nFlyte type: `%s`\n", flyteType(t))
		}
	case symLoopVar:
		b.WriteString(codeBlock(sym.name))
		if sym.list != nil {
			fmt.Fprintf(&b, "\nloop variable: each element of `%s` in turn\n", a.text(lang.RangeOf(sym.list)))
		}
	}
	return b.String()
}

func kindWord(sym *symbol) string {
	switch sym.kind {
	case symTask:
		return "task"
	case symPlan:
		return "launch plan"
	}
	return "workflow"
}

// signature is a declaration's header as written: keyword, name,
// parameters and results.
func (a *analysis) signature(d lang.Decl) string {
	end := lang.RangeOf(d.DeclName()).End
	switch d := d.(type) {
	case *lang.TaskDecl:
		if d.Params != nil {
			end = lang.RangeOf(d.Params).End
		}
		if d.Results != nil {
			end = lang.RangeOf(d.Results).End
		}
	case *lang.WorkflowDecl:
		if d.Params != nil {
			end = lang.RangeOf(d.Params).End
		}
		if d.Results != nil {
			end = lang.RangeOf(d.Results).End
		}
	case *lang.LaunchPlanDecl:
		end = lang.RangeOf(d.Workflow).End
	}
	r := lang.RangeOf(d)
	r.End = end
	return a.text(r)
}

func declDoc(d lang.Decl) string {
	switch d := d.(type) {
	case *lang.TaskDecl:
		return d.Doc
	case *lang.WorkflowDecl:
		return d.Doc
	case *lang.LaunchPlanDecl:
		return d.Doc
	}
	return ""
}

// flyteInterface renders the Flyte interface of a task or workflow that
// checked: its inputs' and outputs' literal types.
func (a *analysis) flyteInterface(sym *symbol) string {
	if a.prog == nil {
		return ""
	}
	var ins, outs []*compiler.Param
	var what string
	switch sym.kind {
	case symTask:
		t := a.prog.Task(sym.name)
		if t == nil || t.NameRange != sym.def {
			return ""
		}
		ins, outs, what = t.Inputs, t.Outputs, fmt.Sprintf("Flyte task type `%s`", t.Kind.FlyteType())
	case symWorkflow:
		w := a.prog.Workflow(sym.name)
		if w == nil || w.Range != lang.RangeOf(sym.decl) {
			return ""
		}
		ins, outs, what = w.Inputs, w.Outputs, "Flyte workflow"
	default:
		return ""
	}
	return fmt.Sprintf("%s; inputs %s; outputs %s", what, flyteParams(ins), flyteParams(outs))
}

func flyteParams(ps []*compiler.Param) string {
	if len(ps) == 0 {
		return "none"
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("`%s: %s`", p.Name, flyteType(p.Type))
	}
	return strings.Join(parts, ", ")
}

func flyteType(t *compiler.Type) string {
	lt := flyte.LiteralType(t)
	if lt == nil {
		return "?"
	}
	return flyte.TypeString(lt)
}

// paramType is a parameter's checked type, when its task or workflow
// checked.
func (a *analysis) paramType(sym *symbol) *compiler.Type {
	if a.prog == nil {
		return nil
	}
	var ins []*compiler.Param
	switch sym.owner.kind {
	case symTask:
		if t := a.prog.Task(sym.owner.name); t != nil && t.NameRange == sym.owner.def {
			ins = t.Inputs
		}
	case symWorkflow:
		if w := a.prog.Workflow(sym.owner.name); w != nil && w.Range == lang.RangeOf(sym.owner.decl) {
			ins = w.Inputs
		}
	}
	for _, p := range ins {
		if p.Name == sym.name {
			return p.Type
		}
	}
	return nil
}

// varType is a variable's type, read from the checked workflow: the
// output of the node its value calls, or the type of the name it copies.
func (a *analysis) varType(sym *symbol, depth int) *compiler.Type {
	if a.prog == nil || depth > 100 {
		return nil
	}
	switch sym.kind {
	case symParam:
		return a.paramType(sym)
	case symVar:
	default:
		return nil
	}
	if ne, ok := sym.value.(*lang.NameExpr); ok && !ne.IsCall() && len(ne.Attrs) == 0 {
		if src := sym.owner.locals[ne.Name.Name]; src != nil && src != sym {
			return a.varType(src, depth+1)
		}
		return nil
	}
	if n := a.node(sym.owner.name, lang.RangeOf(sym.value)); n != nil {
		if outs := n.OutputParams(); sym.target < len(outs) {
			return outs[sym.target].Type
		}
	}
	return nil
}

// typeDoc describes a written type name.
func typeDoc(name string) string {
	switch name {
	case "list":
		return codeBlock("list[T]") + "\na list of values of type T; Flyte `collection(T)`"
	case "map":
		return codeBlock("map[str, T]") + "\na map from strings to T; Flyte `map(T)`"
	case "file":
		return codeBlock("file") + "\na file, as a path; Flyte `blob(SINGLE)`; `file[\"csv\"]` names its format"
	case "dir":
		return codeBlock("dir") + "\na directory, as a path; Flyte `blob(MULTIPART)`"
	}
	if t := compiler.SimpleTypes[name]; t != nil {
		return codeBlock(name) + fmt.Sprintf("\nFlyte type `%s`", flyteType(t))
	}
	return ""
}
