package flyte

import (
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// Each case breaks one of Flyte's rules for array nodes, branch nodes and
// failure nodes in the compiled golden programs and expects Validate to
// say so.
func TestValidateRejectsControlFlow(t *testing.T) {
	cases := []struct {
		file, wf string
		breakf   func(b *Bundle, tmpl *core.WorkflowTemplate)
		want     string
	}{
		{"maps.wf", "maps", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			// The sub-node of squares references the scalar task: the
			// compiler then sees list bindings on scalar inputs.
			sub := wfNode(b, "maps", "n0").GetArrayNode().GetNode().GetTaskNode()
			sub.Reference = &core.TaskNode_ReferenceId{ReferenceId: b.tasks["square"].Template.Id}
		}, "x reads start-node.xs of type collection(INTEGER), which cannot be bound to INTEGER"},
		{"maps.wf", "maps", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			wfNode(b, "maps", "n0").GetArrayNode().BoundInputs = []string{"nope"}
		}, "bound input nope is not an input of"},
		{"maps.wf", "maps", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			sub := wfNode(b, "maps", "n0").GetArrayNode().GetNode().GetTaskNode()
			sub.Reference = &core.TaskNode_ReferenceId{ReferenceId: b.tasks["square"].Template.Id}
		}, "no input of square is a list to map over"},
		{"branches.wf", "branches", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			wfNode(b, "branches", "n1").GetBranchNode().GetIfElse().Default = nil
		}, "needs an else node or an error (BranchNodeHasNoDefault)"},
		{"branches.wf", "branches", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			c := wfNode(b, "branches", "n1").GetBranchNode().GetIfElse().GetCase().GetCondition().GetComparison()
			c.RightValue = &core.Operand{Val: &core.Operand_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_FloatValue{FloatValue: 10}}}}
		}, "condition compares INTEGER with FLOAT (MismatchingTypes)"},
		{"branches.wf", "branches", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			c := wfNode(b, "branches", "n1").GetBranchNode().GetIfElse().GetCase().GetCondition().GetComparison()
			c.LeftValue = &core.Operand{Val: &core.Operand_Var{Var: ".nope"}}
		}, "condition reads .nope, which is not an input of the branch (VariableNameNotFound)"},
		{"branches.wf", "branches", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			wfNode(b, "branches", "n1").UpstreamNodeIds = nil
		}, "reads node n0, which is missing from its upstreamNodeIds"},
		{"branches.wf", "branches", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			then := wfNode(b, "branches", "n1").GetBranchNode().GetIfElse().GetCase().GetThenNode()
			then.Inputs = nil
		}, "n is not bound"},
		{"../../../examples/ci.wf", "ci", func(b *Bundle, tmpl *core.WorkflowTemplate) {
			tmpl.FailureNode.Inputs = tmpl.FailureNode.Inputs[:2] // drop repo
		}, "node fn0 (alert): repo is not bound"},
	}
	for _, c := range cases {
		t.Run(c.file+" "+c.want, func(t *testing.T) {
			b, _ := compileOK(t, loadProgram(t, goldenDir+"/"+c.file), Options{})
			c.breakf(b, b.workflows[c.wf].Template)
			diags := Validate(b)
			if diags.Err() == nil || !strings.Contains(diags.Err().Error(), c.want) {
				t.Errorf("Validate: %v\nwant an error containing %q", diags.Err(), c.want)
			}
		})
	}
}
