package flyte

import (
	"bytes"
	"fmt"
)

// Format is how entities are encoded in files.
type Format string

const (
	JSON  Format = "json" // protojson, lowerCamelCase names, normalised whitespace
	Proto Format = "pb"   // protobuf binary, what flytectl register files reads
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case JSON, Proto:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown format %q (want json or pb)", s)
}

// A Message is a pointer to a Flyte message: a struct of package idl's
// shape (see compiler/flyte/internal/idl), such as *admin.TaskSpec.
type Message = any

// Marshal encodes m in format f, deterministically: the same message gives
// the same bytes in every run and every build. Proto is what protobuf's Go
// runtime writes with Deterministic set; JSON is EncodeJSON's.
func Marshal(m Message, f Format) ([]byte, error) {
	if f == Proto {
		return marshalProto(m)
	}
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
