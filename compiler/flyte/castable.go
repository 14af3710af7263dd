package flyte

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// This file restates flytepropeller's type compatibility rules (its
// validators' AreTypesCastable) for the types wfc emits, so that wfc
// refuses what Flyte's compiler would refuse at registration.

// castable reports whether a value of type up may be bound to a variable
// of type down.
func castable(up, down *core.LiteralType) bool {
	if up == nil || down == nil {
		return false
	}
	// A union of one variant stands for that variant.
	if u := up.GetUnionType(); u != nil && len(u.GetVariants()) == 1 && castable(u.GetVariants()[0], down) {
		return true
	}
	switch d := down.GetType().(type) {
	case *core.LiteralType_CollectionType:
		if up.GetCollectionType() == nil {
			return false
		}
		return isNone(up.GetCollectionType()) || castable(up.GetCollectionType(), d.CollectionType)
	case *core.LiteralType_MapValueType:
		if up.GetMapValueType() == nil {
			return false
		}
		return isNone(up.GetMapValueType()) || castable(up.GetMapValueType(), d.MapValueType)
	case *core.LiteralType_UnionType:
		if uu := up.GetUnionType(); uu != nil {
			// Every variant that may arrive needs a home.
			for _, u := range uu.GetVariants() {
				found := false
				for _, v := range d.UnionType.GetVariants() {
					if castable(u, v) {
						found = true
						break
					}
				}
				if !found {
					return false
				}
			}
			return true
		}
		// Otherwise exactly one variant must fit, or the choice is ambiguous.
		n := 0
		for _, v := range d.UnionType.GetVariants() {
			if castable(up, v) {
				n++
			}
		}
		return n == 1
	}
	if isNone(down) {
		return isNone(up)
	}
	if tag := up.GetStructure().GetTag(); tag != "" && tag != down.GetStructure().GetTag() {
		return false
	}
	// Structure, metadata and annotations do not take part in the rest.
	switch u := up.GetType().(type) {
	case *core.LiteralType_Simple:
		return down.GetType() != nil && u.Simple == down.GetSimple() && down.GetUnionType() == nil && isSimple(down)
	case *core.LiteralType_Blob:
		// Formats must agree unless either is empty; dimensionality is not
		// compared (validators/typing.go).
		db := down.GetBlob()
		if db == nil {
			return false
		}
		return u.Blob.GetFormat() == "" || db.GetFormat() == "" || u.Blob.GetFormat() == db.GetFormat()
	}
	return false
}

func isSimple(t *core.LiteralType) bool {
	_, ok := t.GetType().(*core.LiteralType_Simple)
	return ok
}

func isNone(t *core.LiteralType) bool {
	return isSimple(t) && t.GetSimple() == core.SimpleType_NONE
}

// Read-only simple types for the checks here, which never modify or
// return them into emitted entities.
var (
	integerType  = simpleLiteralType(core.SimpleType_INTEGER)
	floatType    = simpleLiteralType(core.SimpleType_FLOAT)
	stringType   = simpleLiteralType(core.SimpleType_STRING)
	booleanType  = simpleLiteralType(core.SimpleType_BOOLEAN)
	datetimeType = simpleLiteralType(core.SimpleType_DATETIME)
	durationType = simpleLiteralType(core.SimpleType_DURATION)
	structType   = simpleLiteralType(core.SimpleType_STRUCT)
	noneType     = simpleLiteralType(core.SimpleType_NONE)
)

// scalarType is the type flytepropeller infers for a literal scalar. The
// result is shared: do not modify it.
func scalarType(s *core.Scalar) *core.LiteralType {
	switch v := s.GetValue().(type) {
	case *core.Scalar_Primitive:
		switch v.Primitive.GetValue().(type) {
		case *core.Primitive_Integer:
			return integerType
		case *core.Primitive_FloatValue:
			return floatType
		case *core.Primitive_StringValue:
			return stringType
		case *core.Primitive_Boolean:
			return booleanType
		case *core.Primitive_Datetime:
			return datetimeType
		case *core.Primitive_Duration:
			return durationType
		}
	case *core.Scalar_Generic:
		return structType
	case *core.Scalar_NoneType:
		return noneType
	case *core.Scalar_Union:
		return v.Union.GetType()
	}
	return nil
}

// literalType is the type of a whole literal (for launch plan defaults).
func literalType(l *core.Literal) *core.LiteralType {
	switch v := l.GetValue().(type) {
	case *core.Literal_Scalar:
		return scalarType(v.Scalar)
	case *core.Literal_Collection:
		var elem *core.LiteralType
		for _, e := range v.Collection.GetLiterals() {
			elem = literalType(e)
		}
		if elem == nil {
			elem = noneType
		}
		return &core.LiteralType{Type: &core.LiteralType_CollectionType{CollectionType: elem}}
	case *core.Literal_Map:
		var elem *core.LiteralType
		for _, k := range slices.Sorted(maps.Keys(v.Map.GetLiterals())) {
			elem = literalType(v.Map.GetLiterals()[k])
		}
		if elem == nil {
			elem = noneType
		}
		return &core.LiteralType{Type: &core.LiteralType_MapValueType{MapValueType: elem}}
	}
	return nil
}

// literalFits reports whether literal l may be a value of type t.
func literalFits(l *core.Literal, t *core.LiteralType) bool {
	switch v := l.GetValue().(type) {
	case *core.Literal_Collection:
		if u := t.GetUnionType(); u != nil {
			return oneVariant(u, func(vt *core.LiteralType) bool { return literalFits(l, vt) })
		}
		if t.GetCollectionType() == nil {
			return false
		}
		for _, e := range v.Collection.GetLiterals() {
			if !literalFits(e, t.GetCollectionType()) {
				return false
			}
		}
		return true
	case *core.Literal_Map:
		if u := t.GetUnionType(); u != nil {
			return oneVariant(u, func(vt *core.LiteralType) bool { return literalFits(l, vt) })
		}
		if t.GetMapValueType() == nil {
			return false
		}
		for _, e := range v.Map.GetLiterals() {
			if !literalFits(e, t.GetMapValueType()) {
				return false
			}
		}
		return true
	}
	return castable(literalType(l), t)
}

func oneVariant(u *core.UnionType, fits func(*core.LiteralType) bool) bool {
	n := 0
	for _, v := range u.GetVariants() {
		if fits(v) {
			n++
		}
	}
	return n == 1
}

// TypeString renders a Flyte literal type for messages: simple types by
// name, collection(T), map(T), union(A | B), and a STRUCT's known fields.
func TypeString(t *core.LiteralType) string {
	var b strings.Builder
	writeType(&b, t)
	return b.String()
}

func writeType(b *strings.Builder, t *core.LiteralType) {
	switch v := t.GetType().(type) {
	case nil:
		b.WriteString("<none>")
	case *core.LiteralType_Simple:
		b.WriteString(v.Simple.String())
		if fields := t.GetStructure().GetDataclassType(); len(fields) > 0 {
			names := make([]string, 0, len(fields))
			for k := range fields {
				names = append(names, k)
			}
			sort.Strings(names)
			b.WriteString("{" + strings.Join(names, ", ") + "}")
		}
	case *core.LiteralType_Blob:
		if v.Blob.GetDimensionality() == core.BlobType_MULTIPART {
			b.WriteString("blob(MULTIPART")
		} else {
			b.WriteString("blob(SINGLE")
		}
		if f := v.Blob.GetFormat(); f != "" {
			b.WriteString(", " + f)
		}
		b.WriteByte(')')
	case *core.LiteralType_CollectionType:
		b.WriteString("collection(")
		writeType(b, v.CollectionType)
		b.WriteByte(')')
	case *core.LiteralType_MapValueType:
		b.WriteString("map(")
		writeType(b, v.MapValueType)
		b.WriteByte(')')
	case *core.LiteralType_UnionType:
		b.WriteString("union(")
		for i, x := range v.UnionType.GetVariants() {
			if i > 0 {
				b.WriteString(" | ")
			}
			writeType(b, x)
		}
		b.WriteByte(')')
	default:
		b.WriteString("unsupported")
	}
}
