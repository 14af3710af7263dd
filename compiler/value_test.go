package compiler

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestConformValue(t *testing.T) {
	when := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    any
		t    *Type
		want string // JSON of the result, or "error: …" substring
	}{
		{"x", Str, `"x"`},
		{3, Int, `3`},
		{float64(3), Int, `3`},
		{3.5, Int, `error: expected int, got float 3.5`},
		{json.Number("7"), Int, `7`},
		{int64(2), Float, `2.0`},
		{"2024-05-01T12:00:00Z", Datetime, `"2024-05-01T12:00:00Z"`},
		{when, Datetime, `"2024-05-01T12:00:00Z"`},
		{"1m30s", Duration, `"1m30s"`},
		{"soon", Duration, `error: cannot parse "soon" as duration`},
		{"-5s", Duration, `error: a duration cannot be negative`},
		{-time.Second, Duration, `error: a duration cannot be negative`},
		{"10000-01-01T00:00:00Z", Datetime, `error: cannot parse`},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), Datetime, `error: is outside the range Flyte holds`},
		{nil, OptionalOf(Int), `null`},
		{nil, Int, `error: expected int, got null`},
		{[]string{"a", "b"}, ListOf(Str), `["a","b"]`},
		{[]any{"a", 1}, ListOf(Str), `error: at [1]: expected str, got int 1`},
		{map[string]int{"b": 2, "a": 1}, MapOf(Int), `{"a":1,"b":2}`},
		{map[string]any{"x": []any{map[string]any{"y": 1}}}, MapOf(ListOf(MapOf(Str))), `error: at x[0].y: expected str, got int 1`},
		{map[string]any{"n": json.Number("1.5"), "l": []int{1}}, Dict, `{"l":[1],"n":1.5}`},
		{[]any{1}, Dict, `error: expected dict, got list`},
		{struct{}{}, Any, `error: unsupported value`},
	} {
		got, err := ConformValue(tc.v, tc.t)
		if strings.HasPrefix(tc.want, "error: ") {
			if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(tc.want, "error: ")) {
				t.Errorf("ConformValue(%#v, %s) error = %v, want %q", tc.v, tc.t, err, tc.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("ConformValue(%#v, %s): %v", tc.v, tc.t, err)
			continue
		}
		b, err := EncodeJSON(got)
		if err != nil || string(b) != tc.want {
			t.Errorf("ConformValue(%#v, %s) = %s (%v), want %s", tc.v, tc.t, b, err, tc.want)
		}
	}
}

func TestConformDoesNotCopyCanonicalValues(t *testing.T) {
	m := map[string]any{"a": []any{"x"}}
	got, _ := ConformValue(m, MapOf(ListOf(Str)))
	got.(map[string]any)["probe"] = true
	if _, ok := m["probe"]; !ok {
		t.Error("a conforming map was copied")
	}
	in := map[string]any{"a": 1} // int, not int64: must be copied, not modified
	out, _ := ConformValue(in, MapOf(Int))
	if _, ok := in["a"].(int); !ok || out.(map[string]any)["a"] != int64(1) {
		t.Error("conversion modified its input")
	}
}

func TestParseValue(t *testing.T) {
	for _, tc := range []struct {
		text string
		t    *Type
		want string
	}{
		{" raw text \n", Str, `" raw text \n"`},
		{" 42\n", Int, `42`},
		{"4.5", Float, `4.5`},
		{"true", Bool, `true`},
		{"yes", Bool, `error: cannot parse "yes" as bool`},
		{"2024-05-01T12:00:00.5+02:00", Datetime, `"2024-05-01T12:00:00.5+02:00"`},
		{"yesterday", Datetime, `error: cannot parse "yesterday" as datetime`},
		{"10s", Duration, `"10s"`},
		{`{"a": 1, "b": 1.0, "c": [true, null]}`, Dict, `{"a":1,"b":1.0,"c":[true,null]}`},
		{`[1, 2]`, ListOf(Int), `[1,2]`},
		{`[1, 2.5]`, ListOf(Int), `error: at [1]: expected int, got float 2.5`},
		{`{"a": "1s"}`, MapOf(Duration), `{"a":"1s"}`},
		{`{"a": 1} x`, Dict, `error: unexpected data after the value`},
		{"null", OptionalOf(Int), `null`},
		{"5", OptionalOf(Int), `5`},
		{"plain", Any, `"plain"`},
		{`{"k": 2}`, Any, `{"k":2}`},
	} {
		got, err := ParseValue(tc.text, tc.t)
		if strings.HasPrefix(tc.want, "error: ") {
			if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(tc.want, "error: ")) {
				t.Errorf("ParseValue(%q, %s) error = %v, want %q", tc.text, tc.t, err, tc.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseValue(%q, %s): %v", tc.text, tc.t, err)
			continue
		}
		b, _ := EncodeJSON(got)
		if string(b) != tc.want {
			t.Errorf("ParseValue(%q, %s) = %s, want %s", tc.text, tc.t, b, tc.want)
		}
	}
}

func TestJSONRoundTripAndEncoding(t *testing.T) {
	v := map[string]any{
		"s": "quote \" backslash \\ newline \n tab \t ctl \x01 <html> é \xff",
		"f": []any{1.0, 0.5, 1e21, 1e-7, -2.0, 123456789.0},
		"i": int64(-5), "b": false, "n": nil,
		"d": 90 * time.Second, "t": time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC),
	}
	b, err := EncodeJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"b":false,"d":"1m30s","f":[1.0,0.5,1e+21,1e-7,-2.0,123456789.0],"i":-5,"n":null,` +
		`"s":"quote \" backslash \\ newline \n tab \t ctl \u0001 <html> é \ufffd","t":"2024-01-02T03:04:05.000006Z"}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	if !json.Valid(b) {
		t.Fatal("invalid JSON")
	}
	// Every string encoding/json can read back the same.
	var back map[string]any
	json.Unmarshal(b, &back)
	if back["s"] != strings.ToValidUTF8(v["s"].(string), "\ufffd") {
		t.Errorf("string round trip: %q", back["s"])
	}
	// Decoded untyped, ints stay ints and floats stay floats.
	d, err := DecodeJSON(b, Dict)
	if err != nil {
		t.Fatal(err)
	}
	dm := d.(map[string]any)
	if _, ok := dm["i"].(int64); !ok {
		t.Errorf("int decoded as %T", dm["i"])
	}
	if _, ok := dm["f"].([]any)[0].(float64); !ok {
		t.Errorf("1.0 decoded as %T", dm["f"].([]any)[0])
	}
	if _, err := EncodeJSON(map[string]any{"x": make(chan int)}); err == nil {
		t.Error("channel encoded")
	}
}

func TestLookupPath(t *testing.T) {
	v := map[string]any{"info": map[string]any{"status_code": int64(200), "items": []any{"a", "b"}}}
	got, err := LookupPath(v, []string{"info", "items", "1"})
	if err != nil || got != "b" {
		t.Fatalf("%v %v", got, err)
	}
	_, err = LookupPath(v, []string{"info", "status"})
	if err == nil || err.Error() != `no key "status" in .info (keys: items, status_code)` {
		t.Fatalf("err = %v", err)
	}
	_, err = LookupPath(v, []string{"info", "status_code", "x"})
	if err == nil || !strings.Contains(err.Error(), "cannot read .x in .info.status_code: value is int 200, not a dict") {
		t.Fatalf("err = %v", err)
	}
}

func TestFormatText(t *testing.T) {
	for v, want := range map[any]string{nil: "", "s": "s", int64(3): "3", 2.5: "2.5", true: "true", 2 * time.Second: "2s"} {
		if got := FormatText(v); got != want {
			t.Errorf("FormatText(%#v) = %q, want %q", v, got, want)
		}
	}
	if got := FormatText([]any{"a", map[string]any{"k": 1.0}}); got != `["a",{"k":1.0}]` {
		t.Errorf("FormatText(list) = %s", got)
	}
}

// Maps are checked in map order for speed; an error must still name the
// first bad key in sorted order, the same on every run.
func TestConformMapErrorNamesFirstKey(t *testing.T) {
	bad := map[string]any{}
	for _, k := range []string{"m", "c", "x", "a", "q", "b"} {
		bad[k] = struct{}{}
	}
	bad["0ok"] = 1
	for _, typ := range []*Type{Dict, Any, MapOf(Int)} {
		for range 50 {
			_, err := ConformValue(bad, typ)
			if err == nil || !strings.Contains(err.Error(), "at a:") {
				t.Fatalf("ConformValue(…, %s) error = %v, want one at key a", typ, err)
			}
		}
	}
}
