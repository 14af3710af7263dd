package compiler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dominikbraun/graph"

	"github.com/wfc-lang/wfc/lang"
)

// A workflow called from a workflow is a subworkflow: Flyte runs it as a
// WorkflowNode and wfc runs its nodes inside the calling node's. Callees
// are checked before their callers, so a call finds the callee's IR; a
// workflow that calls itself, directly or through others, is an error.

// workflowCall is one call of a workflow written in a workflow's body.
type workflowCall struct {
	callee string
	at     *lang.Ident
}

// workflowCalls lists the workflow calls in d's body, in source order.
func (c *checker) workflowCalls(d *lang.WorkflowDecl) []workflowCall {
	var calls []workflowCall
	for _, st := range d.Stmts {
		lang.Inspect(st, func(x lang.Node) bool {
			if ne, ok := x.(*lang.NameExpr); ok && ne.IsCall() {
				switch decl := c.decls[ne.Name.Name].(type) {
				case *lang.WorkflowDecl:
					calls = append(calls, workflowCall{callee: ne.Name.Name, at: ne.Name})
				case *lang.LaunchPlanDecl: // a call of the plan's workflow
					if isWorkflowDecl(c.decls[decl.Workflow.Name]) {
						calls = append(calls, workflowCall{callee: decl.Workflow.Name, at: ne.Name})
					}
				}
			}
			return true
		})
	}
	return calls
}

// workflowOrder returns the workflow declarations callees first, and
// reports every recursive cycle; the workflows on a cycle are left out.
func (c *checker) workflowOrder(decls []*lang.WorkflowDecl) []*lang.WorkflowDecl {
	g := graph.New(graph.StringHash, graph.Directed())
	calls := map[string][]workflowCall{}
	byName := map[string]*lang.WorkflowDecl{}
	for _, d := range decls {
		_ = g.AddVertex(d.Name.Name)
		byName[d.Name.Name] = d
	}
	for _, d := range decls {
		calls[d.Name.Name] = c.workflowCalls(d)
		for _, wc := range calls[d.Name.Name] {
			_ = g.AddEdge(d.Name.Name, wc.callee)
		}
	}
	recursive := map[string]bool{}
	sccs, _ := graph.StronglyConnectedComponents(g)
	slices.SortFunc(sccs, func(a, b []string) int { return strings.Compare(slices.Min(a), slices.Min(b)) })
	for _, scc := range sccs {
		if len(scc) == 1 && !slices.ContainsFunc(calls[scc[0]], func(wc workflowCall) bool { return wc.callee == scc[0] }) {
			continue
		}
		for _, name := range scc {
			recursive[name] = true
		}
		c.reportRecursion(scc, calls)
	}
	// Depth-first, callees before callers, declarations in source order.
	var order []*lang.WorkflowDecl
	done := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		if done[name] || recursive[name] {
			return
		}
		done[name] = true
		for _, wc := range calls[name] {
			visit(wc.callee)
		}
		order = append(order, byName[name])
	}
	for _, d := range decls {
		visit(d.Name.Name)
	}
	return order
}

// reportRecursion reports one cycle of workflow calls, at the call that
// closes it from the member declared first.
func (c *checker) reportRecursion(scc []string, calls map[string][]workflowCall) {
	in := map[string]bool{}
	for _, n := range scc {
		in[n] = true
	}
	start := slices.Min(scc)
	path := []string{start}
	var detail strings.Builder
	var at *lang.Ident
	seen := map[string]bool{start: true}
	for cur := start; ; {
		var next workflowCall
		for _, wc := range calls[cur] {
			if in[wc.callee] && (wc.callee == start || !seen[wc.callee]) {
				next = wc
				if wc.callee == start {
					break
				}
			}
		}
		if next.at == nil {
			break
		}
		if at == nil {
			at = next.at
		}
		fmt.Fprintf(&detail, "%s calls %s at %s\n", cur, next.callee, lang.RangeOf(next.at).Start)
		path = append(path, next.callee)
		if next.callee == start {
			break
		}
		seen[next.callee] = true
		cur = next.callee
	}
	if at == nil {
		return
	}
	d := c.diags.Errorf(lang.RangeOf(at), "recursive workflow call: %s", strings.Join(path, " → "))
	d.Detail = "A workflow cannot call itself, directly or through others; Flyte's compiler refuses recursive subworkflows.\n" + strings.TrimSpace(detail.String())
	d.Hint = "call a task, or split the work into workflows that do not call back"
}
