package flyte

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// flytepropellerText is how flytepropeller (flyteplugins' template.Render,
// v1.16) turns an input literal into the text of a {{.inputs.x}} template,
// as read in its source: primitives with %v (datetimes as RFC 3339 in UTC,
// durations as their protobuf String()), collections as [a,b], blobs as
// their URI, and an error for anything else.
func flytepropellerText(l *core.Literal) (string, error) {
	switch v := l.GetValue().(type) {
	case *core.Literal_Collection:
		parts := make([]string, 0, len(v.Collection.GetLiterals()))
		for _, e := range v.Collection.GetLiterals() {
			s, err := flytepropellerText(e)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		}
		return "[" + strings.Join(parts, ",") + "]", nil
	case *core.Literal_Scalar:
		switch s := v.Scalar.GetValue().(type) {
		case *core.Scalar_Primitive:
			switch p := s.Primitive.GetValue().(type) {
			case *core.Primitive_Integer:
				return fmt.Sprintf("%v", p.Integer), nil
			case *core.Primitive_FloatValue:
				return fmt.Sprintf("%v", p.FloatValue), nil
			case *core.Primitive_Boolean:
				return fmt.Sprintf("%v", p.Boolean), nil
			case *core.Primitive_StringValue:
				return p.StringValue, nil
			case *core.Primitive_Datetime:
				return p.Datetime.AsTime().Format(time.RFC3339Nano), nil
			case *core.Primitive_Duration:
				return durationpb.New(p.Duration.AsDuration()).String(), nil
			}
		case *core.Scalar_Blob:
			return s.Blob.GetUri(), nil
		}
		return "", fmt.Errorf("unexpected scalar %T", v.Scalar.GetValue())
	}
	return "", errors.New("unexpected literal")
}

// CommandText gives, for every value of a type CommandNote passes, the
// text flytepropeller renders from the literal wfc compiles the value to;
// for the other types, flytepropeller fails or (durations) differs only in
// spacing.
func TestCommandTextMatchesFlyte(t *testing.T) {
	when := time.Date(2024, 5, 1, 12, 0, 0, 120_000_000, time.FixedZone("", -7*3600))
	cases := []struct {
		v   any
		typ *compiler.Type
	}{
		{"it's a \"test\" $(x) *", compiler.Str}, {"", compiler.Str}, {"line\nbreak", compiler.Str},
		{int64(-42), compiler.Int}, {int64(9223372036854775807), compiler.Int},
		{2.5, compiler.Float}, {3.0, compiler.Float}, {1e6, compiler.Float}, {1e21, compiler.Float}, {1e-7, compiler.Float}, {0.1 + 0.2, compiler.Float},
		{true, compiler.Bool}, {false, compiler.Bool},
		{when, compiler.Datetime}, {time.Unix(0, 0), compiler.Datetime},
		{[]any{int64(1), int64(2)}, compiler.ListOf(compiler.Int)}, {[]any{}, compiler.ListOf(compiler.Str)},
		{[]any{"a b", "c,d"}, compiler.ListOf(compiler.Str)}, {[]any{[]any{1.5}, []any{}}, compiler.ListOf(compiler.ListOf(compiler.Float))},
		{[]any{when}, compiler.ListOf(compiler.Datetime)},
		// durations: same but for spacing
		{90 * time.Second, compiler.Duration}, {1500 * time.Millisecond, compiler.Duration}, {time.Duration(0), compiler.Duration},
		// Flyte fails
		{map[string]any{"a": int64(1)}, compiler.Dict}, {map[string]any{"a": int64(1)}, compiler.MapOf(compiler.Int)},
		{int64(3), compiler.OptionalOf(compiler.Int)}, {nil, compiler.OptionalOf(compiler.Int)},
		{[]any{map[string]any{}}, compiler.ListOf(compiler.Dict)},
	}
	for _, c := range cases {
		l, err := Literal(c.v, c.typ)
		if err != nil {
			t.Fatalf("%#v as %s: %v", c.v, c.typ, err)
		}
		flyte, ferr := flytepropellerText(l)
		got := compiler.CommandText(c.v)
		note := commandNote(c.typ)
		switch {
		case note == "" && (ferr != nil || got != flyte):
			t.Errorf("%#v as %s: wfc %q, Flyte %q (%v)", c.v, c.typ, got, flyte, ferr)
		case c.typ.Kind == compiler.KindDuration:
			if ferr != nil || got != strings.Join(strings.Fields(flyte), " ") {
				t.Errorf("%v: wfc %q, Flyte %q (%v)", c.v, got, flyte, ferr)
			}
		case note != "" && ferr == nil && c.typ.Kind != compiler.KindDuration:
			t.Errorf("%#v as %s: Flyte renders %q, but the note says %q", c.v, c.typ, flyte, note)
		}
	}
}

func TestCommandNote(t *testing.T) {
	for _, typ := range []*compiler.Type{compiler.Str, compiler.Int, compiler.Float, compiler.Bool, compiler.Datetime,
		compiler.ListOf(compiler.Str), compiler.ListOf(compiler.ListOf(compiler.Int))} {
		if n := commandNote(typ); n != "" {
			t.Errorf("%s: %s", typ, n)
		}
	}
	for _, typ := range []*compiler.Type{compiler.Duration, compiler.Dict, compiler.MapOf(compiler.Int),
		compiler.OptionalOf(compiler.Int), compiler.ListOf(compiler.Dict), compiler.None, compiler.Any} {
		if commandNote(typ) == "" {
			t.Errorf("%s: no note", typ)
		}
	}
}
