package compiler

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// MapSpec makes a node a map over lists (a Flyte ArrayNode): the node's
// task runs once per list element. The node's Inputs bind each mapped
// input to the whole list, and each other input (a bound input) to the one
// value every item gets, as the ArrayNode's bindings do on Flyte.
type MapSpec struct {
	Mapped []string // task inputs fed a loop variable, in the task's input order
	// Concurrency is how many items run at once: Inherit for the run's
	// parallelism (locally --max-parallel), 0 for unbounded.
	Concurrency int
	// The success criterion: at most one is set (not Unset); neither means
	// every item must succeed.
	MinSuccesses    int
	MinSuccessRatio float64
}

// Unset marks a map setting the program did not give; Inherit is the
// concurrency that follows the run's parallelism.
const (
	Unset   = -1
	Inherit = -1
)

// IsMapped reports whether input name is mapped rather than bound.
func (m *MapSpec) IsMapped(name string) bool {
	for _, x := range m.Mapped {
		if x == name {
			return true
		}
	}
	return false
}

// Required returns how many of size items must succeed, as flytepropeller
// computes it: min_successes, or ceil(ratio × size), or all of them.
func (m *MapSpec) Required(size int) int {
	switch {
	case m.MinSuccesses != Unset:
		return m.MinSuccesses // not capped: more than there are items fails, as on Flyte
	case m.MinSuccessRatio != Unset:
		// The ratio travels as a protobuf float, and propeller multiplies
		// that: 0.3 of 10 items is 4.
		return int(math.Ceil(float64(float32(m.MinSuccessRatio)) * float64(size)))
	}
	return size
}

// NullsFailures reports whether failed items may leave null in the
// results, making the element type optional. flytekit's rule is a ratio
// below 1; a count of successes lets items fail just the same (flytekit
// loses the count, see flyte/arraynode.go), so it makes the type optional
// too, where flytekit would keep T and a null would surprise a consumer.
func (m *MapSpec) NullsFailures() bool {
	return m.MinSuccessRatio != Unset && m.MinSuccessRatio < 1 || m.MinSuccesses != Unset
}

// ItemID names item k of map node id: "n3-0". Brackets would be globbed
// by a shell, so the index is joined with a dash.
func ItemID(id string, k int) string { return id + "-" + strconv.Itoa(k) }

// OutputParams returns what node n produces: its task's or workflow's
// outputs, or for a map one list per output.
func (n *Node) OutputParams() []*Param {
	switch {
	case n.Outputs != nil:
		return n.Outputs
	case n.Workflow != nil:
		return n.Workflow.Outputs
	}
	return n.Task.Outputs
}

// loopVar is a map's loop variable while its call is checked: the list it
// iterates and the placeholder value the call's arguments read, which is
// then replaced by the list.
type loopVar struct {
	ident *lang.Ident
	list  *BindingValue
	value *BindingValue // the placeholder the call's argument points to
	used  bool
}

// mapCall checks `[call(…) for v in list] with {…}` and appends its node.
func (s *wfScope) mapCall(e *lang.MapExpr) *Node {
	c := s.c
	call, ok := e.Body.(*lang.NameExpr)
	if !ok || !call.IsCall() || len(call.Attrs) > 0 {
		d := c.diags.Errorf(lang.RangeOf(e.Body), "the body of a map is one call of a task")
		d.Hint = "write [task(x = v) for v in list]; compute other values in a task of their own"
		return nil
	}
	switch c.decls[call.Name.Name].(type) {
	case *lang.WorkflowDecl, *lang.LaunchPlanDecl:
		what := map[bool]string{true: "workflow", false: "launch plan"}[isWorkflowDecl(c.decls[call.Name.Name])]
		d := c.diags.Errorf(lang.RangeOf(call.Name), "`%s` is a %s; a map runs a task per item, not a %s", call.Name.Name, what, what)
		d.Detail = "Flyte v1.16.8's compiler rejects an ArrayNode over a workflow or a launch plan (flytekit's map_task(launch_plan) included): the ArrayNode takes its sub-node's scalar interface unchanged, so the list bindings do not match."
		d.Hint = "map over a task, or call the workflow once per item in the calling workflow"
		return nil
	}
	ok = true
	for _, a := range call.Call.Args {
		lang.Inspect(a.Value, func(n lang.Node) bool {
			if ne, isName := n.(*lang.NameExpr); isName && ne.IsCall() {
				d := c.diags.Errorf(lang.RangeOf(ne), "a map's call cannot hold another call")
				d.Detail = "On Flyte a map is one ArrayNode running one task per item."
				d.Hint = fmt.Sprintf("assign %s(…) to a name before the map and pass the name", ne.Name.Name)
				ok = false
				return false
			}
			return true
		})
	}
	spec, specOK := s.mapSettings(e.With)
	lists := s.mapLists(e)
	if lists == nil || !ok || !specOK {
		return nil
	}
	// Bind each loop variable to a placeholder of its element type while
	// the call is checked like any other.
	sentinel := &Node{ID: "loop"}
	loops := make([]*loopVar, len(e.Vars))
	for i, id := range e.Vars {
		if isReserved(id.Name) {
			c.keywordError(id, "a loop variable")
			return nil
		}
		if _, taken := s.vars[id.Name]; taken {
			c.diags.Errorf(lang.RangeOf(id), "loop variable `%s` hides a name already in use", id.Name).Hint = "choose another name"
			return nil
		}
		elem := lists[i].Type.Elem
		lv := &loopVar{ident: id, list: lists[i]}
		lv.value = &BindingValue{Type: elem, Promise: &Promise{Node: sentinel, Var: id.Name, Type: elem}, Range: lang.RangeOf(id)}
		loops[i] = lv
		s.vars[id.Name] = &variable{value: lv.value}
	}
	n := s.call(call)
	for _, lv := range loops {
		lv.used = s.vars[lv.ident.Name].used
		delete(s.vars, lv.ident.Name)
	}
	if n == nil {
		return nil
	}
	for _, b := range n.Inputs {
		if p := b.Value.Promise; p != nil && p.Node == sentinel && len(p.Path) == 0 {
			for _, lv := range loops {
				if lv.value.Promise.Var == p.Var {
					b.Value = lv.list
					spec.Mapped = append(spec.Mapped, b.Var)
				}
			}
			continue
		}
		bad := false
		walkPromises(b.Value, func(p *Promise) {
			if p.Node == sentinel && !bad {
				bad = true
				d := c.diags.Errorf(b.Value.Range, "loop variable `%s` must be a whole argument", p.Var)
				d.Detail = "Flyte maps each list element into one task input; a loop variable inside a list, a dict or an attribute path would need a node of its own per item."
				d.Hint = fmt.Sprintf("pass %s = %s, and build the value inside the task", b.Var, p.Var)
			}
		})
		if bad {
			ok = false
		}
	}
	for _, lv := range loops {
		if !lv.used {
			c.diags.Errorf(lang.RangeOf(lv.ident), "loop variable `%s` is not used", lv.ident.Name).Hint =
				fmt.Sprintf("pass it to %s, or map over fewer lists", n.Task.Name)
			ok = false
		}
	}
	if !ok {
		// The call was appended as a node; it must not linger with
		// placeholder inputs (it is the last node: its arguments hold no
		// calls).
		s.wf.Nodes = s.wf.Nodes[:len(s.wf.Nodes)-1]
		return nil
	}
	n.Map = spec
	n.Outputs = make([]*Param, len(n.Task.Outputs))
	for i, out := range n.Task.Outputs {
		t := out.Type
		if spec.NullsFailures() {
			t = OptionalOf(t)
		}
		n.Outputs[i] = &Param{Name: out.Name, Type: ListOf(t), Doc: out.Doc, Range: out.Range}
	}
	return n
}

// mapLists checks the lists a map iterates: one per loop variable, each a
// list, literal lists under zip of one length.
func (s *wfScope) mapLists(e *lang.MapExpr) []*BindingValue {
	c := s.c
	if e.Zip == nil && len(e.Vars) > 1 {
		c.diags.Errorf(lang.RangeOf(e.Vars[1]), "%d loop variables need zip(…) over %d lists", len(e.Vars), len(e.Vars)).Hint =
			"write for a, b in zip(as, bs)"
		return nil
	}
	if e.Zip != nil && len(e.Lists) != len(e.Vars) {
		c.diags.Errorf(lang.RangeOf(e.Zip), "zip has %s for %s", plural(len(e.Lists), "list"), plural(len(e.Vars), "loop variable")).Hint =
			"give zip one list per loop variable"
		return nil
	}
	lists := make([]*BindingValue, len(e.Lists))
	length, lengthAt := -1, lang.Range{}
	for i, l := range e.Lists {
		bv := s.value(l, nil, slot{})
		if bv == nil {
			return nil
		}
		if bv.Type.Kind != KindList {
			what := "a map"
			if e.Zip != nil {
				what = "zip"
			}
			d := c.diags.Errorf(lang.RangeOf(l), "%s needs a list, but this is %s", what, bv.Type)
			if bv.Type.Kind == KindOptional && bv.Type.Elem.Kind == KindList {
				d.Detail = "A list that may be null cannot be mapped: Flyte needs a list."
			}
			return nil
		}
		if bv.Type.Elem == nil || bv.Type.Elem.Kind == KindAny && bv.IsLiteral() {
			c.diags.Errorf(lang.RangeOf(l), "cannot map over an empty list literal: its element type is unknown").Hint =
				"map over a workflow input of a list type"
			return nil
		}
		if n, isLit := literalLen(bv); isLit && e.Zip != nil {
			if length >= 0 && n != length {
				d := c.diags.Errorf(lang.RangeOf(l), "zip of lists of different lengths: %d here, %d at %s", n, length, lengthAt.Start)
				d.Detail = "Flyte fails a map whose lists differ in length."
				return nil
			}
			length, lengthAt = n, lang.RangeOf(l)
		}
		lists[i] = bv
	}
	return lists
}

// literalLen returns the length of a list written in the source.
func literalLen(bv *BindingValue) (int, bool) {
	if bv.List != nil {
		return len(bv.List), true
	}
	if l, ok := bv.Literal.([]any); ok && bv.IsLiteral() {
		return len(l), true
	}
	return 0, false
}

// mapSettings checks a map's `with {…}`.
func (s *wfScope) mapSettings(fb *lang.FieldBlock) (*MapSpec, bool) {
	c := s.c
	spec := &MapSpec{Concurrency: Inherit, MinSuccesses: Unset, MinSuccessRatio: Unset}
	if fb == nil {
		return spec, true
	}
	ok := true
	var criterion *lang.Field
	seen := map[string]bool{}
	for _, f := range fb.Fields {
		name := f.Name.Name
		if seen[name] {
			c.diags.Errorf(lang.RangeOf(f.Name), "`%s` is set twice", name)
			ok = false
			continue
		}
		seen[name] = true
		switch name {
		case "concurrency", "min_successes":
			v, _, good := c.literalFor(f.Value, Int, slot{kind: "setting", name: name})
			if !good {
				ok = false
				continue
			}
			n := v.(int64)
			if n < 0 || n > math.MaxInt32 {
				c.diags.Errorf(lang.RangeOf(f.Value), "%s must be between 0 and %d, not %d", name, math.MaxInt32, n)
				ok = false
				continue
			}
			if name == "concurrency" {
				spec.Concurrency = int(n)
			} else {
				spec.MinSuccesses = int(n)
			}
		case "min_success_ratio":
			v, _, good := c.literalFor(f.Value, Float, slot{kind: "setting", name: name})
			if !good {
				ok = false
				continue
			}
			r := v.(float64)
			if r < 0 || r > 1 {
				c.diags.Errorf(lang.RangeOf(f.Value), "min_success_ratio must be between 0 and 1, not %g", r)
				ok = false
				continue
			}
			spec.MinSuccessRatio = r
		default:
			d := c.diags.Errorf(lang.RangeOf(f.Name), "unknown map setting `%s`", name)
			known := []string{"concurrency", "min_success_ratio", "min_successes"}
			if d.Hint = hint(name, known); d.Hint == "" {
				d.Hint = "a map's settings are " + strings.Join(known, ", ")
			}
			ok = false
			continue
		}
		if name != "concurrency" {
			if criterion != nil {
				c.diags.Errorf(lang.RangeOf(f), "set min_successes or min_success_ratio, not both").Detail =
					"The other is set at " + lang.RangeOf(criterion).String() + "; Flyte's ArrayNode takes one success criterion."
				ok = false
			}
			criterion = f
		}
	}
	return spec, ok
}

// mapValue checks a map used as a value: its one result, a list.
func (s *wfScope) mapValue(e *lang.MapExpr, want *Type, what slot) *BindingValue {
	n := s.mapCall(e)
	if n == nil {
		return nil
	}
	switch len(n.Outputs) {
	case 0:
		s.c.diags.Errorf(lang.RangeOf(e), "`%s` returns nothing, so a map over it has no value", n.Task.Name).Hint =
			"write the map as a statement of its own"
		return nil
	case 1:
	default:
		names := outputNames(n.Task)
		s.c.diags.Errorf(lang.RangeOf(e), "`%s` returns %s, so a map over it gives %d lists", n.Task.Name, plural(len(n.Outputs), "result"), len(n.Outputs)).Hint =
			fmt.Sprintf("assign them: %s = [%s(…) for …]", strings.Join(names, ", "), n.Task.Name)
		return nil
	}
	bv := s.newPromise(n, n.Outputs[0], lang.RangeOf(e))
	if want != nil && !bv.Type.AssignableTo(want) {
		s.c.typeMismatch(e, bv.Type, want, what)
		return nil
	}
	return bv
}

func isWorkflowDecl(d lang.Decl) bool {
	_, ok := d.(*lang.WorkflowDecl)
	return ok
}
