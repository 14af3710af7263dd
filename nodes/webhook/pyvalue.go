package webhook

import (
	"fmt"
	"reflect"
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
