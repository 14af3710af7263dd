package compiler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// JSON form of values, used for outputs, run records and `--inputs` files:
// datetimes are RFC 3339 strings, durations Go duration strings ("1m30s"),
// dict keys are sorted so equal values always encode to the same bytes, and
// integral floats keep a ".0" so that decoding them untyped (inside a dict)
// gives a float back. Strings are not HTML-escaped: URLs stay readable.
//
// The encoder appends to a byte slice by hand rather than going through
// encoding/json's reflection because the runtime encodes every node's inputs
// and outputs into the run record, and that is on the path measured for a
// 100,000-node workflow.

// EncodeJSON returns the JSON encoding of a value.
func EncodeJSON(v any) ([]byte, error) { return AppendJSON(nil, v) }

// AppendJSON appends the JSON encoding of a value to dst.
func AppendJSON(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return AppendJSONString(dst, x), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case int64:
		return strconv.AppendInt(dst, x, 10), nil
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return dst, fmt.Errorf("%v cannot be represented in JSON", x)
		}
		return appendFloat(dst, x), nil
	case time.Time:
		dst = append(dst, '"')
		dst = x.AppendFormat(dst, time.RFC3339Nano)
		return append(dst, '"'), nil
	case time.Duration:
		return AppendJSONString(dst, x.String()), nil
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = AppendJSON(dst, e); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case map[string]any:
		return appendObject(dst, x)
	case json.RawMessage:
		return append(dst, x...), nil
	}
	// Values that are not yet canonical: normalize once, then encode.
	n, err := normalize(v)
	if err != nil {
		return dst, err
	}
	if reflect.TypeOf(n) == reflect.TypeOf(v) {
		return dst, fmt.Errorf("cannot encode %s as JSON", describe(v))
	}
	return AppendJSON(dst, n)
}

func appendObject(dst []byte, m map[string]any) ([]byte, error) {
	dst = append(dst, '{')
	// A small fixed array avoids allocating the key slice for the small
	// dicts that make up almost every record line.
	var buf [8]string
	keys := AppendSortedKeys(buf[:0], m)
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendJSONString(dst, k)
		dst = append(dst, ':')
		var err error
		if dst, err = AppendJSON(dst, m[k]); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// AppendSortedKeys appends m's keys to dst and sorts what it appended.
// Given a small array's slice, as encoders of small dicts do, it allocates
// nothing.
func AppendSortedKeys(dst []string, m map[string]any) []string {
	n := len(dst)
	for k := range m {
		dst = append(dst, k)
	}
	slices.Sort(dst[n:])
	return dst
}

// appendFloat formats like encoding/json (shortest representation, plain
// notation between 1e-6 and 1e21) but keeps a ".0" on integral values.
func appendFloat(dst []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// Clean up e-09 to e-9, as encoding/json does.
		n := len(dst)
		if n-start >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
		return dst
	}
	if bytes.IndexByte(dst[start:], '.') < 0 {
		dst = append(dst, '.', '0')
	}
	return dst
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as encoding/json does.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// DecodeJSON decodes JSON text into a value of type t. Numbers inside dicts
// and values of type any become int64 when written without a fraction or
// exponent and float64 otherwise; datetimes and durations are read from
// their string forms.
func DecodeJSON(data []byte, t *Type) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, valueErrorf("invalid JSON for %s: %v", t, err)
	}
	if dec.More() {
		return nil, valueErrorf("invalid JSON for %s: unexpected data after the value", t)
	}
	// json.Number "1.0" must stay a float in untyped positions, but
	// normalize turns any integral Number into int64; resolve numbers by
	// their spelling first.
	return ConformValue(numbersBySpelling(raw), t)
}

// numbersBySpelling replaces json.Number values in place (the tree is fresh
// from the decoder, so nothing else holds it): integers as int64, the rest
// as float64.
func numbersBySpelling(v any) any {
	switch x := v.(type) {
	case json.Number:
		s := x.String()
		if !bytes.ContainsAny([]byte(s), ".eE") {
			if n, err := x.Int64(); err == nil {
				return n
			}
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = numbersBySpelling(e)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = numbersBySpelling(e)
		}
	}
	return v
}
