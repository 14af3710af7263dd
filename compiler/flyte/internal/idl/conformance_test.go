package idl_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	_ "github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	_ "google.golang.org/protobuf/types/known/durationpb"
	_ "google.golang.org/protobuf/types/known/structpb"
	_ "google.golang.org/protobuf/types/known/timestamppb"
	_ "google.golang.org/protobuf/types/known/wrapperspb"
)

// The mirror packages and the protobuf package each stands for.
var protoPackages = map[string]string{"core": "flyteidl.core", "admin": "flyteidl.admin", "wkt": "google.protobuf"}

// TestMirrorsFlyteidl reads the mirror packages' source and checks every
// message, oneof case and enum against flyteidl's descriptors (which the
// imports above register): each field's number, JSON name, kind and
// cardinality, oneof membership, declaration order, and each enum
// value's name.
func TestMirrorsFlyteidl(t *testing.T) {
	var messages, cases, enums int
	for pkg, protoPkg := range protoPackages {
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(pkg, "*.go"))
		var decls []*ast.File
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			decls = append(decls, af)
		}
		m := mirror{t: t, pkg: pkg, protoPkg: protoPkg, markers: map[string]string{}}
		m.collectMarkers(decls)
		for _, af := range decls {
			ast.Inspect(af, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.TypeSpec:
					if st, ok := n.Type.(*ast.StructType); ok {
						if parent, ok := m.markers[n.Name.Name]; ok {
							m.oneofCase(n.Name.Name, parent, st)
							cases++
						} else {
							m.message(n.Name.Name, st)
							messages++
						}
					}
				case *ast.ValueSpec:
					for i, name := range n.Names {
						if strings.HasSuffix(name.Name, "_name") && i < len(n.Values) {
							m.enumNames(strings.TrimSuffix(name.Name, "_name"), n.Values[i])
							enums++
						}
					}
				}
				return true
			})
		}
	}
	if messages < 40 || cases < 20 || enums < 10 {
		t.Errorf("checked %d messages, %d oneof cases and %d enums: too few, the reading is broken", messages, cases, enums)
	}
}

type mirror struct {
	t        *testing.T
	pkg      string
	protoPkg string
	markers  map[string]string // oneof case type → its interface's name, isMessage_Field
}

// collectMarkers finds the oneof cases: types with a method isM_F.
func (m *mirror) collectMarkers(files []*ast.File) {
	for _, af := range files {
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || !strings.HasPrefix(fd.Name.Name, "is") {
				continue
			}
			if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
				m.markers[star.X.(*ast.Ident).Name] = fd.Name.Name
			}
		}
	}
}

// descriptor finds the message a Go type name stands for: Outer_Inner is
// Outer.Inner.
func (m *mirror) descriptor(pkg, goName string) protoreflect.Descriptor {
	name := protoreflect.FullName(protoPackages[pkg] + "." + strings.ReplaceAll(goName, "_", "."))
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(name)
	if err != nil {
		m.t.Errorf("%s.%s: flyteidl has no %s", m.pkg, goName, name)
		return nil
	}
	return d
}

func (m *mirror) message(goName string, st *ast.StructType) {
	d := m.descriptor(m.pkg, goName)
	md, ok := d.(protoreflect.MessageDescriptor)
	if !ok {
		if d != nil {
			m.t.Errorf("%s.%s: %s is not a message", m.pkg, goName, d.FullName())
		}
		return
	}
	last := -1
	for _, f := range st.Fields.List {
		tag := fieldTag(f)
		if tag == "oneof" {
			continue // its cases are checked on their own
		}
		fd := m.field(goName, md, f, tag)
		if fd == nil {
			continue
		}
		if fd.ContainingOneof() != nil && !fd.HasOptionalKeyword() {
			m.t.Errorf("%s.%s.%s: in oneof %s in flyteidl", m.pkg, goName, f.Names[0].Name, fd.ContainingOneof().Name())
		}
		if fd.Index() < last {
			m.t.Errorf("%s.%s.%s: declared out of order", m.pkg, goName, f.Names[0].Name)
		}
		last = fd.Index()
	}
	// The oneof fields sit where their first case is declared.
	last = -1
	for _, f := range st.Fields.List {
		var idx int
		if tag := fieldTag(f); tag == "oneof" {
			od := oneofNamed(md, f.Names[0].Name)
			if od == nil {
				m.t.Errorf("%s.%s.%s: %s has no such oneof", m.pkg, goName, f.Names[0].Name, md.FullName())
				continue
			}
			idx = od.Fields().Get(0).Index()
		} else if n, err := strconv.Atoi(strings.Split(tag, ",")[0]); err == nil && md.Fields().ByNumber(protoreflect.FieldNumber(n)) != nil {
			idx = md.Fields().ByNumber(protoreflect.FieldNumber(n)).Index()
		} else {
			continue
		}
		if idx < last {
			m.t.Errorf("%s.%s.%s: declared out of order", m.pkg, goName, f.Names[0].Name)
		}
		last = idx
	}
}

func (m *mirror) oneofCase(goName, marker string, st *ast.StructType) {
	// isNode_Target: message Node, oneof Target.
	parent, oneof, _ := strings.Cut(strings.TrimPrefix(marker, "is"), "_")
	md, ok := m.descriptor(m.pkg, parent).(protoreflect.MessageDescriptor)
	if !ok || len(st.Fields.List) != 1 {
		m.t.Errorf("%s.%s: not a oneof case of a message", m.pkg, goName)
		return
	}
	f := st.Fields.List[0]
	fd := m.field(goName, md, f, fieldTag(f))
	if fd == nil {
		return
	}
	if od := fd.ContainingOneof(); od == nil || od != oneofNamed(md, oneof) {
		m.t.Errorf("%s.%s: %s is not in oneof %s", m.pkg, goName, fd.FullName(), oneof)
	}
	if goName != parent+"_"+f.Names[0].Name {
		m.t.Errorf("%s.%s: protoc-gen-go names this case %s_%s", m.pkg, goName, parent, f.Names[0].Name)
	}
}

// field checks one tagged field of a message or oneof case.
func (m *mirror) field(goName string, md protoreflect.MessageDescriptor, f *ast.Field, tag string) protoreflect.FieldDescriptor {
	where := m.pkg + "." + goName + "." + f.Names[0].Name
	num, jsonName, _ := strings.Cut(tag, ",")
	n, err := strconv.Atoi(num)
	if err != nil {
		m.t.Errorf("%s: tag %q", where, tag)
		return nil
	}
	fd := md.Fields().ByNumber(protoreflect.FieldNumber(n))
	if fd == nil {
		m.t.Errorf("%s: %s has no field %d", where, md.FullName(), n)
		return nil
	}
	if fd.JSONName() != jsonName {
		m.t.Errorf("%s: JSON name %q, flyteidl's %q", where, jsonName, fd.JSONName())
	}
	if want := goFieldName(fd); f.Names[0].Name != want {
		m.t.Errorf("%s: protoc-gen-go names it %s", where, want)
	}
	typ := f.Type
	vd := fd
	switch {
	case fd.IsMap():
		mt, ok := typ.(*ast.MapType)
		if !ok {
			m.t.Errorf("%s: %s is a map", where, fd.Name())
			return fd
		}
		typ, vd = mt.Value, fd.MapValue()
	case fd.IsList():
		at, ok := typ.(*ast.ArrayType)
		if !ok || types(at.Elt) == "byte" {
			m.t.Errorf("%s: %s is repeated", where, fd.Name())
			return fd
		}
		typ = at.Elt
	}
	if got, want := types(typ), m.goType(vd); got != want {
		m.t.Errorf("%s: type %s, want %s for flyteidl's %v", where, got, want, vd.Kind())
	}
	return fd
}

// goType is the Go type, as written in a mirror package, of a field.
func (m *mirror) goType(fd protoreflect.FieldDescriptor) string {
	ref := func(d protoreflect.Descriptor) string {
		full := string(d.FullName())
		for pkg, protoPkg := range protoPackages {
			if rest, ok := strings.CutPrefix(full, protoPkg+"."); ok {
				name := strings.ReplaceAll(rest, ".", "_")
				if pkg != m.pkg {
					return pkg + "." + name
				}
				return name
			}
		}
		return full
	}
	switch fd.Kind() {
	case protoreflect.MessageKind:
		return "*" + ref(fd.Message())
	case protoreflect.EnumKind:
		return ref(fd.Enum())
	case protoreflect.BytesKind:
		return "[]byte"
	case protoreflect.FloatKind:
		return "float32"
	case protoreflect.DoubleKind:
		return "float64"
	}
	return fd.Kind().String()
}

// enumNames checks an enum's X_name map against flyteidl's values.
func (m *mirror) enumNames(goName string, lit ast.Expr) {
	ed, ok := m.descriptor(m.pkg, goName).(protoreflect.EnumDescriptor)
	if !ok {
		m.t.Errorf("%s.%s: flyteidl has no such enum", m.pkg, goName)
		return
	}
	cl, ok := lit.(*ast.CompositeLit)
	if !ok {
		m.t.Errorf("%s.%s_name: not a map literal", m.pkg, goName)
		return
	}
	if len(cl.Elts) != ed.Values().Len() {
		m.t.Errorf("%s.%s_name: %d values, flyteidl's enum has %d", m.pkg, goName, len(cl.Elts), ed.Values().Len())
	}
	for _, e := range cl.Elts {
		kv := e.(*ast.KeyValueExpr)
		n, _ := strconv.Atoi(kv.Key.(*ast.BasicLit).Value)
		name, _ := strconv.Unquote(kv.Value.(*ast.BasicLit).Value)
		if ev := ed.Values().ByNumber(protoreflect.EnumNumber(n)); ev == nil || string(ev.Name()) != name {
			m.t.Errorf("%s.%s_name: %d is %q, not a value of flyteidl's", m.pkg, goName, n, name)
		}
	}
}

func fieldTag(f *ast.Field) string {
	if f.Tag == nil {
		return ""
	}
	s, _ := strconv.Unquote(f.Tag.Value)
	return reflect.StructTag(s).Get("pb")
}

// types prints a type expression as written.
func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + types(e.X)
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	case *ast.ArrayType:
		return "[]" + types(e.Elt)
	case *ast.MapType:
		return "map[" + types(e.Key) + "]" + types(e.Value)
	}
	return "?"
}

// goFieldName is protoc-gen-go's name of a field: its words capitalised.
func goFieldName(fd protoreflect.FieldDescriptor) string { return camel(string(fd.Name())) }

// oneofNamed finds the oneof protoc-gen-go gives the Go name goName.
func oneofNamed(md protoreflect.MessageDescriptor, goName string) protoreflect.OneofDescriptor {
	for i := range md.Oneofs().Len() {
		if od := md.Oneofs().Get(i); camel(string(od.Name())) == goName {
			return od
		}
	}
	return nil
}

// camel is protoc-gen-go's Go name of a proto name: parallelism_option
// is ParallelismOption, k8s_pod K8SPod.
func camel(name string) string {
	var b strings.Builder
	up := true
	for _, c := range name {
		switch {
		case c == '_':
			up = true
		case up && 'a' <= c && c <= 'z':
			b.WriteRune(c - 'a' + 'A')
			up = false
		default:
			b.WriteRune(c)
			up = '0' <= c && c <= '9'
		}
	}
	return b.String()
}
