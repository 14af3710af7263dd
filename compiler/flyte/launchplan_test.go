package flyte

import (
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// flyteadmin's launch plan rules, applied to broken copies of the golden
// launch plans.
func TestValidateRejectsLaunchPlans(t *testing.T) {
	str := func(s string) *core.Literal {
		return scalarLiteral(&core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_StringValue{StringValue: s}}}})
	}
	cases := []struct {
		name   string
		breakf func(lp *admin.LaunchPlan)
		want   string
	}{
		{"fixed and a parameter", func(lp *admin.LaunchPlan) {
			lp.Spec.FixedInputs.Literals["day"] = str("x")
		}, "input day is both fixed and a parameter"},
		{"fixed type", func(lp *admin.LaunchPlan) {
			lp.Spec.FixedInputs.Literals["regions"] = str("eu")
		}, "the fixed value of regions does not fit its type"},
		{"neither", func(lp *admin.LaunchPlan) {
			delete(lp.Spec.FixedInputs.Literals, "regions")
		}, "workflow input regions is neither fixed nor a parameter"},
		{"cron", func(lp *admin.LaunchPlan) {
			lp.Spec.EntityMetadata.Schedule.GetCronSchedule().Schedule = "* * * * * *"
		}, "a cron schedule has 5 fields"},
		{"kickoff", func(lp *admin.LaunchPlan) {
			lp.Spec.EntityMetadata.Schedule.KickoffTimeInputArg = "day"
		}, "kickoff input day is not a free datetime parameter"},
		{"required", func(lp *admin.LaunchPlan) {
			lp.Spec.DefaultInputs.Parameters["day"].Behavior = &core.Parameter_Required{Required: true}
		}, "scheduled, but input day is required"},
		{"phase", func(lp *admin.LaunchPlan) {
			lp.Spec.EntityMetadata.Notifications[0].Phases = []core.WorkflowExecution_Phase{core.WorkflowExecution_RUNNING}
		}, "notification on RUNNING, which is not a terminal phase"},
		{"recipients", func(lp *admin.LaunchPlan) {
			lp.Spec.EntityMetadata.Notifications[1].GetSlack().RecipientsEmail = nil
		}, "a notification has no recipients"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, _ := compileOK(t, loadProgram(t, goldenDir+"/launchplans.wf"), Options{})
			c.breakf(launchPlan(b, "nightly"))
			diags := Validate(b)
			if !strings.Contains(diags.Err().Error(), c.want) {
				t.Errorf("Validate: %v\nwant an error containing %q", diags.Err(), c.want)
			}
		})
	}
}

// A launch-plan node is checked against the plan's interface: a fixed
// input cannot be bound, a required one must be.
func TestValidateLaunchPlanNodes(t *testing.T) {
	for _, c := range []struct {
		name   string
		breakf func(n *core.Node)
		want   string
	}{
		{"fixed bound", func(n *core.Node) {
			n.Inputs = append(n.Inputs, &core.Binding{Var: "regions", Binding: n.Inputs[0].Binding})
		}, "binds regions, which is not one of its inputs"},
		{"required unbound", func(n *core.Node) {
			n.Inputs = n.Inputs[:1] // day only; run_at is required
		}, "run_at is not bound"},
		{"unknown plan", func(n *core.Node) {
			n.GetWorkflowNode().Reference = &core.WorkflowNode_LaunchplanRef{LaunchplanRef: &core.Identifier{ResourceType: core.ResourceType_LAUNCH_PLAN, Name: "ghost"}}
		}, "references launch plan ghost, which is not in the bundle"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, _ := compileOK(t, loadProgram(t, goldenDir+"/launchplans.wf"), Options{})
			c.breakf(wfNode(b, "caller", "n0"))
			if diags := Validate(b); !strings.Contains(diags.Err().Error(), c.want) {
				t.Errorf("Validate: %v\nwant an error containing %q", diags.Err(), c.want)
			}
		})
	}
}
