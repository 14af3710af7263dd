package lsp

import (
	"regexp"
	"slices"

	"github.com/wfc-lang/wfc/lang"
)

// symKind is what a name names.
type symKind int

const (
	symTask symKind = iota
	symWorkflow
	symPlan
	symParam   // an input of a task or workflow
	symVar     // a variable assigned in a workflow
	symLoopVar // a map's loop variable
)

// symbol is a declared name; the index records where it occurs.
type symbol struct {
	kind  symKind
	name  string
	def   lang.Range // the name where it is declared
	owner *symbol    // the task or workflow of a parameter or variable

	decl   lang.Decl   // for tasks, workflows and launch plans
	param  *lang.Param // for parameters
	value  lang.Expr   // for variables: the value assigned, and which of the targets this is
	target int
	list   lang.Expr // for loop variables: the list iterated

	params  []*symbol          // a task's or workflow's inputs, in order
	locals  map[string]*symbol // a workflow's parameters and variables by name
	ordered []*symbol          // the same, in source order
}

// occurrence is one place a name is written: its declaration or a
// reference. A placeholder's range covers the input's name inside
// {inputs.name}; a launch plan's fixed or defaults key is a reference to
// the workflow's input.
type occurrence struct {
	rng         lang.Range
	sym         *symbol
	def         bool
	placeholder bool
}

// index holds the names of a program and their occurrences, built from
// the AST so that a program with check errors still navigates.
type index struct {
	globals map[string]*symbol
	decls   []*symbol               // tasks, workflows and launch plans in declaration order
	occs    map[string][]occurrence // by file, in source order
	types   map[string][]lang.Range // written type names by file
	fields  map[string][]lang.Range // field names (task fields, settings) by file
}

// at returns the occurrence at a byte offset of a file, or nil. A cursor
// just past a name is on it, as editors place it after typing.
func (ix *index) at(file string, offset int) *occurrence {
	occs := ix.occs[file]
	i, _ := slices.BinarySearchFunc(occs, offset+1, func(o occurrence, off int) int { return o.rng.Start.Offset - off })
	if i > 0 && offset <= occs[i-1].rng.End.Offset {
		return &occs[i-1]
	}
	return nil
}

// occurrencesOf returns every occurrence of sym, declaration first.
func (ix *index) occurrencesOf(sym *symbol) []occurrence {
	var out []occurrence
	for _, file := range sortedKeys(ix.occs) {
		for _, o := range ix.occs[file] {
			if o.sym == sym {
				out = append(out, o)
			}
		}
	}
	sortBy(out, func(o occurrence) int {
		if o.def {
			return 0
		}
		return 1
	})
	return out
}

func buildIndex(files []*lang.File) *index {
	ix := &index{globals: map[string]*symbol{}, occs: map[string][]occurrence{}, types: map[string][]lang.Range{}, fields: map[string][]lang.Range{}}
	for _, f := range files {
		// A workflow line such as `v = step(x = u)` has four names in
		// about thirty bytes.
		ix.occs[f.Name] = make([]occurrence, 0, len(f.Source)/6)
	}
	for _, f := range files {
		for _, d := range f.Decls {
			id := d.DeclName()
			sym := &symbol{name: id.Name, def: lang.RangeOf(id), decl: d}
			switch d.(type) {
			case *lang.TaskDecl:
				sym.kind = symTask
			case *lang.WorkflowDecl:
				sym.kind = symWorkflow
			case *lang.LaunchPlanDecl:
				sym.kind = symPlan
			}
			if _, dup := ix.globals[id.Name]; !dup {
				ix.globals[id.Name] = sym
			}
			ix.decls = append(ix.decls, sym)
			ix.add(sym.def, sym, true, false)
			switch d := d.(type) {
			case *lang.TaskDecl:
				sym.params = ix.params(sym, d.Params, 0)
			case *lang.WorkflowDecl:
				sym.params = ix.params(sym, d.Params, len(d.Stmts))
			}
			if d, ok := d.(*lang.TaskDecl); ok {
				ix.typesOf(d.Results)
			}
			if d, ok := d.(*lang.WorkflowDecl); ok {
				ix.typesOf(d.Results)
			}
		}
	}
	for _, sym := range ix.decls {
		switch d := sym.decl.(type) {
		case *lang.TaskDecl:
			ix.taskBody(sym, d)
		case *lang.WorkflowDecl:
			ix.workflowBody(sym, d)
		case *lang.LaunchPlanDecl:
			ix.plan(d)
		}
	}
	for file := range ix.occs {
		// Nearly sorted already: only declarations were recorded first.
		slices.SortFunc(ix.occs[file], func(a, b occurrence) int { return a.rng.Start.Offset - b.rng.Start.Offset })
	}
	return ix
}

func (ix *index) add(r lang.Range, sym *symbol, def, placeholder bool) {
	if sym == nil || !r.IsValid() {
		return
	}
	ix.occs[r.Filename] = append(ix.occs[r.Filename], occurrence{rng: r, sym: sym, def: def, placeholder: placeholder})
}

// params records the parameters of a declaration; locals is how many more
// names (a workflow's variables) its scope will hold.
func (ix *index) params(owner *symbol, pl *lang.ParamList, locals int) []*symbol {
	owner.locals = make(map[string]*symbol, locals)
	owner.ordered = make([]*symbol, 0, locals)
	if pl == nil {
		return nil
	}
	var out []*symbol
	for _, p := range pl.Params {
		sym := &symbol{kind: symParam, name: p.Name.Name, def: lang.RangeOf(p.Name), owner: owner, param: p}
		if _, dup := owner.locals[p.Name.Name]; !dup {
			owner.locals[p.Name.Name] = sym
			owner.ordered = append(owner.ordered, sym)
		}
		out = append(out, sym)
		ix.add(sym.def, sym, true, false)
		ix.typeExpr(p.Type)
	}
	return out
}

func (ix *index) typesOf(rl *lang.ResultList) {
	if rl == nil {
		return
	}
	if rl.Single != nil {
		ix.typeExpr(rl.Single)
	}
	for _, r := range rl.Results {
		ix.typeExpr(r.Type)
	}
}

func (ix *index) typeExpr(t *lang.TypeExpr) {
	if t == nil || t.Name == nil {
		return
	}
	r := lang.RangeOf(t.Name)
	ix.types[r.Filename] = append(ix.types[r.Filename], r)
	for _, a := range t.Args {
		ix.typeExpr(a)
	}
}

// inputsPlaceholder finds {inputs.NAME…} in a string as written; group 1
// is the name. It is the exact form both shell scripts and webhook
// templates read.
var inputsPlaceholder = regexp.MustCompile(`\{inputs\.([A-Za-z0-9_\-]+)[^{}]*\}`)

// taskBody records the fields of a task and the {inputs.x} placeholders
// in its strings as references to its inputs.
func (ix *index) taskBody(task *symbol, d *lang.TaskDecl) {
	if d.Body == nil {
		return
	}
	lang.Inspect(d.Body, func(n lang.Node) bool {
		switch n := n.(type) {
		case *lang.Field:
			r := lang.RangeOf(n.Name)
			ix.fields[r.Filename] = append(ix.fields[r.Filename], r)
		case *lang.DictEntry:
			lang.Inspect(n.Value, func(n lang.Node) bool { ix.placeholders(task, n); return true })
			return false // keys are not templates
		default:
			ix.placeholders(task, n)
		}
		return true
	})
}

func (ix *index) placeholders(task *symbol, n lang.Node) {
	lit, ok := n.(*lang.StringLit)
	if !ok {
		return
	}
	for _, m := range inputsPlaceholder.FindAllStringSubmatchIndex(lit.Raw, -1) {
		if p := task.locals[lit.Raw[m[2]:m[3]]]; p != nil {
			ix.add(lit.RawRange(m[2], m[3]), p, false, true)
		}
	}
}

// scope is the names visible in part of a workflow body.
type scope struct {
	names  map[string]*symbol
	parent *scope
	owner  *symbol // the workflow
}

func (s *scope) lookup(name string) *symbol {
	for ; s != nil; s = s.parent {
		if sym := s.names[name]; sym != nil {
			return sym
		}
	}
	return nil
}

// workflowBody records a workflow's variables, then every reference in
// its body: names, callees, keyword arguments and settings.
func (ix *index) workflowBody(wf *symbol, d *lang.WorkflowDecl) {
	for _, st := range d.Stmts {
		if !st.IsAssign() {
			continue
		}
		for i, e := range st.Exprs {
			ne, ok := e.(*lang.NameExpr)
			if !ok || ne.IsCall() || len(ne.Attrs) > 0 {
				continue
			}
			if _, seen := wf.locals[ne.Name.Name]; seen {
				continue // reported by the checker; later assignments refer to the first
			}
			sym := &symbol{kind: symVar, name: ne.Name.Name, def: lang.RangeOf(ne.Name), owner: wf, value: st.Value, target: i}
			wf.locals[sym.name] = sym
			wf.ordered = append(wf.ordered, sym)
		}
	}
	sc := &scope{names: wf.locals, owner: wf}
	if d.With != nil {
		ix.settings(d.With, sc)
	}
	for _, st := range d.Stmts {
		if st.Return != nil {
			for _, e := range st.Return.Values {
				ix.expr(e, sc)
			}
			continue
		}
		if st.IsAssign() {
			for _, e := range st.Exprs {
				if ne, ok := e.(*lang.NameExpr); ok && !ne.IsCall() {
					if sym := wf.locals[ne.Name.Name]; sym != nil {
						ix.add(lang.RangeOf(ne.Name), sym, sym.def == lang.RangeOf(ne.Name), false)
					}
					continue
				}
				ix.expr(e, sc)
			}
			ix.expr(st.Value, sc)
			continue
		}
		for _, e := range st.Exprs {
			ix.expr(e, sc)
		}
	}
}

// settings records a `with { … }` block: its field names, and names in its
// values (on_failure = handler).
func (ix *index) settings(fb *lang.FieldBlock, sc *scope) {
	for _, f := range fb.Fields {
		r := lang.RangeOf(f.Name)
		ix.fields[r.Filename] = append(ix.fields[r.Filename], r)
		if f.Block != nil {
			ix.settings(f.Block, sc)
		} else {
			ix.expr(f.Value, sc)
		}
	}
}

func (ix *index) expr(e lang.Expr, sc *scope) {
	switch e := e.(type) {
	case *lang.NameExpr:
		if !e.IsCall() {
			sym := sc.lookup(e.Name.Name)
			if sym == nil {
				sym = ix.globals[e.Name.Name]
			}
			ix.add(lang.RangeOf(e.Name), sym, false, false)
			return
		}
		callee := ix.globals[e.Name.Name]
		ix.add(lang.RangeOf(e.Name), callee, false, false)
		params := ix.calleeParams(callee)
		for _, a := range e.Call.Args {
			if params != nil {
				ix.add(lang.RangeOf(a.Name), params[a.Name.Name], false, false)
			}
			ix.expr(a.Value, sc)
		}
	case *lang.Chain:
		for _, op := range e.Operands {
			ix.expr(op, sc)
		}
	case *lang.ListLit:
		for _, el := range e.Elems {
			ix.expr(el, sc)
		}
	case *lang.DictLit:
		for _, en := range e.Entries {
			ix.expr(en.Value, sc)
		}
	case *lang.MapExpr:
		for _, l := range e.Lists {
			ix.expr(l, sc)
		}
		inner := &scope{names: map[string]*symbol{}, parent: sc, owner: sc.owner}
		for i, v := range e.Vars {
			sym := &symbol{kind: symLoopVar, name: v.Name, def: lang.RangeOf(v), owner: sc.owner}
			if i < len(e.Lists) {
				sym.list = e.Lists[i]
			}
			inner.names[v.Name] = sym
			ix.add(sym.def, sym, true, false)
		}
		ix.expr(e.Body, inner)
		if e.With != nil {
			ix.settings(e.With, sc)
		}
	case *lang.IfExpr:
		ix.cond(e.Cond, sc)
		ix.expr(e.Then, sc)
		if e.Else != nil {
			ix.expr(e.Else, sc)
		}
	}
}

func (ix *index) cond(c lang.Cond, sc *scope) {
	switch c := c.(type) {
	case *lang.Comparison:
		ix.expr(c.Left, sc)
		ix.expr(c.Right, sc)
	case *lang.Logical:
		ix.cond(c.Left, sc)
		ix.cond(c.Right, sc)
	}
}

// calleeParams returns the inputs a call of sym takes by name: a task's or
// workflow's, or a launch plan's workflow's.
func (ix *index) calleeParams(sym *symbol) map[string]*symbol {
	if sym == nil {
		return nil
	}
	if sym.kind == symPlan {
		sym = ix.globals[sym.decl.(*lang.LaunchPlanDecl).Workflow.Name]
		if sym == nil || sym.kind != symWorkflow {
			return nil
		}
	}
	return sym.locals
}

// plan records a launch plan's workflow and the input names its fixed and
// defaults blocks set.
func (ix *index) plan(d *lang.LaunchPlanDecl) {
	wf := ix.globals[d.Workflow.Name]
	if wf != nil && wf.kind != symWorkflow {
		wf = nil
	}
	ix.add(lang.RangeOf(d.Workflow), wf, false, false)
	for _, f := range d.Fields {
		r := lang.RangeOf(f.Name)
		ix.fields[r.Filename] = append(ix.fields[r.Filename], r)
		if f.Inputs == nil || wf == nil || (f.Name.Name != "fixed" && f.Name.Name != "defaults") {
			continue
		}
		for _, in := range f.Inputs.Fields {
			ix.add(lang.RangeOf(in.Name), wf.locals[in.Name.Name], false, false)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortBy(keys, func(k string) string { return k })
	return keys
}
