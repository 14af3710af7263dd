package core

// ConnectionSet is flyteidl.core.ConnectionSet.
type ConnectionSet struct {
	Downstream map[string]*ConnectionSet_IdList `pb:"7,downstream"`
	Upstream   map[string]*ConnectionSet_IdList `pb:"8,upstream"`
}

func (x *ConnectionSet) GetDownstream() map[string]*ConnectionSet_IdList {
	if x != nil {
		return x.Downstream
	}
	return nil
}

func (x *ConnectionSet) GetUpstream() map[string]*ConnectionSet_IdList {
	if x != nil {
		return x.Upstream
	}
	return nil
}

// ConnectionSet_IdList is flyteidl.core.ConnectionSet.IdList.
type ConnectionSet_IdList struct {
	Ids []string `pb:"1,ids"`
}

func (x *ConnectionSet_IdList) GetIds() []string {
	if x != nil {
		return x.Ids
	}
	return nil
}

// CompiledWorkflow is flyteidl.core.CompiledWorkflow.
type CompiledWorkflow struct {
	Template    *WorkflowTemplate `pb:"1,template"`
	Connections *ConnectionSet    `pb:"2,connections"`
}

func (x *CompiledWorkflow) GetTemplate() *WorkflowTemplate {
	if x != nil {
		return x.Template
	}
	return nil
}

func (x *CompiledWorkflow) GetConnections() *ConnectionSet {
	if x != nil {
		return x.Connections
	}
	return nil
}

// CompiledTask is flyteidl.core.CompiledTask.
type CompiledTask struct {
	Template *TaskTemplate `pb:"1,template"`
}

func (x *CompiledTask) GetTemplate() *TaskTemplate {
	if x != nil {
		return x.Template
	}
	return nil
}

// CompiledWorkflowClosure is flyteidl.core.CompiledWorkflowClosure.
type CompiledWorkflowClosure struct {
	Primary      *CompiledWorkflow   `pb:"1,primary"`
	SubWorkflows []*CompiledWorkflow `pb:"2,subWorkflows"`
	Tasks        []*CompiledTask     `pb:"3,tasks"`
}

func (x *CompiledWorkflowClosure) GetPrimary() *CompiledWorkflow {
	if x != nil {
		return x.Primary
	}
	return nil
}

func (x *CompiledWorkflowClosure) GetSubWorkflows() []*CompiledWorkflow {
	if x != nil {
		return x.SubWorkflows
	}
	return nil
}

func (x *CompiledWorkflowClosure) GetTasks() []*CompiledTask {
	if x != nil {
		return x.Tasks
	}
	return nil
}
