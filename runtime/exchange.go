package runtime

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/wfc-lang/wfc/compiler"
)

// HTTPExchange is what one attempt of a webhook task sent and received, as
// the run record keeps it (AttemptRecord.HTTP): every string in it has
// passed through the secrets redactor, and its parts are capped (see
// ExcerptBytes, MaxRecordedHeaders, MaxHeaderValue, MaxRecordedURL), so it
// is safe to show as it is. An attempt that sent nothing (a template that did not render,
// a missing secret) has none.
type HTTPExchange struct {
	Request HTTPRequest `json:"request"`
	// Response is nil when no response arrived: the connection failed, or
	// a timeout or deadline passed before the response's head came.
	Response *HTTPResponse `json:"response,omitempty"`
	// Duration is from sending the request until the response's body was
	// read, or the exchange failed.
	Duration time.Duration `json:"duration_ns"`
	// Error says why the exchange did not complete — no response, or a
	// body that could not be read in full (a timeout, a reset, a body over
	// max_response_bytes). It is empty when a whole response came back,
	// whatever its status: the attempt's error says why a status, or a
	// body that is not JSON, failed the task.
	Error string `json:"error,omitempty"`
}

// HTTPRequest is the request as it went on the connection.
type HTTPRequest struct {
	Method string `json:"method"`
	// URL is the url as sent: without user info (sent as basic auth), and
	// for GET and DELETE with the query the data replaced the url's own by;
	// at most MaxRecordedURL bytes, ending in "…" when cut.
	URL string `json:"url"`
	// Headers are the request's header lines in the order net/http writes
	// them: Host, User-Agent, Content-Length, the others by name, and the
	// transport's Accept-Encoding. Basic auth made from secrets in the url
	// shows as "Basic base64(user:***)".
	Headers []HTTPHeader `json:"headers,omitempty"`
	// HeadersOmitted counts header lines past MaxRecordedHeaders.
	HeadersOmitted int      `json:"headers_omitted,omitempty"`
	Body           HTTPBody `json:"body"`
}

// HTTPResponse is the response's status, head and body.
type HTTPResponse struct {
	Status int `json:"status"` // the status code, 200
	// Headers are the response's header lines, by name; a name sent
	// several times has a line per value, in the order received.
	Headers        []HTTPHeader `json:"headers,omitempty"`
	HeadersOmitted int          `json:"headers_omitted,omitempty"`
	// Body is nil when the body was not read in full (Error says why).
	Body *HTTPBody `json:"body,omitempty"`
}

// HTTPHeader is one header line. Name and value are each at most
// MaxHeaderValue bytes, ending in "…" when cut. In JSON it is the pair
// [name, value]: a record holds one per header of every call.
type HTTPHeader struct {
	Name  string
	Value string
}

// MarshalJSON writes h as [name, value].
func (h HTTPHeader) MarshalJSON() ([]byte, error) {
	return appendHeader(nil, h), nil
}

// UnmarshalJSON reads [name, value].
func (h *HTTPHeader) UnmarshalJSON(b []byte) error {
	var pair []string
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if len(pair) != 2 {
		return fmt.Errorf("a header line is [name, value], not %d strings", len(pair))
	}
	h.Name, h.Value = pair[0], pair[1]
	return nil
}

// HTTPBody is a body's size and its beginning.
type HTTPBody struct {
	Size int64 `json:"size"` // in bytes, as sent or received (a gzip body decoded)
	// Excerpt is the body's first ExcerptBytes as text (a response decoded
	// with the charset its Content-Type names), cut on a character
	// boundary.
	Excerpt   string `json:"excerpt,omitempty"`
	Truncated bool   `json:"truncated,omitempty"` // the excerpt is not the whole body
}

// The caps on an HTTPExchange, so that a record line stays small whatever
// a server sends: an attempt's exchange is under 150 KiB, and a typical
// one a few hundred bytes.
const (
	ExcerptBytes       = 4 << 10 // of each body, and of the error
	MaxRecordedHeaders = 32      // header lines kept per request or response
	MaxHeaderValue     = 1 << 10 // bytes kept of a header's value
	MaxRecordedURL     = 8 << 10 // bytes kept of the url
)

// NewHTTPBody returns the record of a body: its size and excerpt, the
// excerpt redacted by r (nil: the body needs no redacting). Nothing of
// the body past the excerpt is read or copied, and the excerpt is cut
// where no secret's spelling runs across the cut, so none is half-kept.
func NewHTTPBody[T string | []byte](body T, r *Redactor) HTTPBody {
	b := HTTPBody{Size: int64(len(body))}
	if len(body) <= ExcerptBytes {
		b.Excerpt = r.String(string(body))
		return b
	}
	// What the cut depends on: the character at it, and any spelling
	// running across it.
	window := string(body[:min(len(body), ExcerptBytes+utf8.UTFMax+r.longest())])
	cut := runeStart(window, ExcerptBytes)
	if r.Active() {
		cut = r.SafeCut([]byte(window), cut)
	}
	b.Excerpt = r.String(window[:cut])
	b.Truncated = true
	return b
}

// NewHTTPHeader returns a header line for the record, its name and value
// redacted by r and each cut to MaxHeaderValue.
func NewHTTPHeader(name, value string, r *Redactor) HTTPHeader {
	return HTTPHeader{Name: capText(r.String(name), MaxHeaderValue), Value: capText(r.String(value), MaxHeaderValue)}
}

// longest is the length of the longest spelling r masks.
func (r *Redactor) longest() int {
	if !r.Active() {
		return 0
	}
	return len(r.olds[0])
}

// runeStart moves cut back to the start of the character it falls in.
func runeStart(s string, cut int) int {
	for cut > 0 && cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return cut
}

// capText cuts s to at most n bytes on a character boundary, ending in
// "…" when cut.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…"
	return s[:runeStart(s, n-len(mark))] + mark
}

// exchange returns x redacted by r and within the caps, for the record:
// what the executor handed over is redacted again with every secret of the
// run, and held to the caps whatever the executor did. x is not modified;
// it is returned itself when it needs no change.
func (r *Redactor) exchange(x *HTTPExchange) *HTTPExchange {
	if x == nil || !r.Active() && withinCaps(x) {
		return x
	}
	out := *x
	out.Error = capText(r.String(x.Error), ExcerptBytes)
	out.Request.Method = capText(r.String(x.Request.Method), MaxHeaderValue)
	out.Request.URL = capText(r.String(x.Request.URL), MaxRecordedURL)
	out.Request.Headers, out.Request.HeadersOmitted = r.headers(x.Request.Headers, x.Request.HeadersOmitted)
	out.Request.Body = r.body(x.Request.Body)
	if x.Response != nil {
		resp := *x.Response
		resp.Headers, resp.HeadersOmitted = r.headers(resp.Headers, resp.HeadersOmitted)
		if resp.Body != nil {
			b := r.body(*resp.Body)
			resp.Body = &b
		}
		out.Response = &resp
	}
	return &out
}

func (r *Redactor) headers(hs []HTTPHeader, omitted int) ([]HTTPHeader, int) {
	if len(hs) > MaxRecordedHeaders {
		omitted += len(hs) - MaxRecordedHeaders
		hs = hs[:MaxRecordedHeaders]
	}
	if !r.Active() && !tooLong(hs) {
		return hs, omitted
	}
	out := make([]HTTPHeader, len(hs))
	for i, h := range hs {
		out[i] = NewHTTPHeader(h.Name, h.Value, r)
	}
	return out, omitted
}

func withinCaps(x *HTTPExchange) bool {
	q, p := &x.Request, x.Response
	if len(x.Error) > ExcerptBytes || len(q.URL) > MaxRecordedURL || len(q.Method) > MaxHeaderValue ||
		len(q.Headers) > MaxRecordedHeaders || tooLong(q.Headers) || len(q.Body.Excerpt) > ExcerptBytes {
		return false
	}
	return p == nil || len(p.Headers) <= MaxRecordedHeaders && !tooLong(p.Headers) &&
		(p.Body == nil || len(p.Body.Excerpt) <= ExcerptBytes)
}

func tooLong(hs []HTTPHeader) bool {
	for _, h := range hs {
		if len(h.Name) > MaxHeaderValue || len(h.Value) > MaxHeaderValue {
			return true
		}
	}
	return false
}

func (r *Redactor) body(b HTTPBody) HTTPBody {
	b.Excerpt = r.String(b.Excerpt)
	if len(b.Excerpt) > ExcerptBytes {
		b.Excerpt = b.Excerpt[:runeStart(b.Excerpt, ExcerptBytes)]
		b.Truncated = true
	}
	return b
}

// appendExchange encodes x as HTTPExchange's JSON, by hand as
// appendNodeLine does.
func appendExchange(dst []byte, x *HTTPExchange) []byte {
	q := &x.Request
	dst = append(dst, `{"request":{"method":`...)
	dst = compiler.AppendJSONString(dst, q.Method)
	dst = append(dst, `,"url":`...)
	dst = compiler.AppendJSONString(dst, q.URL)
	dst = appendHeaders(dst, q.Headers, q.HeadersOmitted)
	dst = append(dst, `,"body":`...)
	dst = appendBody(dst, &q.Body)
	dst = append(dst, '}')
	if p := x.Response; p != nil {
		dst = append(dst, `,"response":{"status":`...)
		dst = appendInt(dst, p.Status)
		dst = appendHeaders(dst, p.Headers, p.HeadersOmitted)
		if p.Body != nil {
			dst = append(dst, `,"body":`...)
			dst = appendBody(dst, p.Body)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `,"duration_ns":`...)
	dst = strconv.AppendInt(dst, int64(x.Duration), 10)
	if x.Error != "" {
		dst = append(dst, `,"error":`...)
		dst = compiler.AppendJSONString(dst, x.Error)
	}
	return append(dst, '}')
}

func appendHeaders(dst []byte, hs []HTTPHeader, omitted int) []byte {
	if len(hs) > 0 {
		dst = append(dst, `,"headers":[`...)
		for i, h := range hs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendHeader(dst, h)
		}
		dst = append(dst, ']')
	}
	if omitted > 0 {
		dst = append(dst, `,"headers_omitted":`...)
		dst = appendInt(dst, omitted)
	}
	return dst
}

func appendHeader(dst []byte, h HTTPHeader) []byte {
	dst = append(dst, '[')
	dst = compiler.AppendJSONString(dst, h.Name)
	dst = append(dst, ',')
	dst = compiler.AppendJSONString(dst, h.Value)
	return append(dst, ']')
}

func appendBody(dst []byte, b *HTTPBody) []byte {
	dst = append(dst, `{"size":`...)
	dst = strconv.AppendInt(dst, b.Size, 10)
	if b.Excerpt != "" {
		dst = append(dst, `,"excerpt":`...)
		dst = compiler.AppendJSONString(dst, b.Excerpt)
	}
	if b.Truncated {
		dst = append(dst, `,"truncated":true`...)
	}
	return append(dst, '}')
}
