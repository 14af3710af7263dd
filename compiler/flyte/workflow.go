package flyte

import (
	"sort"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/wfc-lang/wfc/compiler"
)

// Node ids flytepropeller gives the workflow's inputs and outputs.
const (
	StartNodeID = "start-node"
	EndNodeID   = "end-node"
)

// workflowSpec builds the admin.WorkflowSpec of w: what pyflyte serialize
// writes as NNN_<name>_2.
//
// Messages that are the same for every call of a task (node metadata, the
// task node and its reference) are built once and shared between nodes:
// workflows may have 100,000 nodes, and the encoders only read them.
func (e *emitter) workflowSpec(w *compiler.Workflow) *admin.WorkflowSpec {
	perTask := map[*compiler.Task]*taskNodeParts{}
	nodes := make([]*core.Node, len(w.Nodes))
	for i, n := range w.Nodes {
		parts := perTask[n.Task]
		if parts == nil {
			parts = e.taskNodeParts(n.Task)
			perTask[n.Task] = parts
		}
		nodes[i] = e.node(w, n, parts)
	}
	outputs := make([]*core.Binding, 0, len(w.Results))
	for i, r := range w.Results {
		var t *compiler.Type
		if i < len(w.Outputs) {
			t = w.Outputs[i].Type
		}
		outputs = append(outputs, e.binding(w, r, t))
	}
	return &admin.WorkflowSpec{
		Template: &core.WorkflowTemplate{
			Id:               e.id(core.ResourceType_WORKFLOW, w.Name),
			Metadata:         &core.WorkflowMetadata{},
			Interface:        &core.TypedInterface{Inputs: variables(w.Inputs), Outputs: variables(w.Outputs)},
			Nodes:            nodes,
			Outputs:          outputs,
			MetadataDefaults: &core.WorkflowMetadataDefaults{},
		},
		Description: description(w.Doc),
	}
}

type taskNodeParts struct {
	metadata *core.NodeMetadata
	target   *core.Node_TaskNode
}

// taskNodeParts builds what every node calling t shares. Node metadata
// repeats the task's retries and timeout, as flytekit's
// construct_node_metadata does.
func (e *emitter) taskNodeParts(t *compiler.Task) *taskNodeParts {
	md := &core.NodeMetadata{
		Name:    t.Name,
		Retries: &core.RetryStrategy{Retries: uint32(max(t.Retries, 0))},
	}
	if t.Timeout > 0 {
		md.Timeout = durationpb.New(t.Timeout)
	}
	return &taskNodeParts{
		metadata: md,
		target: &core.Node_TaskNode{TaskNode: &core.TaskNode{
			Reference: &core.TaskNode_ReferenceId{ReferenceId: e.taskID(t)},
			Overrides: &core.TaskNodeOverrides{},
		}},
	}
}

func (e *emitter) node(w *compiler.Workflow, n *compiler.Node, parts *taskNodeParts) *core.Node {
	node := &core.Node{
		Id:       n.ID,
		Metadata: parts.metadata,
		Target:   parts.target,
	}
	if len(n.Inputs) > 0 {
		node.Inputs = make([]*core.Binding, len(n.Inputs))
		for i, b := range n.Inputs {
			var t *compiler.Type
			if p := n.Task.Input(b.Var); p != nil {
				t = p.Type
			}
			node.Inputs[i] = e.binding(w, b, t)
		}
		// flytekit orders a node's bindings by input name.
		if !sort.SliceIsSorted(node.Inputs, func(i, j int) bool { return node.Inputs[i].Var < node.Inputs[j].Var }) {
			sort.SliceStable(node.Inputs, func(i, j int) bool { return node.Inputs[i].Var < node.Inputs[j].Var })
		}
	}
	if len(n.Upstream) > 0 {
		node.UpstreamNodeIds = make([]string, len(n.Upstream))
		for i, u := range n.Upstream {
			node.UpstreamNodeIds[i] = u.ID
		}
	}
	return node
}

// binding converts one IR binding to a variable of type t (nil when the
// variable is unknown, which the validation pass reports).
func (e *emitter) binding(w *compiler.Workflow, b *compiler.Binding, t *compiler.Type) *core.Binding {
	if b.Value == nil {
		return &core.Binding{Var: b.Var}
	}
	if t == nil {
		t = b.Value.Type
	}
	if t == nil {
		t = compiler.Any
	}
	bd, err := BindingData(b.Value, t)
	if err != nil {
		e.errorf(b.Value.Range, "workflow %s: cannot bind %s: %v", w.Name, b.Var, err)
	}
	return &core.Binding{Var: b.Var, Binding: bd}
}
