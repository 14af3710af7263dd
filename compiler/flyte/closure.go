package flyte

import (
	"fmt"
	"slices"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
)

// Closure builds the compiled closure of the workflow named name as
// flytepropeller's compiler produces it: the template with a start-node and
// an end-node (holding the output bindings) ahead of the nodes, the
// connections between nodes, and the templates of the tasks it calls.
func (b *Bundle) Closure(name string) (*core.CompiledWorkflowClosure, error) {
	spec := b.workflows[name]
	if spec == nil {
		return nil, fmt.Errorf("no workflow named %s", name)
	}
	t := spec.GetTemplate()
	nodes := make([]*core.Node, 0, len(t.GetNodes())+2)
	nodes = append(nodes, &core.Node{Id: StartNodeID}, &core.Node{Id: EndNodeID, Inputs: t.GetOutputs()})
	nodes = append(nodes, t.GetNodes()...)
	tmpl := &core.WorkflowTemplate{
		Id:               t.GetId(),
		Metadata:         t.GetMetadata(),
		Interface:        t.GetInterface(),
		Nodes:            nodes,
		Outputs:          t.GetOutputs(),
		FailureNode:      t.GetFailureNode(),
		MetadataDefaults: t.GetMetadataDefaults(),
	}
	var tasks []*core.CompiledTask
	seen := map[string]bool{}
	for _, n := range t.GetNodes() {
		id := n.GetTaskNode().GetReferenceId()
		if id == nil || seen[id.GetName()] {
			continue
		}
		seen[id.GetName()] = true
		ts := b.tasks[id.GetName()]
		if ts == nil {
			return nil, fmt.Errorf("workflow %s: node %s calls unknown task %s", name, n.GetId(), id.GetName())
		}
		tasks = append(tasks, &core.CompiledTask{Template: ts.GetTemplate()})
	}
	return &core.CompiledWorkflowClosure{
		Primary: &core.CompiledWorkflow{Template: tmpl, Connections: Connections(t)},
		Tasks:   tasks,
	}, nil
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
		if len(g.up[i]) > 0 {
			cs.Upstream[id] = &core.ConnectionSet_IdList{Ids: g.names(g.up[i])}
		}
		if len(g.down[i]) > 0 {
			cs.Downstream[id] = &core.ConnectionSet_IdList{Ids: g.names(g.down[i])}
		}
	}
	return cs
}

// Indices of the two sentinel nodes in a graph.
const (
	startIdx = 0
	endIdx   = 1
)

// graph is a workflow's nodes and edges by index: 0 is the start-node, 1
// the end-node, i+2 the template's node i. Ids unknown to the workflow
// (which validation reports) get no edges.
type graph struct {
	ids      []string
	index    map[string]int32
	up, down [][]int32
	unknown  []string // ids read or listed upstream that no node has
}

func newGraph(t *core.WorkflowTemplate) *graph {
	nodes := t.GetNodes()
	n := len(nodes) + 2
	g := &graph{
		ids:   make([]string, n),
		index: make(map[string]int32, n),
		up:    make([][]int32, n),
		down:  make([][]int32, n),
	}
	g.ids[startIdx], g.ids[endIdx] = StartNodeID, EndNodeID
	g.index[StartNodeID], g.index[EndNodeID] = startIdx, endIdx
	for i, nd := range nodes {
		g.ids[i+2] = nd.GetId()
		if _, dup := g.index[nd.GetId()]; !dup {
			g.index[nd.GetId()] = int32(i + 2)
		}
	}
	var scratch []int32
	add := func(to int, bindings []*core.Binding, upstream []string) {
		scratch = scratch[:0]
		for _, id := range upstream {
			scratch = g.appendID(scratch, id)
		}
		for _, b := range bindings {
			scratch = g.appendReads(scratch, b.GetBinding())
		}
		if len(scratch) == 0 {
			return
		}
		slices.Sort(scratch)
		froms := slices.Clone(slices.Compact(scratch))
		g.up[to] = froms
		for _, f := range froms {
			g.down[f] = append(g.down[f], int32(to))
		}
	}
	for i, nd := range nodes {
		add(i+2, nd.GetInputs(), nd.GetUpstreamNodeIds())
	}
	add(endIdx, t.GetOutputs(), nil)
	for i := 2; i < n; i++ {
		if len(g.up[i]) == 0 {
			g.up[i] = []int32{startIdx}
			g.down[startIdx] = append(g.down[startIdx], int32(i))
		}
		if len(g.down[i]) == 0 {
			g.down[i] = append(g.down[i], endIdx)
			g.up[endIdx] = append(g.up[endIdx], int32(i))
		}
	}
	return g
}

func (g *graph) appendID(ids []int32, id string) []int32 {
	if id == "" {
		id = StartNodeID
	}
	i, ok := g.index[id]
	if !ok {
		g.unknown = append(g.unknown, id)
		return ids
	}
	return append(ids, i)
}

// appendReads appends the nodes bd reads from; an empty id is the
// start-node, as flytepropeller reads it.
func (g *graph) appendReads(ids []int32, bd *core.BindingData) []int32 {
	switch v := bd.GetValue().(type) {
	case *core.BindingData_Promise:
		ids = g.appendID(ids, v.Promise.GetNodeId())
	case *core.BindingData_Collection:
		for _, e := range v.Collection.GetBindings() {
			ids = g.appendReads(ids, e)
		}
	case *core.BindingData_Map:
		for _, e := range v.Map.GetBindings() {
			ids = g.appendReads(ids, e)
		}
	}
	return ids
}

// names returns the ids of idx sorted as strings, without duplicates, as
// flytepropeller's string sets list them.
func (g *graph) names(idx []int32) []string {
	out := make([]string, len(idx))
	for i, x := range idx {
		out[i] = g.ids[x]
	}
	if len(out) > 1 {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out
}
