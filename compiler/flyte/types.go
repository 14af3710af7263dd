package flyte

import (
	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// Union variants carry a structure tag naming the flytekit type transformer
// that produced them; flytekit needs the tag to pick the variant when it
// reads a union value back, and flytepropeller refuses to cast between
// variants whose tags differ. These are flytekit's transformer names.
var unionTags = map[compiler.Kind]string{
	compiler.KindString:   "str",
	compiler.KindInt:      "int",
	compiler.KindFloat:    "float",
	compiler.KindBool:     "bool",
	compiler.KindDatetime: "datetime",
	compiler.KindDuration: "timedelta",
	compiler.KindDict:     "Typed Dict",
	compiler.KindMap:      "Typed Dict",
	compiler.KindList:     "Typed List",
	compiler.KindNone:     "none",
	compiler.KindError:    "FlyteError",
	compiler.KindFile:     "FlyteFilePath",
	compiler.KindDir:      "FlyteDirectory",
}

var simpleTypes = map[compiler.Kind]core.SimpleType{
	compiler.KindString:   core.SimpleType_STRING,
	compiler.KindInt:      core.SimpleType_INTEGER,
	compiler.KindFloat:    core.SimpleType_FLOAT,
	compiler.KindBool:     core.SimpleType_BOOLEAN,
	compiler.KindDatetime: core.SimpleType_DATETIME,
	compiler.KindDuration: core.SimpleType_DURATION,
	compiler.KindDict:     core.SimpleType_STRUCT,
	compiler.KindNone:     core.SimpleType_NONE,
	compiler.KindError:    core.SimpleType_ERROR,
	// Any is the type of an attribute read out of a dict. Flyte has no
	// dynamic type; the nearest is the generic JSON value, STRUCT, which is
	// also what flytepropeller assumes for an attribute path into a STRUCT.
	compiler.KindAny: core.SimpleType_STRUCT,
}

// LiteralType maps a wfc type to its Flyte literal type, following the table
// in docs/language.md. It returns nil for an invalid type; the validation pass
// reports variables without a type.
//
// dict is a bare simple STRUCT: current flytekit adds an annotation saying
// its dict values are MessagePack-encoded, which is not true of the
// google.protobuf.Struct values wfc writes, so wfc leaves it out.
func LiteralType(t *compiler.Type) *core.LiteralType {
	if t == nil {
		return nil
	}
	switch t.Kind {
	case compiler.KindList:
		return &core.LiteralType{Type: &core.LiteralType_CollectionType{CollectionType: LiteralType(t.Elem)}}
	case compiler.KindMap:
		return &core.LiteralType{Type: &core.LiteralType_MapValueType{MapValueType: LiteralType(t.Elem)}}
	case compiler.KindOptional:
		return &core.LiteralType{Type: &core.LiteralType_UnionType{UnionType: &core.UnionType{
			Variants: []*core.LiteralType{variantType(t.Elem), variantType(compiler.None)},
		}}}
	case compiler.KindFile:
		return &core.LiteralType{Type: &core.LiteralType_Blob{Blob: &core.BlobType{Format: t.Format}}}
	case compiler.KindDir:
		return &core.LiteralType{Type: &core.LiteralType_Blob{Blob: &core.BlobType{
			Format: t.Format, Dimensionality: core.BlobType_MULTIPART}}}
	}
	if s, ok := simpleTypes[t.Kind]; ok {
		return simpleLiteralType(s)
	}
	return nil
}

// variantType is t as a tagged union variant.
func variantType(t *compiler.Type) *core.LiteralType {
	lt := LiteralType(t)
	if lt == nil {
		return nil
	}
	lt.Structure = &core.TypeStructure{Tag: unionTags[t.Kind]}
	return lt
}

// simpleLiteralType returns a fresh LiteralType: messages are mutable and
// shared ones would alias across the entities that hold them.
func simpleLiteralType(s core.SimpleType) *core.LiteralType {
	return &core.LiteralType{Type: &core.LiteralType_Simple{Simple: s}}
}
