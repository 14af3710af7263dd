package flyte

import (
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

func branchWorkflowBundle(t *testing.T) *Bundle {
	b, _ := compileOK(t, loadProgram(t, goldenDir+"/branch_workflows.wf"), Options{})
	return b
}

// A workflow in a branch is a case whose thenNode is a WorkflowNode, its
// callee's template in the caller's subWorkflows; a launch plan's is a
// launchplanRef, with no template.
func TestBranchWorkflowSpec(t *testing.T) {
	b := branchWorkflowBundle(t)
	ie := wfNode(b, "pick", "n1").GetBranchNode().GetIfElse()
	if ref := ie.GetCase().GetThenNode().GetWorkflowNode().GetSubWorkflowRef(); ref.GetName() != "long" {
		t.Errorf("case thenNode calls %v, want subworkflow long", ref)
	}
	if ref := ie.GetElseNode().GetWorkflowNode().GetLaunchplanRef(); ref.GetName() != "quiet" {
		t.Errorf("elseNode calls %v, want launch plan quiet", ref)
	}
	var names []string
	for _, st := range b.Workflow("pick").SubWorkflows {
		names = append(names, st.Id.Name)
	}
	if strings.Join(names, ",") != "long,nested" {
		t.Errorf("pick's subWorkflows = %v, want long and nested (nested through the branch)", names)
	}
	if d := Validate(b); d.HasErrors() {
		t.Fatal(d.Err())
	}
}

// Validation checks a case's workflow node as any workflow node: its
// callee is in subWorkflows and its bindings match the callee's inputs.
func TestValidateBranchWorkflow(t *testing.T) {
	caseNode := func(b *Bundle) *core.Node {
		return wfNode(b, "pick", "n1").GetBranchNode().GetIfElse().GetCase().GetThenNode()
	}
	cases := []struct {
		name   string
		breakf func(b *Bundle)
		want   string
	}{
		{"missing template", func(b *Bundle) {
			spec := b.workflows["pick"]
			spec.SubWorkflows = spec.SubWorkflows[1:]
		}, "node n1-n0 calls workflow long, which is missing from its subWorkflows"},
		{"binding type", func(b *Bundle) {
			caseNode(b).Inputs[0].Binding = &core.BindingData{Value: &core.BindingData_Scalar{Scalar: &core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_Integer{Integer: 1}}}}}}
		}, "a literal of type INTEGER cannot be bound to STRING"},
		{"unknown input", func(b *Bundle) {
			caseNode(b).Inputs[0].Var = "nope"
		}, "node n1-n0 (long): binds nope, which is not one of its inputs"},
		{"unknown plan", func(b *Bundle) {
			ie := wfNode(b, "pick", "n1").GetBranchNode().GetIfElse()
			ie.GetElseNode().GetWorkflowNode().Reference = &core.WorkflowNode_LaunchplanRef{LaunchplanRef: &core.Identifier{ResourceType: core.ResourceType_LAUNCH_PLAN, Name: "ghost"}}
		}, "node n1-n2 references launch plan ghost, which is not in the bundle"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := branchWorkflowBundle(t)
			c.breakf(b)
			diags := Validate(b)
			if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), c.want) {
				t.Errorf("Validate: %v\nwant an error containing %q", diags.Err(), c.want)
			}
		})
	}
}

// A callee's failure policy travels with its template: guarded's failure
// node and thorough's onFailure are in release's subWorkflows and in its
// closure, where Flyte applies them to the subworkflow alone.
func TestSubworkflowPolicySpec(t *testing.T) {
	b, _ := compileOK(t, loadProgram(t, goldenDir+"/subworkflow_policy.wf"), Options{})
	subs := map[string]*core.WorkflowTemplate{}
	for _, st := range b.Workflow("release").SubWorkflows {
		subs[st.Id.Name] = st
	}
	if fn := subs["guarded"].GetFailureNode(); fn.GetId() != "fn0" || fn.GetTaskNode().GetReferenceId().GetName() != "alert" {
		t.Errorf("guarded's failure node in release's subWorkflows = %v, want fn0 calling alert", fn)
	}
	if md := subs["thorough"].GetMetadata(); md.GetOnFailure() != core.WorkflowMetadata_FAIL_AFTER_EXECUTABLE_NODES_COMPLETE {
		t.Errorf("thorough's metadata in release's subWorkflows = %v, want FAIL_AFTER_EXECUTABLE_NODES_COMPLETE", md)
	}
	if md := b.Workflow("release").Template.GetMetadata(); md.GetOnFailure() != core.WorkflowMetadata_FAIL_IMMEDIATELY {
		t.Errorf("release's own policy = %v, want the default, fail immediately", md)
	}
	c, err := b.Closure("release")
	if err != nil {
		t.Fatal(err)
	}
	for _, cw := range c.SubWorkflows {
		if cw.Template.Id.Name == "guarded" && cw.Template.GetFailureNode() == nil {
			t.Error("the closure's guarded lost its failure node")
		}
	}
	if d := Validate(b); d.HasErrors() {
		t.Fatal(d.Err())
	}
}
