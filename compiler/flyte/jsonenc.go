package flyte

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
)

// This file is a streaming encoder of protojson's encoding, indented by
// two spaces, with a final newline: protojson itself varies its
// whitespace from build to build on purpose. The document goes straight
// into a buffered writer, and messages the emitter shares between nodes
// (node metadata, task references) are encoded once and copied; the
// messages a workflow has one of per node have paths of their own
// (jsonfast.go).
// encode_test.go checks it against protojson, on flyteidl's own types,
// for every program the tests compile.

// EncodeJSON writes the message m (a pointer to a struct of package
// idl's shape) to w in protojson's encoding, indented.
func EncodeJSON(w io.Writer, m Message) error {
	e := &jsonEncoder{w: w, buf: make([]byte, 0, 64<<10)}
	v := reflect.ValueOf(m)
	e.message(v.Elem(), planOf(v.Type().Elem()), 0)
	e.buf = append(e.buf, '\n')
	e.flush()
	return e.err
}

type jsonEncoder struct {
	w    io.Writer
	buf  []byte
	err  error
	memo map[memoKey][]byte
	// memoizing counts the memoised messages being encoded: the buffer
	// must not be flushed while one is, since its bytes are copied from it.
	memoizing int
	stack     []setField
}

type memoKey struct {
	m     any // the message pointer
	depth int
}

// memoTypes are the messages the emitter shares between nodes.
var memoTypes = map[reflect.Type]bool{
	reflect.TypeFor[core.NodeMetadata](): true,
	reflect.TypeFor[core.TaskNode]():     true,
}

func (e *jsonEncoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *jsonEncoder) flush() {
	if e.err == nil && len(e.buf) > 0 {
		_, e.err = e.w.Write(e.buf)
	}
	e.buf = e.buf[:0]
}

const indentSpaces = "                                                                "

func (e *jsonEncoder) newline(depth int) {
	e.buf = append(e.buf, '\n')
	for n := 2 * depth; n > 0; {
		k := min(n, len(indentSpaces))
		e.buf = append(e.buf, indentSpaces[:k]...)
		n -= k
	}
}

// float writes a JSON number the way encoding/json and protojson do:
// shortest decimal that reads back, exponent form outside [1e-6, 1e21),
// NaN and infinities as the strings proto3 JSON defines.
func (e *jsonEncoder) float(f float64, bits int) {
	switch {
	case math.IsNaN(f):
		e.buf = append(e.buf, `"NaN"`...)
		return
	case math.IsInf(f, 1):
		e.buf = append(e.buf, `"Infinity"`...)
		return
	case math.IsInf(f, -1):
		e.buf = append(e.buf, `"-Infinity"`...)
		return
	}
	format := byte('f')
	abs := math.Abs(f)
	if bits == 32 {
		abs = float64(float32(abs))
	}
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(e.buf)
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	if format == 'e' {
		// 1e-07 becomes 1e-7, as in JavaScript.
		b := e.buf[start:]
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			e.buf = e.buf[:len(e.buf)-1]
		}
	}
}

const hexDigits = "0123456789abcdef"

// str writes a JSON string, escaping only what JSON requires (quote,
// backslash, control characters), as protojson does; invalid UTF-8 is an
// error there and here.
func (e *jsonEncoder) str(s string) {
	e.buf = append(e.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				e.fail(errors.New("string field contains invalid UTF-8"))
			}
			i += n
			continue
		}
		if c >= ' ' && c != '"' && c != '\\' {
			i++
			continue
		}
		e.buf = append(e.buf, s[start:i]...)
		switch c {
		case '"', '\\':
			e.buf = append(e.buf, '\\', c)
		case '\b':
			e.buf = append(e.buf, '\\', 'b')
		case '\f':
			e.buf = append(e.buf, '\\', 'f')
		case '\n':
			e.buf = append(e.buf, '\\', 'n')
		case '\r':
			e.buf = append(e.buf, '\\', 'r')
		case '\t':
			e.buf = append(e.buf, '\\', 't')
		default:
			e.buf = append(e.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	e.buf = append(e.buf, s[start:]...)
	e.buf = append(e.buf, '"')
}

func (e *jsonEncoder) message(v reflect.Value, p *msgPlan, depth int) {
	if len(e.buf) > 48<<10 && e.memoizing == 0 {
		e.flush()
	}
	switch p.wkt {
	case wktDuration:
		e.duration(v.Interface().(wkt.Duration))
		return
	case wktTimestamp:
		e.timestamp(v.Interface().(wkt.Timestamp))
		return
	case wktStruct:
		f := &p.fields[0].field
		e.mapField(v.Field(0), f, depth)
		return
	case wktValue:
		e.value(v, depth)
		return
	case wktListValue:
		e.list(v.Field(0), &p.fields[0].field, depth)
		return
	case wktBoolValue:
		e.buf = strconv.AppendBool(e.buf, v.Field(0).Bool())
		return
	}
	if e.fast(v, depth) {
		return
	}
	if memoTypes[v.Type()] {
		key := memoKey{v.Addr().Interface(), depth}
		if b, ok := e.memo[key]; ok {
			e.buf = append(e.buf, b...)
			return
		}
		start := len(e.buf)
		e.memoizing++
		e.fields(v, p, depth)
		e.memoizing--
		if e.memo == nil {
			e.memo = map[memoKey][]byte{}
		}
		e.memo[key] = slices.Clone(e.buf[start:])
		return
	}
	e.fields(v, p, depth)
}

// fields writes a message's set fields in declaration order, which is
// protojson's order.
func (e *jsonEncoder) fields(v reflect.Value, p *msgPlan, depth int) {
	base := len(e.stack)
	e.stack = p.setFields(e.stack, v)
	e.buf = append(e.buf, '{')
	for i := base; i < len(e.stack); i++ {
		sf := e.stack[i]
		if i > base {
			e.buf = append(e.buf, ',')
		}
		e.newline(depth + 1)
		e.buf = append(e.buf, sf.f.key...)
		switch sf.f.shape {
		case list:
			e.list(sf.v, sf.f, depth+1)
		case dict:
			e.mapField(sf.v, sf.f, depth+1)
		default:
			e.single(sf.v, sf.f, depth+1)
		}
	}
	if len(e.stack) > base {
		e.newline(depth)
	}
	clear(e.stack[base:])
	e.stack = e.stack[:base]
	e.buf = append(e.buf, '}')
}

func (e *jsonEncoder) list(v reflect.Value, f *field, depth int) {
	if v.Len() == 0 {
		e.buf = append(e.buf, '[', ']')
		return
	}
	e.buf = append(e.buf, '[')
	for i := range v.Len() {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.newline(depth + 1)
		e.single(v.Index(i), f, depth+1)
	}
	e.newline(depth)
	e.buf = append(e.buf, ']')
}

// mapField writes map entries sorted by key, as protojson does.
func (e *jsonEncoder) mapField(v reflect.Value, f *field, depth int) {
	keys := sortedKeys(v)
	e.buf = append(e.buf, '{')
	for i, k := range keys {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.newline(depth + 1)
		e.str(k.String())
		e.buf = append(e.buf, ':', ' ')
		e.single(v.MapIndex(k), f, depth+1)
	}
	if len(keys) > 0 {
		e.newline(depth)
	}
	e.buf = append(e.buf, '}')
}

// single writes one value of f's kind.
func (e *jsonEncoder) single(v reflect.Value, f *field, depth int) {
	switch f.kind {
	case kindBool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case kindInt32:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	case kindUint32:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case kindInt64:
		e.buf = append(e.buf, '"')
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
		e.buf = append(e.buf, '"')
	case kindUint64:
		e.buf = append(e.buf, '"')
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
		e.buf = append(e.buf, '"')
	case kindFloat:
		e.float(v.Float(), 32)
	case kindDouble:
		e.float(v.Float(), 64)
	case kindString:
		e.str(v.String())
	case kindBytes:
		e.buf = append(e.buf, '"')
		e.buf = base64.StdEncoding.AppendEncode(e.buf, v.Bytes())
		e.buf = append(e.buf, '"')
	case kindEnum:
		if f.elem == reflect.TypeFor[wkt.NullValue]() {
			e.buf = append(e.buf, "null"...)
		} else if name := v.Interface().(fmt.Stringer).String(); name != "" {
			e.str(name)
		} else {
			e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
		}
	case kindMessage:
		if v.IsNil() {
			e.buf = append(e.buf, '{', '}')
			return
		}
		e.message(v.Elem(), f.msg, depth)
	}
}

// duration writes a google.protobuf.Duration as proto3 JSON does: seconds
// with 0, 3, 6 or 9 fractional digits and an "s".
func (e *jsonEncoder) duration(d wkt.Duration) {
	secs, nanos := d.Seconds, int64(d.Nanos)
	const maxSecs = 315576000000
	if secs < -maxSecs || secs > maxSecs || nanos <= -1e9 || nanos >= 1e9 || (secs > 0 && nanos < 0) || (secs < 0 && nanos > 0) {
		e.fail(fmt.Errorf("invalid google.protobuf.Duration: seconds %d, nanos %d", secs, nanos))
		return
	}
	e.buf = append(e.buf, '"')
	if secs < 0 || nanos < 0 {
		e.buf = append(e.buf, '-')
		secs, nanos = -secs, -nanos
	}
	e.buf = strconv.AppendInt(e.buf, secs, 10)
	e.fraction(nanos)
	e.buf = append(e.buf, 's', '"')
}

// fraction writes nanoseconds as .ddd, .dddddd or .ddddddddd, or nothing.
func (e *jsonEncoder) fraction(nanos int64) {
	if nanos == 0 {
		return
	}
	digits := 9
	for digits > 0 && nanos%1000 == 0 {
		nanos /= 1000
		digits -= 3
	}
	s := strconv.FormatInt(nanos, 10)
	e.buf = append(e.buf, '.')
	for i := len(s); i < digits; i++ {
		e.buf = append(e.buf, '0')
	}
	e.buf = append(e.buf, s...)
}

// timestamp writes a google.protobuf.Timestamp as RFC 3339 in UTC with 0,
// 3, 6 or 9 fractional digits.
func (e *jsonEncoder) timestamp(t wkt.Timestamp) {
	secs, nanos := t.Seconds, int64(t.Nanos)
	const minSecs, maxSecs = -62135596800, 253402300799 // years 0001 to 9999
	if secs < minSecs || secs > maxSecs || nanos < 0 || nanos >= 1e9 {
		e.fail(fmt.Errorf("invalid google.protobuf.Timestamp: seconds %d, nanos %d", secs, nanos))
		return
	}
	e.buf = append(e.buf, '"')
	e.buf = time.Unix(secs, 0).UTC().AppendFormat(e.buf, "2006-01-02T15:04:05")
	e.fraction(nanos)
	e.buf = append(e.buf, 'Z', '"')
}

// value writes a google.protobuf.Value as the JSON value it holds.
func (e *jsonEncoder) value(v reflect.Value, depth int) {
	kind := v.Field(0)
	if kind.IsNil() || kind.Elem().IsNil() {
		e.fail(errors.New("google.protobuf.Value with no kind set"))
		return
	}
	c := kind.Elem()
	f := caseOf(c.Type().Elem())
	cv := c.Elem().Field(0)
	if f.kind == kindDouble && (math.IsNaN(cv.Float()) || math.IsInf(cv.Float(), 0)) {
		e.fail(fmt.Errorf("google.protobuf.Value cannot hold %v", cv.Float()))
		return
	}
	e.single(cv, f, depth)
}
