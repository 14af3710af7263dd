package runtime

import (
	"fmt"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
)

// resolveInputs evaluates a node's input bindings against the workflow
// inputs and the outputs of its (finished) upstream nodes, and conforms
// each to the task's declared input type. Attribute reads out of a dict
// have static type any; this is where they are checked.
func (r *run) resolveInputs(node *compiler.Node) (map[string]any, error) {
	task := node.Task
	inputs := make(map[string]any, len(task.Inputs))
	for k, b := range node.Inputs {
		if b == nil {
			continue
		}
		v, err := r.resolve(b.Value)
		if err != nil {
			return nil, Permanent(fmt.Errorf("input %s: %v", b.Var, err))
		}
		// Node.Inputs follows the task's input order; fall back to a
		// lookup by name for IR built otherwise.
		p := (*compiler.Param)(nil)
		if k < len(task.Inputs) && task.Inputs[k].Name == b.Var {
			p = task.Inputs[k]
		} else {
			p = task.Input(b.Var)
		}
		if p == nil {
			return nil, Permanent(fmt.Errorf("task %s has no input %q", task.Name, b.Var))
		}
		want := p.Type
		if node.Map != nil && node.Map.IsMapped(b.Var) {
			want = compiler.ListOf(want) // the whole list, split into items later
		}
		if v, err = compiler.ConformValue(v, want); err != nil {
			return nil, Permanent(fmt.Errorf("input %s: %v", b.Var, err))
		}
		inputs[b.Var] = v
	}
	for _, p := range task.Inputs {
		if _, ok := inputs[p.Name]; ok {
			continue
		}
		switch {
		case p.HasDefault:
			inputs[p.Name] = p.Default
		case p.Type.Kind == compiler.KindOptional:
			inputs[p.Name] = nil
		default:
			return nil, Permanent(fmt.Errorf("input %s is not bound", p.Name))
		}
	}
	return inputs, nil
}

// resolve evaluates one binding value. Upstream outputs are read without
// the lock: they were written before the node producing them completed,
// which happened before this node was made ready.
func (r *run) resolve(b *compiler.BindingValue) (any, error) {
	switch {
	case b == nil:
		return nil, nil
	case b.Promise != nil:
		p := b.Promise
		var v any
		var ok bool
		var ref string
		if p.Node == nil {
			v, ok = r.inputs[p.Var]
			ref = p.Var
			if !ok {
				return nil, fmt.Errorf("workflow input %s has no value", p.Var)
			}
		} else {
			v, ok = r.outputs[p.Node.Index][p.Var]
			ref = p.Node.ID + "." + p.Var
			if !ok {
				return nil, fmt.Errorf("node %s has no output %s", p.Node.ID, p.Var)
			}
		}
		if len(p.Path) > 0 {
			var err error
			if v, err = compiler.LookupPath(v, p.Path); err != nil {
				return nil, fmt.Errorf("%s.%s: %v", ref, strings.Join(p.Path, "."), err)
			}
		}
		return v, nil
	case b.List != nil:
		out := make([]any, len(b.List))
		for i, e := range b.List {
			v, err := r.resolve(e)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case b.Map != nil:
		out := make(map[string]any, len(b.Map))
		for k, e := range b.Map {
			v, err := r.resolve(e)
			if err != nil {
				return nil, err
			}
			out[k] = v
		}
		return out, nil
	}
	return b.Literal, nil
}
