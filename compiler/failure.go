package compiler

import (
	"fmt"
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// FailureNodeID is the failure handler's node id, as flytekit names it.
const FailureNodeID = "fn0"

// ErrInput is the failure handler input that receives the failure.
const ErrInput = "err"

// workflowSettings checks a workflow's `with { on_failure = TASK,
// keep_going = BOOL }`.
func (c *checker) workflowSettings(d *lang.WorkflowDecl, w *Workflow) {
	for _, p := range append(append([]*Param(nil), w.Inputs...), w.Outputs...) {
		if containsError(p.Type) {
			c.diags.Errorf(p.Range, "a workflow's inputs and results cannot have type %s", p.Type).Hint =
				"error is the type of a failure handler's err input"
		}
	}
	if d.With == nil {
		return
	}
	seen := map[string]bool{}
	for _, f := range d.With.Fields {
		name := f.Name.Name
		if seen[name] {
			c.diags.Errorf(lang.RangeOf(f.Name), "`%s` is set twice", name)
			continue
		}
		seen[name] = true
		if f.Block != nil {
			c.diags.Errorf(lang.RangeOf(f.Block), "`%s` takes a value, not a block of settings", name)
			continue
		}
		switch name {
		case "keep_going":
			v, _, ok := c.literalFor(f.Value, Bool, slot{kind: "setting", name: name})
			if ok {
				w.KeepGoing = v.(bool)
			}
		case "on_failure":
			w.OnFailure = c.failureHandler(f.Value, w)
		default:
			d := c.diags.Errorf(lang.RangeOf(f.Name), "unknown workflow setting `%s`", name)
			known := []string{"keep_going", "on_failure"}
			if d.Hint = hint(name, known); d.Hint == "" {
				d.Hint = "a workflow's settings are " + strings.Join(known, ", ")
			}
		}
	}
}

func containsError(t *Type) bool {
	for ; t != nil; t = t.Elem {
		if t.Kind == KindError {
			return true
		}
	}
	return false
}

// failureHandler checks `on_failure = TASK` and builds the handler's node.
// As flytekit and Flyte require, the task takes every input of the
// workflow with the same type, optionally `err: error?`, and any other
// input has a default.
func (c *checker) failureHandler(e lang.Expr, w *Workflow) *Node {
	ne, ok := e.(*lang.NameExpr)
	if !ok || ne.IsCall() || len(ne.Attrs) > 0 {
		c.diags.Errorf(lang.RangeOf(e), "on_failure names a task").Hint = "write on_failure = alert, not a call"
		return nil
	}
	name := ne.Name.Name
	decl, declared := c.decls[name]
	if !declared {
		c.diags.Errorf(lang.RangeOf(ne), "undefined task `%s`", name).Hint = hint(name, c.declNames())
		return nil
	}
	switch decl.(type) {
	case *lang.WorkflowDecl:
		c.diags.Errorf(lang.RangeOf(ne), "`%s` is a workflow; a failure handler is a task", name)
		return nil
	case *lang.LaunchPlanDecl:
		c.diags.Errorf(lang.RangeOf(ne), "`%s` is a launch plan; a failure handler is a task", name)
		return nil
	}
	t := c.tasks[name]
	if t == nil {
		return nil // its own errors are reported
	}
	r := lang.RangeOf(ne)
	ok = true
	n := &Node{ID: FailureNodeID, Index: -1, Task: t, Range: r}
	for _, in := range w.Inputs {
		hp := t.Input(in.Name)
		switch {
		case hp == nil:
			d := c.diags.Errorf(r, "failure handler `%s` lacks the workflow's input `%s: %s`", name, in.Name, in.Type)
			d.Detail = "Flyte calls the handler with every input of the workflow."
			d.Hint = fmt.Sprintf("add %s: %s to %s's parameters", in.Name, in.Type, name)
			ok = false
		case !hp.Type.Equal(in.Type):
			c.diags.Errorf(r, "failure handler `%s` takes %s as %s, but the workflow's input is %s", name, in.Name, hp.Type, in.Type)
			ok = false
		}
	}
	for _, hp := range t.Inputs {
		if findParam(w.Inputs, hp.Name) != nil {
			n.Inputs = append(n.Inputs, &Binding{Var: hp.Name, Value: &BindingValue{Type: hp.Type, Promise: &Promise{Var: hp.Name, Type: hp.Type}, Range: r}})
			continue
		}
		switch {
		case hp.Name == ErrInput:
			if !hp.Type.Equal(OptionalOf(Error)) {
				d := c.diags.Errorf(hp.Range, "a failure handler's err input has type error?, not %s", hp.Type)
				d.Detail = "Flyte binds err to null when the workflow is compiled and fills it in when the handler runs."
				ok = false
				continue
			}
			n.Inputs = append(n.Inputs, &Binding{Var: hp.Name, Value: &BindingValue{Type: hp.Type, Range: hp.Range}})
		case hp.HasDefault:
			n.Inputs = append(n.Inputs, &Binding{Var: hp.Name, Value: &BindingValue{Type: hp.Type, Literal: hp.Default, Range: hp.Range}})
		default:
			d := c.diags.Errorf(r, "failure handler `%s` has input `%s`, which is not the workflow's and has no default", name, hp.Name)
			d.Hint = fmt.Sprintf("give %s a default, or make it an input of the workflow", hp.Name)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return n
}

// errorInputs checks where a task takes an error: only as a failure
// handler's `err`, and not read by a shell script, since Flyte's command
// templates render no error or union value (the task would fail on Flyte
// as it starts).
func (c *checker) errorInputs(d *lang.TaskDecl, t *Task) {
	for _, in := range t.Inputs {
		if !containsError(in.Type) {
			continue
		}
		if in.Name != ErrInput {
			c.diags.Errorf(in.Range, "only a failure handler's `err` input can have type %s", in.Type).Hint = "name it err: error?"
			continue
		}
		if d.Kind != "task" || d.Body == nil {
			continue
		}
		for _, f := range d.Body.Fields {
			if f.Name.Name != "shell" {
				continue
			}
			if sl, ok := f.Value.(*lang.StringLit); ok && strings.Contains(sl.Value, "{inputs.err") {
				d := c.diags.Errorf(lang.RangeOf(f.Value), "a shell script cannot read {inputs.err}")
				d.Detail = "On Flyte a command's {{.inputs.…}} cannot render an error value, so the task would fail as it starts."
				d.Hint = "report the failure with a webhook task, whose data can hold {inputs.err.message}"
			}
		}
	}
}
