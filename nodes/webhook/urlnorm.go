package webhook

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// A rendered url is raw text ("http://h/items/Hello world?q=a b"), and the
// request it becomes is httpx's (httpx/_urlparse.py in 0.28, the
// connector's client), not what Go's url.Parse would make of it:
//
//   - a url longer than 65,536 characters, or holding an ASCII control
//     character (0x00–0x1f, 0x7f; tab and newline included), fails;
//   - the fragment is dropped, the scheme and an ASCII host lower-cased,
//     the scheme's default port dropped;
//   - "." and ".." segments are removed from the path (RFC 3986 §5.2.4 as
//     httpx words it: "/a/." is "/a", "/.." is "");
//   - the path and the query are percent-encoded where WHATWG's path and
//     query sets say (space, `"`, `#`, `<`, `>`, and in the path `?`, "`",
//     `{`, `}`; non-ASCII as UTF-8), and nothing else: existing %xx escapes
//     and a stray "%" stay as written, and so do `|`, `^`, `\`, `[`, `]`;
//   - an empty path is sent as "/".
//
// Go's client would re-escape a whole path holding `|`, `^` or `\`
// (decoding %2F into "/" on the way); such a path is handed to it as
// URL.Opaque, which it sends verbatim.

// maxURLLength is httpx's MAX_URL_LENGTH.
const maxURLLength = 65536

// The characters httpx percent-encodes besides controls, space and
// non-ASCII: the query set, and the path set, which adds ? ` { }.
const (
	queryUnsafe = "\"#<>"
	pathUnsafe  = "\"#<>?`{}"
)

// parseHTTPURL turns a rendered url into the URL Go's client sends as httpx
// would send it. It accepts absolute http and https urls only; messages
// show shown, the redacted text.
func parseHTTPURL(raw, shown string) (*url.URL, error) {
	if len(raw) > maxURLLength && utf8.RuneCountInString(raw) > maxURLLength {
		return nil, &RenderError{Field: "url", Msg: "URL too long (httpx, the connector's client, takes at most 65536 characters)"}
	}
	if err := checkURLControls(raw); err != nil {
		return nil, err
	}
	raw, _, _ = strings.Cut(raw, "#") // the fragment is never sent
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || !isScheme(scheme) {
		return nil, &RenderError{Field: "url", Msg: fmt.Sprintf("%q is missing an 'http://' or 'https://' protocol", shown)}
	}
	scheme = strings.ToLower(scheme)
	if scheme != "http" && scheme != "https" {
		return nil, &RenderError{Field: "url", Msg: fmt.Sprintf("%q is missing an 'http://' or 'https://' protocol", shown)}
	}
	authority := rest
	path, query, hasQuery := "", "", false
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority = rest[:i]
		path, query, hasQuery = strings.Cut(rest[i:], "?")
	}
	// Go parses the authority: user info, host, port.
	u, err := url.Parse(scheme + "://" + authority)
	if err != nil || u.Path != "" {
		return nil, &RenderError{Field: "url", Msg: fmt.Sprintf("%q is not a valid URL", shown)}
	}
	if u.Host == "" {
		return nil, &RenderError{Field: "url", Msg: fmt.Sprintf("%q has no host", shown)}
	}
	u.Host = normalizeHost(scheme, u.Host)

	path = quoteURLPart(removeDotSegments(path), pathUnsafe)
	if path == "" {
		path = "/"
	}
	setPath(u, path)
	u.RawQuery = quoteURLPart(query, queryUnsafe)
	u.ForceQuery = hasQuery && query == ""
	return u, nil
}

// checkURLControls fails as httpx's urlparse does on an ASCII control
// character, naming it and its position (in characters).
func checkURLControls(raw string) error {
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c < 0x20 || c == 0x7f {
			return &RenderError{Field: "url", Msg: fmt.Sprintf(
				"Invalid non-printable ASCII character in URL, %s at position %d. (Flyte's connector refuses it too; a value with control characters belongs in data)",
				pyRepr(string(c)), utf8.RuneCountInString(raw[:i]))}
		}
	}
	return nil
}

// normalizeHost lower-cases an ASCII host (a non-ASCII one is left to the
// transport, which converts it to punycode) and drops the scheme's
// default port, as httpx does; the Host header is sent so.
func normalizeHost(scheme, host string) string {
	ascii := true
	for i := 0; i < len(host); i++ {
		if host[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		host = strings.ToLower(host)
	}
	if scheme == "http" {
		host = strings.TrimSuffix(host, ":80")
	} else {
		host = strings.TrimSuffix(host, ":443")
	}
	return host
}

// removeDotSegments is httpx's normalize_path: "." segments go, ".."
// removes the segment before it (never the leading empty one), and the
// result is joined back with "/" — so "/a/." is "/a" and "/a/.." is "".
func removeDotSegments(path string) string {
	if !strings.Contains(path, ".") {
		return path
	}
	parts := strings.Split(path, "/")
	dots := false
	for _, p := range parts {
		if p == "." || p == ".." {
			dots = true
			break
		}
	}
	if !dots {
		return path
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		switch p {
		case ".":
		case "..":
			if len(out) > 0 && !(len(out) == 1 && out[0] == "") {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, p)
		}
	}
	return strings.Join(out, "/")
}

// setPath makes u's request target path exactly path, which is already
// escaped as it is to be sent. Go's client sends RawPath when it is a
// valid spelling of Path by Go's own rules, and otherwise re-escapes Path
// whole; a path that would be re-escaped is set as Opaque instead.
func setPath(u *url.URL, path string) {
	if p, err := url.PathUnescape(path); err == nil {
		u.Path, u.RawPath = p, path
		if u.EscapedPath() == path {
			return
		}
	}
	u.Path, u.RawPath = "", ""
	// An Opaque value starting with "//" names an authority: the request
	// target becomes the absolute url. That is also the form a plain-http
	// proxy needs, which an origin-form Opaque would not give it.
	if strings.HasPrefix(path, "//") || u.Scheme == "http" && proxied(u) {
		u.Opaque = "//" + u.Host + path
		return
	}
	u.Opaque = path
}

// proxied reports whether the transport would send u through a proxy
// (HTTP_PROXY and friends, as newTransport configures it).
func proxied(u *url.URL) bool {
	p, err := http.ProxyFromEnvironment(&http.Request{URL: u})
	return err == nil && p != nil
}

// quoteURLPart is httpx's quote: it percent-encodes controls, space, DEL,
// non-ASCII bytes and the unsafe characters, and leaves everything else,
// "%" included, as written.
func quoteURLPart(s, unsafe string) string {
	needs := func(c byte) bool {
		return c <= ' ' || c >= 0x7f || strings.IndexByte(unsafe, c) >= 0
	}
	i := 0
	for i < len(s) && !needs(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if c := s[i]; needs(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
