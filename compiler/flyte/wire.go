package flyte

import (
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"slices"
	"unicode/utf8"
)

// marshalProto encodes the message m (a pointer to a struct of package
// idl's shape) as protobuf's Go runtime does with Deterministic set:
// fields by number, proto3 zero values left out, numbers and enums
// packed, map entries sorted by key and written whole, the oneofs after
// the other fields. Like the runtime, it refuses strings that are not
// UTF-8.
func marshalProto(m Message) ([]byte, error) {
	v := reflect.ValueOf(m)
	var w wireEncoder
	w.message(v.Elem(), planOf(v.Type().Elem()))
	return w.buf, w.err
}

type wireEncoder struct {
	buf   []byte
	stack []setField
	err   error
}

func (w *wireEncoder) tag(num int32, wire int) {
	w.buf = binary.AppendUvarint(w.buf, uint64(num)<<3|uint64(wire))
}

func (w *wireEncoder) message(v reflect.Value, p *msgPlan) {
	base := len(w.stack)
	w.stack = p.setFields(w.stack, v)
	wireOrder(w.stack[base:])
	for i := base; i < len(w.stack); i++ {
		sf := w.stack[i]
		w.field(sf.f, sf.v)
	}
	clear(w.stack[base:])
	w.stack = w.stack[:base]
}

func (w *wireEncoder) field(f *field, v reflect.Value) {
	switch f.shape {
	case single:
		w.tag(f.num, f.kind.wire())
		w.value(f, v)
	case list:
		if f.kind.wire() != 2 { // packed
			w.tag(f.num, 2)
			w.nested(func() {
				for i := range v.Len() {
					w.value(f, v.Index(i))
				}
			})
			return
		}
		for i := range v.Len() {
			w.tag(f.num, 2)
			w.value(f, v.Index(i))
		}
	case dict:
		for _, k := range sortedKeys(v) {
			w.tag(f.num, 2)
			w.nested(func() {
				w.tag(1, 2)
				w.str(k.String())
				w.tag(2, f.kind.wire())
				w.value(f, v.MapIndex(k))
			})
		}
	}
}

// value writes one value of f's kind, without its tag.
func (w *wireEncoder) value(f *field, v reflect.Value) {
	switch f.kind {
	case kindBool:
		b := uint64(0)
		if v.Bool() {
			b = 1
		}
		w.buf = binary.AppendUvarint(w.buf, b)
	case kindInt32, kindInt64, kindEnum:
		w.buf = binary.AppendUvarint(w.buf, uint64(v.Int()))
	case kindUint32, kindUint64:
		w.buf = binary.AppendUvarint(w.buf, v.Uint())
	case kindFloat:
		w.buf = binary.LittleEndian.AppendUint32(w.buf, math.Float32bits(float32(v.Float())))
	case kindDouble:
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(v.Float()))
	case kindString:
		w.str(v.String())
	case kindBytes:
		w.bytes(string(v.Bytes()))
	case kindMessage:
		w.nested(func() {
			if !v.IsNil() {
				w.message(v.Elem(), f.msg)
			}
		})
	}
}

func (w *wireEncoder) str(s string) {
	if !utf8.ValidString(s) && w.err == nil {
		w.err = errors.New("string field contains invalid UTF-8")
	}
	w.bytes(s)
}

func (w *wireEncoder) bytes(s string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
}

// nested writes what body appends, preceded by its length. Most nested
// messages are shorter than 128 bytes, so one byte is kept for the length
// and a longer message moved up to make room.
func (w *wireEncoder) nested(body func()) {
	start := len(w.buf)
	w.buf = append(w.buf, 0)
	body()
	n := len(w.buf) - start - 1
	if n < 128 {
		w.buf[start] = byte(n)
		return
	}
	var lb [binary.MaxVarintLen64]byte
	l := binary.PutUvarint(lb[:], uint64(n))
	w.buf = slices.Insert(w.buf, start+1, lb[1:l]...)
	copy(w.buf[start:], lb[:l])
}
