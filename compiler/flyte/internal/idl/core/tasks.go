package core

import "github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"

// Resources is flyteidl.core.Resources.
type Resources struct {
	Requests []*Resources_ResourceEntry `pb:"1,requests"`
	Limits   []*Resources_ResourceEntry `pb:"2,limits"`
}

func (x *Resources) GetRequests() []*Resources_ResourceEntry {
	if x != nil {
		return x.Requests
	}
	return nil
}

func (x *Resources) GetLimits() []*Resources_ResourceEntry {
	if x != nil {
		return x.Limits
	}
	return nil
}

// Resources_ResourceName is flyteidl.core.Resources.ResourceName.
type Resources_ResourceName int32

const (
	Resources_UNKNOWN           Resources_ResourceName = 0
	Resources_CPU               Resources_ResourceName = 1
	Resources_GPU               Resources_ResourceName = 2
	Resources_MEMORY            Resources_ResourceName = 3
	Resources_STORAGE           Resources_ResourceName = 4
	Resources_EPHEMERAL_STORAGE Resources_ResourceName = 5
)

var Resources_ResourceName_name = map[int32]string{
	0: "UNKNOWN",
	1: "CPU",
	2: "GPU",
	3: "MEMORY",
	4: "STORAGE",
	5: "EPHEMERAL_STORAGE",
}

func (x Resources_ResourceName) String() string { return Resources_ResourceName_name[int32(x)] }

// Resources_ResourceEntry is flyteidl.core.Resources.ResourceEntry.
type Resources_ResourceEntry struct {
	Name  Resources_ResourceName `pb:"1,name"`
	Value string                 `pb:"2,value"`
}

func (x *Resources_ResourceEntry) GetName() Resources_ResourceName {
	if x != nil {
		return x.Name
	}
	return Resources_UNKNOWN
}

func (x *Resources_ResourceEntry) GetValue() string {
	if x != nil {
		return x.Value
	}
	return ""
}

// RuntimeMetadata is flyteidl.core.RuntimeMetadata.
type RuntimeMetadata struct {
	Type    RuntimeMetadata_RuntimeType `pb:"1,type"`
	Version string                      `pb:"2,version"`
	Flavor  string                      `pb:"3,flavor"`
}

func (x *RuntimeMetadata) GetType() RuntimeMetadata_RuntimeType {
	if x != nil {
		return x.Type
	}
	return RuntimeMetadata_OTHER
}

func (x *RuntimeMetadata) GetVersion() string {
	if x != nil {
		return x.Version
	}
	return ""
}

func (x *RuntimeMetadata) GetFlavor() string {
	if x != nil {
		return x.Flavor
	}
	return ""
}

// RuntimeMetadata_RuntimeType is flyteidl.core.RuntimeMetadata.RuntimeType.
type RuntimeMetadata_RuntimeType int32

const (
	RuntimeMetadata_OTHER     RuntimeMetadata_RuntimeType = 0
	RuntimeMetadata_FLYTE_SDK RuntimeMetadata_RuntimeType = 1
)

var RuntimeMetadata_RuntimeType_name = map[int32]string{
	0: "OTHER",
	1: "FLYTE_SDK",
}

func (x RuntimeMetadata_RuntimeType) String() string {
	return RuntimeMetadata_RuntimeType_name[int32(x)]
}

// RetryStrategy is flyteidl.core.RetryStrategy.
type RetryStrategy struct {
	Retries uint32 `pb:"5,retries"`
}

func (x *RetryStrategy) GetRetries() uint32 {
	if x != nil {
		return x.Retries
	}
	return 0
}

// TaskMetadata is flyteidl.core.TaskMetadata.
type TaskMetadata struct {
	Discoverable         bool                              `pb:"1,discoverable"`
	Runtime              *RuntimeMetadata                  `pb:"2,runtime"`
	Timeout              *wkt.Duration                     `pb:"4,timeout"`
	Retries              *RetryStrategy                    `pb:"5,retries"`
	DiscoveryVersion     string                            `pb:"6,discoveryVersion"`
	InterruptibleValue   isTaskMetadata_InterruptibleValue `pb:"oneof"`
	CacheSerializable    bool                              `pb:"9,cacheSerializable"`
	Tags                 map[string]string                 `pb:"11,tags"`
	CacheIgnoreInputVars []string                          `pb:"13,cacheIgnoreInputVars"`
	GeneratesDeck        *wkt.BoolValue                    `pb:"15,generatesDeck"`
}

type isTaskMetadata_InterruptibleValue interface {
	isTaskMetadata_InterruptibleValue()
}

type TaskMetadata_Interruptible struct {
	Interruptible bool `pb:"8,interruptible"`
}

func (*TaskMetadata_Interruptible) isTaskMetadata_InterruptibleValue() {}

func (x *TaskMetadata) GetDiscoverable() bool {
	if x != nil {
		return x.Discoverable
	}
	return false
}

func (x *TaskMetadata) GetRuntime() *RuntimeMetadata {
	if x != nil {
		return x.Runtime
	}
	return nil
}

func (x *TaskMetadata) GetTimeout() *wkt.Duration {
	if x != nil {
		return x.Timeout
	}
	return nil
}

func (x *TaskMetadata) GetRetries() *RetryStrategy {
	if x != nil {
		return x.Retries
	}
	return nil
}

func (x *TaskMetadata) GetDiscoveryVersion() string {
	if x != nil {
		return x.DiscoveryVersion
	}
	return ""
}

func (x *TaskMetadata) GetInterruptibleValue() isTaskMetadata_InterruptibleValue {
	if x != nil {
		return x.InterruptibleValue
	}
	return nil
}

func (x *TaskMetadata) GetInterruptible() bool {
	if v, ok := x.GetInterruptibleValue().(*TaskMetadata_Interruptible); ok {
		return v.Interruptible
	}
	return false
}

func (x *TaskMetadata) GetCacheSerializable() bool {
	if x != nil {
		return x.CacheSerializable
	}
	return false
}

func (x *TaskMetadata) GetTags() map[string]string {
	if x != nil {
		return x.Tags
	}
	return nil
}

func (x *TaskMetadata) GetCacheIgnoreInputVars() []string {
	if x != nil {
		return x.CacheIgnoreInputVars
	}
	return nil
}

func (x *TaskMetadata) GetGeneratesDeck() *wkt.BoolValue {
	if x != nil {
		return x.GeneratesDeck
	}
	return nil
}

// TaskTemplate is flyteidl.core.TaskTemplate.
type TaskTemplate struct {
	Id              *Identifier           `pb:"1,id"`
	Type            string                `pb:"2,type"`
	Metadata        *TaskMetadata         `pb:"3,metadata"`
	Interface       *TypedInterface       `pb:"4,interface"`
	Custom          *wkt.Struct           `pb:"5,custom"`
	Target          isTaskTemplate_Target `pb:"oneof"`
	TaskTypeVersion int32                 `pb:"7,taskTypeVersion"`
	SecurityContext *SecurityContext      `pb:"8,securityContext"`
}

type isTaskTemplate_Target interface{ isTaskTemplate_Target() }

type TaskTemplate_Container struct {
	Container *Container `pb:"6,container"`
}

func (*TaskTemplate_Container) isTaskTemplate_Target() {}

func (x *TaskTemplate) GetId() *Identifier {
	if x != nil {
		return x.Id
	}
	return nil
}

func (x *TaskTemplate) GetType() string {
	if x != nil {
		return x.Type
	}
	return ""
}

func (x *TaskTemplate) GetMetadata() *TaskMetadata {
	if x != nil {
		return x.Metadata
	}
	return nil
}

func (x *TaskTemplate) GetInterface() *TypedInterface {
	if x != nil {
		return x.Interface
	}
	return nil
}

func (x *TaskTemplate) GetCustom() *wkt.Struct {
	if x != nil {
		return x.Custom
	}
	return nil
}

func (x *TaskTemplate) GetTarget() isTaskTemplate_Target {
	if x != nil {
		return x.Target
	}
	return nil
}

func (x *TaskTemplate) GetContainer() *Container {
	if v, ok := x.GetTarget().(*TaskTemplate_Container); ok {
		return v.Container
	}
	return nil
}

func (x *TaskTemplate) GetTaskTypeVersion() int32 {
	if x != nil {
		return x.TaskTypeVersion
	}
	return 0
}

func (x *TaskTemplate) GetSecurityContext() *SecurityContext {
	if x != nil {
		return x.SecurityContext
	}
	return nil
}

// KeyValuePair is flyteidl.core.KeyValuePair.
type KeyValuePair struct {
	Key   string `pb:"1,key"`
	Value string `pb:"2,value"`
}

func (x *KeyValuePair) GetKey() string {
	if x != nil {
		return x.Key
	}
	return ""
}

func (x *KeyValuePair) GetValue() string {
	if x != nil {
		return x.Value
	}
	return ""
}

// Container is flyteidl.core.Container.
type Container struct {
	Image      string             `pb:"1,image"`
	Command    []string           `pb:"2,command"`
	Args       []string           `pb:"3,args"`
	Resources  *Resources         `pb:"4,resources"`
	Env        []*KeyValuePair    `pb:"5,env"`
	DataConfig *DataLoadingConfig `pb:"9,dataConfig"`
}

func (x *Container) GetImage() string {
	if x != nil {
		return x.Image
	}
	return ""
}

func (x *Container) GetCommand() []string {
	if x != nil {
		return x.Command
	}
	return nil
}

func (x *Container) GetArgs() []string {
	if x != nil {
		return x.Args
	}
	return nil
}

func (x *Container) GetResources() *Resources {
	if x != nil {
		return x.Resources
	}
	return nil
}

func (x *Container) GetEnv() []*KeyValuePair {
	if x != nil {
		return x.Env
	}
	return nil
}

func (x *Container) GetDataConfig() *DataLoadingConfig {
	if x != nil {
		return x.DataConfig
	}
	return nil
}

// DataLoadingConfig is flyteidl.core.DataLoadingConfig.
type DataLoadingConfig struct {
	Enabled    bool                               `pb:"1,enabled"`
	InputPath  string                             `pb:"2,inputPath"`
	OutputPath string                             `pb:"3,outputPath"`
	Format     DataLoadingConfig_LiteralMapFormat `pb:"4,format"`
}

func (x *DataLoadingConfig) GetEnabled() bool {
	if x != nil {
		return x.Enabled
	}
	return false
}

func (x *DataLoadingConfig) GetInputPath() string {
	if x != nil {
		return x.InputPath
	}
	return ""
}

func (x *DataLoadingConfig) GetOutputPath() string {
	if x != nil {
		return x.OutputPath
	}
	return ""
}

func (x *DataLoadingConfig) GetFormat() DataLoadingConfig_LiteralMapFormat {
	if x != nil {
		return x.Format
	}
	return DataLoadingConfig_JSON
}

// DataLoadingConfig_LiteralMapFormat is
// flyteidl.core.DataLoadingConfig.LiteralMapFormat.
type DataLoadingConfig_LiteralMapFormat int32

const (
	DataLoadingConfig_JSON  DataLoadingConfig_LiteralMapFormat = 0
	DataLoadingConfig_YAML  DataLoadingConfig_LiteralMapFormat = 1
	DataLoadingConfig_PROTO DataLoadingConfig_LiteralMapFormat = 2
)

var DataLoadingConfig_LiteralMapFormat_name = map[int32]string{
	0: "JSON",
	1: "YAML",
	2: "PROTO",
}

func (x DataLoadingConfig_LiteralMapFormat) String() string {
	return DataLoadingConfig_LiteralMapFormat_name[int32(x)]
}

// SecurityContext is flyteidl.core.SecurityContext.
type SecurityContext struct {
	Secrets []*Secret `pb:"2,secrets"`
}

func (x *SecurityContext) GetSecrets() []*Secret {
	if x != nil {
		return x.Secrets
	}
	return nil
}

// Secret is flyteidl.core.Secret.
type Secret struct {
	Group            string           `pb:"1,group"`
	Key              string           `pb:"3,key"`
	MountRequirement Secret_MountType `pb:"4,mountRequirement"`
	EnvVar           string           `pb:"5,envVar"`
}

func (x *Secret) GetGroup() string {
	if x != nil {
		return x.Group
	}
	return ""
}

func (x *Secret) GetKey() string {
	if x != nil {
		return x.Key
	}
	return ""
}

func (x *Secret) GetMountRequirement() Secret_MountType {
	if x != nil {
		return x.MountRequirement
	}
	return Secret_ANY
}

func (x *Secret) GetEnvVar() string {
	if x != nil {
		return x.EnvVar
	}
	return ""
}

// Secret_MountType is flyteidl.core.Secret.MountType.
type Secret_MountType int32

const (
	Secret_ANY     Secret_MountType = 0
	Secret_ENV_VAR Secret_MountType = 1
	Secret_FILE    Secret_MountType = 2
)

var Secret_MountType_name = map[int32]string{
	0: "ANY",
	1: "ENV_VAR",
	2: "FILE",
}

func (x Secret_MountType) String() string { return Secret_MountType_name[int32(x)] }
