package flyte

import (
	"crypto/md5"
	"encoding/hex"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
)

// A map is one ArrayNode. Flyte v1.16.8's compiler takes the ArrayNode's
// interface unchanged from its sub-node's task, so, as flytekit does for
// map_task, the sub-node references a derived task template: the mapped
// task with list types for its mapped inputs and its outputs, type and
// settings unchanged, taskTypeVersion 1. Propeller hands each item the
// element types again. (flyte-shapes §1 in the project's reference notes.)

// arrayTaskName names the derived task of a map as flytekit names it,
// without a module: map_<task>_<md5>-arraynode, the digest over the bound
// inputs and the settings written as Python prints them.
func arrayTaskName(n *compiler.Node) string {
	m := n.Map
	var bound []string
	for _, in := range n.Task.Inputs {
		if !m.IsMapped(in.Name) {
			bound = append(bound, in.Name)
		}
	}
	slices.Sort(bound)
	pyInt := func(v int) string {
		if v == compiler.Unset {
			return "None"
		}
		return strconv.Itoa(v)
	}
	ratio := 1.0 // flytekit's default, hashed even beside min_successes
	if m.MinSuccessRatio != compiler.Unset {
		ratio = m.MinSuccessRatio
	}
	key := strings.Join(bound, ",") + pyInt(m.Concurrency) + pyInt(m.MinSuccesses) + pyFloat(ratio)
	sum := md5.Sum([]byte(key))
	return "map_" + n.Task.Name + "_" + hex.EncodeToString(sum[:]) + "-arraynode"
}

// pyFloat formats f as Python's str(float) does for the values a ratio
// takes: shortest round trip, with ".0" on whole numbers.
func pyFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") && !math.IsInf(f, 0) && !math.IsNaN(f) {
		s += ".0"
	}
	return s
}

// arrayTask returns the derived task template a map's sub-node
// references, made from the mapped task's own the first time it is
// needed and kept with the bundle's tasks.
func (e *emitter) arrayTask(n *compiler.Node) *admin.TaskSpec {
	name := arrayTaskName(n)
	if ts := e.tasks[name]; ts != nil {
		return ts
	}
	if n.Task.Kind == compiler.TaskShell {
		for _, in := range n.Map.Mapped {
			if p := n.Task.Input(in); p != nil && p.Type.HasBlob() {
				// flyte-shapes §1.6: a sub-node's copilot reads the
				// ArrayNode's inputs, which hold the whole list.
				e.warnf(n.Range, "map over shell task %s feeds it %s of type %s: on Flyte each item's copilot downloads the whole list into %s, a directory of its elements, while wfc run gives each item its own %s",
					n.Task.Name, in, p.Type, BlobInputPath(in), p.Type)
			}
		}
	}
	ts := clone(e.tasks[n.Task.Name])
	e.tasks[name] = ts
	tmpl := ts.Template
	tmpl.Id = e.id(core.ResourceType_TASK, name)
	tmpl.TaskTypeVersion = 1
	for in, v := range tmpl.GetInterface().GetInputs().GetVariables() {
		if n.Map.IsMapped(in) {
			v.Type = collectionOf(v.Type)
		}
	}
	for _, v := range tmpl.GetInterface().GetOutputs().GetVariables() {
		t := v.Type
		if n.Map.NullsFailures() {
			t = optionalOf(t)
		}
		v.Type = collectionOf(t)
	}
	ts.Description = nil
	return ts
}

func collectionOf(t *core.LiteralType) *core.LiteralType {
	return &core.LiteralType{Type: &core.LiteralType_CollectionType{CollectionType: t}}
}

// optionalOf is t or none, as a tagged union the way LiteralType builds
// one; t's own structure (a webhook's info fields) is kept.
func optionalOf(t *core.LiteralType) *core.LiteralType {
	v := clone(t)
	if v.Structure == nil {
		v.Structure = &core.TypeStructure{}
	}
	v.Structure.Tag = unionTag(v)
	none := simpleLiteralType(core.SimpleType_NONE)
	none.Structure = &core.TypeStructure{Tag: "none"}
	return &core.LiteralType{Type: &core.LiteralType_UnionType{UnionType: &core.UnionType{Variants: []*core.LiteralType{v, none}}}}
}

func unionTag(t *core.LiteralType) string {
	switch t.GetType().(type) {
	case *core.LiteralType_CollectionType:
		return unionTags[compiler.KindList]
	case *core.LiteralType_MapValueType:
		return unionTags[compiler.KindMap]
	case *core.LiteralType_Blob:
		if t.GetBlob().GetDimensionality() == core.BlobType_MULTIPART {
			return unionTags[compiler.KindDir]
		}
		return unionTags[compiler.KindFile]
	}
	for _, k := range []compiler.Kind{compiler.KindString, compiler.KindInt, compiler.KindFloat, compiler.KindBool,
		compiler.KindDatetime, compiler.KindDuration, compiler.KindDict} {
		if simpleTypes[k] == t.GetSimple() {
			return unionTags[k]
		}
	}
	return ""
}

// arrayNode builds the workflow node of map n: the outer node with the
// call's bindings, and inside the ArrayNode a sub-node with the same
// bindings that references the derived task (flyte-shapes §1.3).
func (e *emitter) arrayNode(w *compiler.Workflow, n *compiler.Node, derived *admin.TaskSpec) *core.Node {
	name := derived.GetTemplate().GetId().GetName()
	inputs := make([]*core.Binding, len(n.Inputs))
	for i, b := range n.Inputs {
		var t *compiler.Type
		if p := n.Task.Input(b.Var); p != nil {
			t = p.Type
			if n.Map.IsMapped(b.Var) {
				t = compiler.ListOf(t)
			}
		}
		inputs[i] = e.binding(w, b, t)
	}
	slices.SortStableFunc(inputs, func(a, b *core.Binding) int { return strings.Compare(a.Var, b.Var) })
	sub := &core.NodeMetadata{Name: name, Retries: &core.RetryStrategy{Retries: uint32(max(n.Task.Retries, 0))}}
	if n.Task.Timeout > 0 {
		sub.Timeout = wkt.NewDuration(n.Task.Timeout)
	}
	an := &core.ArrayNode{
		Node: &core.Node{
			Id:       name,
			Metadata: sub,
			Inputs:   inputs,
			Target: &core.Node_TaskNode{TaskNode: &core.TaskNode{
				Reference: &core.TaskNode_ReferenceId{ReferenceId: derived.GetTemplate().GetId()},
				Overrides: &core.TaskNodeOverrides{},
			}},
		},
		IsOriginalSubNodeInterface: wkt.Bool(false), // flytekit always sets it
	}
	m := n.Map
	if m.Concurrency != compiler.Inherit {
		an.ParallelismOption = &core.ArrayNode_Parallelism{Parallelism: uint32(m.Concurrency)}
	}
	switch {
	case m.MinSuccesses != compiler.Unset:
		// flytekit would send ratio 1 and lose the count; propeller
		// honours minSuccesses when it is the member set.
		an.SuccessCriteria = &core.ArrayNode_MinSuccesses{MinSuccesses: uint32(m.MinSuccesses)}
	case m.MinSuccessRatio != compiler.Unset:
		an.SuccessCriteria = &core.ArrayNode_MinSuccessRatio{MinSuccessRatio: float32(m.MinSuccessRatio)}
	default:
		an.SuccessCriteria = &core.ArrayNode_MinSuccessRatio{MinSuccessRatio: 1}
	}
	for _, in := range n.Task.Inputs {
		if !m.IsMapped(in.Name) {
			an.BoundInputs = append(an.BoundInputs, in.Name)
		}
	}
	slices.Sort(an.BoundInputs)
	node := &core.Node{
		Id:       n.ID,
		Metadata: &core.NodeMetadata{Name: name, Retries: &core.RetryStrategy{}},
		Inputs:   inputs,
		Target:   &core.Node_ArrayNode{ArrayNode: an},
	}
	for _, u := range w.DAG.Upstream(n.Index) {
		node.UpstreamNodeIds = append(node.UpstreamNodeIds, w.Nodes[u].ID)
	}
	return node
}

// taskRef returns the task a node runs: a task node's reference, or that
// of an ArrayNode's sub-node.
func taskRef(n *core.Node) *core.Identifier {
	if an := n.GetArrayNode(); an != nil {
		return an.GetNode().GetTaskNode().GetReferenceId()
	}
	return n.GetTaskNode().GetReferenceId()
}

// arrayNode applies what flytepropeller checks of an ArrayNode, at
// compile time and when it starts one, to node n whose sub-node runs task
// tmpl: the sub-node is a task node (this emitter makes no other),
// success criteria in range, bound inputs are inputs, and at least one
// input is a list that is not bound, or every item would have no array to
// index ("no input array provided").
func (v *validator) arrayNode(n *core.Node, an *core.ArrayNode, tmpl *core.TaskTemplate, what where) {
	id := n.GetId()
	if an.GetNode().GetTaskNode() == nil {
		v.errAt(id, "%s: the ArrayNode's sub-node must be a task node", what)
	}
	if r, ok := an.GetSuccessCriteria().(*core.ArrayNode_MinSuccessRatio); ok && (r.MinSuccessRatio < 0 || r.MinSuccessRatio > 1) {
		v.errAt(id, "%s: minSuccessRatio %g is not between 0 and 1", what, r.MinSuccessRatio)
	}
	vars := tmpl.GetInterface().GetInputs().GetVariables()
	for _, b := range an.GetBoundInputs() {
		if vars[b] == nil {
			v.errAt(id, "%s: bound input %s is not an input of %s", what, b, tmpl.GetId().GetName())
		}
	}
	mapped := 0
	for name, x := range vars {
		if x.GetType().GetCollectionType() != nil && !slices.Contains(an.GetBoundInputs(), name) {
			mapped++
		}
	}
	if mapped == 0 && len(an.GetBoundInputs()) < len(vars) {
		v.errAt(id, "%s: no input of %s is a list to map over", what, tmpl.GetId().GetName())
	}
}
