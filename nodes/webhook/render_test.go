package webhook

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// These cases were run through flytekit's format_dict (python3, the
// connector's update dict {"inputs": ...}); the expectations are its
// results. Error texts are the Python exception messages.
func TestRenderStringLikeFormatDict(t *testing.T) {
	inputs := map[string]any{
		"x": "value_x", "item_id": int64(10), "f": 1.0, "b": true, "n": nil,
		"l": []any{int64(1), "a"}, "e": "", "a2": "{inputs.item_id}",
		"d": map[string]any{"k": "v", "n": 1.0, "inner": map[string]any{"z": 2.0}},
	}
	sc := &scope{inputs: inputs}
	cases := []struct {
		in   string
		want any
	}{
		{"http://example.com/{inputs.x}", "http://example.com/value_x"},
		{"{inputs.item_id}", int64(10)},            // exactly one placeholder: typed
		{"{inputs.l}", []any{int64(1), "a"}},       // a list stays a list
		{"{inputs.d.inner.z}", 2.0},                // attribute path into a dict
		{"{inputs.d.k}", "v"},                      //
		{"{inputs.n}", nil},                        // None stays None
		{"{inputs.e}{inputs.item_id}", int64(10)},  // the check is against the string as substituted so far
		{"{inputs.a2} {inputs.item_id}", "10 10"},  // substituted text is searched again
		{"{inputs.x}{inputs.x}", "value_xvalue_x"}, // every occurrence
		{"id={inputs.item_id} f={inputs.f} b={inputs.b} n={inputs.n} l={inputs.l}",
			"id=10 f=1.0 b=True n=None l=[1, 'a']"},
		{"d={inputs.d}", "d={'inner': {'z': 2.0}, 'k': 'v', 'n': 1.0}"}, // keys sorted (Python: insertion order)
		{"{x}", "{x}"}, // no dot: left as written
		{"a {x} b {inputs.x}", "a {x} b value_x"},
		{"{idempotence_token}", "{idempotence_token}"},
		{"}{", "}{"},
		{"no braces", "no braces"},
		{"only { open", "only { open"},
	}
	for _, c := range cases {
		got, err := sc.renderString("f", c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if pyRepr(got) != pyRepr(c.want) || pyTypeName(got) != pyTypeName(c.want) {
			t.Errorf("%q = %s (%s), want %s (%s)", c.in, pyRepr(got), pyTypeName(got), pyRepr(c.want), pyTypeName(c.want))
		}
	}
}

func TestRenderErrorsLikeFormatDict(t *testing.T) {
	sc := &scope{inputs: map[string]any{
		"s": "hello", "xyz": "xyz", "l": []any{int64(1), "a"}, "item_id": int64(10),
		"n": nil, "f": 1.0, "b": true, "d": map[string]any{"k": "v"},
	}}
	cases := []struct{ in, want string }{
		{"{inputs.missing}", "Could not find the key missing in {'b': True, 'd': {'k': 'v'}, 'f': 1.0, 'item_id': 10, 'l': [1, 'a'], 'n': None, 's': 'hello', 'xyz': 'xyz'}."},
		{"{inputs.d.nope}", "Could not find the key nope in {'k': 'v'}."},
		{"{inputs.s.x}", "Could not find the key x in hello."},
		{"{inputs.xyz.x}", "string indices must be integers, not 'str'"},
		{"{inputs.l.a}", "list indices must be integers or slices, not str"},
		{"{inputs.l.b}", "Could not find the key b in [1, 'a']."},
		{"{inputs.item_id.x}", "argument of type 'int' is not iterable"},
		{"{inputs.n.x}", "argument of type 'NoneType' is not iterable"},
		{"{inputs.f.x}", "argument of type 'float' is not iterable"},
		{"{inputs.b.x}", "argument of type 'bool' is not iterable"},
		{"{{inputs.s}}", "Could not find the key {inputs in {'inputs': {"}, // the regex takes "{inputs.s"
		{"{ inputs.s}", "Could not find the key  inputs in {'inputs': {"},
		{"{inputs.}", "Could not find the key  in {"},
	}
	for _, c := range cases {
		_, err := sc.renderString("url", c.in)
		if err == nil {
			t.Errorf("%q: no error, want %q", c.in, c.want)
			continue
		}
		re, ok := err.(*RenderError)
		if !ok || re.Field != "url" || !strings.HasPrefix(re.Msg, c.want) {
			t.Errorf("%q: error %q, want it to start with %q (field url)", c.in, err, c.want)
		}
	}
}

func TestRenderValueRecursesButNotIntoKeys(t *testing.T) {
	sc := &scope{inputs: map[string]any{"x": "value_x", "item_id": int64(10)}}
	got, err := sc.renderValue("data", map[string]any{
		"{inputs.x}": "{inputs.x}",
		"l":          []any{"{inputs.item_id}", int64(3), map[string]any{"q": "{inputs.x}"}},
		"n":          int64(5),
		"t":          true,
	})
	if err != nil {
		t.Fatal(err)
	}
	// format_dict: {'{inputs.x}': 'value_x', 'l': [10, 3, {'q': 'value_x'}], 'n': 5, 't': True}
	want := "{'l': [10, 3, {'q': 'value_x'}], 'n': 5, 't': True, '{inputs.x}': 'value_x'}"
	if pyRepr(got) != want {
		t.Errorf("got  %s\nwant %s", pyRepr(got), want)
	}
}

func TestRenderSecretsAndEscape(t *testing.T) {
	sc := &scope{
		inputs:  map[string]any{"q": "a b/c?d&e=f", "n": int64(7)},
		secrets: map[string]string{"TOKEN": "s3cr3t"},
	}
	got, err := sc.renderString("h", "Bearer {secrets.TOKEN}")
	if err != nil || got != "Bearer s3cr3t" {
		t.Errorf("secret: %v %v", got, err)
	}
	if _, err := sc.renderString("h", "{secrets.TOKEN.x}"); err == nil {
		t.Error("{secrets.TOKEN.x}: want an error")
	}
	sc.escape = true
	got, _ = sc.renderString("url", "http://h/items/{inputs.q}?n={inputs.n}")
	if got != "http://h/items/a%20b%2Fc%3Fd%26e%3Df?n=7" {
		t.Errorf("escaped url = %v", got)
	}
	if names := secretNames("{secrets.A} {secrets.B.c} {inputs.x} {secrets.}"); len(names) != 1 || names[0] != "A" {
		t.Errorf("secretNames = %v", names)
	}
}

// holes must find exactly what format_dict's regular expression finds.
func TestHolesMatchesTheRegexp(t *testing.T) {
	re := regexp.MustCompile(`\{([^}]+)\}`)
	check := func(s string) {
		t.Helper()
		var want []string
		if strings.Contains(s, "{") && strings.Contains(s, "}") {
			want = []string{}
			for _, m := range re.FindAllStringSubmatch(s, -1) {
				want = append(want, m[1])
			}
		}
		if got := holes(s); !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Errorf("holes(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"", "{", "}", "{}", "}{", "{{}}", "{a}", "{{a}}", "{a}{b}", "x{}y{z}", "{a{b}c}", "{}}{a}", "{\n}", "{a.b} and {c.d}"} {
		check(s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("{}a.b ")
	for range 20000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		check(string(b))
	}
}

// parseHTTPURL sends what httpx sends: the expected host and request
// target are httpx 0.28.1's urlparse of the same strings (netloc, and
// raw_path).
func TestParseHTTPURL(t *testing.T) {
	cases := []struct{ in, host, target string }{
		{"http://h/items/Hello world", "h", "/items/Hello%20world"},
		{"http://h/a!b'c(d)e*f$g&h+i,j;k=l:m@n", "h", "/a!b'c(d)e*f$g&h+i,j;k=l:m@n"},
		{"http://h/p\"q<r>s`t{u}v", "h", "/p%22q%3Cr%3Es%60t%7Bu%7Dv"},
		{"http://h/caf\u00e9/%41", "h", "/caf%C3%A9/%41"},
		{"http://h/x?q=a b\"c<d>e`f{g}h|i^j'k&l=caf\u00e9%41", "h", "/x?q=a%20b%22c%3Cd%3Ee`f{g}h|i^j'k&l=caf%C3%A9%41"},
		{"http://h/x#frag ment", "h", "/x"},
		{"http://user@h:8080", "h:8080", "/"},
		{"http://h/100%", "h", "/100%"},
		{"http://h/a%zz b", "h", "/a%zz%20b"},
		{"http://h/x?", "h", "/x?"},
		{"http://h/a?b?c", "h", "/a?b?c"},
		// Dot segments (normalize_path).
		{"http://h/files/../admin", "h", "/admin"},
		{"http://h/a/./b/../c/", "h", "/a/c/"},
		{"http://h/a/.", "h", "/a"},
		{"http://h/a/..", "h", "/"},
		{"http://h/..", "h", "/"},
		{"http://h/%2e%2e/x", "h", "/%2e%2e/x"},
		{"http://h/a/.../b", "h", "/a/.../b"},
		// No re-escaping of a path holding | ^ \.
		{"http://h/a%2Fb|c^d\\e", "h", "/a%2Fb|c^d\\e"},
		{"http://h/a%2Fb[c]", "h", "/a%2Fb[c]"},
		// Host lower-cased, default port dropped.
		{"HTTP://Example.COM:80/A", "example.com", "/A"},
		{"https://h:443/", "h", "/"},
	}
	for _, c := range cases {
		u, err := parseHTTPURL(c.in, c.in)
		if err != nil {
			t.Errorf("parseHTTPURL(%q): %v", c.in, err)
			continue
		}
		if u.Host != c.host || u.RequestURI() != c.target {
			t.Errorf("parseHTTPURL(%q): host %q, target %q; want %q, %q", c.in, u.Host, u.RequestURI(), c.host, c.target)
		}
	}
	for _, c := range []struct{ in, msg string }{
		// httpx: InvalidURL, with the character's repr and position.
		{"http://h/a\x01", `Invalid non-printable ASCII character in URL, '\x01' at position 10.`},
		{"http://h/é\n", `Invalid non-printable ASCII character in URL, '\n' at position 10.`},
		{"http://h/a\tb", `Invalid non-printable ASCII character in URL, '\t' at position 10.`},
		{"http://h/?q=\x7f", `Invalid non-printable ASCII character in URL, '\x7f' at position 12.`},
		{"ftp://h/", "is missing an 'http://' or 'https://' protocol"},
		{"http:///x", "has no host"},
		{"http://h/" + strings.Repeat("a", maxURLLength), "URL too long"},
	} {
		_, err := parseHTTPURL(c.in, c.in)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("parseHTTPURL(%.40q): err = %v, want %q", c.in, err, c.msg)
		}
	}
}
