package compiler

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/lang"
)

// This file holds the run-time side of types: checking a Go value against a
// *Type (ConformValue), parsing text typed by a person or printed by a shell
// task (ParseValue) and reading attribute paths (LookupPath). JSON encoding
// and decoding live in value_json.go.
//
// Values are shared between nodes that run at the same time, so nothing here
// ever mutates a value it is given: conversions copy, and a value that
// already conforms is returned as is (no copy, no allocation).

// ValueError is a value that does not fit its type. Path locates the
// offending part inside a list or dict ("[2].name"); it is empty for the
// value itself.
type ValueError struct {
	Path string
	Msg  string
}

func (e *ValueError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return "at " + e.Path + ": " + e.Msg
}

func valueErrorf(format string, args ...any) *ValueError {
	return &ValueError{Msg: fmt.Sprintf(format, args...)}
}

// within prefixes the path of a nested error with one step.
func within(err error, step string) error {
	if ve, ok := err.(*ValueError); ok {
		p := step
		if ve.Path != "" {
			if ve.Path[0] == '[' {
				p += ve.Path
			} else {
				p += "." + ve.Path
			}
		}
		return &ValueError{Path: p, Msg: ve.Msg}
	}
	return err
}

// ConformValue checks v against t and returns it in canonical form (see the
// Value comment in ir.go): Go ints of any size become int64, float32 and ints
// become float64 where a float is expected, integral float64s (as JSON
// decoding produces) become int64 where an int is expected, RFC 3339 strings
// become time.Time for datetime and Go duration strings time.Duration for
// duration, json.Number is resolved, and typed Go slices and maps become
// []any and map[string]any. Anything else that does not fit is an error
// naming the expected type and what was found.
func ConformValue(v any, t *Type) (any, error) {
	if t == nil {
		return nil, valueErrorf("no type")
	}
	switch t.Kind {
	case KindError:
		// A failure as a failure handler receives it: message and the id
		// of the node Flyte names as failed.
		if m, ok := v.(map[string]any); ok {
			if _, ok := m["message"].(string); ok {
				return m, nil
			}
		}
	case KindString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case KindFile, KindDir:
		// The path of the local copy; the runtime checks what it names.
		if s, ok := v.(string); ok && s != "" {
			return s, nil
		}
		if s, ok := v.(string); ok && s == "" {
			return nil, valueErrorf("expected the path of a %s, got an empty string", t)
		}
	case KindInt:
		if _, ok := v.(int64); ok {
			return v, nil // as is: re-boxing the int64 would allocate
		}
		if n, ok := toInt(v); ok {
			return n, nil
		}
	case KindFloat:
		if f, ok := v.(float64); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return v, nil
		}
		if f, ok := toFloat(v); ok {
			return f, nil
		}
	case KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case KindDatetime:
		switch x := v.(type) {
		case time.Time:
			if err := checkTimestamp(x); err != nil {
				return nil, valueErrorf("%v", err)
			}
			return x, nil
		case string:
			tm, err := ParseDatetime(x)
			if err != nil {
				return nil, valueErrorf("%v", err)
			}
			return tm, nil
		}
	case KindDuration:
		switch x := v.(type) {
		case time.Duration:
			if x < 0 {
				return nil, valueErrorf("a duration cannot be negative")
			}
			return x, nil
		case string:
			d, err := lang.ParseDuration(x)
			if err != nil {
				return nil, valueErrorf("%v", err)
			}
			return d, nil
		}
	case KindNone:
		if v == nil {
			return nil, nil
		}
	case KindOptional:
		if v == nil {
			return nil, nil
		}
		return ConformValue(v, t.Elem)
	case KindAny:
		return normalize(v)
	case KindDict:
		if v != nil && isStringMap(v) {
			return normalize(v)
		}
	case KindList:
		return conformList(v, t)
	case KindMap:
		return conformMap(v, t)
	default:
		return nil, valueErrorf("cannot hold a value of type %s", t)
	}
	return nil, valueErrorf("expected %s, got %s", t, describe(v))
}

func conformList(v any, t *Type) (any, error) {
	if xs, ok := v.([]any); ok {
		var out []any // allocated on the first element that changes
		for i, x := range xs {
			y, err := ConformValue(x, t.Elem)
			if err != nil {
				return nil, within(err, "["+strconv.Itoa(i)+"]")
			}
			if out == nil && !same(x, y) {
				out = make([]any, len(xs))
				copy(out, xs[:i])
			}
			if out != nil {
				out[i] = y
			}
		}
		if out == nil {
			return xs, nil
		}
		return out, nil
	}
	rv := reflect.ValueOf(v)
	if v == nil || (rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array) || rv.Type().Elem().Kind() == reflect.Uint8 {
		return nil, valueErrorf("expected %s, got %s", t, describe(v))
	}
	out := make([]any, rv.Len())
	for i := range out {
		y, err := ConformValue(rv.Index(i).Interface(), t.Elem)
		if err != nil {
			return nil, within(err, "["+strconv.Itoa(i)+"]")
		}
		out[i] = y
	}
	return out, nil
}

func conformMap(v any, t *Type) (any, error) {
	if m, ok := v.(map[string]any); ok {
		var out map[string]any
		for k, x := range m { // map order: see normalize
			y, err := ConformValue(x, t.Elem)
			if err != nil {
				return nil, firstKeyError(m, func(v any) error { _, err := ConformValue(v, t.Elem); return err })
			}
			if out == nil && !same(x, y) {
				out = maps.Clone(m)
			}
			if out != nil {
				out[k] = y
			}
		}
		if out == nil {
			return m, nil
		}
		return out, nil
	}
	if v == nil || !isStringMap(v) {
		return nil, valueErrorf("expected %s, got %s", t, describe(v))
	}
	rv := reflect.ValueOf(v)
	out := make(map[string]any, rv.Len())
	keys := rv.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		y, err := ConformValue(rv.MapIndex(k).Interface(), t.Elem)
		if err != nil {
			return nil, within(err, keyStep(k.String()))
		}
		out[k.String()] = y
	}
	return out, nil
}

// normalize brings an untyped value (the contents of a dict, or a value of
// type any) into canonical form: json.Number becomes int64 when integral and
// float64 otherwise, sized ints become int64, float32 becomes float64, typed
// slices and string-keyed maps become []any and map[string]any.
func normalize(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, bool, int64, float64, time.Time, time.Duration:
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return nil, valueErrorf("%v cannot be represented in JSON", f)
		}
		return v, nil
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, valueErrorf("bad number %s", x)
		}
		return f, nil
	case []any:
		var out []any
		for i, e := range x {
			y, err := normalize(e)
			if err != nil {
				return nil, within(err, "["+strconv.Itoa(i)+"]")
			}
			if out == nil && !same(e, y) {
				out = make([]any, len(x))
				copy(out, x[:i])
			}
			if out != nil {
				out[i] = y
			}
		}
		if out == nil {
			return x, nil
		}
		return out, nil
	case map[string]any:
		// In map order, not sorted: every task output passes through here
		// and sorting its keys cost more than the rest of the check. Only
		// an error, which must name the same key every time, looks again
		// in key order.
		var out map[string]any
		for k, e := range x {
			y, err := normalize(e)
			if err != nil {
				return nil, firstKeyError(x, func(v any) error { _, err := normalize(v); return err })
			}
			if out == nil && !same(e, y) {
				out = maps.Clone(x)
			}
			if out != nil {
				out[k] = y
			}
		}
		if out == nil {
			return x, nil
		}
		return out, nil
	}
	if n, ok := toInt(v); ok {
		return n, nil
	}
	if f, ok := toFloat(v); ok {
		return f, nil
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.Kind() == reflect.String:
		return rv.String(), nil
	case rv.Kind() == reflect.Bool:
		return rv.Bool(), nil
	case (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array) && rv.Type().Elem().Kind() != reflect.Uint8:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil, nil
		}
		return conformList(v, ListOf(Any))
	case isStringMap(v):
		if rv.IsNil() {
			return nil, nil
		}
		return conformMap(v, MapOf(Any))
	}
	return nil, valueErrorf("unsupported value %s", describe(v))
}

// same reports whether a conversion left a value unchanged, without
// comparing uncomparable values (slices, maps) by content.
func same(a, b any) bool {
	switch a.(type) {
	case []any, map[string]any:
		ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
		return ra.Kind() == rb.Kind() && ra.UnsafePointer() == rb.UnsafePointer()
	case string, bool, int64, float64, time.Duration, nil:
		return a == b
	case time.Time:
		bt, ok := b.(time.Time)
		return ok && a.(time.Time) == bt
	}
	return false
}

func isStringMap(v any) bool {
	if _, ok := v.(map[string]any); ok {
		return true
	}
	t := reflect.TypeOf(v)
	return t != nil && t.Kind() == reflect.Map && t.Key().Kind() == reflect.String
}

func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint:
		if uint64(x) <= math.MaxInt64 {
			return int64(x), true
		}
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
	case float64:
		// JSON decoders without UseNumber produce float64 for every number;
		// accept those that are exact integers.
		if x == math.Trunc(x) && x >= -(1<<63) && x < 1<<63 {
			return int64(x), true
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n, true
		}
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case float32:
		return float64(x), !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0)
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	if n, ok := toInt(v); ok {
		return float64(n), true
	}
	return 0, false
}

// describe names the wfc type of a Go value for error messages, with the
// value itself when it is short.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 40 {
			x = x[:37] + "..."
		}
		return "str " + strconv.Quote(x)
	case bool:
		return "bool " + strconv.FormatBool(x)
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprintf("int %d", x)
	case float32, float64:
		return fmt.Sprintf("float %v", x)
	case json.Number:
		return "number " + x.String()
	case time.Time:
		return "datetime " + x.Format(time.RFC3339Nano)
	case time.Duration:
		return "duration " + x.String()
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Map:
		return "dict"
	}
	return fmt.Sprintf("Go value of type %T", v)
}

// ParseDatetime parses an RFC 3339 timestamp, with or without fractional
// seconds. It decides for datetime literals in source and for -i values
// alike, so that what checks also compiles and runs: the instant must be
// one a protobuf Timestamp holds (see checkTimestamp).
func ParseDatetime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("cannot parse %s as datetime (write it in RFC 3339 form, like 2024-05-01T12:00:00Z)", quoteShort(s))
	}
	if err := checkTimestamp(t); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// The range of a protobuf Timestamp, which is how Flyte carries a
// datetime: year 1 to year 9999, in UTC.
var (
	minTimestamp = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTimestamp = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

// errTimestampRange marks a datetime that parses but that Flyte cannot
// carry.
var errTimestampRange = errors.New("outside the range Flyte holds, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z")

func checkTimestamp(t time.Time) error {
	if t.Before(minTimestamp) || t.After(maxTimestamp) {
		return fmt.Errorf("datetime %s is %w", t.Format(time.RFC3339Nano), errTimestampRange)
	}
	return nil
}

// ParseValue reads text as a value of type t. It is how `-i name=value`
// arguments and the stdout or output files of shell tasks become values:
//
//   - str takes the text as it is;
//   - int, float, bool, datetime (RFC 3339) and duration (Go syntax: 10s,
//     1m30s) ignore surrounding white space;
//   - dict, list[T] and map[str, T] are JSON text;
//   - T? is null for the text "null", else parsed as T;
//   - any is JSON when the text is valid JSON, else the text as a str.
func ParseValue(text string, t *Type) (any, error) {
	trimmed := strings.TrimSpace(text)
	switch t.Kind {
	case KindString:
		return text, nil
	case KindFile, KindDir:
		return ConformValue(text, t)
	case KindInt:
		n, err := strconv.ParseInt(trimmed, 10, 64)
		if err != nil {
			return nil, valueErrorf("cannot parse %s as int", quoteShort(text))
		}
		return n, nil
	case KindFloat:
		f, err := strconv.ParseFloat(trimmed, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, valueErrorf("cannot parse %s as float", quoteShort(text))
		}
		return f, nil
	case KindBool:
		switch trimmed {
		case "true", "True", "TRUE":
			return true, nil
		case "false", "False", "FALSE":
			return false, nil
		}
		return nil, valueErrorf("cannot parse %s as bool (write true or false)", quoteShort(text))
	case KindDatetime:
		tm, err := ParseDatetime(trimmed)
		if err != nil {
			return nil, valueErrorf("%v", err)
		}
		return tm, nil
	case KindDuration:
		d, err := lang.ParseDuration(trimmed)
		if err != nil {
			return nil, valueErrorf("%v", err)
		}
		return d, nil
	case KindNone:
		if trimmed == "null" || trimmed == "" {
			return nil, nil
		}
		return nil, valueErrorf("expected null, got %s", quoteShort(text))
	case KindOptional:
		if trimmed == "null" {
			return nil, nil
		}
		return ParseValue(text, t.Elem)
	case KindAny:
		if json.Valid([]byte(trimmed)) {
			return DecodeJSON([]byte(trimmed), t)
		}
		return text, nil
	case KindDict, KindList, KindMap:
		v, err := DecodeJSON([]byte(text), t)
		if err != nil {
			return nil, err
		}
		return v, nil
	}
	return nil, valueErrorf("cannot parse a value of type %s", t)
}

func quoteShort(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strconv.Quote(s)
}

// LookupPath reads an attribute path out of a value: each step is a dict
// key, or a decimal index into a list. A missing key is an error naming it
// and the keys that are there.
func LookupPath(v any, path []string) (any, error) {
	for i, step := range path {
		where := ""
		if i > 0 {
			where = " in ." + strings.Join(path[:i], ".")
		}
		switch x := v.(type) {
		case map[string]any:
			e, ok := x[step]
			if !ok {
				keys := slices.Sorted(maps.Keys(x))
				have := "it is empty"
				if len(keys) > 0 {
					if len(keys) > 10 {
						keys = append(keys[:10], "…")
					}
					have = "keys: " + strings.Join(keys, ", ")
				}
				return nil, fmt.Errorf("no key %q%s (%s)", step, where, have)
			}
			v = e
		case []any:
			n, err := strconv.Atoi(step)
			if err != nil || n < 0 || n >= len(x) {
				return nil, fmt.Errorf("no element %q%s (list of %d)", step, where, len(x))
			}
			v = x[n]
		default:
			return nil, fmt.Errorf("cannot read .%s%s: value is %s, not a dict", step, where, describe(v))
		}
	}
	return v, nil
}

// firstKeyError is the error check finds in m's first bad value in key
// order, so that the same value is named every time.
func firstKeyError(m map[string]any, check func(any) error) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := check(m[k]); err != nil {
			return within(err, keyStep(k))
		}
	}
	return nil
}

func keyStep(k string) string {
	if isIdent(k) {
		return k
	}
	return "[" + strconv.Quote(k) + "]"
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return false
	}
	return true
}

// FormatText renders a value as text, the inverse of ParseValue: strings as
// they are, numbers, bools, datetimes (RFC 3339) and durations (Go syntax)
// in their usual form, null as the empty string, lists and dicts as JSON.
func FormatText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case time.Duration:
		return x.String()
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case float64:
		return string(appendFloat(nil, x))
	}
	b, err := AppendJSON(nil, v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
