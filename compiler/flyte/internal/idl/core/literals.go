package core

import "github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"

// Primitive is flyteidl.core.Primitive.
type Primitive struct {
	Value isPrimitive_Value `pb:"oneof"`
}

type isPrimitive_Value interface{ isPrimitive_Value() }

type (
	Primitive_Integer struct {
		Integer int64 `pb:"1,integer"`
	}
	Primitive_FloatValue struct {
		FloatValue float64 `pb:"2,floatValue"`
	}
	Primitive_StringValue struct {
		StringValue string `pb:"3,stringValue"`
	}
	Primitive_Boolean struct {
		Boolean bool `pb:"4,boolean"`
	}
	Primitive_Datetime struct {
		Datetime *wkt.Timestamp `pb:"5,datetime"`
	}
	Primitive_Duration struct {
		Duration *wkt.Duration `pb:"6,duration"`
	}
)

func (*Primitive_Integer) isPrimitive_Value()     {}
func (*Primitive_FloatValue) isPrimitive_Value()  {}
func (*Primitive_StringValue) isPrimitive_Value() {}
func (*Primitive_Boolean) isPrimitive_Value()     {}
func (*Primitive_Datetime) isPrimitive_Value()    {}
func (*Primitive_Duration) isPrimitive_Value()    {}

func (x *Primitive) GetValue() isPrimitive_Value {
	if x != nil {
		return x.Value
	}
	return nil
}

func (x *Primitive) GetInteger() int64 {
	if v, ok := x.GetValue().(*Primitive_Integer); ok {
		return v.Integer
	}
	return 0
}

func (x *Primitive) GetFloatValue() float64 {
	if v, ok := x.GetValue().(*Primitive_FloatValue); ok {
		return v.FloatValue
	}
	return 0
}

func (x *Primitive) GetStringValue() string {
	if v, ok := x.GetValue().(*Primitive_StringValue); ok {
		return v.StringValue
	}
	return ""
}

func (x *Primitive) GetBoolean() bool {
	if v, ok := x.GetValue().(*Primitive_Boolean); ok {
		return v.Boolean
	}
	return false
}

func (x *Primitive) GetDatetime() *wkt.Timestamp {
	if v, ok := x.GetValue().(*Primitive_Datetime); ok {
		return v.Datetime
	}
	return nil
}

func (x *Primitive) GetDuration() *wkt.Duration {
	if v, ok := x.GetValue().(*Primitive_Duration); ok {
		return v.Duration
	}
	return nil
}

// Void is flyteidl.core.Void.
type Void struct{}

// Blob is flyteidl.core.Blob.
type Blob struct {
	Metadata *BlobMetadata `pb:"1,metadata"`
	Uri      string        `pb:"3,uri"`
}

func (x *Blob) GetMetadata() *BlobMetadata {
	if x != nil {
		return x.Metadata
	}
	return nil
}

func (x *Blob) GetUri() string {
	if x != nil {
		return x.Uri
	}
	return ""
}

// BlobMetadata is flyteidl.core.BlobMetadata.
type BlobMetadata struct {
	Type *BlobType `pb:"1,type"`
}

func (x *BlobMetadata) GetType() *BlobType {
	if x != nil {
		return x.Type
	}
	return nil
}

// Binary is flyteidl.core.Binary.
type Binary struct {
	Value []byte `pb:"1,value"`
	Tag   string `pb:"2,tag"`
}

func (x *Binary) GetValue() []byte {
	if x != nil {
		return x.Value
	}
	return nil
}

func (x *Binary) GetTag() string {
	if x != nil {
		return x.Tag
	}
	return ""
}

// Error is flyteidl.core.Error.
type Error struct {
	FailedNodeId string `pb:"1,failedNodeId"`
	Message      string `pb:"2,message"`
}

func (x *Error) GetFailedNodeId() string {
	if x != nil {
		return x.FailedNodeId
	}
	return ""
}

func (x *Error) GetMessage() string {
	if x != nil {
		return x.Message
	}
	return ""
}

// Union is flyteidl.core.Union.
type Union struct {
	Value *Literal     `pb:"1,value"`
	Type  *LiteralType `pb:"2,type"`
}

func (x *Union) GetValue() *Literal {
	if x != nil {
		return x.Value
	}
	return nil
}

func (x *Union) GetType() *LiteralType {
	if x != nil {
		return x.Type
	}
	return nil
}

// Scalar is flyteidl.core.Scalar.
type Scalar struct {
	Value isScalar_Value `pb:"oneof"`
}

type isScalar_Value interface{ isScalar_Value() }

type (
	Scalar_Primitive struct {
		Primitive *Primitive `pb:"1,primitive"`
	}
	Scalar_Blob struct {
		Blob *Blob `pb:"2,blob"`
	}
	Scalar_Binary struct {
		Binary *Binary `pb:"3,binary"`
	}
	Scalar_NoneType struct {
		NoneType *Void `pb:"5,noneType"`
	}
	Scalar_Error struct {
		Error *Error `pb:"6,error"`
	}
	Scalar_Generic struct {
		Generic *wkt.Struct `pb:"7,generic"`
	}
	Scalar_Union struct {
		Union *Union `pb:"9,union"`
	}
)

func (*Scalar_Primitive) isScalar_Value() {}
func (*Scalar_Blob) isScalar_Value()      {}
func (*Scalar_Binary) isScalar_Value()    {}
func (*Scalar_NoneType) isScalar_Value()  {}
func (*Scalar_Error) isScalar_Value()     {}
func (*Scalar_Generic) isScalar_Value()   {}
func (*Scalar_Union) isScalar_Value()     {}

func (x *Scalar) GetValue() isScalar_Value {
	if x != nil {
		return x.Value
	}
	return nil
}

func (x *Scalar) GetPrimitive() *Primitive {
	if v, ok := x.GetValue().(*Scalar_Primitive); ok {
		return v.Primitive
	}
	return nil
}

func (x *Scalar) GetBlob() *Blob {
	if v, ok := x.GetValue().(*Scalar_Blob); ok {
		return v.Blob
	}
	return nil
}

func (x *Scalar) GetBinary() *Binary {
	if v, ok := x.GetValue().(*Scalar_Binary); ok {
		return v.Binary
	}
	return nil
}

func (x *Scalar) GetNoneType() *Void {
	if v, ok := x.GetValue().(*Scalar_NoneType); ok {
		return v.NoneType
	}
	return nil
}

func (x *Scalar) GetError() *Error {
	if v, ok := x.GetValue().(*Scalar_Error); ok {
		return v.Error
	}
	return nil
}

func (x *Scalar) GetGeneric() *wkt.Struct {
	if v, ok := x.GetValue().(*Scalar_Generic); ok {
		return v.Generic
	}
	return nil
}

func (x *Scalar) GetUnion() *Union {
	if v, ok := x.GetValue().(*Scalar_Union); ok {
		return v.Union
	}
	return nil
}

// Literal is flyteidl.core.Literal.
type Literal struct {
	Value    isLiteral_Value   `pb:"oneof"`
	Hash     string            `pb:"4,hash"`
	Metadata map[string]string `pb:"5,metadata"`
}

type isLiteral_Value interface{ isLiteral_Value() }

type (
	Literal_Scalar struct {
		Scalar *Scalar `pb:"1,scalar"`
	}
	Literal_Collection struct {
		Collection *LiteralCollection `pb:"2,collection"`
	}
	Literal_Map struct {
		Map *LiteralMap `pb:"3,map"`
	}
)

func (*Literal_Scalar) isLiteral_Value()     {}
func (*Literal_Collection) isLiteral_Value() {}
func (*Literal_Map) isLiteral_Value()        {}

func (x *Literal) GetValue() isLiteral_Value {
	if x != nil {
		return x.Value
	}
	return nil
}

func (x *Literal) GetScalar() *Scalar {
	if v, ok := x.GetValue().(*Literal_Scalar); ok {
		return v.Scalar
	}
	return nil
}

func (x *Literal) GetCollection() *LiteralCollection {
	if v, ok := x.GetValue().(*Literal_Collection); ok {
		return v.Collection
	}
	return nil
}

func (x *Literal) GetMap() *LiteralMap {
	if v, ok := x.GetValue().(*Literal_Map); ok {
		return v.Map
	}
	return nil
}

func (x *Literal) GetHash() string {
	if x != nil {
		return x.Hash
	}
	return ""
}

func (x *Literal) GetMetadata() map[string]string {
	if x != nil {
		return x.Metadata
	}
	return nil
}

// LiteralCollection is flyteidl.core.LiteralCollection.
type LiteralCollection struct {
	Literals []*Literal `pb:"1,literals"`
}

func (x *LiteralCollection) GetLiterals() []*Literal {
	if x != nil {
		return x.Literals
	}
	return nil
}

// LiteralMap is flyteidl.core.LiteralMap.
type LiteralMap struct {
	Literals map[string]*Literal `pb:"1,literals"`
}

func (x *LiteralMap) GetLiterals() map[string]*Literal {
	if x != nil {
		return x.Literals
	}
	return nil
}
