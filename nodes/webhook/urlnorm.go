package webhook

import "strings"

// A rendered url is raw text: "http://h/items/Hello world?q=a b". httpx,
// the connector's client, percent-encodes what a path or a query may not
// hold (WHATWG's percent-encode sets) and leaves existing %xx escapes
// alone; Go's url.Parse instead keeps a raw query verbatim, which puts a
// space on the request line, and rejects a malformed escape. normalizeURL
// applies httpx's encoding to the path and query before Go parses the url.
//
// Go may still escape a few characters httpx leaves in a path (| ^ [ ]);
// servers decode both the same.

// The characters httpx percent-encodes, besides controls, space and
// non-ASCII: the query set, and the path set, which adds ? ` { }.
const (
	queryUnsafe = "\"#<>"
	pathUnsafe  = "\"#<>?`{}"
)

func normalizeURL(raw string) string {
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw = raw[:i] // the fragment is never sent
	}
	rest := raw
	prefix := ""
	if i := strings.Index(rest, "://"); i >= 0 {
		end := i + 3
		if j := strings.IndexAny(rest[end:], "/?"); j >= 0 {
			end += j
		} else {
			end = len(rest)
		}
		prefix, rest = rest[:end], rest[end:]
	}
	path, query, hasQuery := strings.Cut(rest, "?")
	out := prefix + quoteURLPart(path, pathUnsafe)
	if hasQuery {
		out += "?" + quoteURLPart(query, queryUnsafe)
	}
	return out
}

// quoteURLPart percent-encodes controls, space, DEL, non-ASCII bytes, the
// unsafe characters, and a "%" that does not start an escape (Go rejects
// those; httpx would send them as they are).
func quoteURLPart(s, unsafe string) string {
	needs := func(i int) bool {
		c := s[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			return true
		case c == '%':
			return !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]))
		}
		return strings.IndexByte(unsafe, c) >= 0
	}
	i := 0
	for i < len(s) && !needs(i) {
		i++
	}
	if i == len(s) {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if needs(i) {
			c := s[i]
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
