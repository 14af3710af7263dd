package compiler

import (
	"strconv"
	"strings"
)

// Kind classifies a Type.
type Kind int

const (
	KindInvalid Kind = iota
	KindString
	KindInt
	KindFloat
	KindBool
	KindDatetime
	KindDuration
	KindDict     // Flyte simple STRUCT: a JSON object
	KindNone     // the type of null
	KindList     // list[Elem]
	KindMap      // map[str, Elem]
	KindOptional // Elem? — Flyte union of Elem and NONE
	KindAny      // not writable: the type of an attribute read out of a dict, checked at run time
	KindError    // Flyte's error: what a failure handler's err input receives
	KindFile     // Flyte blob, SINGLE: a file, its value the path of its local copy
	KindDir      // Flyte blob, MULTIPART: a directory, its value the path of its local copy
)

// Type is a wfc type. Simple types are shared singletons; compare types with
// Equal, not ==.
type Type struct {
	Kind   Kind
	Elem   *Type  // for KindList, KindMap and KindOptional
	Format string // for KindFile and KindDir: the format annotation, file["csv"]; "" for none
}

// The simple types, shared.
var (
	Str      = &Type{Kind: KindString}
	Int      = &Type{Kind: KindInt}
	Float    = &Type{Kind: KindFloat}
	Bool     = &Type{Kind: KindBool}
	Datetime = &Type{Kind: KindDatetime}
	Duration = &Type{Kind: KindDuration}
	Dict     = &Type{Kind: KindDict}
	None     = &Type{Kind: KindNone}
	Any      = &Type{Kind: KindAny}
	Error    = &Type{Kind: KindError}
)

// SimpleTypes maps the names a program may write to the simple types.
var SimpleTypes = map[string]*Type{
	"str": Str, "int": Int, "float": Float, "bool": Bool,
	"datetime": Datetime, "duration": Duration, "dict": Dict, "error": Error,
}

// File and Dir are the blob types without a format.
var (
	File = &Type{Kind: KindFile}
	Dir  = &Type{Kind: KindDir}
)

// IsBlob reports whether t is file or dir.
func (t *Type) IsBlob() bool { return t != nil && (t.Kind == KindFile || t.Kind == KindDir) }

// HasBlob reports whether a value of type t holds a file or a directory:
// t is one, or a list, map or optional of one.
func (t *Type) HasBlob() bool {
	for ; t != nil; t = t.Elem {
		if t.IsBlob() {
			return true
		}
	}
	return false
}

// ListOf, MapOf and OptionalOf build composite types.
func ListOf(elem *Type) *Type { return &Type{Kind: KindList, Elem: elem} }
func MapOf(elem *Type) *Type  { return &Type{Kind: KindMap, Elem: elem} }
func OptionalOf(elem *Type) *Type {
	if elem.Kind == KindOptional {
		return elem
	}
	return &Type{Kind: KindOptional, Elem: elem}
}

// Equal reports whether t and u are the same type.
func (t *Type) Equal(u *Type) bool {
	if t == u {
		return true
	}
	if t == nil || u == nil || t.Kind != u.Kind || t.Format != u.Format {
		return false
	}
	if t.Elem == nil || u.Elem == nil {
		return t.Elem == u.Elem
	}
	return t.Elem.Equal(u.Elem)
}

// AssignableTo reports whether a value of type t may be bound to a variable of
// type u, following Flyte's castability rules: identical types, T to T?,
// null to T?, and the dynamic Any to anything.
func (t *Type) AssignableTo(u *Type) bool {
	switch {
	case t.Equal(u), t.Kind == KindAny, u.Kind == KindAny:
		return true
	case t.IsBlob() && t.Kind == u.Kind:
		// Flyte's rule: formats must agree unless either has none.
		return t.Format == "" || u.Format == ""
	case u.Kind == KindOptional:
		return t.Kind == KindNone || t.AssignableTo(u.Elem)
	case t.Kind == KindList && u.Kind == KindList, t.Kind == KindMap && u.Kind == KindMap:
		return t.Elem.AssignableTo(u.Elem)
	}
	return false
}

// String renders the type as a program writes it.
func (t *Type) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t *Type) write(b *strings.Builder) {
	if t == nil {
		b.WriteString("<nil>")
		return
	}
	switch t.Kind {
	case KindString:
		b.WriteString("str")
	case KindInt:
		b.WriteString("int")
	case KindFloat:
		b.WriteString("float")
	case KindBool:
		b.WriteString("bool")
	case KindDatetime:
		b.WriteString("datetime")
	case KindDuration:
		b.WriteString("duration")
	case KindDict:
		b.WriteString("dict")
	case KindNone:
		b.WriteString("null")
	case KindAny:
		b.WriteString("any")
	case KindError:
		b.WriteString("error")
	case KindFile, KindDir:
		if t.Kind == KindFile {
			b.WriteString("file")
		} else {
			b.WriteString("dir")
		}
		if t.Format != "" {
			b.WriteString("[" + strconv.Quote(t.Format) + "]")
		}
	case KindList:
		b.WriteString("list[")
		t.Elem.write(b)
		b.WriteByte(']')
	case KindMap:
		b.WriteString("map[str, ")
		t.Elem.write(b)
		b.WriteByte(']')
	case KindOptional:
		t.Elem.write(b)
		b.WriteByte('?')
	default:
		b.WriteString("invalid")
	}
}
