package compiler

import "strings"

// PlanValue is the value a binding will have, as far as it is known
// before a run: literals and the workflow's inputs (wfInputs) as they
// are, and each promise of a node's output — or of a workflow input not
// given — as pending(ref), where ref names it as "n0.o0.key" (or
// "start-node.x"). Dry runs use it to show a call before it is made.
func PlanValue(b *BindingValue, wfInputs map[string]any, pending func(ref string) any) any {
	switch {
	case b == nil:
		return nil
	case b.Promise != nil:
		pr := b.Promise
		node := "start-node"
		if pr.Node != nil {
			node = pr.Node.ID
		} else if v, ok := wfInputs[pr.Var]; ok {
			if got, err := LookupPath(v, pr.Path); err == nil {
				return got
			}
		}
		return pending(strings.Join(append([]string{node, pr.Var}, pr.Path...), "."))
	case b.List != nil:
		out := make([]any, len(b.List))
		for i, e := range b.List {
			out[i] = PlanValue(e, wfInputs, pending)
		}
		return out
	case b.Map != nil:
		out := make(map[string]any, len(b.Map))
		for k, e := range b.Map {
			out[k] = PlanValue(e, wfInputs, pending)
		}
		return out
	}
	return b.Literal
}
