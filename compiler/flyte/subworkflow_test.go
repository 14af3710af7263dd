package flyte

import (
	"slices"
	"strings"
	"testing"

	fadmin "github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

func subworkflowBundle(t *testing.T) *Bundle {
	b, _ := compileOK(t, loadProgram(t, goldenDir+"/subworkflows.wf"), Options{})
	return b
}

// A workflow call is a WorkflowNode whose template is in the caller's
// subWorkflows, nested callees included, each once, sorted by id; callees
// are registered before their callers.
func TestSubworkflowSpec(t *testing.T) {
	b := subworkflowBundle(t)
	spec := b.Workflow("outer")
	var names []string
	for _, st := range spec.SubWorkflows {
		names = append(names, st.Id.Name)
	}
	if want := []string{"inner", "middle"}; !slices.Equal(names, want) {
		t.Errorf("outer's subWorkflows = %v, want %v", names, want)
	}
	if n := wfNode(b, "outer", "n0"); n.GetWorkflowNode().GetSubWorkflowRef().GetName() != "middle" || n.Metadata.GetName() != "middle" {
		t.Errorf("n0 = %v, want a workflow node calling middle", n)
	}
	if len(b.Workflow("inner").SubWorkflows) != 0 {
		t.Errorf("inner calls no workflow, but has subWorkflows")
	}
	var order []string
	for _, e := range b.Entities {
		if e.Kind == WorkflowEntity {
			order = append(order, e.Name)
		}
	}
	if want := []string{"inner", "middle", "outer"}; !slices.Equal(order, want) {
		t.Errorf("workflow entities in order %v, want %v", order, want)
	}
	c, err := b.Closure("outer")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.SubWorkflows) != 2 || c.SubWorkflows[0].Connections == nil || c.SubWorkflows[0].Template.Nodes[0].Id != StartNodeID {
		t.Errorf("closure subWorkflows are not compiled workflows: %v", c.SubWorkflows)
	}
}

// Every JSON path pyflyte writes for a workflow with nested subworkflows
// appears in wfc's.
func TestSubworkflowPathsCoverSamples(t *testing.T) {
	var sample fadmin.WorkflowSpec
	readSample(t, "066_core.control_flow.subworkflows.nested_parent_wf_2.json", &sample)
	ours, err := Marshal(subworkflowBundle(t).Workflow("outer"), JSON)
	if err != nil {
		t.Fatal(err)
	}
	got := jsonPaths(t, ours)
	for _, p := range jsonPaths(t, protojsonOf(t, &sample)) {
		if !slices.Contains(got, p) {
			t.Errorf("wfc's workflow lacks %s", p)
		}
	}
}

// wfc's validation accepts pyflyte's nested subworkflow sample.
func TestValidateAcceptsSubworkflowSamples(t *testing.T) {
	parent := readSpec(t, "066_core.control_flow.subworkflows.nested_parent_wf_2.json")
	mid := readSpec(t, "064_core.control_flow.subworkflows.parent_wf_2.json")
	leaf := readSpec(t, "062_core.control_flow.subworkflows.my_subwf_2.json")
	t1 := readAs[admin.TaskSpec](t, "061_core.control_flow.subworkflows.t1_1.json", &fadmin.TaskSpec{})
	b := &Bundle{tasks: map[string]*admin.TaskSpec{t1.Template.Id.Name: t1}, workflows: map[string]*admin.WorkflowSpec{}}
	for _, s := range []*admin.WorkflowSpec{leaf, mid, parent} {
		b.workflows[s.Template.Id.Name] = s
		b.order = append(b.order, s.Template.Id.Name)
	}
	if diags := Validate(b); len(diags) > 0 {
		t.Error(diags)
	}
}

func TestValidateRejectsSubworkflows(t *testing.T) {
	cases := []struct {
		name   string
		breakf func(b *Bundle)
		want   string
	}{
		{"not in subWorkflows", func(b *Bundle) {
			b.workflows["outer"].SubWorkflows = b.workflows["outer"].SubWorkflows[:1] // inner only
		}, "node n0 calls workflow middle, which is missing from its subWorkflows"},
		{"unknown workflow", func(b *Bundle) {
			wfNode(b, "outer", "n1").GetWorkflowNode().Reference = &core.WorkflowNode_SubWorkflowRef{SubWorkflowRef: &core.Identifier{ResourceType: core.ResourceType_WORKFLOW, Name: "ghost"}}
		}, "node n1 references workflow ghost, which is not in the bundle"},
		{"binding type", func(b *Bundle) {
			n := wfNode(b, "outer", "n1")
			n.Inputs[0].Binding = &core.BindingData{Value: &core.BindingData_Scalar{Scalar: &core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_Integer{Integer: 1}}}}}}
		}, "a literal of type INTEGER cannot be bound to STRING"},
		{"missing result", func(b *Bundle) {
			b.workflows["outer"].Template.Outputs[0].Binding.GetPromise().Var = "nope"
		}, "reads n1.nope, which does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := subworkflowBundle(t)
			c.breakf(b)
			diags := Validate(b)
			if !strings.Contains(diags.Err().Error(), c.want) {
				t.Errorf("Validate: %v\nwant an error containing %q", diags.Err(), c.want)
			}
		})
	}
}
