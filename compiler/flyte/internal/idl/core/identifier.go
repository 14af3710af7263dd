package core

// ResourceType is flyteidl.core.ResourceType.
type ResourceType int32

const (
	ResourceType_UNSPECIFIED ResourceType = 0
	ResourceType_TASK        ResourceType = 1
	ResourceType_WORKFLOW    ResourceType = 2
	ResourceType_LAUNCH_PLAN ResourceType = 3
	ResourceType_DATASET     ResourceType = 4
)

var ResourceType_name = map[int32]string{
	0: "UNSPECIFIED",
	1: "TASK",
	2: "WORKFLOW",
	3: "LAUNCH_PLAN",
	4: "DATASET",
}

func (x ResourceType) String() string { return ResourceType_name[int32(x)] }

// Identifier is flyteidl.core.Identifier.
type Identifier struct {
	ResourceType ResourceType `pb:"1,resourceType"`
	Project      string       `pb:"2,project"`
	Domain       string       `pb:"3,domain"`
	Name         string       `pb:"4,name"`
	Version      string       `pb:"5,version"`
}

func (x *Identifier) GetResourceType() ResourceType {
	if x != nil {
		return x.ResourceType
	}
	return ResourceType_UNSPECIFIED
}

func (x *Identifier) GetProject() string {
	if x != nil {
		return x.Project
	}
	return ""
}

func (x *Identifier) GetDomain() string {
	if x != nil {
		return x.Domain
	}
	return ""
}

func (x *Identifier) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

func (x *Identifier) GetVersion() string {
	if x != nil {
		return x.Version
	}
	return ""
}
