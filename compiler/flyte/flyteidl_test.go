package flyte

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	_ "github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
)

// The tests hold wfc's messages against flyteidl's generated types, which
// wfc itself does not link: a message goes across as its protobuf
// encoding, read by the protobuf runtime into flyteidl's type.

// flyteidlName is the protobuf name of the message type of m.
func flyteidlName(t reflect.Type) protoreflect.FullName {
	pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
	prefix := map[string]string{"core": "flyteidl.core.", "admin": "flyteidl.admin.", "wkt": "google.protobuf."}[pkg]
	return protoreflect.FullName(prefix + strings.ReplaceAll(t.Name(), "_", "."))
}

// toFlyteidl is m as flyteidl's type of it.
func toFlyteidl(t testing.TB, m Message) proto.Message {
	t.Helper()
	mt, err := protoregistry.GlobalTypes.FindMessageByName(flyteidlName(reflect.TypeOf(m).Elem()))
	if err != nil {
		t.Fatal(err)
	}
	x := mt.New().Interface()
	b, err := marshalProto(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := proto.Unmarshal(b, x); err != nil {
		t.Fatalf("flyteidl cannot read %T: %v", m, err)
	}
	return x
}

// fromFlyteidl reads x into m, a pointer to wfc's type of it; fields wfc's
// types do not declare are left out.
func fromFlyteidl(t testing.TB, x proto.Message, m Message) {
	t.Helper()
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(m).Elem()
	if err := decodeProto(b, v, planOf(v.Type())); err != nil {
		t.Fatalf("reading %T: %v", m, err)
	}
}

// protojsonOf is protojson's encoding of x, indented as EncodeJSON
// indents: the reference EncodeJSON is tested against.
func protojsonOf(t testing.TB, x proto.Message) []byte {
	t.Helper()
	raw, err := protojson.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// A wireValue is one field's value as the wire has it.
type wireValue struct {
	typ protowire.Type
	x   uint64 // of a number
	raw []byte // of bytes, a string or a message
}

// consumeValue reads a value of wire type typ from the start of b and
// returns it and its length, or a negative length.
func consumeValue(b []byte, typ protowire.Type) (wireValue, int) {
	w, n := wireValue{typ: typ}, -1
	switch typ {
	case protowire.VarintType:
		w.x, n = protowire.ConsumeVarint(b)
	case protowire.Fixed32Type:
		var y uint32
		y, n = protowire.ConsumeFixed32(b)
		w.x = uint64(y)
	case protowire.Fixed64Type:
		w.x, n = protowire.ConsumeFixed64(b)
	case protowire.BytesType:
		w.raw, n = protowire.ConsumeBytes(b)
	}
	return w, n
}

// eachField calls f with the number and value of every field of the
// encoded message b.
func eachField(b []byte, f func(num int32, w wireValue) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		w, m := consumeValue(b[n:], typ)
		if m < 0 {
			return fmt.Errorf("field %d: bad value of wire type %d", num, typ)
		}
		b = b[n+m:]
		if err := f(int32(num), w); err != nil {
			return err
		}
	}
	return nil
}

// decodeProto reads the protobuf encoding b into the message struct v.
func decodeProto(b []byte, v reflect.Value, p *msgPlan) error {
	return eachField(b, func(num int32, w wireValue) error { return decodeField(v, p, num, w) })
}

func decodeField(v reflect.Value, p *msgPlan, num int32, w wireValue) error {
	for i := range p.fields {
		fp := &p.fields[i]
		if fp.oneof {
			iface := v.Field(fp.index)
			for _, c := range oneofCaseTypes(iface.Type()) {
				if f := caseOf(c); f.num == num {
					cv := reflect.New(c)
					iface.Set(cv)
					return decodeValue(cv.Elem().Field(0), f, w)
				}
			}
			continue
		}
		if fp.num != num {
			continue
		}
		fv := v.Field(fp.index)
		switch fp.shape {
		case list:
			if packed := fp.kind.wire() != 2; packed && w.typ == protowire.BytesType {
				for raw := w.raw; len(raw) > 0; {
					e, n := consumeValue(raw, protowire.Type(fp.kind.wire()))
					if n < 0 {
						return fmt.Errorf("field %d: bad packed value", num)
					}
					raw = raw[n:]
					if err := appendValue(fv, &fp.field, e); err != nil {
						return err
					}
				}
				return nil
			}
			return appendValue(fv, &fp.field, w)
		case dict:
			if fv.IsNil() {
				fv.Set(reflect.MakeMap(fv.Type()))
			}
			key, val := reflect.New(fv.Type().Key()).Elem(), reflect.New(fp.elem).Elem()
			if fp.kind == kindMessage {
				val.Set(reflect.New(fp.elem.Elem())) // an entry without a value holds an empty message
			}
			err := eachField(w.raw, func(num int32, e wireValue) error {
				if num == 1 {
					key.SetString(string(e.raw))
					return nil
				}
				return decodeValue(val, &fp.field, e)
			})
			fv.SetMapIndex(key, val)
			return err
		}
		return decodeValue(fv, &fp.field, w)
	}
	return nil // a field wfc's type does not declare
}

func appendValue(list reflect.Value, f *field, w wireValue) error {
	e := reflect.New(f.elem).Elem()
	err := decodeValue(e, f, w)
	list.Set(reflect.Append(list, e))
	return err
}

// sameMessage reports whether a and b are the same message: their
// encodings, which are canonical, are equal.
func sameMessage(a, b Message) bool {
	x, errA := marshalProto(a)
	y, errB := marshalProto(b)
	return errA == nil && errB == nil && bytes.Equal(x, y)
}

func decodeValue(v reflect.Value, f *field, w wireValue) error {
	if int(w.typ) != f.kind.wire() {
		return fmt.Errorf("field %d (%s): wire type %d", f.num, f.key, w.typ)
	}
	switch f.kind {
	case kindBool:
		v.SetBool(w.x != 0)
	case kindInt32, kindInt64, kindEnum:
		v.SetInt(int64(w.x))
	case kindUint32, kindUint64:
		v.SetUint(w.x)
	case kindFloat:
		v.SetFloat(float64(math.Float32frombits(uint32(w.x))))
	case kindDouble:
		v.SetFloat(math.Float64frombits(w.x))
	case kindString:
		v.SetString(string(w.raw))
	case kindBytes:
		v.SetBytes(bytes.Clone(w.raw))
	case kindMessage:
		if v.IsNil() {
			v.Set(reflect.New(f.elem.Elem()))
		}
		return decodeProto(w.raw, v.Elem(), f.msg)
	}
	return nil
}

// oneofCaseTypes finds the case types of a oneof interface among
// allCaseTypes.
func oneofCaseTypes(iface reflect.Type) []reflect.Type {
	var out []reflect.Type
	for _, c := range allCaseTypes {
		if reflect.PointerTo(c).Implements(iface) {
			out = append(out, c)
		}
	}
	return out
}

// allCaseTypes are the oneof cases of package idl's packages, which the
// decoder above needs and reflection cannot list; TestAllCaseTypesListed
// keeps the list whole.
var allCaseTypes = []reflect.Type{
	reflect.TypeFor[admin.Description_Uri](),
	reflect.TypeFor[admin.Description_Value](),
	reflect.TypeFor[admin.Notification_Email](),
	reflect.TypeFor[admin.Notification_PagerDuty](),
	reflect.TypeFor[admin.Notification_Slack](),
	reflect.TypeFor[admin.Schedule_CronSchedule](),
	reflect.TypeFor[admin.Schedule_Rate](),
	reflect.TypeFor[core.ArrayNode_MinSuccessRatio](),
	reflect.TypeFor[core.ArrayNode_MinSuccesses](),
	reflect.TypeFor[core.ArrayNode_Parallelism](),
	reflect.TypeFor[core.BindingData_Collection](),
	reflect.TypeFor[core.BindingData_Map](),
	reflect.TypeFor[core.BindingData_Promise](),
	reflect.TypeFor[core.BindingData_Scalar](),
	reflect.TypeFor[core.BooleanExpression_Comparison](),
	reflect.TypeFor[core.BooleanExpression_Conjunction](),
	reflect.TypeFor[core.IfElseBlock_ElseNode](),
	reflect.TypeFor[core.IfElseBlock_Error](),
	reflect.TypeFor[core.LiteralType_Blob](),
	reflect.TypeFor[core.LiteralType_CollectionType](),
	reflect.TypeFor[core.LiteralType_MapValueType](),
	reflect.TypeFor[core.LiteralType_Simple](),
	reflect.TypeFor[core.LiteralType_UnionType](),
	reflect.TypeFor[core.Literal_Collection](),
	reflect.TypeFor[core.Literal_Map](),
	reflect.TypeFor[core.Literal_Scalar](),
	reflect.TypeFor[core.NodeMetadata_Interruptible](),
	reflect.TypeFor[core.Node_ArrayNode](),
	reflect.TypeFor[core.Node_BranchNode](),
	reflect.TypeFor[core.Node_TaskNode](),
	reflect.TypeFor[core.Node_WorkflowNode](),
	reflect.TypeFor[core.Operand_Primitive](),
	reflect.TypeFor[core.Operand_Scalar](),
	reflect.TypeFor[core.Operand_Var](),
	reflect.TypeFor[core.Parameter_Default](),
	reflect.TypeFor[core.Parameter_Required](),
	reflect.TypeFor[core.Primitive_Boolean](),
	reflect.TypeFor[core.Primitive_Datetime](),
	reflect.TypeFor[core.Primitive_Duration](),
	reflect.TypeFor[core.Primitive_FloatValue](),
	reflect.TypeFor[core.Primitive_Integer](),
	reflect.TypeFor[core.Primitive_StringValue](),
	reflect.TypeFor[core.PromiseAttribute_IntValue](),
	reflect.TypeFor[core.PromiseAttribute_StringValue](),
	reflect.TypeFor[core.Scalar_Binary](),
	reflect.TypeFor[core.Scalar_Blob](),
	reflect.TypeFor[core.Scalar_Error](),
	reflect.TypeFor[core.Scalar_Generic](),
	reflect.TypeFor[core.Scalar_NoneType](),
	reflect.TypeFor[core.Scalar_Primitive](),
	reflect.TypeFor[core.Scalar_Union](),
	reflect.TypeFor[core.TaskMetadata_Interruptible](),
	reflect.TypeFor[core.TaskNode_ReferenceId](),
	reflect.TypeFor[core.TaskTemplate_Container](),
	reflect.TypeFor[core.WorkflowNode_LaunchplanRef](),
	reflect.TypeFor[core.WorkflowNode_SubWorkflowRef](),
	reflect.TypeFor[wkt.Value_BoolValue](),
	reflect.TypeFor[wkt.Value_ListValue](),
	reflect.TypeFor[wkt.Value_NullValue](),
	reflect.TypeFor[wkt.Value_NumberValue](),
	reflect.TypeFor[wkt.Value_StringValue](),
	reflect.TypeFor[wkt.Value_StructValue](),
}

func TestAllCaseTypesListed(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range allCaseTypes {
		listed[c.String()] = true
	}
	for _, pkg := range []string{"core", "admin", "wkt"} {
		files, _ := filepath.Glob(filepath.Join("internal", "idl", pkg, "*.go"))
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range caseMarker.FindAllSubmatch(src, -1) {
				if name := pkg + "." + string(m[1]); !listed[name] {
					t.Errorf("oneof case %s is missing from allCaseTypes", name)
				}
			}
		}
	}
	if len(listed) < 50 {
		t.Errorf("%d cases listed", len(listed))
	}
}

var caseMarker = regexp.MustCompile(`(?m)^func \(\*(\w+)\) is\w+\(\)`)
