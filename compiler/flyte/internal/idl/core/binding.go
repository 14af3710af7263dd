package core

// Binding is flyteidl.core.Binding.
type Binding struct {
	Var     string       `pb:"1,var"`
	Binding *BindingData `pb:"2,binding"`
}

func (x *Binding) GetVar() string {
	if x != nil {
		return x.Var
	}
	return ""
}

func (x *Binding) GetBinding() *BindingData {
	if x != nil {
		return x.Binding
	}
	return nil
}

// BindingData is flyteidl.core.BindingData.
type BindingData struct {
	Value isBindingData_Value `pb:"oneof"`
	Union *UnionInfo          `pb:"5,union"`
}

type isBindingData_Value interface{ isBindingData_Value() }

type (
	BindingData_Scalar struct {
		Scalar *Scalar `pb:"1,scalar"`
	}
	BindingData_Collection struct {
		Collection *BindingDataCollection `pb:"2,collection"`
	}
	BindingData_Promise struct {
		Promise *OutputReference `pb:"3,promise"`
	}
	BindingData_Map struct {
		Map *BindingDataMap `pb:"4,map"`
	}
)

func (*BindingData_Scalar) isBindingData_Value()     {}
func (*BindingData_Collection) isBindingData_Value() {}
func (*BindingData_Promise) isBindingData_Value()    {}
func (*BindingData_Map) isBindingData_Value()        {}

func (x *BindingData) GetValue() isBindingData_Value {
	if x != nil {
		return x.Value
	}
	return nil
}

func (x *BindingData) GetScalar() *Scalar {
	if v, ok := x.GetValue().(*BindingData_Scalar); ok {
		return v.Scalar
	}
	return nil
}

func (x *BindingData) GetCollection() *BindingDataCollection {
	if v, ok := x.GetValue().(*BindingData_Collection); ok {
		return v.Collection
	}
	return nil
}

func (x *BindingData) GetPromise() *OutputReference {
	if v, ok := x.GetValue().(*BindingData_Promise); ok {
		return v.Promise
	}
	return nil
}

func (x *BindingData) GetMap() *BindingDataMap {
	if v, ok := x.GetValue().(*BindingData_Map); ok {
		return v.Map
	}
	return nil
}

func (x *BindingData) GetUnion() *UnionInfo {
	if x != nil {
		return x.Union
	}
	return nil
}

// BindingDataCollection is flyteidl.core.BindingDataCollection.
type BindingDataCollection struct {
	Bindings []*BindingData `pb:"1,bindings"`
}

func (x *BindingDataCollection) GetBindings() []*BindingData {
	if x != nil {
		return x.Bindings
	}
	return nil
}

// BindingDataMap is flyteidl.core.BindingDataMap.
type BindingDataMap struct {
	Bindings map[string]*BindingData `pb:"1,bindings"`
}

func (x *BindingDataMap) GetBindings() map[string]*BindingData {
	if x != nil {
		return x.Bindings
	}
	return nil
}

// UnionInfo is flyteidl.core.UnionInfo.
type UnionInfo struct {
	TargetType *LiteralType `pb:"1,targetType"`
}

func (x *UnionInfo) GetTargetType() *LiteralType {
	if x != nil {
		return x.TargetType
	}
	return nil
}

// OutputReference is flyteidl.core.OutputReference.
type OutputReference struct {
	NodeId   string              `pb:"1,nodeId"`
	Var      string              `pb:"2,var"`
	AttrPath []*PromiseAttribute `pb:"3,attrPath"`
}

func (x *OutputReference) GetNodeId() string {
	if x != nil {
		return x.NodeId
	}
	return ""
}

func (x *OutputReference) GetVar() string {
	if x != nil {
		return x.Var
	}
	return ""
}

func (x *OutputReference) GetAttrPath() []*PromiseAttribute {
	if x != nil {
		return x.AttrPath
	}
	return nil
}

// PromiseAttribute is flyteidl.core.PromiseAttribute.
type PromiseAttribute struct {
	Value isPromiseAttribute_Value `pb:"oneof"`
}

type isPromiseAttribute_Value interface{ isPromiseAttribute_Value() }

type (
	PromiseAttribute_StringValue struct {
		StringValue string `pb:"1,stringValue"`
	}
	PromiseAttribute_IntValue struct {
		IntValue int32 `pb:"2,intValue"`
	}
)

func (*PromiseAttribute_StringValue) isPromiseAttribute_Value() {}
func (*PromiseAttribute_IntValue) isPromiseAttribute_Value()    {}

func (x *PromiseAttribute) GetValue() isPromiseAttribute_Value {
	if x != nil {
		return x.Value
	}
	return nil
}

func (x *PromiseAttribute) GetStringValue() string {
	if v, ok := x.GetValue().(*PromiseAttribute_StringValue); ok {
		return v.StringValue
	}
	return ""
}

func (x *PromiseAttribute) GetIntValue() int32 {
	if v, ok := x.GetValue().(*PromiseAttribute_IntValue); ok {
		return v.IntValue
	}
	return 0
}
