package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// errTooLarge marks a body over the size cap.
var errTooLarge = errors.New("response body too large")

// readBody reads at most limit bytes of resp's body through r (limit < 0:
// no cap).
func readBody(resp *http.Response, r io.Reader, limit int64) ([]byte, error) {
	if n := resp.ContentLength; n >= 0 && (limit < 0 || n <= limit) {
		// The common case: a known length within the cap. Read exactly
		// that, then the EOF, which hands the connection back to the pool.
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		var one [1]byte
		if m, err := r.Read(one[:]); m > 0 || (err != nil && err != io.EOF) {
			if err == nil {
				err = errors.New("response body longer than its Content-Length")
			}
			return nil, err
		}
		return buf, nil
	}
	var buf bytes.Buffer
	if limit < 0 {
		_, err := buf.ReadFrom(r)
		return buf.Bytes(), err
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, errTooLarge
	}
	return buf.Bytes(), nil
}

// responseText is httpx's Response.text: the body decoded with the charset
// the Content-Type names, UTF-8 when it names none, undecodable bytes
// replaced by U+FFFD. UTF-8, Latin-1 and ASCII are decoded exactly; other
// charsets are read as UTF-8.
func responseText(body []byte, contentType string) string {
	charset := contentCharset(contentType)
	switch charset {
	case "iso-8859-1", "latin-1", "latin1", "l1", "iso8859-1", "iso_8859-1":
		runes := make([]rune, len(body))
		for i, c := range body {
			runes[i] = rune(c)
		}
		return string(runes)
	case "ascii", "us-ascii":
		var b strings.Builder
		for _, c := range body {
			if c < 0x80 {
				b.WriteByte(c)
			} else {
				b.WriteRune(utf8.RuneError)
			}
		}
		return b.String()
	}
	if utf8.Valid(body) {
		return string(body)
	}
	var b strings.Builder
	for len(body) > 0 {
		r, size := utf8.DecodeRune(body)
		b.WriteRune(r) // RuneError for each undecodable byte
		body = body[size:]
	}
	return b.String()
}

// contentCharset is the charset parameter of a Content-Type, lower-cased,
// or "". Only when the value looks unusual is it parsed properly.
func contentCharset(contentType string) string {
	lower := strings.ToLower(contentType)
	i := strings.Index(lower, "charset=")
	if i < 0 {
		return ""
	}
	v := lower[i+len("charset="):]
	if j := strings.IndexByte(v, ';'); j >= 0 {
		v = v[:j]
	}
	v = strings.TrimSpace(v)
	if strings.ContainsAny(v, "\"\\ ") {
		if _, params, err := mime.ParseMediaType(contentType); err == nil {
			return strings.ToLower(params["charset"])
		}
	}
	return v
}

// parseJSONResponse parses a body for response = "json" the way Python's
// json.loads would: integers stay integers (int64), other numbers are
// floats.
func parseJSONResponse(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	// More is false before a stray "}" or "]", so ask for another token:
	// only the end of the input may follow the value.
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return numbers(v)
}

func numbers(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil && !strings.ContainsAny(string(x), ".eE") {
			return i, nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s: %v", x, err)
		}
		return f, nil
	case []any:
		for i, e := range x {
			n, err := numbers(e)
			if err != nil {
				return nil, err
			}
			x[i] = n
		}
	case map[string]any:
		for k, e := range x {
			n, err := numbers(e)
			if err != nil {
				return nil, err
			}
			x[k] = n
		}
	}
	return v, nil
}
