package webhook

import (
	"net/url"
	"strings"
)

// GET sends data as query parameters. The connector always passes it as
// httpx's params= (an empty dict when the task has no data), and httpx
// 0.28 then *replaces* the url's own query string rather than merging into
// it (encode/httpx#3364): "…/items?id=1" with no data requests "/items",
// and "…/search?key=abc&q=old" with data {"q": "new"} requests
// "/search?q=new". The parameters are:
//   - each value turned into text by primitive_value_to_str: True →
//     "true", False → "false", None → "", anything else str() (so a float
//     is "1.0" and a dict its Python repr); a list value becomes one
//     parameter per element;
//   - encoded with urlencode (quote_plus: space → "+", only letters,
//     digits and "_.-~" left as they are); no data sends no "?".
//
// wfc's DELETE extension sends data the same way.

// encodeParams is the query string GET sends for data, keys sorted (see
// pyJSON on why not insertion order).
func encodeParams(data map[string]any) string {
	var b strings.Builder
	for _, k := range sortedKeys(data) {
		items, ok := data[k].([]any)
		if !ok {
			items = []any{data[k]}
		}
		for _, it := range items {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k)) // the same safe set as quote_plus
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(primitiveValueToStr(it)))
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
