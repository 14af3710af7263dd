package core

// Variable is flyteidl.core.Variable.
type Variable struct {
	Type        *LiteralType `pb:"1,type"`
	Description string       `pb:"2,description"`
}

func (x *Variable) GetType() *LiteralType {
	if x != nil {
		return x.Type
	}
	return nil
}

func (x *Variable) GetDescription() string {
	if x != nil {
		return x.Description
	}
	return ""
}

// VariableMap is flyteidl.core.VariableMap.
type VariableMap struct {
	Variables map[string]*Variable `pb:"1,variables"`
}

func (x *VariableMap) GetVariables() map[string]*Variable {
	if x != nil {
		return x.Variables
	}
	return nil
}

// TypedInterface is flyteidl.core.TypedInterface.
type TypedInterface struct {
	Inputs  *VariableMap `pb:"1,inputs"`
	Outputs *VariableMap `pb:"2,outputs"`
}

func (x *TypedInterface) GetInputs() *VariableMap {
	if x != nil {
		return x.Inputs
	}
	return nil
}

func (x *TypedInterface) GetOutputs() *VariableMap {
	if x != nil {
		return x.Outputs
	}
	return nil
}

// Parameter is flyteidl.core.Parameter.
type Parameter struct {
	Var      *Variable            `pb:"1,var"`
	Behavior isParameter_Behavior `pb:"oneof"`
}

type isParameter_Behavior interface{ isParameter_Behavior() }

type (
	Parameter_Default struct {
		Default *Literal `pb:"2,default"`
	}
	Parameter_Required struct {
		Required bool `pb:"3,required"`
	}
)

func (*Parameter_Default) isParameter_Behavior()  {}
func (*Parameter_Required) isParameter_Behavior() {}

func (x *Parameter) GetVar() *Variable {
	if x != nil {
		return x.Var
	}
	return nil
}

func (x *Parameter) GetBehavior() isParameter_Behavior {
	if x != nil {
		return x.Behavior
	}
	return nil
}

func (x *Parameter) GetDefault() *Literal {
	if v, ok := x.GetBehavior().(*Parameter_Default); ok {
		return v.Default
	}
	return nil
}

func (x *Parameter) GetRequired() bool {
	if v, ok := x.GetBehavior().(*Parameter_Required); ok {
		return v.Required
	}
	return false
}

// ParameterMap is flyteidl.core.ParameterMap.
type ParameterMap struct {
	Parameters map[string]*Parameter `pb:"1,parameters"`
}

func (x *ParameterMap) GetParameters() map[string]*Parameter {
	if x != nil {
		return x.Parameters
	}
	return nil
}
