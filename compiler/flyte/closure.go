package flyte

import (
	"fmt"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// Closure builds the compiled closure of the workflow named name as
// flytepropeller's compiler produces it: the template with a start-node and
// an end-node (holding the output bindings) ahead of the nodes, the
// connections between nodes, the same for every workflow it calls
// (subWorkflows), and the templates of the tasks they all call.
func (b *Bundle) Closure(name string) (*core.CompiledWorkflowClosure, error) {
	spec := b.workflows[name]
	if spec == nil {
		return nil, fmt.Errorf("no workflow named %s", name)
	}
	t := spec.GetTemplate()
	// The subworkflows' tasks are the closure's too, after the primary's.
	var refs []*core.Identifier
	refs = taskRefs(t, refs)
	var subs []*core.CompiledWorkflow
	for _, st := range spec.GetSubWorkflows() {
		subs = append(subs, compiledWorkflow(st))
		refs = taskRefs(st, refs)
	}
	var tasks []*core.CompiledTask
	seen := map[string]bool{}
	for _, id := range refs {
		if id == nil || seen[id.GetName()] {
			continue
		}
		seen[id.GetName()] = true
		ts := b.tasks[id.GetName()]
		if ts == nil {
			return nil, fmt.Errorf("workflow %s: a node calls unknown task %s", name, id.GetName())
		}
		tasks = append(tasks, &core.CompiledTask{Template: ts.GetTemplate()})
	}
	return &core.CompiledWorkflowClosure{
		Primary:      compiledWorkflow(t),
		SubWorkflows: subs,
		Tasks:        tasks,
	}, nil
}

// compiledWorkflow is template t as Flyte's compiler leaves it: a
// start-node and an end-node (holding the output bindings) ahead of the
// nodes, and the connections between them.
func compiledWorkflow(t *core.WorkflowTemplate) *core.CompiledWorkflow {
	nodes := make([]*core.Node, 0, len(t.GetNodes())+2)
	nodes = append(nodes, &core.Node{Id: StartNodeID}, &core.Node{Id: EndNodeID, Inputs: t.GetOutputs()})
	for _, n := range t.GetNodes() {
		if n.GetBranchNode() != nil {
			n = compiledBranch(n)
		}
		nodes = append(nodes, n)
	}
	tmpl := &core.WorkflowTemplate{
		Id:               t.GetId(),
		Metadata:         t.GetMetadata(),
		Interface:        t.GetInterface(),
		Nodes:            nodes,
		Outputs:          t.GetOutputs(),
		FailureNode:      t.GetFailureNode(),
		MetadataDefaults: t.GetMetadataDefaults(),
	}
	return &core.CompiledWorkflow{Template: tmpl, Connections: Connections(t)}
}

// taskRefs appends the tasks t's nodes call, in node order.
func taskRefs(t *core.WorkflowTemplate, refs []*core.Identifier) []*core.Identifier {
	for _, n := range t.GetNodes() {
		switch {
		case n.GetBranchNode() != nil:
			for _, c := range caseNodes(n.GetBranchNode()) {
				refs = append(refs, taskRef(c))
			}
		case n.GetWorkflowNode() != nil:
		default:
			refs = append(refs, taskRef(n))
		}
	}
	if fn := t.GetFailureNode(); fn != nil {
		refs = append(refs, taskRef(fn))
	}
	return refs
}

// Connections computes a workflow's connection set by flytepropeller's
// rules: an edge from every upstream node id and from every node a binding
// reads (workflow inputs being the start-node), the output bindings read
// into the end-node, the start-node before every node with nothing
// upstream and the end-node after every node with nothing downstream. Id
// lists are sorted as strings and free of duplicates.
func Connections(t *core.WorkflowTemplate) *core.ConnectionSet {
	g := newGraph(t)
	cs := &core.ConnectionSet{
		Upstream:   make(map[string]*core.ConnectionSet_IdList, len(g.ids)),
		Downstream: make(map[string]*core.ConnectionSet_IdList, len(g.ids)),
	}
	for i, id := range g.ids {
		if up := g.up(i); len(up) > 0 {
			cs.Upstream[id] = &core.ConnectionSet_IdList{Ids: g.names(up)}
		}
		if down := g.down(i); len(down) > 0 {
			cs.Downstream[id] = &core.ConnectionSet_IdList{Ids: g.names(down)}
		}
	}
	return cs
}

// compiledBranch is branch node n as Flyte's compiler leaves it: each case
// node renamed "<branch id>-<its id>" (n2-n0), the id wfc runs it under.
func compiledBranch(n *core.Node) *core.Node {
	c := clone(n)
	for _, m := range caseNodes(c.GetBranchNode()) {
		m.Id = c.GetId() + "-" + m.GetId()
	}
	return c
}
