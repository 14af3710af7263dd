// Package wkt holds the google.protobuf well-known types Flyte's messages
// use, in package idl's shape (see its documentation). Their JSON forms
// are protojson's special ones: a Struct is a JSON object, a Duration a
// string such as "1.5s", a Timestamp an RFC 3339 string, a BoolValue a
// bare boolean.
package wkt

import "time"

// Struct is google.protobuf.Struct.
type Struct struct {
	Fields map[string]*Value `pb:"1,fields"`
}

func (x *Struct) GetFields() map[string]*Value {
	if x != nil {
		return x.Fields
	}
	return nil
}

// Value is google.protobuf.Value.
type Value struct {
	Kind isValue_Kind `pb:"oneof"`
}

type isValue_Kind interface{ isValue_Kind() }

type (
	Value_NullValue struct {
		NullValue NullValue `pb:"1,nullValue"`
	}
	Value_NumberValue struct {
		NumberValue float64 `pb:"2,numberValue"`
	}
	Value_StringValue struct {
		StringValue string `pb:"3,stringValue"`
	}
	Value_BoolValue struct {
		BoolValue bool `pb:"4,boolValue"`
	}
	Value_StructValue struct {
		StructValue *Struct `pb:"5,structValue"`
	}
	Value_ListValue struct {
		ListValue *ListValue `pb:"6,listValue"`
	}
)

func (*Value_NullValue) isValue_Kind()   {}
func (*Value_NumberValue) isValue_Kind() {}
func (*Value_StringValue) isValue_Kind() {}
func (*Value_BoolValue) isValue_Kind()   {}
func (*Value_StructValue) isValue_Kind() {}
func (*Value_ListValue) isValue_Kind()   {}

func (x *Value) GetKind() isValue_Kind {
	if x != nil {
		return x.Kind
	}
	return nil
}

func (x *Value) GetStringValue() string {
	if v, ok := x.GetKind().(*Value_StringValue); ok {
		return v.StringValue
	}
	return ""
}

func (x *Value) GetNumberValue() float64 {
	if v, ok := x.GetKind().(*Value_NumberValue); ok {
		return v.NumberValue
	}
	return 0
}

func (x *Value) GetBoolValue() bool {
	if v, ok := x.GetKind().(*Value_BoolValue); ok {
		return v.BoolValue
	}
	return false
}

func (x *Value) GetStructValue() *Struct {
	if v, ok := x.GetKind().(*Value_StructValue); ok {
		return v.StructValue
	}
	return nil
}

func (x *Value) GetListValue() *ListValue {
	if v, ok := x.GetKind().(*Value_ListValue); ok {
		return v.ListValue
	}
	return nil
}

// NullValue is google.protobuf.NullValue.
type NullValue int32

const NullValue_NULL_VALUE NullValue = 0

func (v NullValue) String() string {
	if v == NullValue_NULL_VALUE {
		return "NULL_VALUE"
	}
	return ""
}

func NewNullValue() *Value            { return &Value{Kind: &Value_NullValue{}} }
func NewNumberValue(v float64) *Value { return &Value{Kind: &Value_NumberValue{v}} }
func NewStringValue(v string) *Value  { return &Value{Kind: &Value_StringValue{v}} }
func NewBoolValue(v bool) *Value      { return &Value{Kind: &Value_BoolValue{v}} }
func NewStructValue(v *Struct) *Value { return &Value{Kind: &Value_StructValue{v}} }
func NewListValue(v *ListValue) *Value {
	return &Value{Kind: &Value_ListValue{v}}
}

// ListValue is google.protobuf.ListValue.
type ListValue struct {
	Values []*Value `pb:"1,values"`
}

func (x *ListValue) GetValues() []*Value {
	if x != nil {
		return x.Values
	}
	return nil
}

// Duration is google.protobuf.Duration.
type Duration struct {
	Seconds int64 `pb:"1,seconds"`
	Nanos   int32 `pb:"2,nanos"`
}

// NewDuration is d as a Duration.
func NewDuration(d time.Duration) *Duration {
	return &Duration{Seconds: int64(d / time.Second), Nanos: int32(d % time.Second)}
}

// AsDuration is x as a time.Duration.
func (x *Duration) AsDuration() time.Duration {
	if x == nil {
		return 0
	}
	return time.Duration(x.Seconds)*time.Second + time.Duration(x.Nanos)
}

// Timestamp is google.protobuf.Timestamp.
type Timestamp struct {
	Seconds int64 `pb:"1,seconds"`
	Nanos   int32 `pb:"2,nanos"`
}

// NewTimestamp is t as a Timestamp.
func NewTimestamp(t time.Time) *Timestamp {
	return &Timestamp{Seconds: t.Unix(), Nanos: int32(t.Nanosecond())}
}

// AsTime is x as a time.Time in UTC.
func (x *Timestamp) AsTime() time.Time {
	if x == nil {
		return time.Unix(0, 0).UTC()
	}
	return time.Unix(x.Seconds, int64(x.Nanos)).UTC()
}

// BoolValue is google.protobuf.BoolValue.
type BoolValue struct {
	Value bool `pb:"1,value"`
}

// Bool is v as a BoolValue.
func Bool(v bool) *BoolValue { return &BoolValue{Value: v} }

func (x *BoolValue) GetValue() bool { return x != nil && x.Value }
