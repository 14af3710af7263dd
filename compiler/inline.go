package compiler

import "slices"

// Inline returns w with every subworkflow call replaced by the callee's
// nodes, for the local run: one DAG, so retries, timeouts, cancellation
// and fail-fast cross the boundary with no machinery of their own. A call
// of a workflow with a failure policy of its own stays one node (see
// RunsNested). An inlined node's id is its path from the top ("n2-n0" is
// node n0 of the workflow that node n2 calls). As a Flyte WorkflowNode starts its
// subworkflow only when all its inputs are ready, every inlined node
// waits for what the calling node waited for. A launch-plan call runs the
// same way, with the plan's inputs. w itself is not changed; a
// workflow without subworkflow calls is returned as it is.
func Inline(w *Workflow) *Workflow {
	if !slices.ContainsFunc(w.Nodes, func(n *Node) bool { return n.Workflow != nil }) {
		return w
	}
	return InlineAt(w, "")
}

// RunsNested tells whether a call of w runs as a nested run rather than
// inlined: w has on_failure or keep_going, which apply inside it alone, as
// on Flyte a subworkflow's failure node and policy apply to it.
func RunsNested(w *Workflow) bool {
	return w.OnFailure != nil || w.KeepGoing
}

// InlineAt is Inline for a workflow that runs inside a node of another
// run (a nested run): every node id starts with prefix ("n2-n0-"), and the
// result is always a copy.
func InlineAt(w *Workflow, prefix string) *Workflow {
	out := &Workflow{Name: w.Name, Doc: w.Doc, Range: w.Range, Inputs: w.Inputs, Outputs: w.Outputs, KeepGoing: w.KeepGoing}
	top := &inlineScope{out: out, prefix: prefix}
	top.add(w.Nodes)
	for _, r := range w.Results {
		out.Results = append(out.Results, &Binding{Var: r.Var, Value: top.rewrite(r.Value)})
	}
	if fn := w.OnFailure; fn != nil {
		c := *fn
		c.ID = prefix + fn.ID
		c.Inputs = top.bindings(fn.Inputs)
		out.OnFailure = &c
	}
	out.DAG, _ = NewDAG(out) // the checked workflows were acyclic, so is the inlined one
	return out
}

// inlineScope is one workflow being inlined: the top one, or a callee at
// the path prefix.
type inlineScope struct {
	out    *Workflow
	prefix string                   // "" at the top, "n2-" inside the workflow n2 calls
	args   map[string]*BindingValue // the callee's inputs as the caller bound them; nil at the top
	after  []*Node                  // what the calling node waited for
	clones map[*Node]*Node          // a task node (or branch, map) → its copy in out
	subs   map[*Node]*inlinedCall   // a subworkflow call → what it became
}

type inlinedCall struct {
	nodes   []*Node                  // every node the call became, in out
	results map[string]*BindingValue // the callee's results, in out's terms
}

func (s *inlineScope) add(nodes []*Node) {
	s.clones, s.subs = map[*Node]*Node{}, map[*Node]*inlinedCall{}
	for _, n := range nodes {
		if n.Workflow != nil && !RunsNested(n.Workflow) {
			s.addCall(n)
			continue
		}
		c := *n
		c.ID = s.prefix + n.ID
		c.Index = len(s.out.Nodes)
		c.Inputs = s.bindings(n.Inputs)
		c.After = append(s.lower(n.After), s.after...)
		c.After = append(c.After, s.callsRead(n.Inputs)...)
		if n.Branch != nil {
			c.Branch = s.branch(n.Branch, c.Index)
			for _, m := range n.Branch.Calls() {
				c.After = append(c.After, s.callsRead(m.Inputs)...)
			}
		}
		s.clones[n] = &c
		s.out.Nodes = append(s.out.Nodes, &c)
	}
}

// addCall inlines subworkflow call n.
func (s *inlineScope) addCall(n *Node) {
	args := make(map[string]*BindingValue, len(n.Inputs))
	var after []*Node
	for _, b := range n.Inputs {
		v := s.rewrite(b.Value)
		args[b.Var] = v
		walkPromises(v, func(p *Promise) {
			if p.Node != nil && !slices.Contains(after, p.Node) {
				after = append(after, p.Node)
			}
		})
	}
	if n.Plan != nil {
		planArgs(n.Plan, args)
	}
	after = append(append(after, s.lower(n.After)...), s.after...)
	after = append(after, s.callsRead(n.Inputs)...)
	first := len(s.out.Nodes)
	child := &inlineScope{out: s.out, prefix: s.prefix + n.ID + "-", args: args, after: after}
	child.add(n.Workflow.Nodes)
	call := &inlinedCall{nodes: s.out.Nodes[first:len(s.out.Nodes):len(s.out.Nodes)], results: map[string]*BindingValue{}}
	for _, r := range n.Workflow.Results {
		call.results[r.Var] = child.rewrite(r.Value)
	}
	s.subs[n] = call
}

// callsRead returns the nodes of every subworkflow call whose results
// bs read: a node reading one result of a call waits for all of it, as
// on Flyte it waits for the WorkflowNode.
func (s *inlineScope) callsRead(bs []*Binding) []*Node {
	var out []*Node
	for _, b := range bs {
		walkPromises(b.Value, func(p *Promise) {
			if call, ok := s.subs[p.Node]; ok && len(call.nodes) > 0 && !slices.Contains(out, call.nodes[0]) {
				out = append(out, call.nodes...)
			}
		})
	}
	return out
}

// lower maps nodes of this scope to the nodes of out they became.
func (s *inlineScope) lower(nodes []*Node) []*Node {
	var out []*Node
	for _, n := range nodes {
		if call, ok := s.subs[n]; ok {
			out = append(out, call.nodes...)
		} else if c, ok := s.clones[n]; ok {
			out = append(out, c)
		}
	}
	return out
}

func (s *inlineScope) branch(b *BranchSpec, index int) *BranchSpec {
	cp := func(c *BranchCase) *BranchCase {
		x := *c
		if c.Then != nil {
			then := *c.Then
			then.ID, then.Index = s.prefix+c.Then.ID, index
			then.Inputs = s.bindings(c.Then.Inputs)
			x.Then = &then
		}
		return &x
	}
	out := &BranchSpec{Else: cp(b.Else)}
	for _, c := range b.Cases {
		out.Cases = append(out.Cases, cp(c))
	}
	return out
}

func (s *inlineScope) bindings(bs []*Binding) []*Binding {
	out := make([]*Binding, len(bs))
	for i, b := range bs {
		out[i] = &Binding{Var: b.Var, Value: s.rewrite(b.Value)}
	}
	return out
}

// rewrite returns v in out's terms: promises of this scope's inputs become
// what the caller bound, promises of a subworkflow call's results become
// the callee's result bindings, promises of nodes point at their copies.
func (s *inlineScope) rewrite(v *BindingValue) *BindingValue {
	if v == nil {
		return nil
	}
	switch {
	case v.Promise != nil:
		p := v.Promise
		if p.Node == nil {
			if s.args == nil {
				return v
			}
			return selectPath(s.args[p.Var], p.Path, v)
		}
		if call, ok := s.subs[p.Node]; ok {
			return selectPath(call.results[p.Var], p.Path, v)
		}
		np := *p
		if c, ok := s.clones[p.Node]; ok {
			np.Node = c
		}
		nv := *v
		nv.Promise = &np
		return &nv
	case v.List != nil:
		nv := *v
		nv.List = make([]*BindingValue, len(v.List))
		for i, x := range v.List {
			nv.List[i] = s.rewrite(x)
		}
		return &nv
	case v.Map != nil:
		nv := *v
		nv.Map = make(map[string]*BindingValue, len(v.Map))
		for k, x := range v.Map {
			nv.Map[k] = s.rewrite(x)
		}
		return &nv
	}
	return v
}

// selectPath reads attribute path out of base, a binding in out's terms;
// like is the value being replaced, whose type and position the result
// keeps.
func selectPath(base *BindingValue, path []string, like *BindingValue) *BindingValue {
	if base == nil {
		return &BindingValue{Type: like.Type, Range: like.Range}
	}
	if len(path) == 0 {
		return base
	}
	switch {
	case base.Promise != nil:
		p := *base.Promise
		p.Path = append(slices.Clip(p.Path), path...)
		p.Type = like.Type
		return &BindingValue{Type: like.Type, Promise: &p, Range: like.Range}
	case base.Map != nil:
		return selectPath(base.Map[path[0]], path[1:], like)
	}
	v := base.Literal
	for _, k := range path {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return &BindingValue{Type: like.Type, Literal: v, Range: like.Range}
}

// planArgs adds to args what launch plan lp gives the inputs a call left
// out: its fixed and default values, else the workflow's defaults (null
// for an optional input without one).
func planArgs(lp *LaunchPlan, args map[string]*BindingValue) {
	for _, p := range lp.Workflow.Inputs {
		if _, given := args[p.Name]; given {
			continue
		}
		v := &BindingValue{Type: p.Type, Literal: p.Default, Range: p.Range}
		if in, _ := lp.Input(p.Name); in != nil {
			v.Literal, v.Range = in.Value, in.Range
		}
		args[p.Name] = v
	}
}
