package compiler

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/wfc-lang/wfc/internal/slab"
	"github.com/wfc-lang/wfc/lang"
)

// wfScope is the state of checking one workflow body.
type wfScope struct {
	c     *checker
	wf    *Workflow
	decl  *lang.WorkflowDecl
	vars  map[string]*variable
	later map[string]*lang.Ident // names assigned anywhere in the body, for "used before assigned"
	// orderRanges remembers where each `>>` edge was written, for cycles.
	orderRanges map[edge]lang.Range
	usedEarly   map[string]bool // names read before their assignment (an error already)

	// Slabs for the values made per call (see internal/slab).
	nodes    []Node
	values   []BindingValue
	promises []Promise
	bindings []Binding
	varSlab  []variable
	inputs   []*Binding // backing for Node.Inputs
}

// newPromise returns a binding value promising out of n (n nil: a workflow
// input), from the slabs.
func (s *wfScope) newPromise(n *Node, out *Param, r lang.Range) *BindingValue {
	p := slab.Take(&s.promises)
	*p = Promise{Node: n, Var: out.Name, Type: out.Type}
	bv := slab.Take(&s.values)
	*bv = BindingValue{Type: out.Type, Promise: p, Range: r}
	return bv
}

func (s *wfScope) newVar(v variable) *variable {
	x := slab.Take(&s.varSlab)
	*x = v
	return x
}

// edge is a `>>` ordering: to runs after from.
type edge struct{ from, to *Node }

// variable is a name a workflow statement assigned, or a workflow input.
type variable struct {
	ident *lang.Ident // where it was assigned; nil for a workflow input
	node  *Node       // the call it holds the results of; nil for an input or constant
	// value is what the name stands for: a promise of one output or input,
	// or a literal. It is nil when the name holds all of a multi-output
	// call's results (select one with .name).
	value *BindingValue
	used  bool
}

// workflow checks a workflow declaration and builds its IR.
func (c *checker) workflow(d *lang.WorkflowDecl) *Workflow {
	mark := len(c.diags)
	w := &Workflow{Name: d.Name.Name, Doc: d.Doc, Range: lang.RangeOf(d)}
	w.Inputs, _ = c.params(d.Params, fmt.Sprintf("workflow `%s`", d.Name.Name))
	w.Outputs, _ = c.results(d.Results)
	c.workflowSettings(d, w)
	s := &wfScope{c: c, wf: w, decl: d, vars: map[string]*variable{}, later: map[string]*lang.Ident{}, orderRanges: map[edge]lang.Range{}, usedEarly: map[string]bool{}}
	for _, in := range w.Inputs {
		s.vars[in.Name] = s.newVar(variable{value: s.newPromise(nil, in, in.Range)})
	}
	for _, st := range d.Stmts {
		if st.IsAssign() {
			for _, e := range st.Exprs {
				if ne, ok := e.(*lang.NameExpr); ok && !ne.IsCall() && len(ne.Attrs) == 0 {
					if _, seen := s.later[ne.Name.Name]; !seen {
						s.later[ne.Name.Name] = ne.Name
					}
				}
			}
		}
	}
	var ret *lang.ReturnStmt
	for _, st := range d.Stmts {
		if ret != nil {
			c.diags.Errorf(lang.RangeOf(st), "statement after return is never reached").Hint = "a workflow has one return, at its end"
			break
		}
		switch {
		case st.Return != nil:
			ret = st.Return
			s.returnStmt(st.Return)
		case st.IsAssign():
			s.assign(st)
		default:
			s.exprStmt(st)
		}
	}
	if ret == nil && len(w.Outputs) > 0 {
		c.diags.Errorf(lang.RangeOf(d.Name), "workflow `%s` declares %s but has no return", w.Name, plural(len(w.Outputs), "result")).Hint =
			"end the body with return and one value per result"
	}
	s.warnUnused()
	s.warnRepeatedCalls()
	// Cycles are looked for among the calls that checked even when others
	// did not, so that one run of wfc check shows them all.
	dag, err := NewDAG(w)
	var cycles *CycleError
	switch {
	case errors.As(err, &cycles):
		for _, cy := range cycles.Cycles {
			s.reportCycle(cy)
		}
	case err != nil:
		c.diags.Errorf(w.Range, "internal error: %v", err)
	}
	if c.errorsSince(mark) {
		return nil
	}
	w.DAG = dag
	return w
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// assign checks `a = value` and `a, b = call(…)`.
func (s *wfScope) assign(st *lang.Stmt) {
	c := s.c
	var targets []*lang.Ident
	for _, e := range st.Exprs {
		ne, ok := e.(*lang.NameExpr)
		if !ok || ne.IsCall() || len(ne.Attrs) > 0 {
			c.diags.Errorf(lang.RangeOf(e), "only a name can be assigned to").Hint = "write `name = value`"
			return
		}
		targets = append(targets, ne.Name)
	}
	for _, id := range targets {
		if prev, ok := s.vars[id.Name]; ok {
			d := c.diags.Errorf(lang.RangeOf(id), "`%s` is already assigned", id.Name)
			if prev.ident != nil {
				d.Detail = "It was assigned at " + lang.RangeOf(prev.ident).String() + "; each name is assigned once."
			} else {
				d.Detail = "It is an input of the workflow."
			}
			return
		}
		if isReserved(id.Name) {
			c.keywordError(id, "a variable")
			return
		}
	}
	if x, isIf := st.Value.(*lang.IfExpr); isIf && len(targets) > 1 {
		n := s.ifNode(x)
		if n == nil {
			return
		}
		if len(n.Outputs) != len(targets) {
			c.diags.Errorf(lang.RangeOf(st), "this `if` gives %s, but %d names are assigned", plural(len(n.Outputs), "result"), len(targets))
			return
		}
		n.Name = targets[0].Name
		for i, id := range targets {
			s.vars[id.Name] = s.newVar(variable{ident: id, node: n, value: s.newPromise(n, n.Outputs[i], lang.RangeOf(id))})
		}
		return
	}
	if m, isMap := st.Value.(*lang.MapExpr); isMap && len(targets) > 1 {
		n := s.mapCall(m)
		if n == nil {
			return
		}
		if len(n.Outputs) != len(targets) {
			c.diags.Errorf(lang.RangeOf(st), "`%s` returns %s, but %d names are assigned", n.Task.Name, plural(len(n.Outputs), "result"), len(targets))
			return
		}
		n.Name = targets[0].Name
		for i, id := range targets {
			s.vars[id.Name] = s.newVar(variable{ident: id, node: n, value: s.newPromise(n, n.Outputs[i], lang.RangeOf(id))})
		}
		return
	}
	if len(targets) > 1 {
		call, ok := st.Value.(*lang.NameExpr)
		if !ok || !call.IsCall() || len(call.Attrs) > 0 {
			c.diags.Errorf(lang.RangeOf(st.Value), "%d names need a call with %d results", len(targets), len(targets))
			return
		}
		n := s.call(call)
		if n == nil {
			return
		}
		if len(n.OutputParams()) != len(targets) {
			c.diags.Errorf(lang.RangeOf(st), "`%s` returns %s, but %d names are assigned", n.Label(), plural(len(n.OutputParams()), "result"), len(targets))
			return
		}
		n.Name = targets[0].Name
		for i, id := range targets {
			out := n.OutputParams()[i]
			s.vars[id.Name] = s.newVar(variable{ident: id, node: n, value: s.newPromise(n, out, lang.RangeOf(id))})
		}
		return
	}
	id := targets[0]
	if call, ok := st.Value.(*lang.NameExpr); ok && call.IsCall() && len(call.Attrs) == 0 {
		n := s.call(call)
		if n == nil {
			s.vars[id.Name] = s.newVar(variable{ident: id, used: true}) // defined, to avoid cascades
			return
		}
		n.Name = id.Name
		v := s.newVar(variable{ident: id, node: n})
		if outs := n.OutputParams(); len(outs) == 1 {
			v.value = s.newPromise(n, outs[0], lang.RangeOf(id))
		} else if len(outs) == 0 {
			c.diags.Errorf(lang.RangeOf(call), "`%s` has no results to assign", n.Label()).Hint = "call it as a statement of its own"
		}
		s.vars[id.Name] = v
		return
	}
	bv := s.value(st.Value, nil, slot{})
	if bv == nil {
		s.vars[id.Name] = s.newVar(variable{ident: id, used: true})
		return
	}
	v := s.newVar(variable{ident: id, value: bv})
	if bv.Promise != nil && bv.Promise.Node != nil {
		v.node = bv.Promise.Node
		switch st.Value.(type) {
		case *lang.MapExpr, *lang.IfExpr:
			v.node.Name = id.Name
		}
	}
	s.vars[id.Name] = v
}

// exprStmt checks a statement that is a call or a `>>` chain.
func (s *wfScope) exprStmt(st *lang.Stmt) {
	c := s.c
	if len(st.Exprs) > 1 {
		c.diags.Errorf(lang.RangeOf(st), "a list of values does nothing here").Hint = "assign them, or return them"
		return
	}
	switch e := st.Exprs[0].(type) {
	case *lang.Chain:
		s.chain(e)
	case *lang.NameExpr:
		if e.IsCall() && len(e.Attrs) == 0 {
			s.call(e)
			return
		}
		c.diags.Errorf(lang.RangeOf(e), "this value is not used").Hint = "a statement is an assignment, a call, a `>>` chain or a return"
	case *lang.MapExpr:
		s.mapCall(e)
	case *lang.IfExpr:
		s.ifNode(e)
	default:
		c.diags.Errorf(lang.RangeOf(e), "this value is not used").Hint = "a statement is an assignment, a call, a `>>` chain or a return"
	}
}

// chain checks `a >> b >> c`: each operand is a call or a name holding a
// call's results, and each runs after the one before.
func (s *wfScope) chain(ch *lang.Chain) {
	var prev *Node
	for _, op := range ch.Operands {
		n := s.chainOperand(op)
		if n != nil && prev != nil {
			if n == prev {
				s.c.diags.Errorf(lang.RangeOf(op), "`>>` orders a call after itself")
			} else {
				n.After = append(n.After, prev)
				s.orderRanges[edge{prev, n}] = lang.RangeOf(ch)
			}
		}
		prev = n
	}
}

func (s *wfScope) chainOperand(op lang.Operand) *Node {
	ne, ok := op.(*lang.NameExpr)
	if !ok || len(ne.Attrs) > 0 {
		s.c.diags.Errorf(lang.RangeOf(op), "`>>` orders calls: each side must be a call or a name assigned from one")
		return nil
	}
	if ne.IsCall() {
		return s.call(ne)
	}
	v := s.lookup(ne.Name)
	if v == nil {
		return nil
	}
	if v.node == nil {
		s.c.diags.Errorf(lang.RangeOf(ne), "`%s` does not hold a call's results, so `>>` cannot order it", ne.Name.Name)
		return nil
	}
	return v.node
}

// returnStmt binds the workflow's outputs.
func (s *wfScope) returnStmt(r *lang.ReturnStmt) {
	c, w := s.c, s.wf
	if len(r.Values) != len(w.Outputs) {
		d := c.diags.Errorf(lang.RangeOf(r), "return has %s, but workflow `%s` declares %s", plural(len(r.Values), "value"), w.Name, plural(len(w.Outputs), "result"))
		if len(w.Outputs) == 0 {
			d.Hint = "declare the results after the parameters: -> (dict, dict)"
		}
		// Still check the values, for their own errors.
		for _, e := range r.Values {
			s.value(e, nil, slot{})
		}
		return
	}
	for i, e := range r.Values {
		out := w.Outputs[i]
		bv := s.value(e, out.Type, slot{kind: "result", name: out.Name, owner: w.Name})
		if bv != nil {
			w.Results = append(w.Results, &Binding{Var: out.Name, Value: bv})
		}
	}
}

// call checks a call and appends its node. Arguments are evaluated first,
// so a call nested in an argument gets the lower node id, as in flytekit.
func (s *wfScope) call(e *lang.NameExpr) *Node {
	c := s.c
	name := e.Name.Name
	decl, ok := c.decls[name]
	if !ok {
		d := c.diags.Errorf(lang.RangeOf(e.Name), "undefined task `%s`", name)
		d.Hint = hint(name, c.declNames())
		for _, a := range e.Call.Args { // still check the arguments
			s.value(a.Value, nil, slot{})
		}
		return nil
	}
	n := slab.Take(&s.nodes)
	var inputs []*Param
	webhook := false
	if pd, isPlan := decl.(*lang.LaunchPlanDecl); isPlan {
		lp := c.plan(pd)
		if lp == nil {
			return nil // it has errors of its own, reported there
		}
		n.Workflow, n.Plan, inputs = lp.Workflow, lp, planParams(lp)
	} else if _, isWF := decl.(*lang.WorkflowDecl); isWF {
		sub := c.workflows[name]
		if sub == nil {
			return nil // it has errors of its own, reported there, or is recursive
		}
		n.Workflow, inputs = sub, sub.Inputs
	} else {
		task := c.tasks[name]
		if task == nil {
			return nil // the task has errors of its own, reported there
		}
		n.Task, inputs, webhook = task, task.Inputs, task.Kind == TaskWebhook
	}
	n.Range = lang.RangeOf(e)
	// Per input, by position: the argument given and its value. Slices, not
	// maps, on the stack for the usual handful of inputs: a workflow may
	// hold 100,000 calls.
	var givenBuf [8]*lang.Arg
	var boundBuf [8]*BindingValue
	given, bound := givenBuf[:], boundBuf[:]
	if n := len(inputs); n > len(givenBuf) {
		given, bound = make([]*lang.Arg, n), make([]*BindingValue, n)
	}
	given, bound = given[:len(inputs)], bound[:len(inputs)]
	ok = true
	for _, a := range e.Call.Args {
		an := a.Name.Name
		k := paramIndex(inputs, an)
		if _, fixed := n.Plan.inputOf(an); fixed {
			c.diags.Errorf(lang.RangeOf(a.Name), "launch plan `%s` fixes input `%s`; a call cannot set it", name, an).Hint = "leave it out"
			s.value(a.Value, nil, slot{})
			ok = false
			continue
		}
		if k < 0 {
			d := c.diags.Errorf(lang.RangeOf(a.Name), "unknown argument `%s` for `%s`", an, name)
			inputNames := paramNames(inputs)
			if d.Hint = hint(an, inputNames); d.Hint == "" {
				if len(inputNames) == 0 {
					d.Hint = fmt.Sprintf("`%s` takes no arguments", name)
				} else {
					d.Hint = "its parameters are " + strings.Join(inputNames, ", ")
				}
			}
			s.value(a.Value, nil, slot{})
			ok = false
			continue
		}
		if prev := given[k]; prev != nil {
			c.diags.Errorf(lang.RangeOf(a.Name), "argument `%s` is given twice (first at %s)", an, lang.RangeOf(prev.Name).Start)
			ok = false
			continue
		}
		given[k] = a
		bv := s.value(a.Value, inputs[k].Type, slot{kind: "argument", name: an, owner: name})
		if bv == nil {
			ok = false
			continue
		}
		if webhook {
			c.warnEmptyDicts(a.Value, inputs[k].Type)
		}
		bound[k] = bv
	}
	var missing []string
	for k, in := range inputs {
		if given[k] != nil {
			continue
		}
		if in.HasDefault {
			if n.Plan == nil { // a plan supplies its defaults itself, on Flyte too
				bound[k] = &BindingValue{Type: in.Type, Literal: in.Default, Range: in.Range}
			}
			continue
		}
		missing = append(missing, in.Name)
	}
	if len(missing) > 0 {
		c.diags.Errorf(lang.RangeOf(e), "missing %s for `%s`: %s", pluralWord(len(missing), "argument"), name, strings.Join(missing, ", ")).Hint =
			fmt.Sprintf("pass %s = …", missing[0])
		ok = false
	}
	if !ok {
		return nil
	}
	n.Inputs = slab.Slice(&s.inputs, len(inputs))[:0]
	for k, in := range inputs {
		if bound[k] == nil {
			continue // an input a launch plan defaults
		}
		b := slab.Take(&s.bindings)
		b.Var, b.Value = in.Name, bound[k]
		n.Inputs = append(n.Inputs, b)
	}
	n.Index = len(s.wf.Nodes)
	n.ID = "n" + strconv.Itoa(n.Index)
	s.wf.Nodes = append(s.wf.Nodes, n)
	return n
}

func paramIndex(ps []*Param, name string) int {
	for k, in := range ps {
		if in.Name == name {
			return k
		}
	}
	return -1
}

func paramNames(ps []*Param) []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// lookup resolves a name in the workflow, reporting undefined names and
// names used before their assignment.
func (s *wfScope) lookup(id *lang.Ident) *variable {
	if v, ok := s.vars[id.Name]; ok {
		v.used = true
		return v
	}
	c := s.c
	if at, ok := s.later[id.Name]; ok {
		s.usedEarly[id.Name] = true
		c.diags.Errorf(lang.RangeOf(id), "`%s` is used before it is assigned", id.Name).Detail =
			"It is assigned at " + lang.RangeOf(at).String() + "."
		return nil
	}
	if _, isDecl := c.decls[id.Name]; isDecl {
		c.diags.Errorf(lang.RangeOf(id), "`%s` is a task; call it with arguments in parentheses", id.Name).Hint =
			fmt.Sprintf("write %s(…)", id.Name)
		return nil
	}
	names := make([]string, 0, len(s.vars))
	for n := range s.vars {
		names = append(names, n)
	}
	sort.Strings(names)
	c.diags.Errorf(lang.RangeOf(id), "undefined name `%s`", id.Name).Hint = hint(id.Name, names)
	return nil
}

// value checks an expression used as a value: bound to an input of type
// want (nil: any type), described by what for messages.
func (s *wfScope) value(e lang.Expr, want *Type, what slot) *BindingValue {
	c := s.c
	switch e := e.(type) {
	case *lang.NameExpr:
		bv := s.nameValue(e)
		if bv == nil {
			return nil
		}
		if want != nil && !bv.Type.AssignableTo(want) {
			c.typeMismatch(e, bv.Type, want, what)
			return nil
		}
		return bv
	case *lang.ListLit:
		if hasReference(e) {
			return s.listValue(e, want, what)
		}
	case *lang.DictLit:
		if hasReference(e) {
			return s.dictValue(e, want, what)
		}
	case *lang.Chain:
		c.diags.Errorf(lang.RangeOf(e), "a `>>` chain orders calls; it has no value").Hint = "write the chain as a statement of its own"
		return nil
	case *lang.MapExpr:
		return s.mapValue(e, want, what)
	case *lang.IfExpr:
		return s.ifValue(e, want, what)
	case *lang.FailExpr:
		c.diags.Errorf(lang.RangeOf(e), "fail(…) ends a branch of an `if`; it has no value").Hint = "write if cond { call() } else { fail(\"…\") }"
		return nil
	}
	v, t, ok := c.literalFor(e, want, what)
	if !ok {
		return nil
	}
	bv := slab.Take(&s.values)
	*bv = BindingValue{Type: t, Literal: v, Range: lang.RangeOf(e)}
	return bv
}

// hasReference reports whether a list or dict literal holds a name or call.
func hasReference(e lang.Expr) bool {
	found := false
	lang.Inspect(e, func(n lang.Node) bool {
		if _, ok := n.(*lang.NameExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

func (s *wfScope) listValue(e *lang.ListLit, want *Type, what slot) *BindingValue {
	var elemWant *Type
	if want != nil {
		base := want
		if base.Kind == KindOptional {
			base = base.Elem
		}
		if base.Kind != KindList && base.Kind != KindAny {
			s.c.typeMismatch(e, ListOf(Any), want, what)
			return nil
		}
		if base.Kind == KindList {
			elemWant = base.Elem
		}
	}
	bv := &BindingValue{Range: lang.RangeOf(e), List: []*BindingValue{}}
	var elem *Type
	for _, x := range e.Elems {
		xv := s.value(x, elemWant, what)
		if xv == nil {
			return nil
		}
		if elem == nil {
			elem = xv.Type
		} else if elemWant == nil && !elem.Equal(xv.Type) {
			s.c.diags.Errorf(lang.RangeOf(x), "list elements must all have one type: this is %s, the first is %s", xv.Type, elem)
			return nil
		}
		bv.List = append(bv.List, xv)
	}
	if elemWant != nil {
		elem = elemWant
	}
	bv.Type = ListOf(elem)
	return bv
}

func (s *wfScope) dictValue(e *lang.DictLit, want *Type, what slot) *BindingValue {
	var valWant *Type
	t := Dict
	if want != nil {
		base := want
		if base.Kind == KindOptional {
			base = base.Elem
		}
		switch base.Kind {
		case KindMap:
			valWant, t = base.Elem, base
		case KindDict, KindAny:
		default:
			s.c.typeMismatch(e, Dict, want, what)
			return nil
		}
	}
	bv := &BindingValue{Type: t, Range: lang.RangeOf(e), Map: map[string]*BindingValue{}}
	for _, en := range e.Entries {
		if _, dup := bv.Map[en.Key.Value]; dup {
			s.c.diags.Errorf(lang.RangeOf(en.Key), "duplicate key %q in dict", en.Key.Value)
			return nil
		}
		xv := s.value(en.Value, valWant, what)
		if xv == nil {
			return nil
		}
		bv.Map[en.Key.Value] = xv
	}
	return bv
}

// nameValue evaluates a name, a call or either with attribute access.
func (s *wfScope) nameValue(e *lang.NameExpr) *BindingValue {
	c := s.c
	var node *Node
	var base *BindingValue
	attrs := e.Attrs
	if e.IsCall() {
		node = s.call(e)
		if node == nil {
			return nil
		}
		if len(node.OutputParams()) == 1 {
			base = s.newPromise(node, node.OutputParams()[0], lang.RangeOf(e))
		}
	} else {
		v := s.lookup(e.Name)
		if v == nil {
			return nil
		}
		if v.value == nil && v.node == nil {
			return nil // its own error was reported
		}
		node, base = v.node, v.value
	}
	if base == nil {
		if len(node.OutputParams()) == 0 {
			if e.IsCall() { // a name assigned from such a call was reported there
				c.diags.Errorf(lang.RangeOf(e), "`%s` returns nothing, so it has no value", node.Label()).Hint =
					"call it as a statement of its own, and order it with `>>` if needed"
			}
			return nil
		}
		// A call with several results: the first attribute picks one.
		if len(attrs) == 0 {
			names := paramNames(node.OutputParams())
			c.diags.Errorf(lang.RangeOf(e), "`%s` returns %s; pick one", node.Label(), plural(len(node.OutputParams()), "result")).Hint =
				fmt.Sprintf("write %s.%s, or assign them with %s = …", e.Name.Name, names[0], strings.Join(names, ", "))
			return nil
		}
		out := findParam(node.OutputParams(), attrs[0].Name)
		if out == nil {
			d := c.diags.Errorf(lang.RangeOf(attrs[0]), "`%s` has no result `%s`", node.Label(), attrs[0].Name)
			if d.Hint = hint(attrs[0].Name, paramNames(node.OutputParams())); d.Hint == "" {
				d.Hint = "its results are " + strings.Join(paramNames(node.OutputParams()), ", ")
			}
			return nil
		}
		base = s.newPromise(node, out, lang.RangeOf(e))
		attrs = attrs[1:]
	}
	if len(attrs) == 0 {
		if base.Promise == nil {
			return base
		}
		cp := slab.Take(&s.values)
		*cp = *base
		cp.Range = lang.RangeOf(e)
		return cp
	}
	if base.Promise == nil {
		c.diags.Errorf(lang.RangeOf(attrs[0]), "`%s` is a constant %s; it has no attributes", e.Name.Name, base.Type)
		return nil
	}
	t := base.Type
	path := append([]string(nil), base.Promise.Path...)
	for _, a := range attrs {
		switch t.Kind {
		case KindDict, KindAny:
			t = Any
		case KindMap:
			t = t.Elem
		default:
			c.diags.Errorf(lang.RangeOf(a), "`%s` is %s, which has no attribute `%s`", exprText(e, a), t, a.Name).Hint =
				"only dict and map values have attributes"
			return nil
		}
		path = append(path, a.Name)
	}
	p := *base.Promise
	p.Path, p.Type = path, t
	return &BindingValue{Type: t, Promise: &p, Range: lang.RangeOf(e)}
}

// exprText renders the part of e before attribute a, for messages.
func exprText(e *lang.NameExpr, upTo *lang.Ident) string {
	var b strings.Builder
	b.WriteString(e.Name.Name)
	if e.IsCall() {
		b.WriteString("(…)")
	}
	for _, a := range e.Attrs {
		if a == upTo {
			break
		}
		b.WriteString("." + a.Name)
	}
	return b.String()
}

func outputNames(t *Task) []string { return paramNames(t.Outputs) }

// warnUnused warns about assigned names whose results nothing reads.
func (s *wfScope) warnUnused() {
	for _, v := range s.vars {
		if v.ident != nil && !v.used && !s.usedEarly[v.ident.Name] {
			s.c.diags.Warnf(lang.RangeOf(v.ident), "`%s` is assigned but never used", v.ident.Name).Hint =
				"use it, or call the task as a statement of its own"
		}
	}
}
