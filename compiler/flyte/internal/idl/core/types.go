// Package core holds the flyteidl.core messages wfc emits, in package idl's shape.
package core

import "github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"

// SimpleType is flyteidl.core.SimpleType.
type SimpleType int32

const (
	SimpleType_NONE     SimpleType = 0
	SimpleType_INTEGER  SimpleType = 1
	SimpleType_FLOAT    SimpleType = 2
	SimpleType_STRING   SimpleType = 3
	SimpleType_BOOLEAN  SimpleType = 4
	SimpleType_DATETIME SimpleType = 5
	SimpleType_DURATION SimpleType = 6
	SimpleType_BINARY   SimpleType = 7
	SimpleType_ERROR    SimpleType = 8
	SimpleType_STRUCT   SimpleType = 9
)

var SimpleType_name = map[int32]string{
	0: "NONE",
	1: "INTEGER",
	2: "FLOAT",
	3: "STRING",
	4: "BOOLEAN",
	5: "DATETIME",
	6: "DURATION",
	7: "BINARY",
	8: "ERROR",
	9: "STRUCT",
}

func (x SimpleType) String() string { return SimpleType_name[int32(x)] }

// LiteralType is flyteidl.core.LiteralType.
type LiteralType struct {
	Type      isLiteralType_Type `pb:"oneof"`
	Metadata  *wkt.Struct        `pb:"6,metadata"`
	Structure *TypeStructure     `pb:"11,structure"`
}

type isLiteralType_Type interface{ isLiteralType_Type() }

type (
	LiteralType_Simple struct {
		Simple SimpleType `pb:"1,simple"`
	}
	LiteralType_CollectionType struct {
		CollectionType *LiteralType `pb:"3,collectionType"`
	}
	LiteralType_MapValueType struct {
		MapValueType *LiteralType `pb:"4,mapValueType"`
	}
	LiteralType_Blob struct {
		Blob *BlobType `pb:"5,blob"`
	}
	LiteralType_UnionType struct {
		UnionType *UnionType `pb:"10,unionType"`
	}
)

func (*LiteralType_Simple) isLiteralType_Type()         {}
func (*LiteralType_CollectionType) isLiteralType_Type() {}
func (*LiteralType_MapValueType) isLiteralType_Type()   {}
func (*LiteralType_Blob) isLiteralType_Type()           {}
func (*LiteralType_UnionType) isLiteralType_Type()      {}

func (x *LiteralType) GetType() isLiteralType_Type {
	if x != nil {
		return x.Type
	}
	return nil
}

func (x *LiteralType) GetSimple() SimpleType {
	if v, ok := x.GetType().(*LiteralType_Simple); ok {
		return v.Simple
	}
	return SimpleType_NONE
}

func (x *LiteralType) GetCollectionType() *LiteralType {
	if v, ok := x.GetType().(*LiteralType_CollectionType); ok {
		return v.CollectionType
	}
	return nil
}

func (x *LiteralType) GetMapValueType() *LiteralType {
	if v, ok := x.GetType().(*LiteralType_MapValueType); ok {
		return v.MapValueType
	}
	return nil
}

func (x *LiteralType) GetBlob() *BlobType {
	if v, ok := x.GetType().(*LiteralType_Blob); ok {
		return v.Blob
	}
	return nil
}

func (x *LiteralType) GetUnionType() *UnionType {
	if v, ok := x.GetType().(*LiteralType_UnionType); ok {
		return v.UnionType
	}
	return nil
}

func (x *LiteralType) GetMetadata() *wkt.Struct {
	if x != nil {
		return x.Metadata
	}
	return nil
}

func (x *LiteralType) GetStructure() *TypeStructure {
	if x != nil {
		return x.Structure
	}
	return nil
}

// BlobType is flyteidl.core.BlobType.
type BlobType struct {
	Format         string                      `pb:"1,format"`
	Dimensionality BlobType_BlobDimensionality `pb:"2,dimensionality"`
}

func (x *BlobType) GetFormat() string {
	if x != nil {
		return x.Format
	}
	return ""
}

func (x *BlobType) GetDimensionality() BlobType_BlobDimensionality {
	if x != nil {
		return x.Dimensionality
	}
	return BlobType_SINGLE
}

// BlobType_BlobDimensionality is flyteidl.core.BlobType.BlobDimensionality.
type BlobType_BlobDimensionality int32

const (
	BlobType_SINGLE    BlobType_BlobDimensionality = 0
	BlobType_MULTIPART BlobType_BlobDimensionality = 1
)

var BlobType_BlobDimensionality_name = map[int32]string{
	0: "SINGLE",
	1: "MULTIPART",
}

func (x BlobType_BlobDimensionality) String() string {
	return BlobType_BlobDimensionality_name[int32(x)]
}

// UnionType is flyteidl.core.UnionType.
type UnionType struct {
	Variants []*LiteralType `pb:"1,variants"`
}

func (x *UnionType) GetVariants() []*LiteralType {
	if x != nil {
		return x.Variants
	}
	return nil
}

// TypeStructure is flyteidl.core.TypeStructure.
type TypeStructure struct {
	Tag           string                  `pb:"1,tag"`
	DataclassType map[string]*LiteralType `pb:"2,dataclassType"`
}

func (x *TypeStructure) GetTag() string {
	if x != nil {
		return x.Tag
	}
	return ""
}

func (x *TypeStructure) GetDataclassType() map[string]*LiteralType {
	if x != nil {
		return x.DataclassType
	}
	return nil
}
