package flyte

import (
	"bytes"
	"encoding/json"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
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

// Marshal encodes m in format f, deterministically: the same message gives
// the same bytes in every run and every build. JSON is EncodeJSON's.
func Marshal(m proto.Message, f Format) ([]byte, error) {
	if f == Proto {
		return proto.MarshalOptions{Deterministic: true}.Marshal(m)
	}
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MarshalJSON encodes m with protojson (lowerCamelCase field names, int64
// as strings, enums by name, map entries sorted by key), indented by two
// spaces with a final newline: protojson itself varies its whitespace from
// build to build on purpose; the result here does not. It is the
// reference EncodeJSON is tested against, and ten times slower.
func MarshalJSON(m proto.Message) ([]byte, error) {
	raw, err := protojson.Marshal(m)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(raw) * 2)
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
