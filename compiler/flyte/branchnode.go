package flyte

import (
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// A conditional is a BranchNode, in the shape flytekit's conditional()
// writes (flyte-shapes §2 in the project's reference notes): the branch
// node binds what its conditions read under "<node id>.<var>" names, each
// case's node is numbered within the conditional ("n0", "n1", …; Flyte's
// compiler renames it "<branch id>-n0", the id wfc runs it under locally),
// and a failing else is an error naming the conditional.

// conditionalName is the branch node's name, and the failedNodeId of its
// error: flytekit uses the conditional's name; wfc the name it is
// assigned to, or its node id.
func conditionalName(n *compiler.Node) string {
	if n.Name != "" {
		return n.Name
	}
	return n.ID
}

func (e *emitter) branchNode(w *compiler.Workflow, n *compiler.Node) *core.Node {
	name := conditionalName(n)
	node := &core.Node{
		Id:       n.ID,
		Metadata: &core.NodeMetadata{Name: name, Retries: &core.RetryStrategy{}},
	}
	for _, b := range n.Inputs {
		node.Inputs = append(node.Inputs, e.binding(w, b, b.Value.Type))
	}
	for _, u := range w.DAG.Upstream(n.Index) {
		node.UpstreamNodeIds = append(node.UpstreamNodeIds, w.Nodes[u].ID)
	}
	spec := n.Branch
	ie := &core.IfElseBlock{}
	for k, c := range spec.Cases {
		block := &core.IfBlock{Condition: booleanExpression(c.Cond), ThenNode: e.caseNode(w, n, c)}
		if k == 0 {
			ie.Case = block
		} else {
			ie.Other = append(ie.Other, block)
		}
	}
	if spec.Else.Then != nil {
		ie.Default = &core.IfElseBlock_ElseNode{ElseNode: e.caseNode(w, n, spec.Else)}
	} else {
		ie.Default = &core.IfElseBlock_Error{Error: &core.Error{FailedNodeId: name, Message: spec.Else.Fail}}
	}
	node.Target = &core.Node_BranchNode{BranchNode: &core.BranchNode{IfElse: ie}}
	return node
}

// caseNode is the task or workflow node of a case whose call is c.Then; nil for a
// case that fails, which Flyte cannot express except as the else.
func (e *emitter) caseNode(w *compiler.Workflow, branch *compiler.Node, c *compiler.BranchCase) *core.Node {
	m := c.Then
	if m == nil {
		e.errorf(c.Range, "workflow %s: only the else branch of an `if` can fail on Flyte", w.Name)
		return nil
	}
	// A fresh copy: e.node fills it from the slab's shared messages.
	var parts *taskNodeParts
	switch {
	case m.Plan != nil:
		parts = e.planParts(m.Plan)
	case m.Workflow != nil:
		parts = e.subworkflowParts(m.Workflow)
	default:
		parts = e.taskNodeParts(m.Task)
	}
	node := e.node(w, m, parts)
	node.Id = strings.TrimPrefix(m.ID, branch.ID+"-")
	var up []string
	for _, b := range m.Inputs {
		compiler.WalkPromises(b.Value, func(p *compiler.Promise) {
			if p.Node != nil && !slices.Contains(up, p.Node.ID) {
				up = append(up, p.Node.ID)
			}
		})
	}
	slices.Sort(up)
	node.UpstreamNodeIds = up
	return node
}

var (
	comparisonOps = map[string]core.ComparisonExpression_Operator{
		"==": core.ComparisonExpression_EQ, "!=": core.ComparisonExpression_NEQ,
		">": core.ComparisonExpression_GT, ">=": core.ComparisonExpression_GTE,
		"<": core.ComparisonExpression_LT, "<=": core.ComparisonExpression_LTE,
	}
	conjunctionOps = map[string]core.ConjunctionExpression_LogicalOperator{
		"and": core.ConjunctionExpression_AND, "or": core.ConjunctionExpression_OR,
	}
)

func booleanExpression(c *compiler.Cond) *core.BooleanExpression {
	if c.Left != nil {
		return &core.BooleanExpression{Expr: &core.BooleanExpression_Conjunction{Conjunction: &core.ConjunctionExpression{
			Operator:        conjunctionOps[c.Op],
			LeftExpression:  booleanExpression(c.Left),
			RightExpression: booleanExpression(c.Right),
		}}}
	}
	return &core.BooleanExpression{Expr: &core.BooleanExpression_Comparison{Comparison: &core.ComparisonExpression{
		Operator:   comparisonOps[c.Op],
		LeftValue:  conditionOperand(c.L),
		RightValue: conditionOperand(c.R),
	}}}
}

// conditionOperand is a branch input by name, or a primitive: flytekit
// still writes the field the proto marks deprecated, and propeller reads
// it.
func conditionOperand(o *compiler.Operand) *core.Operand {
	if o.Var != "" {
		return &core.Operand{Val: &core.Operand_Var{Var: o.Var}}
	}
	p, _ := primitive(o.Literal, o.Type) // the checker admits only primitives
	return &core.Operand{Val: &core.Operand_Primitive{Primitive: p}}
}

// branchOutputs is what a branch node produces: the outputs common to
// what its case nodes call, with one type (Flyte's compiler, branch.go).
// It records each case node's callee in callees; a case node whose task
// or workflow is not in the bundle is reported.
func (v *validator) branchOutputs(ws *admin.WorkflowSpec, n *core.Node, what where, callees map[*core.Node]calledWorkflow) *core.VariableMap {
	out := &core.VariableMap{Variables: map[string]*core.Variable{}}
	first := true
	for _, c := range caseNodes(n.GetBranchNode()) {
		callee, ok := v.caseCallee(ws, n, c, what)
		if !ok {
			return out
		}
		callees[c] = callee
		vars := callee.iface.GetOutputs().GetVariables()
		if first {
			for k, x := range vars {
				out.Variables[k] = x
			}
			first = false
			continue
		}
		for k, x := range out.Variables {
			if y := vars[k]; y == nil || TypeString(y.GetType()) != TypeString(x.GetType()) {
				delete(out.Variables, k)
			}
		}
	}
	return out
}

// caseCallee returns the interface and name of what case node c of branch
// n calls: a task, a subworkflow (from ws.subWorkflows) or a launch plan.
func (v *validator) caseCallee(ws *admin.WorkflowSpec, n, c *core.Node, what where) (calledWorkflow, bool) {
	if c.GetWorkflowNode() != nil {
		iface, name := v.calledInterface(ws, c, n.GetId()+"-"+c.GetId())
		return calledWorkflow{iface, name}, iface != nil
	}
	ref := c.GetTaskNode().GetReferenceId()
	ts := v.b.tasks[ref.GetName()]
	if ts == nil || !sameID(ref, ts.GetTemplate().GetId()) {
		v.errAt(n.GetId(), "%s: case node %s references %s, which is not in the bundle", what, c.GetId(), idString(ref))
		return calledWorkflow{}, false
	}
	return calledWorkflow{ts.GetTemplate().GetInterface(), ts.GetTemplate().GetId().GetName()}, true
}

// caseNodes lists the then-nodes and the else node of a branch.
func caseNodes(b *core.BranchNode) []*core.Node {
	ie := b.GetIfElse()
	var ns []*core.Node
	if n := ie.GetCase().GetThenNode(); n != nil {
		ns = append(ns, n)
	}
	for _, o := range ie.GetOther() {
		if n := o.GetThenNode(); n != nil {
			ns = append(ns, n)
		}
	}
	if n := ie.GetElseNode(); n != nil {
		ns = append(ns, n)
	}
	return ns
}

// branchNode checks a branch node as Flyte's compiler does: a case, an
// else node or an error; conditions whose operand vars are the branch's
// input bindings and whose two sides have exactly one type; case nodes
// bound like any task or workflow node. It returns the nodes the branch reads.
func (v *validator) branchNode(n *core.Node, what where, reads []string, callees map[*core.Node]calledWorkflow) []string {
	id := n.GetId()
	ie := n.GetBranchNode().GetIfElse()
	if ie.GetCase() == nil {
		v.errAt(id, "%s: a branch node needs a case", what)
	}
	if ie.GetElseNode() == nil && ie.GetError() == nil {
		v.errAt(id, "%s: a branch node needs an else node or an error (BranchNodeHasNoDefault)", what)
	}
	// The branch's inputs take the type of what they read.
	types := map[string]*core.LiteralType{}
	for _, b := range n.GetInputs() {
		ref := b.GetBinding().GetPromise()
		if ref == nil {
			v.errAt(id, "%s: branch input %s must read a node's output or a workflow input", what, b.GetVar())
			continue
		}
		src := ref.GetNodeId()
		if src == "" {
			src = StartNodeID
		}
		if i, ok := v.graph.lookup(src); ok && v.outputs[i] != nil {
			if x := v.outputs[i].GetVariables()[ref.GetVar()]; x != nil {
				types[b.GetVar()] = x.GetType()
				if src != StartNodeID {
					reads = append(reads, src)
				}
				continue
			}
		}
		v.errAt(id, "%s: branch input %s reads %s, which does not exist", what, b.GetVar(), promiseString(ref))
	}
	blocks := append([]*core.IfBlock{ie.GetCase()}, ie.GetOther()...)
	for _, blk := range blocks {
		v.booleanExpression(id, what, blk.GetCondition(), types)
	}
	for _, c := range caseNodes(n.GetBranchNode()) {
		callee, ok := callees[c]
		if !ok {
			continue // reported by branchOutputs
		}
		cw := where{wf: what.wf, node: id + "-" + c.GetId(), task: callee.name}
		reads = append(reads, v.bindings(id, cw, id, c.GetInputs(), callee.iface.GetInputs())...)
	}
	return reads
}

func (v *validator) booleanExpression(id string, what where, e *core.BooleanExpression, types map[string]*core.LiteralType) {
	if c := e.GetConjunction(); c != nil {
		v.booleanExpression(id, what, c.GetLeftExpression(), types)
		v.booleanExpression(id, what, c.GetRightExpression(), types)
		return
	}
	c := e.GetComparison()
	if c == nil {
		v.errAt(id, "%s: a condition is neither a comparison nor a conjunction", what)
		return
	}
	side := func(o *core.Operand) *core.LiteralType {
		switch {
		case o.GetVar() != "":
			t := types[o.GetVar()]
			if t == nil {
				v.errAt(id, "%s: condition reads %s, which is not an input of the branch (VariableNameNotFound)", what, o.GetVar())
			}
			return t
		case o.GetPrimitive() != nil:
			return scalarType(&core.Scalar{Value: &core.Scalar_Primitive{Primitive: o.GetPrimitive()}})
		}
		v.errAt(id, "%s: a condition operand must be a variable or a primitive (ValueRequired)", what)
		return nil
	}
	l, r := side(c.GetLeftValue()), side(c.GetRightValue())
	if l != nil && r != nil && TypeString(l) != TypeString(r) {
		v.errAt(id, "%s: condition compares %s with %s (MismatchingTypes)", what, TypeString(l), TypeString(r))
	}
}
