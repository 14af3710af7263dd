package compiler

import (
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"
)

func TestCommandText(t *testing.T) {
	when := time.Date(2024, 5, 1, 12, 0, 0, 500_000_000, time.FixedZone("", 2*3600))
	for _, c := range []struct {
		v    any
		want string
	}{
		{"a b'c", "a b'c"}, {"", ""},
		{int64(-3), "-3"}, {true, "true"}, {false, "false"},
		{2.5, "2.5"}, {3.0, "3"}, {1e6, "1e+06"}, {123456.0, "123456"}, {0.0001, "0.0001"}, {1e-5, "1e-05"},
		{when, "2024-05-01T10:00:00.5Z"},
		{90 * time.Second, "seconds:90"}, {1500 * time.Millisecond, "seconds:1 nanos:500000000"},
		{-1500 * time.Millisecond, "seconds:-1 nanos:-500000000"}, {time.Duration(5), "nanos:5"}, {time.Duration(0), ""},
		{[]any{int64(1), int64(2)}, "[1,2]"}, {[]any{"a b", "c,d"}, "[a b,c,d]"}, {[]any{}, "[]"},
		{[]any{[]any{1.5}, []any{}}, "[[1.5],[]]"},
		// What Flyte cannot render, wfc run passes as JSON or as nothing.
		{nil, ""}, {map[string]any{"k": []any{int64(1)}}, `{"k":[1]}`},
	} {
		if got := CommandText(c.v); got != c.want {
			t.Errorf("CommandText(%#v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// Durations read as the protobuf library prints them, up to the spacing
// it randomises per binary.
func TestCommandTextDurationIsProtobufText(t *testing.T) {
	for _, d := range []time.Duration{0, 1, time.Second, 90 * time.Second, 1500 * time.Millisecond, -2500 * time.Millisecond, 36 * time.Hour} {
		want := strings.Join(strings.Fields(durationpb.New(d).String()), " ")
		if got := CommandText(d); got != want {
			t.Errorf("%v: %q, protobuf %q", d, got, want)
		}
	}
}
