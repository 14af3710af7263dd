package flyte

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
)

// A msgPlan is what both encoders need to know of a message type of
// package idl's shape (see its documentation): its fields from their
// tags, in declaration order, worked out once per type.
type msgPlan struct {
	wkt    wktKind
	fields []fieldPlan
}

type wktKind int

const (
	wktNone wktKind = iota
	wktDuration
	wktTimestamp
	wktStruct
	wktValue
	wktListValue
	wktBoolValue
)

// A fieldPlan is one field of a message: a oneof's interface field, or
// one with a number. A oneof's cases are planned as they are met.
type fieldPlan struct {
	index int // in the Go struct
	oneof bool
	field
}

// field is a numbered field: of a message, or the one of a oneof case.
type field struct {
	num   int32
	key   []byte // `"jsonName": `, as JSON writes it
	shape shape
	kind  kind         // of the value, or of the elements of a list or map
	elem  reflect.Type // the value's type, or the elements'
	msg   *msgPlan     // when kind is kindMessage
}

type shape int

const (
	single shape = iota
	list
	dict
)

type kind int

const (
	kindBool kind = iota
	kindInt32
	kindInt64
	kindUint32
	kindUint64
	kindFloat
	kindDouble
	kindString
	kindBytes
	kindEnum
	kindMessage
)

// kinds are the kinds of Go's kinds; a named int32 is an enum, a slice a
// bytes field (the slices of repeated fields are taken apart first).
var kinds = map[reflect.Kind]kind{
	reflect.Bool: kindBool, reflect.Int32: kindInt32, reflect.Int64: kindInt64,
	reflect.Uint32: kindUint32, reflect.Uint64: kindUint64, reflect.Float32: kindFloat,
	reflect.Float64: kindDouble, reflect.String: kindString, reflect.Slice: kindBytes,
	reflect.Pointer: kindMessage,
}

// wire is the protobuf wire type of a kind.
func (k kind) wire() int {
	switch k {
	case kindFloat:
		return 5
	case kindDouble:
		return 1
	case kindString, kindBytes, kindMessage:
		return 2
	}
	return 0
}

var (
	plansMu sync.Mutex
	plans   sync.Map // reflect.Type of the struct → *msgPlan
	cases   sync.Map // reflect.Type of a oneof case's struct → *field
)

// planOf returns the plan of the message struct type t.
func planOf(t reflect.Type) *msgPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*msgPlan)
	}
	return planning(func(building map[reflect.Type]*msgPlan) *msgPlan { return build(t, building) })
}

// caseOf returns the field of the oneof case struct type t.
func caseOf(t reflect.Type) *field {
	if f, ok := cases.Load(t); ok {
		return f.(*field)
	}
	f := planning(func(building map[reflect.Type]*msgPlan) field { return tagged(t.Field(0), building) })
	cases.Store(t, &f)
	return &f
}

// planning runs plan under the lock and publishes the plans it built once
// they are whole: a recursive type's plan refers to itself.
func planning[T any](plan func(building map[reflect.Type]*msgPlan) T) T {
	plansMu.Lock()
	defer plansMu.Unlock()
	building := map[reflect.Type]*msgPlan{}
	r := plan(building)
	for t, p := range building {
		plans.Store(t, p)
	}
	return r
}

func build(t reflect.Type, building map[reflect.Type]*msgPlan) *msgPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*msgPlan)
	}
	if p := building[t]; p != nil {
		return p // a recursive type: filled in below
	}
	p := &msgPlan{wkt: wktOf(t)}
	building[t] = p
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("pb")
		switch {
		case tag == "":
			panic(fmt.Sprintf("flyte: %v.%s has no pb tag", t, sf.Name))
		case tag == "oneof":
			p.fields = append(p.fields, fieldPlan{index: i, oneof: true})
		default:
			p.fields = append(p.fields, fieldPlan{index: i, field: tagged(sf, building)})
		}
	}
	return p
}

func wktOf(t reflect.Type) wktKind {
	switch t {
	case reflect.TypeFor[wkt.Duration]():
		return wktDuration
	case reflect.TypeFor[wkt.Timestamp]():
		return wktTimestamp
	case reflect.TypeFor[wkt.Struct]():
		return wktStruct
	case reflect.TypeFor[wkt.Value]():
		return wktValue
	case reflect.TypeFor[wkt.ListValue]():
		return wktListValue
	case reflect.TypeFor[wkt.BoolValue]():
		return wktBoolValue
	}
	return wktNone
}

// tagged plans a field from its `pb:"number,jsonName"` tag and Go type.
func tagged(sf reflect.StructField, building map[reflect.Type]*msgPlan) field {
	num, name, ok := strings.Cut(sf.Tag.Get("pb"), ",")
	n, err := strconv.ParseInt(num, 10, 32)
	if !ok || err != nil || n <= 0 {
		panic(fmt.Sprintf("flyte: field %s: bad pb tag %q", sf.Name, sf.Tag.Get("pb")))
	}
	f := field{num: int32(n), key: append(strconv.AppendQuote(nil, name), ':', ' ')}
	t := sf.Type
	switch {
	case t.Kind() == reflect.Map:
		f.shape, t = dict, t.Elem()
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		f.shape, t = list, t.Elem()
	}
	f.elem = t
	k, ok := kinds[t.Kind()]
	if !ok {
		panic(fmt.Sprintf("flyte: field %s: unsupported type %v", sf.Name, sf.Type))
	}
	switch {
	case k == kindInt32 && t.Name() != "int32":
		k = kindEnum
	case k == kindMessage:
		f.msg = build(t.Elem(), building)
	}
	f.kind = k
	return f
}

// A setField is a field of a message value that is set: present in
// protobuf's proto3 sense. v is the field's value (of a oneof, the
// case's).
type setField struct {
	f     *field
	v     reflect.Value
	oneof bool
}

// setFields appends the fields of the message struct v that are set, in
// declaration order.
func (p *msgPlan) setFields(dst []setField, v reflect.Value) []setField {
	for i := range p.fields {
		fp := &p.fields[i]
		fv := v.Field(fp.index)
		if fp.oneof {
			if fv.IsNil() {
				continue
			}
			c := fv.Elem()
			if c.IsNil() {
				continue
			}
			dst = append(dst, setField{caseOf(c.Type().Elem()), c.Elem().Field(0), true})
			continue
		}
		if fp.shape != single || fp.kind == kindBytes {
			if fv.Len() > 0 {
				dst = append(dst, setField{f: &fp.field, v: fv})
			}
		} else if !fv.IsZero() {
			dst = append(dst, setField{f: &fp.field, v: fv})
		}
	}
	return dst
}

// sortedKeys returns the keys of the map v, whose keys are strings, in
// order: protojson's order, and the protobuf runtime's when deterministic.
func sortedKeys(v reflect.Value) []reflect.Value {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	return keys
}

// wireOrder sorts fields into the order protobuf's Go runtime writes
// them in: by number, the oneofs' after the others.
func wireOrder(fs []setField) {
	if !slices.IsSortedFunc(fs, cmpWire) {
		slices.SortFunc(fs, cmpWire)
	}
}

func cmpWire(a, b setField) int {
	if a.oneof != b.oneof {
		if a.oneof {
			return 1
		}
		return -1
	}
	return int(a.f.num - b.f.num)
}
