package runtime

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wfc-lang/wfc/internal/pctencode"
)

// A secret comes back from a server in whatever spelling the server's
// software gives it. spellings derives the spellings the redactor masks
// from the value, in three steps; docs/webhook.md lists them for users.
//
//  1. What the server may have decoded the value to: the value; the value
//     with "+" read as a space and %XX decoded, as a form-decoding server
//     reads a value sent raw in a query.
//  2. Text forms of each: as is; query-escaped, path-escaped and escaped
//     but for RFC 3986's unreserved characters (upper-case hex, as Go,
//     Python and JavaScript write them); HTML-escaped as Go and Python
//     do; and, of the value itself, base64 (standard and URL alphabets,
//     with and without padding), as a basic-auth header or a token
//     carries it.
//  3. Each text form as the body of a JSON string, by every encoder in
//     jsonEncoders, and each decoded value encoded twice (a JSON request
//     body echoed inside a JSON reply).

// spellings returns the spellings of v, without duplicates.
func spellings(v string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	decoded := []string{v, strings.ReplaceAll(v, "+", " ")}
	if u, err := url.QueryUnescape(v); err == nil {
		decoded = append(decoded, u)
	}
	var texts []string
	for _, d := range decoded {
		texts = append(texts, d, url.QueryEscape(d), url.PathEscape(d), pctencode.Unreserved(d),
			html.EscapeString(d), pythonHTMLEscape(d))
	}
	b := []byte(v)
	texts = append(texts,
		base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b))
	for _, t := range texts {
		add(t)
		for _, enc := range jsonEncoders {
			add(enc(t))
		}
	}
	for _, d := range decoded {
		for _, inner := range jsonEncoders {
			once := inner(d)
			for _, outer := range jsonEncoders {
				add(outer(once))
			}
		}
	}
	return out
}

// jsonEncoders write a string as the body of a JSON string (no quotes)
// the way the common encoders do:
//   - Go's encoding/json, with its HTML escapes (<, >, & as \u003c …) and
//     without them;
//   - Python's json.dumps with ensure_ascii (every character outside
//     printable ASCII as \uXXXX, surrogate pairs above U+FFFF) and without
//     (only ", \ and control characters escaped: also JavaScript's
//     JSON.stringify, Java's Jackson, Ruby);
//   - .NET's System.Text.Json (", ', +, <, >, &, ` and every non-ASCII
//     character as \uXXXX, upper-case hex);
//
// and each of them also with "/" written "\/" (PHP's json_encode, which
// otherwise escapes as Python's ensure_ascii does) and with upper-case hex
// digits.
var jsonEncoders = func() []func(string) string {
	bases := []func(string) string{
		func(s string) string { return goJSON(s, true) },
		func(s string) string { return goJSON(s, false) },
		func(s string) string { return escapeJSON(s, pythonASCII) },
		func(s string) string { return escapeJSON(s, minimalJSON) },
		func(s string) string { return escapeJSON(s, dotnetJSON) },
	}
	var out []func(string) string
	for _, enc := range bases {
		out = append(out, enc,
			func(s string) string { return escapedSlash(enc(s)) },
			func(s string) string { return upperHex(enc(s)) },
			func(s string) string { return upperHex(escapedSlash(enc(s))) })
	}
	return out
}()

// goJSON is s as Go's encoding/json writes it inside quotes.
func goJSON(s string, escapeHTML bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(s); err != nil {
		return ""
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

// jsonStyle says which characters an encoder writes as \uXXXX.
type jsonStyle int

const (
	minimalJSON jsonStyle = iota // control characters only
	pythonASCII                  // and everything outside printable ASCII
	dotnetJSON                   // and " ' + < > & `, upper-case hex
)

// escapeJSON writes s as the body of a JSON string in the given style.
// All styles write \b \f \n \r \t and \\ short; invalid UTF-8 is read as
// U+FFFD.
func escapeJSON(s string, style jsonStyle) string {
	hex := "0123456789abcdef"
	if style == dotnetJSON {
		hex = "0123456789ABCDEF"
	}
	var b strings.Builder
	u := func(r rune) {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hex[r>>shift&15])
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\\':
			b.WriteString(`\\`)
			continue
		case r == '"' && style != dotnetJSON:
			b.WriteString(`\"`)
			continue
		case r < 0x20:
			if short := strings.IndexRune("\b\f\n\r\t", r); short >= 0 {
				b.WriteByte('\\')
				b.WriteByte("bfnrt"[short])
				continue
			}
			u(r)
			continue
		}
		escape := false
		switch style {
		case pythonASCII:
			escape = r > 0x7e
		case dotnetJSON:
			escape = r > 0x7e || strings.ContainsRune("\"'+<>&`", r)
		}
		switch {
		case !escape:
			b.WriteRune(r)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			u(hi)
			u(lo)
		default:
			u(r)
		}
	}
	return b.String()
}

// escapedSlash writes every "/" of an encoded JSON string body as "\/".
func escapedSlash(s string) string { return strings.ReplaceAll(s, "/", `\/`) }

// upperHex writes the hex digits of every \uXXXX escape in a JSON string
// body upper-case.
func upperHex(s string) string {
	if !strings.Contains(s, `\u`) {
		return s
	}
	b := []byte(s)
	for i := 0; i+1 < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			for j := i + 2; j < i+6; j++ {
				if 'a' <= b[j] && b[j] <= 'f' {
					b[j] -= 'a' - 'A'
				}
			}
		}
		i++ // the escaped character is not the start of another escape
	}
	return string(b)
}

// pythonHTMLEscape is Python's html.escape: Go's html.EscapeString but for
// the quotes' spellings.
var pythonHTMLEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace
