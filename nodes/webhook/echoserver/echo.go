package echoserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// echo is the reply to one request, built so that no more than the
// request's body is ever held: the body's JSON string, up to six times the
// body (a control character is written \u00XX), is encoded piece by piece
// as it is written, and the body as JSON is its compacted text, not a
// parsed tree (which can take ten times the text).
type echo struct {
	head    []byte // the small fields as a JSON object, without its "}"
	body    []byte
	bodyLen int    // the length of the body's JSON string, quotes included
	json    []byte // the body compacted, when it is JSON; nil otherwise
}

// echoChunk is how much of the body is encoded at a time.
const echoChunk = 32 << 10

func newEcho(r *http.Request, body []byte) (*echo, error) {
	fields := struct {
		Method  string              `json:"method"`
		Path    string              `json:"path"`
		Query   map[string][]string `json:"query"`
		Headers map[string]string   `json:"headers"`
	}{r.Method, r.URL.Path, r.URL.Query(), map[string]string{}}
	if r.Host != "" {
		fields.Headers["Host"] = r.Host
	}
	for name, vs := range r.Header {
		fields.Headers[name] = strings.Join(vs, ", ")
	}
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fields); err != nil {
		return nil, err
	}
	e := &echo{head: bytes.TrimSuffix(bytes.TrimSpace(head.Bytes()), []byte("}")), body: body, bodyLen: 2}
	eachChunk(body, func(b []byte) error { e.bodyLen += len(b); return nil })
	if len(body) > 0 && utf8.Valid(body) && json.Valid(body) {
		var b bytes.Buffer
		json.Compact(&b, body)
		e.json = b.Bytes()
	}
	return e, nil
}

// size is the length of the reply.
func (e *echo) size() int {
	n := len(e.head) + len(`,"body":`) + e.bodyLen + len("}\n")
	if e.json != nil {
		n += len(`,"json":`) + len(e.json)
	}
	return n
}

func (e *echo) writeTo(w io.Writer) error {
	b := bytes.NewBuffer(make([]byte, 0, 2*echoChunk))
	b.Write(e.head)
	b.WriteString(`,"body":"`)
	err := eachChunk(e.body, func(chunk []byte) error {
		if b.Len()+len(chunk) > b.Cap() {
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
			b.Reset()
		}
		b.Write(chunk)
		return nil
	})
	if err != nil {
		return err
	}
	b.WriteByte('"')
	if e.json != nil {
		b.WriteString(`,"json":`)
		b.Write(e.json)
	}
	b.WriteString("}\n")
	_, err = w.Write(b.Bytes())
	return err
}

// eachChunk calls f with body's JSON string encoding, without quotes and
// without HTML escapes, a piece at a time. Pieces end before the start of
// a character, so each is encoded as the whole would be.
func eachChunk(body []byte, f func([]byte) error) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for len(body) > 0 {
		n := min(len(body), echoChunk)
		for back := 0; n < len(body) && back < utf8.UTFMax && !utf8.RuneStart(body[n]); back++ {
			n--
		}
		buf.Reset()
		if err := enc.Encode(string(body[:n])); err != nil {
			return err
		}
		out := buf.Bytes()
		if err := f(out[1 : len(out)-2]); err != nil { // no quotes, no newline
			return err
		}
		body = body[n:]
	}
	return nil
}
