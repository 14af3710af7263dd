package flyte

import (
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"

	"github.com/wfc-lang/wfc/compiler"
)

// launchPlan builds the default launch plan of w, named after it, as
// pyflyte serialize writes NNN_<name>_3: every workflow input is a default
// input parameter, required unless it has a default. An optional input
// without a default defaults to null, as flytekit does.
func (e *emitter) launchPlan(w *compiler.Workflow) *admin.LaunchPlan {
	params := make(map[string]*core.Parameter, len(w.Inputs))
	for _, p := range w.Inputs {
		param := &core.Parameter{Var: variable(p)}
		switch {
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
	return &admin.LaunchPlan{
		Id: e.id(core.ResourceType_LAUNCH_PLAN, w.Name),
		Spec: &admin.LaunchPlanSpec{
			WorkflowId:          e.id(core.ResourceType_WORKFLOW, w.Name),
			EntityMetadata:      &admin.LaunchPlanMetadata{},
			DefaultInputs:       &core.ParameterMap{Parameters: params},
			FixedInputs:         &core.LiteralMap{},
			Labels:              &admin.Labels{},
			Annotations:         &admin.Annotations{},
			RawOutputDataConfig: &admin.RawOutputDataConfig{},
		},
		Closure: &admin.LaunchPlanClosure{
			ExpectedInputs:  &core.ParameterMap{},
			ExpectedOutputs: &core.VariableMap{},
		},
	}
}

// defaultLiteral is the literal of a parameter's default. A null default of
// an optional is flytekit's plain none scalar, not a union.
func defaultLiteral(p *compiler.Param) (*core.Literal, error) {
	if p.Default == nil && p.Type.Kind == compiler.KindOptional {
		return scalarLiteral(noneScalar()), nil
	}
	return Literal(p.Default, p.Type)
}
