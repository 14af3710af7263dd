// Package pctencode percent-encodes text for urls, for the webhook
// executor (which escapes substituted values) and the secret redactor
// (which must recognise a secret so escaped).
package pctencode

import "strings"

// Unreserved percent-encodes every byte but RFC 3986's unreserved
// characters (Python's quote(s, safe=""); JavaScript's encodeURIComponent
// but for !'()*), so the result stays one path segment or one query value
// wherever it lands in a url.
func Unreserved(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
