package core

// WorkflowExecution_Phase is flyteidl.core.WorkflowExecution.Phase.
type WorkflowExecution_Phase int32

const (
	WorkflowExecution_UNDEFINED  WorkflowExecution_Phase = 0
	WorkflowExecution_QUEUED     WorkflowExecution_Phase = 1
	WorkflowExecution_RUNNING    WorkflowExecution_Phase = 2
	WorkflowExecution_SUCCEEDING WorkflowExecution_Phase = 3
	WorkflowExecution_SUCCEEDED  WorkflowExecution_Phase = 4
	WorkflowExecution_FAILING    WorkflowExecution_Phase = 5
	WorkflowExecution_FAILED     WorkflowExecution_Phase = 6
	WorkflowExecution_ABORTED    WorkflowExecution_Phase = 7
	WorkflowExecution_TIMED_OUT  WorkflowExecution_Phase = 8
	WorkflowExecution_ABORTING   WorkflowExecution_Phase = 9
)

var (
	WorkflowExecution_Phase_name = map[int32]string{
		0: "UNDEFINED",
		1: "QUEUED",
		2: "RUNNING",
		3: "SUCCEEDING",
		4: "SUCCEEDED",
		5: "FAILING",
		6: "FAILED",
		7: "ABORTED",
		8: "TIMED_OUT",
		9: "ABORTING",
	}
	WorkflowExecution_Phase_value = map[string]int32{
		"UNDEFINED":  0,
		"QUEUED":     1,
		"RUNNING":    2,
		"SUCCEEDING": 3,
		"SUCCEEDED":  4,
		"FAILING":    5,
		"FAILED":     6,
		"ABORTED":    7,
		"TIMED_OUT":  8,
		"ABORTING":   9,
	}
)

func (x WorkflowExecution_Phase) String() string {
	return WorkflowExecution_Phase_name[int32(x)]
}
