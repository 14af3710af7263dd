package compiler

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CommandText renders an input value as the text of a command-line
// argument the way flytepropeller renders a {{.inputs.x}} template in a
// container's command (flyteplugins' template.Render, serializeLiteral), so
// that a shell task sees the same argument under wfc run as on Flyte:
//
//   - str: the text itself, unquoted;
//   - int: decimal; float: Go's %v (shortest digits, 1e+06 from a million
//     on, 1e-05 below 0.0001); bool: true or false;
//   - datetime: RFC 3339 with nanoseconds as needed, in UTC;
//   - duration: protobuf text format, seconds:90 nanos:500000000 (fields
//     that are zero left out, so 0 is empty);
//   - list: the elements rendered so, joined by commas, in brackets: [1,2],
//     [a,b] (strings are not quoted).
//
// Flyte cannot render null, a dict, a map or any optional value (a union
// literal), and fails the task. For those CommandText returns what wfc run
// passes instead: an empty argument for null, JSON text for dicts and maps,
// the value itself for a non-null optional; package compiler/flyte warns
// where Flyte's text differs.
func CommandText(v any) string {
	var b strings.Builder
	writeCommandText(&b, v)
	return b.String()
}

func writeCommandText(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
	case string:
		b.WriteString(x)
	case int64, bool, float64:
		// flytepropeller formats these with %v.
		fmt.Fprintf(b, "%v", x)
	case time.Time:
		b.WriteString(x.UTC().Format(time.RFC3339Nano))
	case time.Duration:
		writeDurationProto(b, x)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCommandText(b, e)
		}
		b.WriteByte(']')
	default:
		b.WriteString(FormatText(v))
	}
}

// writeDurationProto writes d as protobuf's text format prints a
// google.protobuf.Duration, which is what flytepropeller's
// Duration.String() gives. (The protobuf library puts one or two spaces
// between the fields, chosen per binary to keep people from depending on
// the format; wfc writes one.)
func writeDurationProto(b *strings.Builder, d time.Duration) {
	secs, nanos := int64(d/time.Second), int64(d%time.Second)
	if secs != 0 {
		b.WriteString("seconds:" + strconv.FormatInt(secs, 10))
	}
	if nanos != 0 {
		if secs != 0 {
			b.WriteByte(' ')
		}
		b.WriteString("nanos:" + strconv.FormatInt(nanos, 10))
	}
}
