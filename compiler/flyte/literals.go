package flyte

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
)

// This file turns wfc values (the Go representations listed at the bottom
// of compiler/ir.go) into Flyte literals, shaped the way flytekit builds them
// for the same Python values.

// Literal converts v, a value of type t, to a Flyte literal.
func Literal(v any, t *compiler.Type) (*core.Literal, error) {
	switch t.Kind {
	case compiler.KindList:
		xs, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("expected a list for %s, got %T", t, v)
		}
		lits := make([]*core.Literal, len(xs))
		for i, x := range xs {
			l, err := Literal(x, t.Elem)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			lits[i] = l
		}
		return &core.Literal{Value: &core.Literal_Collection{Collection: &core.LiteralCollection{Literals: lits}}}, nil
	case compiler.KindMap:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expected a map for %s, got %T", t, v)
		}
		lits := make(map[string]*core.Literal, len(m))
		for k, x := range m {
			l, err := Literal(x, t.Elem)
			if err != nil {
				return nil, fmt.Errorf("[%q]: %w", k, err)
			}
			lits[k] = l
		}
		return &core.Literal{Value: &core.Literal_Map{Map: &core.LiteralMap{Literals: lits}}}, nil
	case compiler.KindAny:
		return Literal(v, inferType(v))
	}
	s, err := Scalar(v, t)
	if err != nil {
		return nil, err
	}
	return scalarLiteral(s), nil
}

// Scalar converts v, a value of the scalar type t (a simple type, dict, or
// an optional), to a Flyte scalar. A present optional value becomes a union
// scalar holding the value and its tagged variant type, and null a union of
// the none variant, as flytekit's UnionTransformer writes them.
func Scalar(v any, t *compiler.Type) (*core.Scalar, error) {
	switch t.Kind {
	case compiler.KindOptional:
		vt := t.Elem
		if v == nil {
			vt = compiler.None
		}
		inner, err := Literal(v, vt)
		if err != nil {
			return nil, err
		}
		return &core.Scalar{Value: &core.Scalar_Union{Union: &core.Union{Value: inner, Type: variantType(vt)}}}, nil
	case compiler.KindNone:
		if v != nil {
			return nil, fmt.Errorf("expected null, got %T", v)
		}
		return noneScalar(), nil
	case compiler.KindDict:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expected a dict, got %T", v)
		}
		st, err := Struct(m)
		if err != nil {
			return nil, err
		}
		return &core.Scalar{Value: &core.Scalar_Generic{Generic: st}}, nil
	case compiler.KindAny:
		return Scalar(v, inferType(v))
	}
	p, err := primitive(v, t)
	if err != nil {
		return nil, err
	}
	return &core.Scalar{Value: &core.Scalar_Primitive{Primitive: p}}, nil
}

func primitive(v any, t *compiler.Type) (*core.Primitive, error) {
	switch t.Kind {
	case compiler.KindString:
		if s, ok := v.(string); ok {
			return &core.Primitive{Value: &core.Primitive_StringValue{StringValue: s}}, nil
		}
	case compiler.KindInt:
		if n, ok := v.(int64); ok {
			return &core.Primitive{Value: &core.Primitive_Integer{Integer: n}}, nil
		}
		if n, ok := v.(int); ok {
			return &core.Primitive{Value: &core.Primitive_Integer{Integer: int64(n)}}, nil
		}
	case compiler.KindFloat:
		switch f := v.(type) {
		case float64:
			return &core.Primitive{Value: &core.Primitive_FloatValue{FloatValue: f}}, nil
		case int64: // an int literal where a float is expected, as Python allows
			return &core.Primitive{Value: &core.Primitive_FloatValue{FloatValue: float64(f)}}, nil
		}
	case compiler.KindBool:
		if b, ok := v.(bool); ok {
			return &core.Primitive{Value: &core.Primitive_Boolean{Boolean: b}}, nil
		}
	case compiler.KindDatetime:
		if tm, ok := v.(time.Time); ok {
			return &core.Primitive{Value: &core.Primitive_Datetime{Datetime: wkt.NewTimestamp(tm)}}, nil
		}
	case compiler.KindDuration:
		if d, ok := v.(time.Duration); ok {
			return &core.Primitive{Value: &core.Primitive_Duration{Duration: wkt.NewDuration(d)}}, nil
		}
	default:
		return nil, fmt.Errorf("no Flyte primitive for type %s", t)
	}
	return nil, fmt.Errorf("expected %s, got %T", t, v)
}

// Struct converts a dict value to a google.protobuf.Struct, Flyte's generic
// scalar. JSON numbers are doubles, so integers beyond 2^53 are rejected
// rather than silently rounded; datetimes and durations, which JSON lacks,
// become their RFC 3339 and Go duration strings.
func Struct(m map[string]any) (*wkt.Struct, error) {
	fields := make(map[string]*wkt.Value, len(m))
	for k, x := range m {
		v, err := structValue(x)
		if err != nil {
			return nil, fmt.Errorf("[%q]: %w", k, err)
		}
		fields[k] = v
	}
	return &wkt.Struct{Fields: fields}, nil
}

const maxExactFloatInt = 1 << 53

func structValue(x any) (*wkt.Value, error) {
	switch v := x.(type) {
	case nil:
		return wkt.NewNullValue(), nil
	case string:
		return wkt.NewStringValue(v), nil
	case bool:
		return wkt.NewBoolValue(v), nil
	case int64:
		if v > maxExactFloatInt || v < -maxExactFloatInt {
			return nil, fmt.Errorf("integer %d cannot be held exactly in a JSON number", v)
		}
		return wkt.NewNumberValue(float64(v)), nil
	case int:
		return structValue(int64(v))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%v is not a JSON number", v)
		}
		return wkt.NewNumberValue(v), nil
	case time.Time:
		return wkt.NewStringValue(v.Format(time.RFC3339Nano)), nil
	case time.Duration:
		return wkt.NewStringValue(v.String()), nil
	case []any:
		vals := make([]*wkt.Value, len(v))
		for i, e := range v {
			sv, err := structValue(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			vals[i] = sv
		}
		return wkt.NewListValue(&wkt.ListValue{Values: vals}), nil
	case map[string]any:
		st, err := Struct(v)
		if err != nil {
			return nil, err
		}
		return wkt.NewStructValue(st), nil
	}
	return nil, fmt.Errorf("unsupported value of Go type %T", x)
}

// inferType gives the type of a value read dynamically (an attribute of a
// dict): JSON-like values map to their natural types, lists to lists of
// dynamic values.
func inferType(v any) *compiler.Type {
	switch v.(type) {
	case nil:
		return compiler.None
	case string:
		return compiler.Str
	case int64, int:
		return compiler.Int
	case float64:
		return compiler.Float
	case bool:
		return compiler.Bool
	case time.Time:
		return compiler.Datetime
	case time.Duration:
		return compiler.Duration
	case []any:
		return compiler.ListOf(compiler.Any)
	}
	return compiler.Dict
}

func scalarLiteral(s *core.Scalar) *core.Literal {
	return &core.Literal{Value: &core.Literal_Scalar{Scalar: s}}
}

func noneScalar() *core.Scalar {
	return &core.Scalar{Value: &core.Scalar_NoneType{NoneType: &core.Void{}}}
}

// BindingData converts a binding value bound to a variable of type target.
// Literal lists and maps become binding collections and maps of their
// elements, and a literal bound to an optional takes the variant that fits,
// both as flytekit's binding_data_from_python_std does.
func BindingData(bv *compiler.BindingValue, target *compiler.Type) (*core.BindingData, error) {
	switch {
	case bv.Promise != nil:
		return &core.BindingData{Value: &core.BindingData_Promise{Promise: OutputReference(bv.Promise)}}, nil
	case bv.List != nil:
		elem := collectionElem(target)
		bs := make([]*core.BindingData, len(bv.List))
		for i, e := range bv.List {
			b, err := BindingData(e, elem)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			bs[i] = b
		}
		return &core.BindingData{Value: &core.BindingData_Collection{Collection: &core.BindingDataCollection{Bindings: bs}}}, nil
	case bv.Map != nil:
		t := optionalElem(target)
		if t.Kind == compiler.KindDict || t.Kind == compiler.KindAny {
			return nil, fmt.Errorf("a dict holding references cannot be bound on Flyte: a STRUCT binding must be a literal or a promise")
		}
		elem := mapElem(target)
		bs := make(map[string]*core.BindingData, len(bv.Map))
		for k, e := range bv.Map {
			b, err := BindingData(e, elem)
			if err != nil {
				return nil, fmt.Errorf("[%q]: %w", k, err)
			}
			bs[k] = b
		}
		return &core.BindingData{Value: &core.BindingData_Map{Map: &core.BindingDataMap{Bindings: bs}}}, nil
	}
	return literalBinding(bv.Literal, target)
}

func literalBinding(v any, t *compiler.Type) (*core.BindingData, error) {
	if t.Kind == compiler.KindOptional && v != nil {
		switch v.(type) {
		case []any, map[string]any:
			if t.Elem.Kind != compiler.KindDict {
				return literalBinding(v, t.Elem)
			}
		}
	}
	switch t.Kind {
	case compiler.KindList:
		xs, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("expected a list for %s, got %T", t, v)
		}
		bs := make([]*core.BindingData, len(xs))
		for i, x := range xs {
			b, err := literalBinding(x, t.Elem)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			bs[i] = b
		}
		return &core.BindingData{Value: &core.BindingData_Collection{Collection: &core.BindingDataCollection{Bindings: bs}}}, nil
	case compiler.KindMap:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expected a map for %s, got %T", t, v)
		}
		bs := make(map[string]*core.BindingData, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			b, err := literalBinding(m[k], t.Elem)
			if err != nil {
				return nil, fmt.Errorf("[%q]: %w", k, err)
			}
			bs[k] = b
		}
		return &core.BindingData{Value: &core.BindingData_Map{Map: &core.BindingDataMap{Bindings: bs}}}, nil
	case compiler.KindAny:
		return literalBinding(v, inferType(v))
	}
	s, err := Scalar(v, t)
	if err != nil {
		return nil, err
	}
	return &core.BindingData{Value: &core.BindingData_Scalar{Scalar: s}}, nil
}

// collectionElem and mapElem find the element type a list or map binding
// is checked against, looking through an optional.
func collectionElem(t *compiler.Type) *compiler.Type {
	t = optionalElem(t)
	if t.Kind == compiler.KindList {
		return t.Elem
	}
	return compiler.Any
}

func mapElem(t *compiler.Type) *compiler.Type {
	t = optionalElem(t)
	if t.Kind == compiler.KindMap {
		return t.Elem
	}
	return compiler.Any
}

func optionalElem(t *compiler.Type) *compiler.Type {
	if t.Kind == compiler.KindOptional {
		return t.Elem
	}
	return t
}

// OutputReference converts a promise. A nil node is the workflow's inputs,
// which wfc writes as the start-node (flytekit leaves the id empty,
// and flytepropeller reads both the same way).
func OutputReference(p *compiler.Promise) *core.OutputReference {
	ref := &core.OutputReference{NodeId: StartNodeID, Var: p.Var}
	if p.Node != nil {
		ref.NodeId = p.Node.ID
	}
	if len(p.Path) > 0 {
		ref.AttrPath = make([]*core.PromiseAttribute, len(p.Path))
		for i, a := range p.Path {
			ref.AttrPath[i] = &core.PromiseAttribute{Value: &core.PromiseAttribute_StringValue{StringValue: a}}
		}
	}
	return ref
}
