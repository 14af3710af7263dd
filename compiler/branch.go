package compiler

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// BranchSpec makes a node a conditional (a Flyte BranchNode). The node has
// no task: it runs the call of the first case whose condition holds, or
// the else case, and produces that call's results. Its Inputs are what the
// conditions read, named "<node id>.<var>" as flytekit names a branch's
// inputs (".n" for a workflow input n).
type BranchSpec struct {
	Cases []*BranchCase // the if and each else-if, in order
	Else  *BranchCase   // Cond is nil
}

// BranchCase is one branch: its condition and either a call (of a task, a
// workflow or a launch plan) or a failure.
type BranchCase struct {
	Cond *Cond // nil for the else
	// Then is the branch's call, a node that is not in Workflow.Nodes: its
	// id is the branch node's, a dash and "n<k>" numbered within the
	// conditional ("n2-n0"), which is what Flyte's compiler names it.
	Then  *Node
	Fail  string // the message of fail(…), when Then is nil
	Range lang.Range
}

// Cond is a condition: a comparison of two operands (Op one of == != < <=
// > >=) or two conditions joined by "and" or "or".
type Cond struct {
	Op          string
	L, R        *Operand // for a comparison
	Left, Right *Cond    // for and, or
	Text        string   // as written, for "condition n > 10 was false"
	Range       lang.Range
}

// Operand is one side of a comparison: a branch input (Var names one of the
// branch node's Inputs) or a literal.
type Operand struct {
	Var     string
	Literal any
	Type    *Type
}

// Calls returns the calls of the branches, in order.
func (b *BranchSpec) Calls() []*Node {
	var calls []*Node
	for _, c := range append(b.Cases[:len(b.Cases):len(b.Cases)], b.Else) {
		if c.Then != nil {
			calls = append(calls, c.Then)
		}
	}
	return calls
}

// ifNode checks a conditional and appends its node.
func (s *wfScope) ifNode(e *lang.IfExpr) *Node {
	c := s.c
	var cases []*lang.IfExpr
	var elseBody lang.Expr
	for x := e; ; {
		cases = append(cases, x)
		next, isIf := x.Else.(*lang.IfExpr)
		if !isIf {
			elseBody = x.Else
			break
		}
		x = next
	}
	if elseBody == nil {
		d := c.diags.Errorf(lang.RangeOf(e), "an `if` needs an `else`")
		d.Detail = "Flyte's branch node must say what happens when no condition holds (flytekit refuses a dangling if)."
		d.Hint = "add else { fail(\"…\") } where no other branch applies"
		return nil
	}
	// Conditions first: reading an attribute adds a node of its own, which
	// comes before the branch's.
	inputs := map[string]*Binding{}
	ok := true
	conds := make([]*Cond, len(cases))
	for k, x := range cases {
		if conds[k] = s.cond(x.Cond, inputs); conds[k] == nil {
			ok = false
		}
	}
	n := &Node{Range: lang.RangeOf(e), Index: len(s.wf.Nodes)}
	n.ID = "n" + strconv.Itoa(n.Index)
	spec := &BranchSpec{}
	inner := 0
	body := func(x lang.Expr) *BranchCase {
		bc := &BranchCase{Range: lang.RangeOf(x)}
		switch x := x.(type) {
		case *lang.FailExpr:
			bc.Fail = x.Message.Value
			return bc
		case *lang.NameExpr:
			if x.IsCall() && len(x.Attrs) == 0 {
				if m := s.branchCall(x, n, inner); m != nil {
					inner++
					bc.Then = m
					return bc
				}
				return nil
			}
		}
		d := c.diags.Errorf(lang.RangeOf(x), "a branch holds one call of a task or a workflow, or fail(\"message\")")
		d.Hint = "write several steps as a workflow, and call it here"
		return nil
	}
	for k, x := range cases {
		cond := conds[k]
		bc := body(x.Then)
		if cond == nil || bc == nil {
			ok = false
			continue
		}
		if bc.Then == nil {
			d := c.diags.Errorf(bc.Range, "only the else branch of an `if` can fail")
			d.Detail = "Flyte's branch node fails only in its else (flytekit: else_().fail(…))."
			d.Hint = "invert the condition, so that the failure is the else"
			ok = false
			continue
		}
		bc.Cond = cond
		spec.Cases = append(spec.Cases, bc)
	}
	if spec.Else = body(elseBody); spec.Else == nil {
		ok = false
	}
	if !ok {
		return nil
	}
	n.Branch = spec
	for _, name := range slices.Sorted(maps.Keys(inputs)) {
		n.Inputs = append(n.Inputs, inputs[name])
	}
	if !s.branchOutputs(n) {
		return nil
	}
	// The branch waits for everything its conditions and its calls read.
	for _, m := range spec.Calls() {
		for _, b := range m.Inputs {
			walkPromises(b.Value, func(p *Promise) {
				if p.Node != nil && !slices.Contains(n.After, p.Node) {
					n.After = append(n.After, p.Node)
				}
			})
		}
	}
	s.wf.Nodes = append(s.wf.Nodes, n)
	return n
}

// branchCall checks the call of a branch: a node of its own, outside the
// workflow's list, numbered within the conditional. A workflow or launch
// plan called here is how a branch of several steps is written.
func (s *wfScope) branchCall(e *lang.NameExpr, branch *Node, k int) *Node {
	for _, a := range e.Call.Args {
		nested := false
		lang.Inspect(a.Value, func(x lang.Node) bool {
			if ne, isName := x.(*lang.NameExpr); isName && ne.IsCall() && !nested {
				nested = true
				d := s.c.diags.Errorf(lang.RangeOf(ne), "a branch's call cannot hold another call")
				d.Hint = fmt.Sprintf("assign %s(…) to a name before the `if` and pass the name", ne.Name.Name)
			}
			return !nested
		})
		if nested {
			return nil
		}
	}
	n := s.call(e)
	if n == nil {
		return nil
	}
	s.wf.Nodes = s.wf.Nodes[:len(s.wf.Nodes)-1] // call appended it; it lives in the branch
	n.Index = branch.Index
	n.ID = branch.ID + "-n" + strconv.Itoa(k)
	return n
}

// branchOutputs gives n the results of its calls: the same names and
// types in every branch that has a call (a failing branch has none).
func (s *wfScope) branchOutputs(n *Node) bool {
	var first *Node
	for _, m := range n.Branch.Calls() {
		if first == nil {
			first = m
			continue
		}
		if !sameParams(first.OutputParams(), m.OutputParams()) {
			d := s.c.diags.Errorf(m.Range, "the branches of an `if` must have the same results: `%s` returns %s, `%s` returns %s",
				first.Label(), paramsText(first.OutputParams()), m.Label(), paramsText(m.OutputParams()))
			d.Detail = "The value of an `if` is the chosen branch's results, so every branch gives the same names and types."
			return false
		}
	}
	if first == nil {
		n.Outputs = []*Param{} // every branch fails
		return true
	}
	n.Outputs = first.OutputParams()
	return true
}

func sameParams(a, b []*Param) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !a[i].Type.Equal(b[i].Type) {
			return false
		}
	}
	return true
}

func paramsText(ps []*Param) string {
	if len(ps) == 0 {
		return "nothing"
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Name + ": " + p.Type.String()
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// ifValue checks a conditional used as a value: its one result.
func (s *wfScope) ifValue(e *lang.IfExpr, want *Type, what slot) *BindingValue {
	n := s.ifNode(e)
	if n == nil {
		return nil
	}
	if len(n.Outputs) != 1 {
		s.c.diags.Errorf(lang.RangeOf(e), "this `if` gives %s; a value needs one", plural(len(n.Outputs), "result")).Hint =
			"assign several results with a, b = if …, or call a task with one result"
		return nil
	}
	bv := s.newPromise(n, n.Outputs[0], lang.RangeOf(e))
	if want != nil && !bv.Type.AssignableTo(want) {
		s.c.typeMismatch(e, bv.Type, want, what)
		return nil
	}
	return bv
}

// comparable are the kinds Flyte's conditions compare.
var comparable = map[Kind]bool{KindString: true, KindInt: true, KindFloat: true, KindBool: true, KindDatetime: true, KindDuration: true}

// cond checks a condition, adding the values it reads to inputs.
func (s *wfScope) cond(c lang.Cond, inputs map[string]*Binding) *Cond {
	switch c := c.(type) {
	case *lang.Logical:
		l, r := s.cond(c.Left, inputs), s.cond(c.Right, inputs)
		if l == nil || r == nil {
			return nil
		}
		return &Cond{Op: c.Op, Left: l, Right: r, Text: l.Text + " " + c.Op + " " + r.Text, Range: lang.RangeOf(c)}
	case *lang.Comparison:
		lv, rv := s.operandValue(c.Left), s.operandValue(c.Right)
		if lv == nil || rv == nil {
			return nil
		}
		// An attribute read (r.status_code) is lowered to a node of its
		// own, typed by the other side, whose plain result the branch reads.
		if isAttr(lv) && isAttr(rv) {
			s.c.diags.Errorf(lang.RangeOf(c), "a condition can read an attribute on one side only").Hint =
				"compare one of them with a value of a known type"
			return nil
		}
		if isAttr(lv) {
			lv = s.lowerAttr(lv, rv.Type, c.Left)
		} else if isAttr(rv) {
			rv = s.lowerAttr(rv, lv.Type, c.Right)
		}
		if lv == nil || rv == nil {
			return nil
		}
		l, r := s.operand(c.Left, lv, inputs), s.operand(c.Right, rv, inputs)
		if l == nil || r == nil {
			return nil
		}
		// Flyte compares operand types exactly; an int literal beside a
		// float is written as the float it means.
		if l.Type.Kind == KindFloat && r.Type.Kind == KindInt && r.Var == "" {
			r.Literal, r.Type = float64(r.Literal.(int64)), Float
		}
		if r.Type.Kind == KindFloat && l.Type.Kind == KindInt && l.Var == "" {
			l.Literal, l.Type = float64(l.Literal.(int64)), Float
		}
		// A datetime is written as a string (RFC 3339), as in -i values.
		for _, pair := range [][2]*Operand{{l, r}, {r, l}} {
			if v, o := pair[0], pair[1]; v.Type.Kind == KindDatetime && o.Var == "" && o.Type.Kind == KindString {
				tm, err := ParseDatetime(o.Literal.(string))
				if err != nil {
					s.c.diags.Errorf(lang.RangeOf(c), "cannot compare a datetime with %q: %v", o.Literal, err)
					return nil
				}
				o.Literal, o.Type = tm, Datetime
			}
		}
		if !l.Type.Equal(r.Type) {
			d := s.c.diags.Errorf(lang.RangeOf(c), "cannot compare %s with %s", l.Type, r.Type)
			d.Detail = "Flyte compares the two sides' types exactly."
			return nil
		}
		if l.Type.Kind == KindBool && c.Op != "==" && c.Op != "!=" {
			s.c.diags.Errorf(lang.RangeOf(c), "bools compare only with == and !=")
			return nil
		}
		return &Cond{Op: c.Op, L: l, R: r, Text: exprSource(c.Left) + " " + c.Op + " " + exprSource(c.Right), Range: lang.RangeOf(c)}
	}
	return nil
}

// operandValue evaluates one side of a comparison.
func (s *wfScope) operandValue(e lang.Expr) *BindingValue {
	c := s.c
	switch e := e.(type) {
	case *lang.NullLit:
		d := c.diags.Errorf(lang.RangeOf(e), "a condition cannot compare with null")
		d.Detail = "Flyte's compiler refuses a comparison with None, although flytekit writes one."
		return nil
	case *lang.NameExpr:
		if e.IsCall() {
			c.diags.Errorf(lang.RangeOf(e), "a condition compares values, not calls").Hint =
				fmt.Sprintf("assign %s(…) to a name before the `if` and compare the name", e.Name.Name)
			return nil
		}
	case *lang.ListLit, *lang.DictLit, *lang.MapExpr, *lang.IfExpr:
		c.diags.Errorf(lang.RangeOf(e), "a condition compares int, float, str, bool, datetime or duration values")
		return nil
	}
	return s.value(e, nil, slot{})
}

func isAttr(bv *BindingValue) bool {
	return bv.Promise != nil && len(bv.Promise.Path) > 0 && bv.Type.Kind == KindAny
}

// lowerAttr reads the attribute bv through a pass-through echo task of the
// type of the other side of the comparison, and returns the echo's result.
// An int stays an int: the compiled webhook declares info.status_code an
// INTEGER, and Flyte's compiler will not bind it to a FLOAT input.
func (s *wfScope) lowerAttr(bv *BindingValue, other *Type, e lang.Expr) *BindingValue {
	t := other
	if !comparable[t.Kind] {
		s.c.diags.Errorf(lang.RangeOf(e), "a condition cannot compare an attribute with %s", other)
		return nil
	}
	task := s.c.attrTask(t)
	n := &Node{Task: task, Index: len(s.wf.Nodes), Range: bv.Range}
	n.ID = "n" + strconv.Itoa(n.Index)
	in := *bv
	in.Type = t
	n.Inputs = []*Binding{{Var: task.Inputs[0].Name, Value: &in}}
	s.wf.Nodes = append(s.wf.Nodes, n)
	return s.newPromise(n, task.Outputs[0], bv.Range)
}

// attrTask returns the echo task that passes one value of type t through,
// made once per program and type.
func (c *checker) attrTask(t *Type) *Task {
	name := "wfc_attr_" + t.String()
	if task := c.tasks[name]; task != nil {
		return task
	}
	task := &Task{
		Name: name, Kind: TaskEcho,
		Doc:     "Reads an attribute for a condition: Flyte compares only plain values.",
		Inputs:  []*Param{{Name: "x0", Type: t}},
		Outputs: []*Param{{Name: "o0", Type: t}},
	}
	c.tasks[name] = task
	c.prog.Tasks = append(c.prog.Tasks, task)
	return task
}

// operand turns one side of a comparison, evaluated to bv, into a branch
// input or a literal.
func (s *wfScope) operand(e lang.Expr, bv *BindingValue, inputs map[string]*Binding) *Operand {
	c := s.c
	if !comparable[bv.Type.Kind] {
		d := c.diags.Errorf(lang.RangeOf(e), "a condition cannot compare %s", bv.Type)
		switch {
		case bv.Type.Kind == KindAny && bv.Promise != nil && len(bv.Promise.Path) > 0:
			d.Detail = "Flyte's compiler cannot compare through an attribute path: the branch's input has the whole dict's type."
			d.Hint = "pass the value through a task with a typed result first, for example an echo task taking a float"
		case bv.Type.Kind == KindOptional:
			d.Detail = "Flyte compares only plain values; a value that may be null does not match."
		default:
			d.Hint = "compare int, float, str, bool, datetime or duration values"
		}
		return nil
	}
	if bv.Promise == nil {
		return &Operand{Literal: bv.Literal, Type: bv.Type}
	}
	p := bv.Promise
	if len(p.Path) > 0 {
		d := c.diags.Errorf(lang.RangeOf(e), "a condition cannot read an attribute path")
		d.Detail = "Flyte's compiler types a branch input by the whole upstream output."
		return nil
	}
	name := "." + p.Var
	if p.Node != nil {
		name = p.Node.ID + "." + p.Var
	}
	if inputs[name] == nil {
		inputs[name] = &Binding{Var: name, Value: bv}
	}
	return &Operand{Var: name, Type: bv.Type}
}

// exprSource renders a condition's operand as written, for messages and
// the run record.
func exprSource(e lang.Expr) string {
	switch e := e.(type) {
	case *lang.NameExpr:
		return exprText(e, nil)
	case *lang.StringLit:
		return strconv.Quote(e.Value)
	case *lang.NumberLit:
		neg := ""
		if e.Neg {
			neg = "-"
		}
		return neg + e.Int + e.Float + e.Duration
	case *lang.BoolLit:
		return e.Raw
	}
	return "…"
}

// Label names what node n runs, for messages and graphs: its task or
// workflow, or "if" for a conditional.
func (n *Node) Label() string {
	switch {
	case n.Workflow != nil:
		return n.Workflow.Name
	case n.Task == nil:
		return "if"
	}
	return n.Task.Name
}
