package flyte

import (
	"sort"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
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
	dag := w.DAG
	if dag == nil { // a workflow built by hand, not by the checker
		var err error
		if dag, err = compiler.NewDAG(w); err != nil {
			e.errorf(w.Range, "%v", err)
			dag = nil
		}
	}
	e.slab = newSlab(w, dag)
	defer func() { e.slab = nil }()
	nodes := make([]*core.Node, len(w.Nodes))
	for i, n := range w.Nodes {
		if n.Map != nil {
			nodes[i] = e.arrayNode(w, n, e.arrayTask(n))
			continue
		}
		if n.Branch != nil {
			nodes[i] = e.branchNode(w, n)
			continue
		}
		var parts *taskNodeParts
		if n.Plan != nil {
			parts = e.planParts(n.Plan)
		} else if n.Workflow != nil {
			parts = e.subworkflowParts(n.Workflow)
		} else if parts = perTask[n.Task]; parts == nil {
			parts = e.taskNodeParts(n.Task)
			perTask[n.Task] = parts
		}
		nodes[i] = e.node(w, n, parts)
		if dag != nil {
			if up := dag.Upstream(i); len(up) > 0 {
				ids := e.slab.strings(len(up))
				for k, j := range up {
					ids[k] = w.Nodes[j].ID
				}
				nodes[i].UpstreamNodeIds = ids
			}
		}
	}
	outputs := make([]*core.Binding, 0, len(w.Results))
	for i, r := range w.Results {
		var t *compiler.Type
		if i < len(w.Outputs) {
			t = w.Outputs[i].Type
		}
		outputs = append(outputs, e.binding(w, r, t))
	}
	md := &core.WorkflowMetadata{}
	if w.KeepGoing {
		md.OnFailure = core.WorkflowMetadata_FAIL_AFTER_EXECUTABLE_NODES_COMPLETE
	}
	var failure *core.Node
	if fn := w.OnFailure; fn != nil {
		// As flytekit writes it: fn0, every input bound, err to null.
		failure = e.node(w, fn, e.taskNodeParts(fn.Task))
	}
	return &admin.WorkflowSpec{
		Template: &core.WorkflowTemplate{
			Id:               e.id(core.ResourceType_WORKFLOW, w.Name),
			Metadata:         md,
			FailureNode:      failure,
			Interface:        &core.TypedInterface{Inputs: variables(w.Inputs), Outputs: variables(w.Outputs)},
			Nodes:            nodes,
			Outputs:          outputs,
			MetadataDefaults: &core.WorkflowMetadataDefaults{},
		},
		Description: description(w.Doc),
	}
}

// taskNodeParts is what the nodes calling one task (or one workflow) share:
// their metadata and their target, a task node or a workflow node.
type taskNodeParts struct {
	metadata *core.NodeMetadata
	target   *core.Node_TaskNode
	workflow *core.Node_WorkflowNode
}

// subworkflowParts builds the metadata and target of a call of workflow
// w, as flytekit writes a subworkflow node: the callee's name, no retries
// (its tasks retry), and a subWorkflowRef.
func (e *emitter) subworkflowParts(w *compiler.Workflow) *taskNodeParts {
	return &taskNodeParts{
		metadata: &core.NodeMetadata{
			Name:               w.Name,
			Retries:            &core.RetryStrategy{},
			InterruptibleValue: &core.NodeMetadata_Interruptible{Interruptible: false},
		},
		workflow: &core.Node_WorkflowNode{WorkflowNode: &core.WorkflowNode{
			Reference: &core.WorkflowNode_SubWorkflowRef{SubWorkflowRef: e.id(core.ResourceType_WORKFLOW, w.Name)},
		}},
	}
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
		md.Timeout = wkt.NewDuration(t.Timeout)
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
	node := e.slab.node()
	node.Id = n.ID
	node.Metadata = parts.metadata
	if parts.workflow != nil {
		node.Target = parts.workflow
	} else {
		node.Target = parts.target
	}
	if len(n.Inputs) > 0 {
		node.Inputs = e.slab.bindingList(len(n.Inputs))
		for i, b := range n.Inputs {
			var t *compiler.Type
			if p := inputParam(n, b.Var); p != nil {
				t = p.Type
			}
			node.Inputs[i] = e.binding(w, b, t)
		}
		// flytekit orders a node's bindings by input name.
		if !sort.SliceIsSorted(node.Inputs, func(i, j int) bool { return node.Inputs[i].Var < node.Inputs[j].Var }) {
			sort.SliceStable(node.Inputs, func(i, j int) bool { return node.Inputs[i].Var < node.Inputs[j].Var })
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
	var bd *core.BindingData
	if p := b.Value.Promise; p != nil && e.slab != nil {
		bd = e.slab.promise(p) // the common case, without an allocation
	} else {
		var err error
		if bd, err = BindingData(b.Value, t); err != nil {
			e.errorf(b.Value.Range, "workflow %s: cannot bind %s: %v", w.Name, b.Var, err)
		}
	}
	cb := e.slab.binding()
	cb.Var, cb.Binding = b.Var, bd
	return cb
}

// slab hands out the messages of one workflow's nodes from arrays sized up
// front: a workflow of 100,000 nodes then costs a few dozen allocations
// instead of seven per node, which the collector would have to trace.
// Messages are never copied, only pointed into.
type slab struct {
	nodes    []core.Node
	bindings []core.Binding
	lists    []*core.Binding
	strs     []string
	bds      []core.BindingData
	wraps    []core.BindingData_Promise
	refs     []core.OutputReference
}

func newSlab(w *compiler.Workflow, dag *compiler.DAG) *slab {
	var inputs, promises, upstream int
	if dag != nil {
		upstream = dag.Edges()
	}
	for _, n := range w.Nodes {
		inputs += len(n.Inputs)
		for _, b := range n.Inputs {
			if b.Value != nil && b.Value.Promise != nil {
				promises++
			}
		}
	}
	for _, b := range w.Results {
		inputs++
		if b.Value != nil && b.Value.Promise != nil {
			promises++
		}
	}
	return &slab{
		nodes:    make([]core.Node, 0, len(w.Nodes)),
		bindings: make([]core.Binding, 0, inputs),
		lists:    make([]*core.Binding, 0, inputs),
		strs:     make([]string, 0, upstream),
		bds:      make([]core.BindingData, 0, promises),
		wraps:    make([]core.BindingData_Promise, 0, promises),
		refs:     make([]core.OutputReference, 0, promises),
	}
}

// grow returns a pointer to a new zero element of *s, allocating alone
// once the precomputed capacity is used up.
func grow[T any](s *[]T) *T {
	if len(*s) == cap(*s) {
		return new(T)
	}
	*s = (*s)[:len(*s)+1]
	return &(*s)[len(*s)-1]
}

func (s *slab) node() *core.Node {
	if s == nil {
		return &core.Node{}
	}
	return grow(&s.nodes)
}

func (s *slab) binding() *core.Binding {
	if s == nil {
		return &core.Binding{}
	}
	return grow(&s.bindings)
}

// bindingList and strings return slices of their own capacity, so that
// appending to one cannot overwrite the next.
func (s *slab) bindingList(n int) []*core.Binding {
	if s == nil || len(s.lists)+n > cap(s.lists) {
		return make([]*core.Binding, n)
	}
	l := len(s.lists)
	s.lists = s.lists[:l+n]
	return s.lists[l : l+n : l+n]
}

func (s *slab) strings(n int) []string {
	if s == nil || len(s.strs)+n > cap(s.strs) {
		return make([]string, n)
	}
	l := len(s.strs)
	s.strs = s.strs[:l+n]
	return s.strs[l : l+n : l+n]
}

// promise is BindingData for a promise binding.
func (s *slab) promise(p *compiler.Promise) *core.BindingData {
	ref := grow(&s.refs)
	ref.NodeId, ref.Var = StartNodeID, p.Var
	if p.Node != nil {
		ref.NodeId = p.Node.ID
	}
	if len(p.Path) > 0 {
		ref.AttrPath = OutputReference(p).AttrPath
	}
	wrap := grow(&s.wraps)
	wrap.Promise = ref
	bd := grow(&s.bds)
	bd.Value = wrap
	return bd
}

// planParts builds the metadata and target of a call of launch plan lp,
// as flytekit writes one: the metadata of the plan's workflow's node, and
// a launchplanRef (a child execution on Flyte).
func (e *emitter) planParts(lp *compiler.LaunchPlan) *taskNodeParts {
	parts := e.subworkflowParts(lp.Workflow)
	parts.workflow = &core.Node_WorkflowNode{WorkflowNode: &core.WorkflowNode{
		Reference: &core.WorkflowNode_LaunchplanRef{LaunchplanRef: e.id(core.ResourceType_LAUNCH_PLAN, lp.Name)},
	}}
	return parts
}

// inputParam returns the input named name of what node n calls, or nil.
func inputParam(n *compiler.Node, name string) *compiler.Param {
	if n.Workflow != nil {
		for _, p := range n.Workflow.Inputs {
			if p.Name == name {
				return p
			}
		}
		return nil
	}
	return n.Task.Input(name)
}
