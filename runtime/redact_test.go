package runtime_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

func TestRedactor(t *testing.T) {
	r := runtime.NewRedactor("s3cr3t", "a b/c", "")
	if got := r.String("token=s3cr3t&x=a+b%2Fc path a%20b%2Fc raw a b/c"); got != "token=***&x=*** path *** raw ***" {
		t.Errorf("String = %q", got)
	}
	v := r.Value(map[string]any{"k": []any{"xs3cr3tx", int64(1)}, "s3cr3t": true})
	got, _ := compiler.EncodeJSON(v)
	if string(got) != `{"***":true,"k":["x***x",1]}` {
		t.Errorf("Value = %s", got)
	}
	err := r.Error(errors.Join(errors.New("auth s3cr3t failed"), context.Canceled))
	if strings.Contains(err.Error(), "s3cr3t") || !errors.Is(err, context.Canceled) {
		t.Errorf("Error = %v", err)
	}
	if runtime.NewRedactor("").Active() {
		t.Errorf("empty secret would redact everything")
	}
}

// TestRedactorSpellings checks that the forms a secret takes when a server
// echoes it back are masked too.
func TestRedactorSpellings(t *testing.T) {
	secret := `Zm9v+YmFy/YmF6==<&>"\`
	r := runtime.NewRedactor(secret)
	for _, echoed := range []string{
		secret,
		"Zm9v YmFy/YmF6==<&>\"\\",                       // a raw query value, "+" decoded as a space
		`Zm9v+YmFy/YmF6==\u003c\u0026\u003e\"\\`,        // JSON with Go's HTML escapes
		`Zm9v+YmFy/YmF6==<&>\"\\`,                       // JSON without them
		`Zm9v+YmFy/YmF6==\\u003c\\u0026\\u003e\\\"\\\\`, // JSON inside JSON
		`Zm9v+YmFy/YmF6==&lt;&amp;&gt;&#34;\`,           // HTML
	} {
		if got := r.String("x " + echoed + " y"); got != "x *** y" {
			t.Errorf("Redact(%q) = %q", echoed, got)
		}
	}
}

// oddSecret has what makes encoders differ: non-ASCII (ä, ö), a character
// above U+FFFF (a surrogate pair in \u escapes), "/" (escaped as \/ by
// some), "+" and "=" (base64 tokens; .NET escapes "+"), HTML's <&>, a
// quote and a control character.
const oddSecret = "pä/ss+wö=rd😀<&>\"\x01"

// TestRedactorJSONEncoders masks the secret as each common JSON encoder
// writes it. The expected spellings were produced by the encoders
// themselves (CPython 3.11's json.dumps, Node's JSON.stringify, Go's
// encoding/json), or, for PHP's json_encode and .NET's System.Text.Json,
// written by their documented rules.
func TestRedactorJSONEncoders(t *testing.T) {
	r := runtime.NewRedactor(oddSecret)
	goJSON := func(escapeHTML bool) string {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		enc.Encode(oddSecret)
		s := strings.TrimSpace(b.String())
		return s[1 : len(s)-1]
	}
	for name, echoed := range map[string]string{
		"CPython json.dumps (ensure_ascii)": `p\u00e4/ss+w\u00f6=rd\ud83d\ude00<&>\"\u0001`,
		"CPython ensure_ascii=False, Node":  `pä/ss+wö=rd😀<&>\"\u0001`,
		"PHP json_encode":                   `p\u00e4\/ss+w\u00f6=rd\ud83d\ude00<&>\"\u0001`,
		".NET System.Text.Json":             `p\u00E4/ss\u002Bw\u00F6=rd\uD83D\uDE00\u003C\u0026\u003E\u0022\u0001`,
		"Go, HTML escapes":                  goJSON(true),
		"Go, no HTML escapes":               goJSON(false),
		"CPython json.dumps twice":          `p\\u00e4/ss+w\\u00f6=rd\\ud83d\\ude00<&>\\\"\\u0001`,
		"Go inside CPython":                 strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(goJSON(true)),
	} {
		if got := r.String(`{"token": "` + echoed + `"}`); got != `{"token": "***"}` {
			t.Errorf("%s: %q redacted to %q", name, echoed, got)
		}
	}
}

// TestRedactorTextForms masks the secret escaped for a url and for HTML,
// in base64, and as a server decodes it from a query.
func TestRedactorTextForms(t *testing.T) {
	r := runtime.NewRedactor(oddSecret)
	for name, echoed := range map[string]string{
		"raw":                       oddSecret,
		"Python quote(safe='')":     "p%C3%A4%2Fss%2Bw%C3%B6%3Drd%F0%9F%98%80%3C%26%3E%22%01",
		"Python html.escape":        "pä/ss+wö=rd😀&lt;&amp;&gt;&quot;\x01",
		"Go html.EscapeString":      "pä/ss+wö=rd😀&lt;&amp;&gt;&#34;\x01",
		"query value decoded":       "pä/ss wö=rd😀<&>\"\x01",
		"base64":                    "cMOkL3NzK3fDtj1yZPCfmIA8Jj4iAQ==",
		"base64url without padding": "cMOkL3NzK3fDtj1yZPCfmIA8Jj4iAQ",
	} {
		if got := r.String("<" + echoed + ">"); got != "<***>" {
			t.Errorf("%s: %q redacted to %q", name, echoed, got)
		}
	}
}

// A token in base64 has "/", which PHP's JSON writes "\/".
func TestRedactorEscapedSlash(t *testing.T) {
	const token = "Zm9v/YmFy+YmF6=="
	r := runtime.NewRedactor(token)
	for _, echoed := range []string{`{"t":"Zm9v\/YmFy+YmF6=="}`, `{"t":"Zm9v\/YmFy\u002BYmF6=="}`} {
		if got := r.String(echoed); got != `{"t":"***"}` {
			t.Errorf("%s redacted to %s", echoed, got)
		}
	}
}

// TestRedactorCredential masks a basic-auth credential derived from a
// secret, given as a value of its own, in the forms of base64 a server may
// echo.
func TestRedactorCredential(t *testing.T) {
	credential := "ann:" + oddSecret
	r := runtime.NewRedactor(oddSecret, credential)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		echoed := "Basic " + enc.EncodeToString([]byte(credential))
		if got := r.String(echoed); got != "Basic ***" {
			t.Errorf("%q redacted to %q", echoed, got)
		}
	}
	// Node's Buffer.from("ann:" + secret).toString("base64").
	if got := r.String("YW5uOnDDpC9zcyt3w7Y9cmTwn5iAPCY+IgE="); got != "***" {
		t.Errorf("Node's base64 redacted to %q", got)
	}
}

// TestRedactorNumbers masks a parsed number equal to a secret, however
// the JSON wrote it, and a number whose digits hold one.
func TestRedactorNumbers(t *testing.T) {
	r := runtime.NewRedactor("84729163", "2.5")
	in := map[string]any{
		"pin": int64(84729163), "float": 84729163.0, "exp": 8.4729163e7,
		"half": 2.5, "within": int64(1847291630), "other": int64(84729164), "small": 2.0,
		"list": []any{int64(84729163)},
	}
	got, _ := compiler.EncodeJSON(r.Value(in))
	want := `{"exp":"***","float":"***","half":"***","list":["***"],"other":84729164,"pin":"***","small":2.0,"within":"1***0"}`
	if string(got) != want {
		t.Errorf("Value =\n%s\nwant\n%s", got, want)
	}
	// Not a number: nothing numeric is masked.
	if v := runtime.NewRedactor("tok-1").Value(int64(1)); v != int64(1) {
		t.Errorf("Value(1) = %v", v)
	}
}
