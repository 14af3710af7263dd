package admin

import "github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"

// TaskSpec is flyteidl.admin.TaskSpec.
type TaskSpec struct {
	Template    *core.TaskTemplate `pb:"1,template"`
	Description *DescriptionEntity `pb:"2,description"`
}

func (x *TaskSpec) GetTemplate() *core.TaskTemplate {
	if x != nil {
		return x.Template
	}
	return nil
}

func (x *TaskSpec) GetDescription() *DescriptionEntity {
	if x != nil {
		return x.Description
	}
	return nil
}

// WorkflowSpec is flyteidl.admin.WorkflowSpec.
type WorkflowSpec struct {
	Template     *core.WorkflowTemplate   `pb:"1,template"`
	SubWorkflows []*core.WorkflowTemplate `pb:"2,subWorkflows"`
	Description  *DescriptionEntity       `pb:"3,description"`
}

func (x *WorkflowSpec) GetTemplate() *core.WorkflowTemplate {
	if x != nil {
		return x.Template
	}
	return nil
}

func (x *WorkflowSpec) GetSubWorkflows() []*core.WorkflowTemplate {
	if x != nil {
		return x.SubWorkflows
	}
	return nil
}

func (x *WorkflowSpec) GetDescription() *DescriptionEntity {
	if x != nil {
		return x.Description
	}
	return nil
}
