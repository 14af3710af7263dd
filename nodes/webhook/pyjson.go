package webhook

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/wfc-lang/wfc/compiler"
)

// pyJSON encodes a POST body the way the connector's HTTP client (httpx
// 0.28) does: json.dumps(data, ensure_ascii=False, separators=(",", ":"),
// allow_nan=False). That differs from encoding/json in ways a server can
// see: floats keep Python's repr ("1.0", "1e-05"), non-ASCII and <, >, &
// are not escaped, and control characters use lowercase \u00XX.
//
// Keys are sorted: Python would keep the insertion order of the task's data,
// which its protobuf Struct does not preserve on the way to the connector.
//
// A Pending is written bare (<n0.o0>) so a dry run shows it is not a string;
// dry runs only display the result.
func pyJSON(v any) ([]byte, error) {
	b := &jsonBuf{b: make([]byte, 0, 128)}
	if err := writeJSON(b, v); err != nil {
		return nil, err
	}
	return b.b, nil
}

// jsonBuf appends to a byte slice: the body is sent as bytes, and building
// it in a strings.Builder would copy it once more.
type jsonBuf struct{ b []byte }

func (j *jsonBuf) str(s string) { j.b = append(j.b, s...) }
func (j *jsonBuf) ch(c byte)    { j.b = append(j.b, c) }

var errNaN = errors.New("Out of range float values are not JSON compliant")

func writeJSON(b *jsonBuf, v any) error {
	switch x := v.(type) {
	case nil:
		b.str("null")
	case bool:
		b.str(strconv.FormatBool(x))
	case int64:
		b.b = strconv.AppendInt(b.b, x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: %s", errNaN, pyFloatRepr(x))
		}
		b.str(pyFloatRepr(x))
	case string:
		writeJSONString(b, x)
	case Pending:
		b.str(x.String())
	case []any:
		b.ch('[')
		for i, e := range x {
			if i > 0 {
				b.ch(',')
			}
			if err := writeJSON(b, e); err != nil {
				return err
			}
		}
		b.ch(']')
	case map[string]any:
		b.ch('{')
		// Sorted in a small array on the stack: a body is usually a
		// handful of keys, encoded once per call.
		var buf [8]string
		for i, k := range compiler.AppendSortedKeys(buf[:0], x) {
			if i > 0 {
				b.ch(',')
			}
			writeJSONString(b, k)
			b.ch(':')
			if err := writeJSON(b, x[k]); err != nil {
				return err
			}
		}
		b.ch('}')
	default:
		return fmt.Errorf("Object of type %T is not JSON serializable", v)
	}
	return nil
}

// writeJSONString is Python's py_encode_basestring: escape the quote, the
// backslash and the C0 controls, nothing else. Runs of other bytes are
// copied as they are (invalid UTF-8 included; Python strings cannot hold it).
func writeJSONString(b *jsonBuf, s string) {
	b.ch('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.str(s[start:i])
		switch c {
		case '"':
			b.str(`\"`)
		case '\\':
			b.str(`\\`)
		case '\n':
			b.str(`\n`)
		case '\r':
			b.str(`\r`)
		case '\t':
			b.str(`\t`)
		case '\b':
			b.str(`\b`)
		case '\f':
			b.str(`\f`)
		default:
			const hex = "0123456789abcdef"
			b.str(`\u00`)
			b.ch(hex[c>>4])
			b.ch(hex[c&15])
		}
		start = i + 1
	}
	b.str(s[start:])
	b.ch('"')
}
