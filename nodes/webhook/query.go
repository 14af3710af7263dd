package webhook

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// GET sends data as query parameters. The connector passes it as httpx's
// params=, which (httpx 0.28):
//   - turns each value into text with primitive_value_to_str: True → "true",
//     False → "false", None → "", anything else str() (so a float is
//     "1.0" and a dict its Python repr); a list value becomes one
//     parameter per element;
//   - merges them into the url's own query: the url's parameters are parsed
//     (parse_qs, blank values kept, repeated names grouped at the first
//     occurrence) and a data key replaces a url parameter of the same name;
//   - re-encodes the whole query with urlencode (quote_plus: space → "+",
//     only letters, digits and "_.-~" left as they are) and drops the "?"
//     when nothing is left.
type queryParams struct {
	keys []string            // first-appearance order
	vals map[string][]string // by key
}

func (q *queryParams) set(k string, vs []string) {
	if _, ok := q.vals[k]; !ok {
		q.keys = append(q.keys, k)
	}
	q.vals[k] = vs
}

// parseQuery is Python's parse_qs(raw, keep_blank_values=True).
func parseQuery(raw string) *queryParams {
	q := &queryParams{vals: map[string][]string{}}
	for _, field := range strings.Split(raw, "&") {
		if field == "" {
			continue
		}
		name, value, _ := strings.Cut(field, "=")
		name, value = pyUnquotePlus(name), pyUnquotePlus(value)
		if _, ok := q.vals[name]; !ok {
			q.keys = append(q.keys, name)
		}
		q.vals[name] = append(q.vals[name], value)
	}
	return q
}

// mergeData adds the data dict's keys in sorted order (see pyJSON on why
// not insertion order), replacing url parameters of the same name.
func (q *queryParams) mergeData(data map[string]any) {
	for _, k := range sortedKeys(data) {
		v := data[k]
		var items []any
		if list, ok := v.([]any); ok {
			items = list
		} else {
			items = []any{v}
		}
		texts := make([]string, len(items))
		for i, it := range items {
			texts[i] = primitiveValueToStr(it)
		}
		q.set(k, texts)
	}
}

func (q *queryParams) encode() string {
	var b strings.Builder
	for _, k := range q.keys {
		for _, v := range q.vals[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k)) // same safe set as quote_plus
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

func primitiveValueToStr(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "true"
		}
		return "false"
	case nil:
		return ""
	}
	return pyStr(v)
}

// pyUnquotePlus is urllib's unquote_plus with errors="replace": malformed
// escapes stay as written, undecodable bytes become U+FFFD.
func pyUnquotePlus(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var raw []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			raw = append(raw, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			raw = append(raw, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			raw = append(raw, c)
		}
	}
	if utf8.Valid(raw) {
		return string(raw)
	}
	return strings.ToValidUTF8(string(raw), "\uFFFD")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
