package flyte

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// This file is a streaming encoder that writes exactly what MarshalJSON
// writes (protojson's encoding, indented by two spaces) without
// protojson's cost: protojson builds the whole document in memory, json.Indent
// then copies it, and for a workflow of 100,000 nodes the two take seconds
// and hundreds of megabytes. Here the document goes straight into a
// buffered writer, per-type field plans are computed once, and messages
// the emitter shares between nodes (node metadata, task references) are
// encoded once and copied. encode_test.go checks the two encoders agree
// byte for byte on every program the tests compile.

// EncodeJSON writes m to w as MarshalJSON would.
func EncodeJSON(w io.Writer, m proto.Message) error {
	e := &jsonEncoder{w: w, buf: make([]byte, 0, 64<<10), plans: map[protoreflect.FullName]*msgPlan{}}
	e.collectFn = e.collect
	mr := m.ProtoReflect()
	e.message(mr, e.plan(mr.Descriptor()), 0)
	e.buf = append(e.buf, '\n')
	e.flush()
	return e.err
}

type jsonEncoder struct {
	w     io.Writer
	buf   []byte
	err   error
	plans map[protoreflect.FullName]*msgPlan
	memo  map[memoKey][]byte
	// memoizing counts the memoised messages being encoded: the buffer
	// must not be flushed while one is, since its bytes are copied from it.
	memoizing int

	// Populated fields are gathered by Range (cheaper than asking Has of
	// every field) onto this stack, through a method value bound once.
	stack []populated

	nodeMetadataPlan, taskNodePlan *msgPlan
	collectFn                      func(protoreflect.FieldDescriptor, protoreflect.Value) bool
}

type populated struct {
	fd protoreflect.FieldDescriptor
	v  protoreflect.Value
}

func (e *jsonEncoder) collect(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
	e.stack = append(e.stack, populated{fd, v})
	return true
}

type memoKey struct {
	m     any // the message pointer
	depth int
}

// memoTypes are the messages the emitter shares between nodes.
var memoTypes = map[protoreflect.FullName]bool{
	"flyteidl.core.NodeMetadata": true,
	"flyteidl.core.TaskNode":     true,
}

type wkt int

const (
	wktNone wkt = iota
	wktDuration
	wktTimestamp
	wktStruct
	wktValue
	wktListValue
	wktWrapper
	wktUnsupported
)

type msgPlan struct {
	wkt    wkt
	memo   bool
	fields []fieldPlan // by field index
}

type fieldPlan struct {
	fd    protoreflect.FieldDescriptor
	key   []byte   // "jsonName": with the quotes and the space
	child *msgPlan // for message fields (map values included), once needed
}

// childPlan returns the plan of a message field's messages.
func (e *jsonEncoder) childPlan(f *fieldPlan) *msgPlan {
	if f.child == nil {
		md := f.fd.Message()
		if f.fd.IsMap() {
			md = f.fd.MapValue().Message()
		}
		f.child = e.plan(md)
	}
	return f.child
}

func (e *jsonEncoder) plan(md protoreflect.MessageDescriptor) *msgPlan {
	if p := e.plans[md.FullName()]; p != nil {
		return p
	}
	p := &msgPlan{memo: memoTypes[md.FullName()]}
	switch md.FullName() {
	case "google.protobuf.Duration":
		p.wkt = wktDuration
	case "google.protobuf.Timestamp":
		p.wkt = wktTimestamp
	case "google.protobuf.Struct":
		p.wkt = wktStruct
	case "google.protobuf.Value":
		p.wkt = wktValue
	case "google.protobuf.ListValue":
		p.wkt = wktListValue
	case "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue",
		"google.protobuf.Int32Value", "google.protobuf.Int64Value", "google.protobuf.UInt32Value",
		"google.protobuf.UInt64Value", "google.protobuf.FloatValue", "google.protobuf.DoubleValue":
		p.wkt = wktWrapper
	case "google.protobuf.Any", "google.protobuf.FieldMask":
		p.wkt = wktUnsupported
	}
	fds := md.Fields()
	p.fields = make([]fieldPlan, fds.Len())
	for i := range p.fields {
		fd := fds.Get(i)
		key := strconv.AppendQuote(nil, fd.JSONName())
		p.fields[i] = fieldPlan{fd: fd, key: append(key, ':', ' ')}
	}
	e.plans[md.FullName()] = p
	return p
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

func (e *jsonEncoder) message(m protoreflect.Message, p *msgPlan, depth int) {
	if len(e.buf) > 48<<10 && e.memoizing == 0 {
		e.flush()
	}
	md := m.Descriptor()
	switch p.wkt {
	case wktDuration:
		e.duration(m)
		return
	case wktTimestamp:
		e.timestamp(m)
		return
	case wktStruct:
		e.structFields(m, p, depth)
		return
	case wktValue:
		e.value(m, p, depth)
		return
	case wktListValue:
		e.list(m.Get(p.fields[0].fd).List(), &p.fields[0], depth)
		return
	case wktWrapper:
		e.scalar(m.Get(p.fields[0].fd), p.fields[0].fd)
		return
	case wktUnsupported:
		e.fail(fmt.Errorf("encoding %s is not supported", md.FullName()))
		return
	}
	if e.fast(m, depth) {
		return
	}
	if p.memo {
		key := memoKey{m.Interface(), depth}
		if b, ok := e.memo[key]; ok {
			e.buf = append(e.buf, b...)
			return
		}
		start := len(e.buf)
		e.memoizing++
		e.fields(m, p, depth)
		e.memoizing--
		if e.memo == nil {
			e.memo = map[memoKey][]byte{}
		}
		e.memo[key] = slices.Clone(e.buf[start:])
		return
	}
	e.fields(m, p, depth)
}

// fields writes a message's populated fields in declaration order, which
// is protojson's order.
func (e *jsonEncoder) fields(m protoreflect.Message, p *msgPlan, depth int) {
	base := len(e.stack)
	m.Range(e.collectFn)
	got := e.stack[base:]
	sorted := true
	for i := 1; i < len(got); i++ {
		if got[i].fd.Index() < got[i-1].fd.Index() {
			sorted = false
			break
		}
	}
	if !sorted {
		slices.SortFunc(got, func(a, b populated) int { return a.fd.Index() - b.fd.Index() })
	}
	e.buf = append(e.buf, '{')
	for i := base; i < len(e.stack); i++ {
		pf := e.stack[i]
		if i > base {
			e.buf = append(e.buf, ',')
		}
		f := &p.fields[pf.fd.Index()]
		e.newline(depth + 1)
		e.buf = append(e.buf, f.key...)
		e.field(pf.v, f, depth+1)
	}
	if len(e.stack) > base {
		e.newline(depth)
	}
	clear(e.stack[base:])
	e.stack = e.stack[:base]
	e.buf = append(e.buf, '}')
}

func (e *jsonEncoder) field(v protoreflect.Value, f *fieldPlan, depth int) {
	switch {
	case f.fd.IsList():
		e.list(v.List(), f, depth)
	case f.fd.IsMap():
		e.mapField(v.Map(), f, depth)
	default:
		e.single(v, f, depth)
	}
}

func (e *jsonEncoder) single(v protoreflect.Value, f *fieldPlan, depth int) {
	fd := f.fd
	if fd.IsMap() {
		fd = fd.MapValue()
	}
	if fd.Message() != nil {
		e.message(v.Message(), e.childPlan(f), depth)
		return
	}
	e.scalar(v, fd)
}

func (e *jsonEncoder) list(l protoreflect.List, f *fieldPlan, depth int) {
	if l.Len() == 0 {
		e.buf = append(e.buf, '[', ']')
		return
	}
	e.buf = append(e.buf, '[')
	for i := 0; i < l.Len(); i++ {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.newline(depth + 1)
		e.single(l.Get(i), f, depth+1)
	}
	e.newline(depth)
	e.buf = append(e.buf, ']')
}

// mapField writes map entries sorted by key, as protojson does.
func (e *jsonEncoder) mapField(m protoreflect.Map, f *fieldPlan, depth int) {
	entries := make([]mapEntry, 0, m.Len())
	m.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
		entries = append(entries, mapEntry{k, k.String(), v})
		return true
	})
	if f.fd.MapKey().Kind() == protoreflect.StringKind {
		slices.SortFunc(entries, func(a, b mapEntry) int { return strings.Compare(a.s, b.s) })
	} else {
		slices.SortFunc(entries, func(a, b mapEntry) int { return compareMapKeys(a.k, b.k) })
	}
	e.buf = append(e.buf, '{')
	for i, en := range entries {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.newline(depth + 1)
		e.str(en.s)
		e.buf = append(e.buf, ':', ' ')
		e.single(en.v, f, depth+1)
	}
	if len(entries) > 0 {
		e.newline(depth)
	}
	e.buf = append(e.buf, '}')
}

type mapEntry struct {
	k protoreflect.MapKey
	s string
	v protoreflect.Value
}

func compareMapKeys(a, b protoreflect.MapKey) int {
	switch x := a.Interface().(type) {
	case string:
		y := b.Interface().(string)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case bool:
		y := b.Interface().(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case int32, int64:
		x64, y64 := a.Int(), b.Int()
		switch {
		case x64 < y64:
			return -1
		case x64 > y64:
			return 1
		}
		return 0
	}
	x64, y64 := a.Uint(), b.Uint()
	switch {
	case x64 < y64:
		return -1
	case x64 > y64:
		return 1
	}
	return 0
}

func (e *jsonEncoder) scalar(v protoreflect.Value, fd protoreflect.FieldDescriptor) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		e.buf = append(e.buf, '"')
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
		e.buf = append(e.buf, '"')
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		e.buf = append(e.buf, '"')
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
		e.buf = append(e.buf, '"')
	case protoreflect.FloatKind:
		e.float(v.Float(), 32)
	case protoreflect.DoubleKind:
		e.float(v.Float(), 64)
	case protoreflect.StringKind:
		e.str(v.String())
	case protoreflect.BytesKind:
		e.buf = append(e.buf, '"')
		e.buf = base64.StdEncoding.AppendEncode(e.buf, v.Bytes())
		e.buf = append(e.buf, '"')
	case protoreflect.EnumKind:
		if fd.Enum().FullName() == "google.protobuf.NullValue" {
			e.buf = append(e.buf, "null"...)
			return
		}
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			e.str(string(ev.Name()))
		} else {
			e.buf = strconv.AppendInt(e.buf, int64(v.Enum()), 10)
		}
	default:
		e.fail(fmt.Errorf("field %s: unsupported kind %v", fd.FullName(), fd.Kind()))
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

// duration writes a google.protobuf.Duration as proto3 JSON does: seconds
// with 0, 3, 6 or 9 fractional digits and an "s".
func (e *jsonEncoder) duration(m protoreflect.Message) {
	fds := m.Descriptor().Fields()
	secs, nanos := m.Get(fds.ByNumber(1)).Int(), m.Get(fds.ByNumber(2)).Int()
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
func (e *jsonEncoder) timestamp(m protoreflect.Message) {
	fds := m.Descriptor().Fields()
	secs, nanos := m.Get(fds.ByNumber(1)).Int(), m.Get(fds.ByNumber(2)).Int()
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

func (e *jsonEncoder) structFields(m protoreflect.Message, p *msgPlan, depth int) {
	e.mapField(m.Get(p.fields[0].fd).Map(), &p.fields[0], depth)
}

func (e *jsonEncoder) value(m protoreflect.Message, p *msgPlan, depth int) {
	od := m.Descriptor().Oneofs().ByName("kind")
	fd := m.WhichOneof(od)
	if fd == nil {
		e.fail(errors.New("google.protobuf.Value with no kind set"))
		return
	}
	v := m.Get(fd)
	if fd.Kind() == protoreflect.DoubleKind && (math.IsNaN(v.Float()) || math.IsInf(v.Float(), 0)) {
		e.fail(fmt.Errorf("google.protobuf.Value cannot hold %v", v.Float()))
		return
	}
	e.single(v, &p.fields[fd.Index()], depth)
}
