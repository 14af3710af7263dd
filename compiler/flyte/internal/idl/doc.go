// Package idl documents and tests the subset of Flyte's IDL that wfc
// emits, declared in its packages core, admin and wkt (google.protobuf's
// well-known types) without flyteidl's generated code: that code's package
// initialisation, which registers every Flyte message with the protobuf
// runtime, cost every start of wfc about 5 ms, and `wfc run` never needs
// it.
//
// The messages are plain Go structs, named and shaped as protoc-gen-go
// names and shapes them, so that code reads as it would with flyteidl's
// types:
//
//   - a message is a struct; each field carries its number and JSON name
//     in a tag, `pb:"4,upstreamNodeIds"`; a field's Go type gives its wire
//     type: string, []byte, bool, int32, int64, uint32, uint64, float32,
//     float64, a named int32 type (an enum, with a String method giving the
//     value's name), a pointer to a message, a slice of one of these
//     (repeated; numbers and enums packed) or a map from string to one of
//     these;
//   - a oneof is an interface-typed field with the tag `pb:"oneof"`; each
//     case is a struct with one tagged field, as protoc-gen-go's
//     LiteralType_Simple is;
//   - nil-safe getters, GetX, for every field.
//
// Fields are declared in the .proto file's order, which is the order of
// JSON output. Only the fields wfc sets or reads are declared. The
// encoders are compiler/flyte's (msgplan.go, wire.go, jsonenc.go).
// conformance_test.go reads the packages' source and checks every message,
// oneof case and enum against flyteidl's descriptors; compiler/flyte's
// tests check both encodings against flyteidl's own, byte for byte.
package idl
