package core

import "github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"

// IfBlock is flyteidl.core.IfBlock.
type IfBlock struct {
	Condition *BooleanExpression `pb:"1,condition"`
	ThenNode  *Node              `pb:"2,thenNode"`
}

func (x *IfBlock) GetCondition() *BooleanExpression {
	if x != nil {
		return x.Condition
	}
	return nil
}

func (x *IfBlock) GetThenNode() *Node {
	if x != nil {
		return x.ThenNode
	}
	return nil
}

// IfElseBlock is flyteidl.core.IfElseBlock.
type IfElseBlock struct {
	Case    *IfBlock              `pb:"1,case"`
	Other   []*IfBlock            `pb:"2,other"`
	Default isIfElseBlock_Default `pb:"oneof"`
}

type isIfElseBlock_Default interface{ isIfElseBlock_Default() }

type (
	IfElseBlock_ElseNode struct {
		ElseNode *Node `pb:"3,elseNode"`
	}
	IfElseBlock_Error struct {
		Error *Error `pb:"4,error"`
	}
)

func (*IfElseBlock_ElseNode) isIfElseBlock_Default() {}
func (*IfElseBlock_Error) isIfElseBlock_Default()    {}

func (x *IfElseBlock) GetCase() *IfBlock {
	if x != nil {
		return x.Case
	}
	return nil
}

func (x *IfElseBlock) GetOther() []*IfBlock {
	if x != nil {
		return x.Other
	}
	return nil
}

func (x *IfElseBlock) GetDefault() isIfElseBlock_Default {
	if x != nil {
		return x.Default
	}
	return nil
}

func (x *IfElseBlock) GetElseNode() *Node {
	if v, ok := x.GetDefault().(*IfElseBlock_ElseNode); ok {
		return v.ElseNode
	}
	return nil
}

func (x *IfElseBlock) GetError() *Error {
	if v, ok := x.GetDefault().(*IfElseBlock_Error); ok {
		return v.Error
	}
	return nil
}

// BranchNode is flyteidl.core.BranchNode.
type BranchNode struct {
	IfElse *IfElseBlock `pb:"1,ifElse"`
}

func (x *BranchNode) GetIfElse() *IfElseBlock {
	if x != nil {
		return x.IfElse
	}
	return nil
}

// TaskNode is flyteidl.core.TaskNode.
type TaskNode struct {
	Reference isTaskNode_Reference `pb:"oneof"`
	Overrides *TaskNodeOverrides   `pb:"2,overrides"`
}

type isTaskNode_Reference interface{ isTaskNode_Reference() }

type TaskNode_ReferenceId struct {
	ReferenceId *Identifier `pb:"1,referenceId"`
}

func (*TaskNode_ReferenceId) isTaskNode_Reference() {}

func (x *TaskNode) GetReference() isTaskNode_Reference {
	if x != nil {
		return x.Reference
	}
	return nil
}

func (x *TaskNode) GetReferenceId() *Identifier {
	if v, ok := x.GetReference().(*TaskNode_ReferenceId); ok {
		return v.ReferenceId
	}
	return nil
}

func (x *TaskNode) GetOverrides() *TaskNodeOverrides {
	if x != nil {
		return x.Overrides
	}
	return nil
}

// WorkflowNode is flyteidl.core.WorkflowNode.
type WorkflowNode struct {
	Reference isWorkflowNode_Reference `pb:"oneof"`
}

type isWorkflowNode_Reference interface{ isWorkflowNode_Reference() }

type (
	WorkflowNode_LaunchplanRef struct {
		LaunchplanRef *Identifier `pb:"1,launchplanRef"`
	}
	WorkflowNode_SubWorkflowRef struct {
		SubWorkflowRef *Identifier `pb:"2,subWorkflowRef"`
	}
)

func (*WorkflowNode_LaunchplanRef) isWorkflowNode_Reference()  {}
func (*WorkflowNode_SubWorkflowRef) isWorkflowNode_Reference() {}

func (x *WorkflowNode) GetReference() isWorkflowNode_Reference {
	if x != nil {
		return x.Reference
	}
	return nil
}

func (x *WorkflowNode) GetLaunchplanRef() *Identifier {
	if v, ok := x.GetReference().(*WorkflowNode_LaunchplanRef); ok {
		return v.LaunchplanRef
	}
	return nil
}

func (x *WorkflowNode) GetSubWorkflowRef() *Identifier {
	if v, ok := x.GetReference().(*WorkflowNode_SubWorkflowRef); ok {
		return v.SubWorkflowRef
	}
	return nil
}

// ArrayNode is flyteidl.core.ArrayNode.
type ArrayNode struct {
	Node                       *Node                         `pb:"1,node"`
	ParallelismOption          isArrayNode_ParallelismOption `pb:"oneof"`
	SuccessCriteria            isArrayNode_SuccessCriteria   `pb:"oneof"`
	IsOriginalSubNodeInterface *wkt.BoolValue                `pb:"6,isOriginalSubNodeInterface"`
	BoundInputs                []string                      `pb:"8,boundInputs"`
}

type isArrayNode_ParallelismOption interface{ isArrayNode_ParallelismOption() }

type ArrayNode_Parallelism struct {
	Parallelism uint32 `pb:"2,parallelism"`
}

func (*ArrayNode_Parallelism) isArrayNode_ParallelismOption() {}

type isArrayNode_SuccessCriteria interface{ isArrayNode_SuccessCriteria() }

type (
	ArrayNode_MinSuccesses struct {
		MinSuccesses uint32 `pb:"3,minSuccesses"`
	}
	ArrayNode_MinSuccessRatio struct {
		MinSuccessRatio float32 `pb:"4,minSuccessRatio"`
	}
)

func (*ArrayNode_MinSuccesses) isArrayNode_SuccessCriteria()    {}
func (*ArrayNode_MinSuccessRatio) isArrayNode_SuccessCriteria() {}

func (x *ArrayNode) GetNode() *Node {
	if x != nil {
		return x.Node
	}
	return nil
}

func (x *ArrayNode) GetParallelismOption() isArrayNode_ParallelismOption {
	if x != nil {
		return x.ParallelismOption
	}
	return nil
}

func (x *ArrayNode) GetParallelism() uint32 {
	if v, ok := x.GetParallelismOption().(*ArrayNode_Parallelism); ok {
		return v.Parallelism
	}
	return 0
}

func (x *ArrayNode) GetSuccessCriteria() isArrayNode_SuccessCriteria {
	if x != nil {
		return x.SuccessCriteria
	}
	return nil
}

func (x *ArrayNode) GetMinSuccesses() uint32 {
	if v, ok := x.GetSuccessCriteria().(*ArrayNode_MinSuccesses); ok {
		return v.MinSuccesses
	}
	return 0
}

func (x *ArrayNode) GetMinSuccessRatio() float32 {
	if v, ok := x.GetSuccessCriteria().(*ArrayNode_MinSuccessRatio); ok {
		return v.MinSuccessRatio
	}
	return 0
}

func (x *ArrayNode) GetIsOriginalSubNodeInterface() *wkt.BoolValue {
	if x != nil {
		return x.IsOriginalSubNodeInterface
	}
	return nil
}

func (x *ArrayNode) GetBoundInputs() []string {
	if x != nil {
		return x.BoundInputs
	}
	return nil
}

// NodeMetadata is flyteidl.core.NodeMetadata.
type NodeMetadata struct {
	Name               string                            `pb:"1,name"`
	Timeout            *wkt.Duration                     `pb:"4,timeout"`
	Retries            *RetryStrategy                    `pb:"5,retries"`
	InterruptibleValue isNodeMetadata_InterruptibleValue `pb:"oneof"`
}

type isNodeMetadata_InterruptibleValue interface {
	isNodeMetadata_InterruptibleValue()
}

type NodeMetadata_Interruptible struct {
	Interruptible bool `pb:"6,interruptible"`
}

func (*NodeMetadata_Interruptible) isNodeMetadata_InterruptibleValue() {}

func (x *NodeMetadata) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

func (x *NodeMetadata) GetTimeout() *wkt.Duration {
	if x != nil {
		return x.Timeout
	}
	return nil
}

func (x *NodeMetadata) GetRetries() *RetryStrategy {
	if x != nil {
		return x.Retries
	}
	return nil
}

func (x *NodeMetadata) GetInterruptibleValue() isNodeMetadata_InterruptibleValue {
	if x != nil {
		return x.InterruptibleValue
	}
	return nil
}

func (x *NodeMetadata) GetInterruptible() bool {
	if v, ok := x.GetInterruptibleValue().(*NodeMetadata_Interruptible); ok {
		return v.Interruptible
	}
	return false
}

// Alias is flyteidl.core.Alias.
type Alias struct {
	Var   string `pb:"1,var"`
	Alias string `pb:"2,alias"`
}

func (x *Alias) GetVar() string {
	if x != nil {
		return x.Var
	}
	return ""
}

func (x *Alias) GetAlias() string {
	if x != nil {
		return x.Alias
	}
	return ""
}

// Node is flyteidl.core.Node.
type Node struct {
	Id              string        `pb:"1,id"`
	Metadata        *NodeMetadata `pb:"2,metadata"`
	Inputs          []*Binding    `pb:"3,inputs"`
	UpstreamNodeIds []string      `pb:"4,upstreamNodeIds"`
	OutputAliases   []*Alias      `pb:"5,outputAliases"`
	Target          isNode_Target `pb:"oneof"`
}

type isNode_Target interface{ isNode_Target() }

type (
	Node_TaskNode struct {
		TaskNode *TaskNode `pb:"6,taskNode"`
	}
	Node_WorkflowNode struct {
		WorkflowNode *WorkflowNode `pb:"7,workflowNode"`
	}
	Node_BranchNode struct {
		BranchNode *BranchNode `pb:"8,branchNode"`
	}
	Node_ArrayNode struct {
		ArrayNode *ArrayNode `pb:"10,arrayNode"`
	}
)

func (*Node_TaskNode) isNode_Target()     {}
func (*Node_WorkflowNode) isNode_Target() {}
func (*Node_BranchNode) isNode_Target()   {}
func (*Node_ArrayNode) isNode_Target()    {}

func (x *Node) GetId() string {
	if x != nil {
		return x.Id
	}
	return ""
}

func (x *Node) GetMetadata() *NodeMetadata {
	if x != nil {
		return x.Metadata
	}
	return nil
}

func (x *Node) GetInputs() []*Binding {
	if x != nil {
		return x.Inputs
	}
	return nil
}

func (x *Node) GetUpstreamNodeIds() []string {
	if x != nil {
		return x.UpstreamNodeIds
	}
	return nil
}

func (x *Node) GetOutputAliases() []*Alias {
	if x != nil {
		return x.OutputAliases
	}
	return nil
}

func (x *Node) GetTarget() isNode_Target {
	if x != nil {
		return x.Target
	}
	return nil
}

func (x *Node) GetTaskNode() *TaskNode {
	if v, ok := x.GetTarget().(*Node_TaskNode); ok {
		return v.TaskNode
	}
	return nil
}

func (x *Node) GetWorkflowNode() *WorkflowNode {
	if v, ok := x.GetTarget().(*Node_WorkflowNode); ok {
		return v.WorkflowNode
	}
	return nil
}

func (x *Node) GetBranchNode() *BranchNode {
	if v, ok := x.GetTarget().(*Node_BranchNode); ok {
		return v.BranchNode
	}
	return nil
}

func (x *Node) GetArrayNode() *ArrayNode {
	if v, ok := x.GetTarget().(*Node_ArrayNode); ok {
		return v.ArrayNode
	}
	return nil
}

// WorkflowMetadata is flyteidl.core.WorkflowMetadata.
type WorkflowMetadata struct {
	OnFailure WorkflowMetadata_OnFailurePolicy `pb:"2,onFailure"`
}

func (x *WorkflowMetadata) GetOnFailure() WorkflowMetadata_OnFailurePolicy {
	if x != nil {
		return x.OnFailure
	}
	return WorkflowMetadata_FAIL_IMMEDIATELY
}

// WorkflowMetadata_OnFailurePolicy is
// flyteidl.core.WorkflowMetadata.OnFailurePolicy.
type WorkflowMetadata_OnFailurePolicy int32

const (
	WorkflowMetadata_FAIL_IMMEDIATELY                     WorkflowMetadata_OnFailurePolicy = 0
	WorkflowMetadata_FAIL_AFTER_EXECUTABLE_NODES_COMPLETE WorkflowMetadata_OnFailurePolicy = 1
)

var WorkflowMetadata_OnFailurePolicy_name = map[int32]string{
	0: "FAIL_IMMEDIATELY",
	1: "FAIL_AFTER_EXECUTABLE_NODES_COMPLETE",
}

func (x WorkflowMetadata_OnFailurePolicy) String() string {
	return WorkflowMetadata_OnFailurePolicy_name[int32(x)]
}

// WorkflowMetadataDefaults is flyteidl.core.WorkflowMetadataDefaults.
type WorkflowMetadataDefaults struct {
	Interruptible bool `pb:"1,interruptible"`
}

func (x *WorkflowMetadataDefaults) GetInterruptible() bool {
	if x != nil {
		return x.Interruptible
	}
	return false
}

// WorkflowTemplate is flyteidl.core.WorkflowTemplate.
type WorkflowTemplate struct {
	Id               *Identifier               `pb:"1,id"`
	Metadata         *WorkflowMetadata         `pb:"2,metadata"`
	Interface        *TypedInterface           `pb:"3,interface"`
	Nodes            []*Node                   `pb:"4,nodes"`
	Outputs          []*Binding                `pb:"5,outputs"`
	FailureNode      *Node                     `pb:"6,failureNode"`
	MetadataDefaults *WorkflowMetadataDefaults `pb:"7,metadataDefaults"`
}

func (x *WorkflowTemplate) GetId() *Identifier {
	if x != nil {
		return x.Id
	}
	return nil
}

func (x *WorkflowTemplate) GetMetadata() *WorkflowMetadata {
	if x != nil {
		return x.Metadata
	}
	return nil
}

func (x *WorkflowTemplate) GetInterface() *TypedInterface {
	if x != nil {
		return x.Interface
	}
	return nil
}

func (x *WorkflowTemplate) GetNodes() []*Node {
	if x != nil {
		return x.Nodes
	}
	return nil
}

func (x *WorkflowTemplate) GetOutputs() []*Binding {
	if x != nil {
		return x.Outputs
	}
	return nil
}

func (x *WorkflowTemplate) GetFailureNode() *Node {
	if x != nil {
		return x.FailureNode
	}
	return nil
}

func (x *WorkflowTemplate) GetMetadataDefaults() *WorkflowMetadataDefaults {
	if x != nil {
		return x.MetadataDefaults
	}
	return nil
}

// TaskNodeOverrides is flyteidl.core.TaskNodeOverrides.
type TaskNodeOverrides struct {
	Resources *Resources `pb:"1,resources"`
}

func (x *TaskNodeOverrides) GetResources() *Resources {
	if x != nil {
		return x.Resources
	}
	return nil
}
