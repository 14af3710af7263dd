package connector

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"github.com/vmihailenco/msgpack/v5"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/wfc-lang/wfc/compiler"
)

// msgpackTag tags a binary literal holding MessagePack, as flytekit ≥ 1.14
// writes a dict.
const msgpackTag = "msgpack"

// maxLiteralDepth bounds the nesting of an input literal: deeper is not a
// value anyone means, and the conversion recurses.
const maxLiteralDepth = 64

// inputValues converts the inputs part to the values wfc run would pass
// the task: each declared input conformed to its type. An input the
// interface does not declare is ignored; a declared one that is missing
// stays missing, and rendering a template that names it fails the task,
// as it does in flytekit's connector.
func inputValues(task *compiler.Task, lm *core.LiteralMap) (map[string]any, error) {
	lits := lm.GetLiterals()
	out := make(map[string]any, len(task.Inputs))
	for _, in := range task.Inputs {
		l, ok := lits[in.Name]
		if !ok {
			continue
		}
		raw, err := literalValue(l, 0)
		if err != nil {
			return nil, templateErrorf("input %s: %v", in.Name, err)
		}
		v, err := compiler.ConformValue(raw, in.Type)
		if err != nil {
			return nil, templateErrorf("input %s: %v", in.Name, err)
		}
		out[in.Name] = v
	}
	return out, nil
}

// literalValue is the Go value of a literal, before it is conformed to a
// type: primitives as themselves, collections and maps as []any and
// map[string]any, a Struct or a MessagePack dict as a map.
func literalValue(l *core.Literal, depth int) (any, error) {
	if depth > maxLiteralDepth {
		return nil, fmt.Errorf("nested more than %d deep", maxLiteralDepth)
	}
	switch x := l.GetValue().(type) {
	case *core.Literal_Scalar:
		return scalarValue(x.Scalar, depth)
	case *core.Literal_Collection:
		lits := x.Collection.GetLiterals()
		out := make([]any, len(lits))
		for i, e := range lits {
			v, err := literalValue(e, depth+1)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = v
		}
		return out, nil
	case *core.Literal_Map:
		lits := x.Map.GetLiterals()
		out := make(map[string]any, len(lits))
		for k, e := range lits {
			v, err := literalValue(e, depth+1)
			if err != nil {
				return nil, fmt.Errorf("[%q]: %w", k, err)
			}
			out[k] = v
		}
		return out, nil
	case *core.Literal_OffloadedMetadata:
		return nil, fmt.Errorf("an offloaded literal (%s); turn literal offloading off for webhook inputs", x.OffloadedMetadata.GetUri())
	}
	return nil, fmt.Errorf("an empty literal")
}

func scalarValue(s *core.Scalar, depth int) (any, error) {
	switch x := s.GetValue().(type) {
	case *core.Scalar_Primitive:
		switch p := x.Primitive.GetValue().(type) {
		case *core.Primitive_Integer:
			return p.Integer, nil
		case *core.Primitive_FloatValue:
			return p.FloatValue, nil
		case *core.Primitive_StringValue:
			return p.StringValue, nil
		case *core.Primitive_Boolean:
			return p.Boolean, nil
		case *core.Primitive_Datetime:
			if err := p.Datetime.CheckValid(); err != nil {
				return nil, err
			}
			return p.Datetime.AsTime(), nil
		case *core.Primitive_Duration:
			if err := p.Duration.CheckValid(); err != nil {
				return nil, err
			}
			return p.Duration.AsDuration(), nil
		}
		return nil, fmt.Errorf("an empty primitive")
	case *core.Scalar_NoneType:
		return nil, nil
	case *core.Scalar_Error:
		// What a failure handler receives, as wfc run passes it.
		return map[string]any{"message": x.Error.GetMessage(), "failed_node_id": x.Error.GetFailedNodeId()}, nil
	case *core.Scalar_Union:
		return literalValue(x.Union.GetValue(), depth+1)
	case *core.Scalar_Generic:
		return structMap(x.Generic), nil
	case *core.Scalar_Binary:
		if x.Binary.GetTag() != msgpackTag {
			return nil, fmt.Errorf("a binary literal tagged %q; only %q is read", x.Binary.GetTag(), msgpackTag)
		}
		var v any
		dec := msgpack.NewDecoder(bytes.NewReader(x.Binary.GetValue()))
		dec.SetMapDecoder(func(d *msgpack.Decoder) (any, error) { return d.DecodeUntypedMap() })
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("a MessagePack literal that does not decode: %v", err)
		}
		return fromMsgpack(v, depth)
	}
	return nil, fmt.Errorf("a scalar of a kind webhooks do not take (%T)", s.GetValue())
}

// fromMsgpack brings a decoded MessagePack value to wfc's forms: string
// keys, int64 and float64 numbers.
func fromMsgpack(v any, depth int) (any, error) {
	if depth > maxLiteralDepth {
		return nil, fmt.Errorf("nested more than %d deep", maxLiteralDepth)
	}
	switch x := v.(type) {
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("a MessagePack map with a %T key", k)
			}
			y, err := fromMsgpack(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[ks] = y
		}
		return out, nil
	case map[string]any:
		for k, e := range x {
			y, err := fromMsgpack(e, depth+1)
			if err != nil {
				return nil, err
			}
			x[k] = y
		}
		return x, nil
	case []any:
		for i, e := range x {
			y, err := fromMsgpack(e, depth+1)
			if err != nil {
				return nil, err
			}
			x[i] = y
		}
		return x, nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return nil, fmt.Errorf("integer %d is out of range", x)
		}
		return int64(x), nil
	case float32:
		return float64(x), nil
	case []byte:
		return nil, fmt.Errorf("MessagePack bytes, which no wfc type holds")
	}
	return v, nil // nil, bool, string, int64, float64
}

// structMap is a Struct as a wfc dict: a number that is whole is an int,
// as it was in the wfc value it was written from (JSON numbers are
// doubles; the renderer shows a dict's numbers as floats either way, as
// flytekit does).
func structMap(s *structpb.Struct) map[string]any {
	out := make(map[string]any, len(s.GetFields()))
	for k, v := range s.GetFields() {
		out[k] = structValue(v)
	}
	return out
}

func structValue(v *structpb.Value) any {
	switch x := v.GetKind().(type) {
	case *structpb.Value_StringValue:
		return x.StringValue
	case *structpb.Value_BoolValue:
		return x.BoolValue
	case *structpb.Value_NumberValue:
		n := x.NumberValue
		if n == math.Trunc(n) && math.Abs(n) <= 1<<53 {
			return int64(n)
		}
		return n
	case *structpb.Value_StructValue:
		return structMap(x.StructValue)
	case *structpb.Value_ListValue:
		vals := x.ListValue.GetValues()
		out := make([]any, len(vals))
		for i, e := range vals {
			out[i] = structValue(e)
		}
		return out
	}
	return nil
}

// infoKeyOrder is the order flytekit's connector builds info in, which
// MessagePack keeps (a Python dict keeps insertion order); wfc's response
// comes last.
var infoKeyOrder = []string{"status_code", "response_data", "input_data", "url", "response"}

// outputLiterals is the task's outputs as flytekit's connector returns
// them: each dict a binary literal holding MessagePack, tagged "msgpack"
// (flytekit ≥ 1.14's form for a dict). Nested maps are written with
// sorted keys, so the same info gives the same bytes.
func outputLiterals(outputs map[string]any) (*core.LiteralMap, error) {
	lm := &core.LiteralMap{Literals: make(map[string]*core.Literal, len(outputs))}
	for name, v := range outputs {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("output %s is a %T, not a dict", name, v)
		}
		b, err := encodeInfo(m)
		if err != nil {
			return nil, fmt.Errorf("output %s: %v", name, err)
		}
		lm.Literals[name] = &core.Literal{Value: &core.Literal_Scalar{Scalar: &core.Scalar{
			Value: &core.Scalar_Binary{Binary: &core.Binary{Value: b, Tag: msgpackTag}},
		}}}
	}
	return lm, nil
}

func encodeInfo(info map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true) // the smallest form, as Python's msgpack writes ints
	enc.SetSortMapKeys(true)
	keys := make([]string, 0, len(info))
	for _, k := range infoKeyOrder {
		if _, ok := info[k]; ok {
			keys = append(keys, k)
		}
	}
	var rest []string
	for k := range info {
		if !slices.Contains(infoKeyOrder, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	keys = append(keys, rest...)
	if err := enc.EncodeMapLen(len(keys)); err != nil {
		return nil, err
	}
	for _, k := range keys {
		if err := enc.EncodeString(k); err != nil {
			return nil, err
		}
		if err := enc.Encode(jsonForm(info[k])); err != nil {
			return nil, fmt.Errorf("%s: %v", k, err)
		}
	}
	return buf.Bytes(), nil
}

// jsonForm replaces the values MessagePack would write as extension types
// Python cannot read (a datetime, a duration) by the strings wfc writes
// for them in JSON.
func jsonForm(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case time.Duration:
		return x.String()
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonForm(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonForm(e)
		}
		return out
	}
	return v
}

// decodeInfo reads a MessagePack dict back, as a downstream task would.
func decodeInfo(b []byte) (map[string]any, error) {
	v, err := scalarValue(&core.Scalar{Value: &core.Scalar_Binary{Binary: &core.Binary{Value: b, Tag: msgpackTag}}}, 0)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a %T, not a dict", v)
	}
	return m, nil
}
