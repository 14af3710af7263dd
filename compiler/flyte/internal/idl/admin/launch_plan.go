package admin

import "github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"

// LaunchPlan is flyteidl.admin.LaunchPlan.
type LaunchPlan struct {
	Id      *core.Identifier   `pb:"1,id"`
	Spec    *LaunchPlanSpec    `pb:"2,spec"`
	Closure *LaunchPlanClosure `pb:"3,closure"`
}

func (x *LaunchPlan) GetId() *core.Identifier {
	if x != nil {
		return x.Id
	}
	return nil
}

func (x *LaunchPlan) GetSpec() *LaunchPlanSpec {
	if x != nil {
		return x.Spec
	}
	return nil
}

func (x *LaunchPlan) GetClosure() *LaunchPlanClosure {
	if x != nil {
		return x.Closure
	}
	return nil
}

// LaunchPlanSpec is flyteidl.admin.LaunchPlanSpec.
type LaunchPlanSpec struct {
	WorkflowId          *core.Identifier     `pb:"1,workflowId"`
	EntityMetadata      *LaunchPlanMetadata  `pb:"2,entityMetadata"`
	DefaultInputs       *core.ParameterMap   `pb:"3,defaultInputs"`
	FixedInputs         *core.LiteralMap     `pb:"4,fixedInputs"`
	Labels              *Labels              `pb:"6,labels"`
	Annotations         *Annotations         `pb:"7,annotations"`
	RawOutputDataConfig *RawOutputDataConfig `pb:"17,rawOutputDataConfig"`
	MaxParallelism      int32                `pb:"18,maxParallelism"`
}

func (x *LaunchPlanSpec) GetWorkflowId() *core.Identifier {
	if x != nil {
		return x.WorkflowId
	}
	return nil
}

func (x *LaunchPlanSpec) GetEntityMetadata() *LaunchPlanMetadata {
	if x != nil {
		return x.EntityMetadata
	}
	return nil
}

func (x *LaunchPlanSpec) GetDefaultInputs() *core.ParameterMap {
	if x != nil {
		return x.DefaultInputs
	}
	return nil
}

func (x *LaunchPlanSpec) GetFixedInputs() *core.LiteralMap {
	if x != nil {
		return x.FixedInputs
	}
	return nil
}

func (x *LaunchPlanSpec) GetLabels() *Labels {
	if x != nil {
		return x.Labels
	}
	return nil
}

func (x *LaunchPlanSpec) GetAnnotations() *Annotations {
	if x != nil {
		return x.Annotations
	}
	return nil
}

func (x *LaunchPlanSpec) GetRawOutputDataConfig() *RawOutputDataConfig {
	if x != nil {
		return x.RawOutputDataConfig
	}
	return nil
}

func (x *LaunchPlanSpec) GetMaxParallelism() int32 {
	if x != nil {
		return x.MaxParallelism
	}
	return 0
}

// LaunchPlanClosure is flyteidl.admin.LaunchPlanClosure.
type LaunchPlanClosure struct {
	ExpectedInputs  *core.ParameterMap `pb:"2,expectedInputs"`
	ExpectedOutputs *core.VariableMap  `pb:"3,expectedOutputs"`
}

func (x *LaunchPlanClosure) GetExpectedInputs() *core.ParameterMap {
	if x != nil {
		return x.ExpectedInputs
	}
	return nil
}

func (x *LaunchPlanClosure) GetExpectedOutputs() *core.VariableMap {
	if x != nil {
		return x.ExpectedOutputs
	}
	return nil
}

// LaunchPlanMetadata is flyteidl.admin.LaunchPlanMetadata.
type LaunchPlanMetadata struct {
	Schedule      *Schedule       `pb:"1,schedule"`
	Notifications []*Notification `pb:"2,notifications"`
}

func (x *LaunchPlanMetadata) GetSchedule() *Schedule {
	if x != nil {
		return x.Schedule
	}
	return nil
}

func (x *LaunchPlanMetadata) GetNotifications() []*Notification {
	if x != nil {
		return x.Notifications
	}
	return nil
}
