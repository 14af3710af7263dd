package flyte

import (
	"bytes"
	"math"
	"reflect"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
)

// sameAsFlyteidl checks both encodings of m against flyteidl's: the
// protobuf runtime reads the binary one into flyteidl's type and writes
// it back byte for byte, EncodeJSON writes what protojson writes of it,
// and the tests' decoder reads flyteidl's back into the same message.
func sameAsFlyteidl(t *testing.T, what string, m Message) {
	t.Helper()
	x := toFlyteidl(t, m)
	want, err := proto.MarshalOptions{Deterministic: true}.Marshal(x)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got, err := marshalProto(m); err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s: the binary encoding differs from the protobuf runtime's at byte %d of %d", what, firstDiff(got, want), len(want))
	}
	back := reflect.New(reflect.TypeOf(m).Elem()).Interface()
	if fromFlyteidl(t, x, back); !sameMessage(back, m) {
		t.Errorf("%s: read back from flyteidl's type, it differs", what)
	}
	wantJSON := protojsonOf(t, x)
	var got bytes.Buffer
	if err := EncodeJSON(&got, m); err != nil {
		t.Fatalf("%s: EncodeJSON: %v", what, err)
	}
	if !bytes.Equal(got.Bytes(), wantJSON) {
		t.Errorf("%s: EncodeJSON differs from protojson at byte %d:\n%s", what, firstDiff(got.Bytes(), wantJSON), diffContext(got.Bytes(), wantJSON))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func diffContext(got, want []byte) string {
	i := firstDiff(got, want)
	lo := max(0, i-120)
	return "got:  …" + string(got[lo:min(len(got), i+80)]) + "\nwant: …" + string(want[lo:min(len(want), i+80)])
}

// bundleSameAsFlyteidl checks b's entities and its workflows' closures
// with sameAsFlyteidl.
func bundleSameAsFlyteidl(t *testing.T, b *Bundle) {
	t.Helper()
	for _, e := range b.Entities {
		sameAsFlyteidl(t, e.Name, e.Spec)
	}
	for _, w := range b.Workflows() {
		c, err := b.Closure(w)
		if err != nil {
			t.Fatal(err)
		}
		sameAsFlyteidl(t, w+" closure", c)
	}
}

func TestEncodingsMatchFlyteidl(t *testing.T) {
	eachProgram(t, func(t *testing.T, name string, b *Bundle) { bundleSameAsFlyteidl(t, b) })
}

// Values the programs do not reach: escapes, number forms, well-known
// types at their edges.
func TestEncodeJSONEdgeValues(t *testing.T) {
	st, err := Struct(map[string]any{
		"ctl":     "a\x00b\x1fc\td\ne\"f\\g<h>&i\u2028j\u00e9k\U0001F600",
		"nums":    []any{0.0, math.Copysign(0, -1), 1.0, -1.5, 0.1, 1e20, 1e21, 1.5e-7, 1e-6, 123456789012345678.0, math.MaxFloat64, math.SmallestNonzeroFloat64},
		"empty":   map[string]any{},
		"list":    []any{},
		"null":    nil,
		"bool":    false,
		"":        "empty key",
		"zz\n":    "key escapes",
		"nested":  map[string]any{"a": []any{map[string]any{}, []any{}}},
		"unicode": "ünïcødé",
	})
	if err != nil {
		t.Fatal(err)
	}
	durs := []time.Duration{0, time.Nanosecond, 1500 * time.Millisecond, -2 * time.Second, -time.Millisecond, 10 * time.Second, time.Microsecond, 90 * time.Minute, 1234567 * time.Nanosecond}
	var lits []*core.Literal
	for _, d := range durs {
		lits = append(lits, scalarLiteral(&core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_Duration{Duration: wkt.NewDuration(d)}}}}))
	}
	for _, ts := range []time.Time{time.Unix(0, 0), time.Date(2024, 2, 29, 23, 59, 59, 1, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC), time.Date(2020, 1, 2, 3, 4, 5, 6000, time.FixedZone("x", 3600))} {
		lits = append(lits, scalarLiteral(&core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_Datetime{Datetime: wkt.NewTimestamp(ts)}}}}))
	}
	for _, n := range []int64{0, -1, math.MaxInt64, math.MinInt64} {
		lits = append(lits, scalarLiteral(&core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_Integer{Integer: n}}}}))
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 3.25} {
		lits = append(lits, scalarLiteral(&core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_FloatValue{FloatValue: f}}}}))
	}
	lits = append(lits,
		scalarLiteral(&core.Scalar{Value: &core.Scalar_Generic{Generic: st}}),
		scalarLiteral(&core.Scalar{Value: &core.Scalar_Binary{Binary: &core.Binary{Value: []byte{0, 1, 2, 250, 255}, Tag: "msgpack"}}}),
		scalarLiteral(noneScalar()),
		&core.Literal{Value: &core.Literal_Map{Map: &core.LiteralMap{Literals: map[string]*core.Literal{"b": scalarLiteral(noneScalar()), "a": scalarLiteral(noneScalar())}}}, Metadata: map[string]string{"z": "1", "a": "2"}},
	)
	sameAsFlyteidl(t, "literals", &core.LiteralCollection{Literals: lits})
	sameAsFlyteidl(t, "task metadata", &core.TaskMetadata{
		InterruptibleValue: &core.TaskMetadata_Interruptible{Interruptible: false},
		GeneratesDeck:      wkt.Bool(true),
		Tags:               map[string]string{"b": "2", "a": "1"},
		Retries:            &core.RetryStrategy{},
	})
	sameAsFlyteidl(t, "empty node", &core.Node{})
	sameAsFlyteidl(t, "node with aliases", &core.Node{Id: "n0", OutputAliases: []*core.Alias{{Var: "a", Alias: "b"}}})
	sameAsFlyteidl(t, "binding with union", &core.Binding{Var: "x", Binding: &core.BindingData{
		Value: &core.BindingData_Promise{Promise: &core.OutputReference{NodeId: "n1", Var: "o0", AttrPath: []*core.PromiseAttribute{
			{Value: &core.PromiseAttribute_StringValue{StringValue: "a"}}, {Value: &core.PromiseAttribute_IntValue{IntValue: 0}}}}},
		Union: &core.UnionInfo{TargetType: simpleLiteralType(core.SimpleType_INTEGER)},
	}})
	sameAsFlyteidl(t, "empty connections", &core.ConnectionSet{})
	sameAsFlyteidl(t, "empty id list", &core.ConnectionSet{Upstream: map[string]*core.ConnectionSet_IdList{"a": {}}})
}

func TestEncodeJSONRejectsInvalidUTF8(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, &core.Identifier{Name: "bad\xff"}); err == nil {
		t.Error("EncodeJSON accepted invalid UTF-8")
	}
}
