package webhook

import (
	"math"
	"testing"
	"time"
	"unicode"

	"github.com/wfc-lang/wfc/compiler"
)

// The expected strings below are what CPython 3 prints for the same values
// (str(), repr(), isoformat(), total_seconds(), json.dumps as httpx calls
// it); they were produced with python3 and pasted here.

func TestPyFloatRepr(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables: constant arithmetic is exact
	cases := []struct {
		f    float64
		want string
	}{
		{1, "1.0"},
		{0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{2.5, "2.5"},
		{100, "100.0"},
		{1e15, "1000000000000000.0"},
		{1e16, "1e+16"},
		{12345678901234567, "1.2345678901234568e+16"},
		{0.0001, "0.0001"},
		{1e-05, "1e-05"},
		{1.5e-7, "1.5e-07"},
		{123456789.123, "123456789.123"},
		{1e100, "1e+100"},
		{tenth + fifth, "0.30000000000000004"},
		{1.0 / 3, "0.3333333333333333"},
		{5e-324, "5e-324"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{-42.75, "-42.75"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
	}
	for _, c := range cases {
		if got := pyFloatRepr(c.f); got != c.want {
			t.Errorf("pyFloatRepr(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestPyStrRepr(t *testing.T) {
	cases := []struct {
		v         any
		str, repr string
	}{
		{"hello", "hello", "'hello'"},
		{int64(10), "10", "10"},
		{int64(-7), "-7", "-7"},
		{1.0, "1.0", "1.0"},
		{true, "True", "True"},
		{false, "False", "False"},
		{nil, "None", "None"},
		{[]any{}, "[]", "[]"},
		{map[string]any{}, "{}", "{}"},
		{
			[]any{"a", "it's", `q"`, int64(1), 1.0, true, nil, map[string]any{"k": []any{1.5}}},
			`['a', "it's", 'q"', 1, 1.0, True, None, {'k': [1.5]}]`,
			`['a', "it's", 'q"', 1, 1.0, True, None, {'k': [1.5]}]`,
		},
		{map[string]any{"b": int64(2), "a": "x"}, "{'a': 'x', 'b': 2}", "{'a': 'x', 'b': 2}"},
		{"both ' and \"", "both ' and \"", `'both \' and "'`},
		{
			"tab\tnl\nbs\\ \x7f \x00 é \u00a0 \u200b \U0001F600",
			"tab\tnl\nbs\\ \x7f \x00 é \u00a0 \u200b \U0001F600",
			`'tab\tnl\nbs\\ \x7f \x00 é \xa0 \u200b 😀'`,
		},
		{Pending{Ref: "n0.o0"}, "<n0.o0>", "<n0.o0>"},
	}
	for _, c := range cases {
		if got := pyStr(c.v); got != c.str {
			t.Errorf("str(%#v) = %q, want %q", c.v, got, c.str)
		}
		if got := pyRepr(c.v); got != c.repr {
			t.Errorf("repr(%#v) = %q, want %q", c.v, got, c.repr)
		}
	}
}

// The connector image's Python is 3.10, whose unicodedata is Unicode 13.0:
// characters assigned later are not printable there, and repr escapes
// them. Expected values from python3.10; Go's own tables are newer.
func TestPyReprUnicodeVersion(t *testing.T) {
	cases := []struct{ s, want string }{
		{"\U0001F6DD", `'\U0001f6dd'`}, // PLAYGROUND SLIDE, Unicode 14.0 (Python 3.11: '🛝')
		{"\u061D", `'\u061d'`},         // ARABIC END OF TEXT MARK, Unicode 14.0
		{"\U0001FAE8", `'\U0001fae8'`}, // SHAKING FACE, Unicode 15.0
		{"\U0001F600", "'\U0001F600'"}, // Unicode 6.1: printable in both
		{"\u00e9\u00a0", `'é\xa0'`},    // printable; a no-break space is not
	}
	for _, c := range cases {
		if got := pyRepr(c.s); got != c.want {
			t.Errorf("repr(%+q) = %s, want %s", c.s, got, c.want)
		}
	}
	if !unicode.IsPrint(0x1F6DD) {
		t.Error("Go's tables no longer know U+1F6DD: this test checks nothing")
	}
}

// TestPyValue is the rendering table of docs/webhook.md: each wfc type, the
// Python value the connector sees, and the text it substitutes.
func TestPyValue(t *testing.T) {
	ts := time.Date(2024, 5, 1, 12, 30, 0, 0, time.UTC)
	cases := []struct {
		name string
		v    any
		typ  *compiler.Type
		want any
		text string
	}{
		{"str", "Hello world", compiler.Str, "Hello world", "Hello world"},
		{"int", int64(10), compiler.Int, int64(10), "10"},
		{"go int", 10, compiler.Int, int64(10), "10"},
		{"float", 1.0, compiler.Float, 1.0, "1.0"},
		{"small float", 1e-05, compiler.Float, 1e-05, "1e-05"},
		{"bool", true, compiler.Bool, true, "True"},
		{"null", nil, compiler.OptionalOf(compiler.Int), nil, "None"},
		{"datetime", ts, compiler.Datetime, "2024-05-01T12:30:00+00:00", "2024-05-01T12:30:00+00:00"},
		{"datetime µs", ts.Add(1500 * time.Microsecond), compiler.Datetime, "2024-05-01T12:30:00.001500+00:00", "2024-05-01T12:30:00.001500+00:00"},
		{"datetime ns truncated", ts.Add(999), compiler.Datetime, "2024-05-01T12:30:00+00:00", "2024-05-01T12:30:00+00:00"},
		{"datetime other zone", ts.In(time.FixedZone("X", 2*3600)), compiler.Datetime, "2024-05-01T12:30:00+00:00", "2024-05-01T12:30:00+00:00"},
		{"duration", 90 * time.Second, compiler.Duration, 90.0, "90.0"},
		{"duration µs", time.Microsecond, compiler.Duration, 1e-06, "1e-06"},
		{"negative duration", -time.Hour, compiler.Duration, -3600.0, "-3600.0"},
		{"list[int]", []any{int64(1), int64(2)}, compiler.ListOf(compiler.Int), []any{int64(1), int64(2)}, "[1, 2]"},
		{"list[str]", []any{"a", "b"}, compiler.ListOf(compiler.Str), []any{"a", "b"}, "['a', 'b']"},
		{"list[duration]", []any{time.Second}, compiler.ListOf(compiler.Duration), []any{1.0}, "[1.0]"},
		{"map[str, int]", map[string]any{"a": int64(1)}, compiler.MapOf(compiler.Int), map[string]any{"a": int64(1)}, "{'a': 1}"},
		{"dict: numbers are Struct doubles", map[string]any{"n": int64(1), "s": "x", "l": []any{int64(2), true, nil}},
			compiler.Dict, map[string]any{"n": 1.0, "s": "x", "l": []any{2.0, true, nil}}, "{'l': [2.0, True, None], 'n': 1.0, 's': 'x'}"},
		{"dict?", map[string]any{"n": int64(3)}, compiler.OptionalOf(compiler.Dict), map[string]any{"n": 3.0}, "{'n': 3.0}"},
		{"list[dict]", []any{map[string]any{"n": int64(3)}}, compiler.ListOf(compiler.Dict), []any{map[string]any{"n": 3.0}}, "[{'n': 3.0}]"},
		{"typed Go slice", []string{"a"}, compiler.ListOf(compiler.Str), []any{"a"}, "['a']"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := pyValue(c.v, c.typ)
			if pyRepr(got) != pyRepr(c.want) || pyTypeName(got) != pyTypeName(c.want) {
				t.Errorf("pyValue = %s (%s), want %s (%s)", pyRepr(got), pyTypeName(got), pyRepr(c.want), pyTypeName(c.want))
			}
			if s := pyStr(got); s != c.text {
				t.Errorf("text = %q, want %q", s, c.text)
			}
		})
	}
}

func TestPyJSON(t *testing.T) {
	got, err := pyJSON(map[string]any{
		"a": 1.0,
		"b": "é<>&/\u2028\x01\n",
		"c": []any{1e-05, nil, true, int64(3)},
	})
	if err != nil {
		t.Fatal(err)
	}
	// python3: json.dumps(..., ensure_ascii=False, separators=(",", ":"))
	want := "{\"a\":1.0,\"b\":\"é<>&/\u2028\\u0001\\n\",\"c\":[1e-05,null,true,3]}"
	if string(got) != want {
		t.Errorf("pyJSON = %s\nwant     %s", got, want)
	}
	if _, err := pyJSON(map[string]any{"x": math.NaN()}); err == nil {
		t.Error("NaN: want an error (httpx uses allow_nan=False)")
	}
}

func TestEncodeParams(t *testing.T) {
	got := encodeParams(map[string]any{
		"a": "new", "q": "Hello world/&=?é~*", "t": true, "f": false, "n": nil,
		"l": []any{int64(1), 2.0}, "d": map[string]any{"k": "v"},
	})
	// python3: str(httpx.QueryParams(...)) of the same dict, keys sorted.
	want := "a=new&d=%7B%27k%27%3A+%27v%27%7D&f=false&l=1&l=2.0&n=&q=Hello+world%2F%26%3D%3F%C3%A9~%2A&t=true"
	if got != want {
		t.Errorf("query = %q\nwant    %q", got, want)
	}
	if got := encodeParams(map[string]any{}); got != "" {
		t.Errorf("no data: query = %q, want none", got)
	}
}
