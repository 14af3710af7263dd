package flyte

import (
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// launchPlan builds the default launch plan of w, named after it, as
// pyflyte serialize writes NNN_<name>_3: every workflow input is a default
// input parameter, required unless it has a default. An optional input
// without a default defaults to null, as flytekit does.
func (e *emitter) launchPlan(w *compiler.Workflow) *admin.LaunchPlan {
	return e.planSpec(w.Name, w, nil)
}

// declaredPlan builds a declared launch plan as pyflyte serialize writes
// one made by LaunchPlan.get_or_create(…): fixed inputs in fixedInputs and
// out of defaultInputs, defaults overriding the workflow's, and the
// schedule and notifications in entityMetadata.
func (e *emitter) declaredPlan(lp *compiler.LaunchPlan) *admin.LaunchPlan {
	return e.planSpec(lp.Name, lp.Workflow, lp)
}

func (e *emitter) planSpec(name string, w *compiler.Workflow, lp *compiler.LaunchPlan) *admin.LaunchPlan {
	params := make(map[string]*core.Parameter, len(w.Inputs))
	fixed := &core.LiteralMap{}
	for _, p := range w.Inputs {
		var given *compiler.PlanInput
		isFixed := false
		if lp != nil {
			given, isFixed = lp.Input(p.Name)
		}
		if isFixed {
			lit, err := Literal(given.Value, p.Type)
			if err != nil {
				e.errorf(given.Range, "launch plan %s: fixed %s: %v", name, p.Name, err)
				continue
			}
			if fixed.Literals == nil {
				fixed.Literals = map[string]*core.Literal{}
			}
			fixed.Literals[p.Name] = lit
			continue
		}
		param := &core.Parameter{Var: variable(p)}
		switch {
		case given != nil:
			lit, err := Literal(given.Value, p.Type)
			if err != nil {
				e.errorf(given.Range, "launch plan %s: default of %s: %v", name, p.Name, err)
				break
			}
			param.Behavior = &core.Parameter_Default{Default: lit}
		case p.HasDefault:
			lit, err := defaultLiteral(p)
			if err != nil {
				e.errorf(p.Range, "workflow %s: default of %s: %v", w.Name, p.Name, err)
				break
			}
			param.Behavior = &core.Parameter_Default{Default: lit}
		case p.Type.Kind == compiler.KindOptional:
			param.Behavior = &core.Parameter_Default{Default: scalarLiteral(noneScalar())}
		default:
			param.Behavior = &core.Parameter_Required{Required: true}
		}
		params[p.Name] = param
	}
	spec := &admin.LaunchPlanSpec{
		WorkflowId:          e.id(core.ResourceType_WORKFLOW, w.Name),
		EntityMetadata:      &admin.LaunchPlanMetadata{},
		DefaultInputs:       &core.ParameterMap{Parameters: params},
		FixedInputs:         fixed,
		Labels:              &admin.Labels{},
		Annotations:         &admin.Annotations{},
		RawOutputDataConfig: &admin.RawOutputDataConfig{},
	}
	if lp != nil {
		spec.EntityMetadata.Schedule = schedule(lp)
		for _, n := range lp.Notify {
			spec.EntityMetadata.Notifications = append(spec.EntityMetadata.Notifications, notification(n))
		}
		if len(lp.Labels) > 0 {
			spec.Labels.Values = lp.Labels
		}
		if len(lp.Annotations) > 0 {
			spec.Annotations.Values = lp.Annotations
		}
		if lp.MaxParallelism > 0 {
			spec.MaxParallelism = int32(lp.MaxParallelism)
		}
	}
	return &admin.LaunchPlan{
		Id:   e.id(core.ResourceType_LAUNCH_PLAN, name),
		Spec: spec,
		Closure: &admin.LaunchPlanClosure{
			ExpectedInputs:  &core.ParameterMap{},
			ExpectedOutputs: &core.VariableMap{},
		},
	}
}

// schedule is lp's schedule as flytekit's CronSchedule and FixedRate write
// it: a rate in days, else hours, else minutes (MINUTE, the enum's zero,
// is omitted).
func schedule(lp *compiler.LaunchPlan) *admin.Schedule {
	s := lp.Schedule
	switch {
	case s == nil:
		return nil
	case s.Cron != "":
		return &admin.Schedule{
			ScheduleExpression:  &admin.Schedule_CronSchedule{CronSchedule: &admin.CronSchedule{Schedule: s.Cron}},
			KickoffTimeInputArg: lp.KickoffInput,
		}
	}
	rate := &admin.FixedRate{Value: uint32(s.Rate / time.Minute), Unit: admin.FixedRateUnit_MINUTE}
	switch {
	case s.Rate%(24*time.Hour) == 0:
		rate.Value, rate.Unit = uint32(s.Rate/(24*time.Hour)), admin.FixedRateUnit_DAY
	case s.Rate%time.Hour == 0:
		rate.Value, rate.Unit = uint32(s.Rate/time.Hour), admin.FixedRateUnit_HOUR
	}
	return &admin.Schedule{ScheduleExpression: &admin.Schedule_Rate{Rate: rate}, KickoffTimeInputArg: lp.KickoffInput}
}

func notification(n *compiler.Notification) *admin.Notification {
	out := &admin.Notification{}
	for _, p := range n.Phases {
		out.Phases = append(out.Phases, core.WorkflowExecution_Phase(core.WorkflowExecution_Phase_value[p]))
	}
	switch n.Kind {
	case "email":
		out.Type = &admin.Notification_Email{Email: &admin.EmailNotification{RecipientsEmail: n.Recipients}}
	case "slack":
		out.Type = &admin.Notification_Slack{Slack: &admin.SlackNotification{RecipientsEmail: n.Recipients}}
	case "pagerduty":
		out.Type = &admin.Notification_PagerDuty{PagerDuty: &admin.PagerDutyNotification{RecipientsEmail: n.Recipients}}
	}
	return out
}

// defaultLiteral is the literal of a parameter's default. A null default of
// an optional is flytekit's plain none scalar, not a union.
func defaultLiteral(p *compiler.Param) (*core.Literal, error) {
	if p.Default == nil && p.Type.Kind == compiler.KindOptional {
		return scalarLiteral(noneScalar()), nil
	}
	return Literal(p.Default, p.Type)
}
