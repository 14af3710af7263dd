package webhook

import (
	"fmt"
	"reflect"
	"sort"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// The connector never sees wfc's Go values: it sees Flyte literals turned
// into Python values by flytekit's literal_string_repr. pyValue performs the
// same conversion, so that rendering afterwards only deals with
//
//	string, int64, float64, bool, nil, []any, map[string]any, Pending.
//
// The rules (string_literals.py, models/literals.py, json_format.py):
//   - datetime → isoformat() of the UTC datetime, a string:
//     "2024-05-01T12:30:00+00:00", with ".ffffff" when microseconds are set
//     (protobuf Timestamps convert to microseconds, truncating);
//   - duration → timedelta.total_seconds(), a float: 90s → 90.0;
//   - dict (a Flyte STRUCT, protobuf Struct) → MessageToDict, which gives
//     every number as a float: {"n": 1} → {'n': 1.0};
//   - list and map[str, T] → Python list and dict of the converted elements;
//   - null → None.

// Pending stands for a value not known before the run, in a dry run: the
// promise it will come from, written "<n0.o0>" (node n0's output o0) or
// "<start-node.s>" (the workflow input s). Rendering keeps a Pending that is
// a whole placeholder, shows it as its text inside longer strings, and
// extends its path on attribute access ({inputs.r.status_code} of a pending
// r gives "<n0.info.status_code>").
type Pending struct {
	Ref string
}

// String is the marker shown in place of the value.
func (p Pending) String() string { return "<" + p.Ref + ">" }

// pyValue converts a run-time value of wfc type t (nil when unknown) to the
// Python value the connector would see.
func pyValue(v any, t *compiler.Type) any {
	for t != nil && t.Kind == compiler.KindOptional {
		t = t.Elem
	}
	if t != nil && t.Kind == compiler.KindDict {
		return structValue(v)
	}
	switch x := v.(type) {
	case nil, string, bool, int64, float64, Pending:
		return x
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	case time.Time:
		return pyIsoformat(x)
	case time.Duration:
		return pyTotalSeconds(x)
	case []any:
		var elem *compiler.Type
		if t != nil && t.Kind == compiler.KindList {
			elem = t.Elem
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = pyValue(e, elem)
		}
		return out
	case map[string]any:
		var elem *compiler.Type
		if t != nil && t.Kind == compiler.KindMap {
			elem = t.Elem
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = pyValue(e, elem)
		}
		return out
	}
	return reflectValue(v, func(e any) any { return pyValue(e, nil) })
}

// structValue converts a value held in a protobuf Struct (a dict input, or
// the task's own `data`, which Flyte stores in the task template's Struct):
// numbers are doubles there, so ints come back as floats.
func structValue(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case int32:
		return float64(x)
	case float32:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = structValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = structValue(e)
		}
		return out
	case time.Time, time.Duration:
		return pyValue(x, nil)
	case nil, string, bool, float64, Pending:
		return x
	}
	return reflectValue(v, structValue)
}

// reflectValue handles typed Go slices and string-keyed maps ([]string,
// map[string]int, ...) that a caller may pass instead of []any and
// map[string]any.
func reflectValue(v any, conv func(any) any) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = conv(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			out := make(map[string]any, rv.Len())
			iter := rv.MapRange()
			for iter.Next() {
				out[iter.Key().String()] = conv(iter.Value().Interface())
			}
			return out
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return conv(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return conv(int64(rv.Uint()))
	case reflect.Float32, reflect.Float64:
		return conv(rv.Float())
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	}
	return fmt.Sprint(v)
}

// pyIsoformat is datetime.isoformat() of the aware UTC datetime flytekit
// builds from a protobuf Timestamp.
func pyIsoformat(t time.Time) string {
	t = t.UTC().Truncate(time.Microsecond)
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02T15:04:05.000000") + "+00:00"
	}
	return t.Format("2006-01-02T15:04:05") + "+00:00"
}

// pyTotalSeconds is timedelta.total_seconds() of a protobuf Duration, which
// flytekit reads at microsecond precision (truncating toward zero).
func pyTotalSeconds(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1e6
}

// checkEmptyDicts fails as the connector does when any input holds an
// empty dict where a Flyte literal is a Struct: a dict input, or an
// element of a list[dict], a value of a map[str, dict], a dict? that is
// not null. flytekit converts every input before rendering
// (literal_map_string_repr), and tests the Struct's truth on the way
// (`if scalar.generic:`): an empty Struct is falsy, so the conversion
// falls through to `Unknown scalar type …` and the task fails, whether or
// not a template uses the input. A dict nested inside a dict is part of
// its parent's Struct and is fine.
func checkEmptyDicts(task *compiler.Task, inputs map[string]any) error {
	for _, in := range task.Inputs {
		v, ok := inputs[in.Name]
		if !ok || !holdsDict(in.Type) {
			continue
		}
		if where, found := emptyDict(v, in.Type, "inputs."+in.Name); found {
			return &RenderError{Field: where, Msg: "an empty dict fails the task on Flyte's webhook connector, which cannot convert it " +
				"(\"Unknown scalar type Flyte Serialized object (Scalar):\": an empty protobuf Struct is falsy), " +
				"even when no template uses it; pass a dict with at least one key, or declare the input dict? and pass null"}
		}
	}
	return nil
}

// holdsDict reports whether a value of type t can hold a Struct literal.
func holdsDict(t *compiler.Type) bool {
	for t != nil {
		switch t.Kind {
		case compiler.KindDict:
			return true
		case compiler.KindOptional, compiler.KindList, compiler.KindMap:
			t = t.Elem
		default:
			return false
		}
	}
	return false
}

// emptyDict finds the first empty dict at a Struct position of v (type t),
// and names it from path.
func emptyDict(v any, t *compiler.Type, path string) (string, bool) {
	for t != nil && t.Kind == compiler.KindOptional {
		t = t.Elem
	}
	if t == nil || v == nil {
		return "", false
	}
	rv := reflect.ValueOf(v)
	switch t.Kind {
	case compiler.KindDict:
		return path, rv.Kind() == reflect.Map && rv.Len() == 0
	case compiler.KindList:
		if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
			return "", false
		}
		for i := range rv.Len() {
			if where, ok := emptyDict(rv.Index(i).Interface(), t.Elem, fmt.Sprintf("%s[%d]", path, i)); ok {
				return where, true
			}
		}
	case compiler.KindMap:
		if rv.Kind() != reflect.Map {
			return "", false
		}
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			if where, ok := emptyDict(rv.MapIndex(k).Interface(), t.Elem, fmt.Sprintf("%s[%q]", path, k.String())); ok {
				return where, true
			}
		}
	}
	return "", false
}
