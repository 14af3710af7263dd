package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/pctencode"
	"github.com/wfc-lang/wfc/runtime"
)

// redacted is what a secret's value is shown as, everywhere.
const redacted = "***"

// DefaultTimeout is the connector's timeout when the task sets none.
const DefaultTimeout = 10 * time.Second

// DefaultMaxResponseBytes caps a response body when the task sets no
// max_response_bytes.
const DefaultMaxResponseBytes = 10 << 20

// header is one rendered header.
type header struct{ name, value string }

// prepared is a rendered task: what to send, and a redacted copy of it
// (secrets as ***) for everything shown — info, messages, logs, dry runs.
// Without secrets the copies are the same values.
type prepared struct {
	spec    *compiled
	method  string
	url     string
	headers []header // in spec.headerNames order
	data    map[string]any
	body    []byte // the request body as built, nil when there is none
	// shown*: the redacted copies (headers are never shown; a rejected
	// one is quoted redacted in its error).
	shownURL  string
	shownData map[string]any
	// redact masks the task's secrets, and what is derived from them, in
	// responses and messages (set by the executor; nil in dry runs).
	redact *runtime.Redactor
	scopes [2]scope // real and redacted, kept here to save allocations
}

// what is the redacted "METHOD url" that names the request in messages.
func (p *prepared) what() string { return p.method + " " + p.shownURL }

// compiled is what rendering needs of a WebhookSpec that does not change
// from call to call, worked out once per task: whatever holds no
// placeholder is rendered, checked and encoded here, not on every call.
type compiled struct {
	spec        *compiler.WebhookSpec
	secretNames []string       // every {secrets.NAME} used, sorted
	data        map[string]any // spec.Data as the connector gets it (Struct numbers)
	headerNames []string       // sorted
	canonical   []string       // http.CanonicalHeaderKey of headerNames
	headerFixed []bool         // the value has no placeholder
	headerErr   []error        // checkHeader of a fixed value

	// urlMarkers stand in for the url's secrets while it is rendered:
	// name → marker, nil when the url has no secret (see placeSecrets).
	urlMarkers   map[string]string
	urlSecrets   []string // the url's secret names, by marker number
	markerPrefix string   // what every marker starts with

	method     string   // upper-cased, when the method has no placeholder
	urlFixed   bool     // the url has no placeholder
	staticURL  *url.URL // parsed, when urlFixed and valid
	staticSent string   // urlAsSent(staticURL), for the run record's summary
	dataFixed  bool     // no string in data has a placeholder
	body       []byte   // the JSON body, when dataFixed
	bodyErr    error
	getBody    func() (io.ReadCloser, error) // a reader of body

	headersFixed    bool                           // no header has a placeholder (nor a bad value)
	fixedHeaderList []header                       // the headers, when headersFixed
	fixedHeaders    [2]atomic.Pointer[fixedHeader] // without, with a body
}

func compile(spec *compiler.WebhookSpec) *compiled {
	c := &compiled{spec: spec}
	names := specSecretNames(spec)
	for n := range names {
		c.secretNames = append(c.secretNames, n)
	}
	sort.Strings(c.secretNames)
	for _, n := range secretNames(spec.URL) {
		if c.urlMarkers == nil {
			c.markerPrefix = newMarkerPrefix()
			c.urlMarkers = map[string]string{}
		}
		if _, ok := c.urlMarkers[n]; !ok {
			c.urlMarkers[n] = c.markerPrefix + strconv.Itoa(len(c.urlSecrets)) + "~"
			c.urlSecrets = append(c.urlSecrets, n)
		}
	}
	// Flyte hands the connector the task's custom dict through a protobuf
	// Struct, so literal numbers in data arrive as floats.
	c.data, _ = structValue(spec.Data).(map[string]any)
	if c.data == nil {
		c.data = map[string]any{}
	}
	for name := range spec.Headers {
		c.headerNames = append(c.headerNames, name)
	}
	sort.Strings(c.headerNames)
	for _, name := range c.headerNames {
		v := spec.Headers[name]
		fixed := !isTemplate(v)
		c.canonical = append(c.canonical, http.CanonicalHeaderKey(name))
		c.headerFixed = append(c.headerFixed, fixed)
		var err error
		if fixed {
			err = checkHeader(name, v, v)
		}
		c.headerErr = append(c.headerErr, err)
	}
	method := spec.Method
	if method == "" {
		method = http.MethodPost
	}
	if !isTemplate(method) {
		c.method = strings.ToUpper(method)
	}
	if c.urlFixed = !isTemplate(spec.URL); c.urlFixed {
		if u, err := parseHTTPURL(spec.URL, spec.URL); err == nil {
			c.staticURL = u
			c.staticSent = urlAsSent(u)
		}
	}
	if c.dataFixed = !hasTemplate(c.data); c.dataFixed {
		c.body, c.bodyErr = pyJSON(c.data)
		body := c.body
		c.getBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	c.headersFixed = true
	for i, name := range c.headerNames {
		if !c.headerFixed[i] || c.headerErr[i] != nil {
			c.headersFixed = false
		}
		c.fixedHeaderList = append(c.fixedHeaderList, header{name, spec.Headers[name]})
	}
	return c
}

// A secret placed into a url is escaped for the part of the url it lands
// in, so that its characters (+ & = ? # % / space …) neither change the
// request nor reach the server in an altered spelling: query-escaped in the
// query, path-escaped in the path, and escaped but for RFC 3986's unreserved
// characters in the user info (the fragment, never sent, too). A secret
// that is, or is part of, the scheme, host or port — a secret webhook url
// such as Slack's, url = "{secrets.SLACK_URL}" — is substituted as it is.
// This holds with escape = true too, which escapes inputs; without it
// inputs are substituted raw, as the connector does.
//
// Which part a secret lands in is read from the url as rendered with each
// secret replaced by a marker made of unreserved characters only, which
// matter to no url's shape and which escaping leaves alone: the shape is
// the one the rest of the text gives the url. Markers start with a random
// prefix per task, so no input can forge one.

// newMarkerPrefix returns a marker prefix: "~wfc", 16 random hex digits,
// "-". A marker is the prefix, the secret's number and "~".
func newMarkerPrefix() string {
	var b [8]byte
	rand.Read(b[:])
	return "~wfc" + hex.EncodeToString(b[:]) + "-"
}

// placeSecrets replaces the secret markers in u, a url rendered with
// c.urlMarkers for secrets, by the secrets' values, each escaped for the
// part of the url it is in.
func (c *compiled) placeSecrets(u string, secrets map[string]string) string {
	first := strings.Index(u, c.markerPrefix)
	if first < 0 {
		return u
	}
	// The url's parts, as parseHTTPURL will find them.
	authStart := 0
	if i := strings.Index(u, "://"); i > 0 && isScheme(u[:i]) {
		authStart = i + 3
	}
	authEnd := len(u)
	if j := strings.IndexAny(u[authStart:], "/?#"); j >= 0 {
		authEnd = authStart + j
	}
	userEnd := -1 // the "@" ending the user info
	if authStart > 0 {
		if j := strings.LastIndexByte(u[authStart:authEnd], '@'); j >= 0 {
			userEnd = authStart + j
		}
	}
	pathEnd, queryEnd := len(u), len(u)
	if j := strings.IndexAny(u[authEnd:], "?#"); j >= 0 {
		pathEnd, queryEnd = authEnd+j, authEnd+j
		if u[pathEnd] == '?' {
			queryEnd = len(u)
			if k := strings.IndexByte(u[pathEnd:], '#'); k >= 0 {
				queryEnd = pathEnd + k
			}
		}
	}
	var b strings.Builder
	b.Grow(len(u) + 64)
	done := 0
	for i := first; i >= 0; {
		numStart := i + len(c.markerPrefix)
		k := strings.IndexByte(u[numStart:], '~')
		if k < 0 {
			break // cannot happen: markers are whole
		}
		numEnd := numStart + k
		n, err := strconv.Atoi(u[numStart:numEnd])
		if err != nil || n < 0 || n >= len(c.urlSecrets) {
			break // nor this
		}
		v := secrets[c.urlSecrets[n]]
		switch {
		case i < authEnd && (authStart == 0 || i < authStart || i > userEnd):
			// scheme, host or port: the secret is (part of) the base url
		case i < authEnd:
			v = pctencode.Unreserved(v) // user info
		case i < pathEnd:
			v = url.PathEscape(v)
		case i < queryEnd:
			v = url.QueryEscape(v)
		default:
			v = pctencode.Unreserved(v) // the fragment, which is never sent
		}
		b.WriteString(u[done:i])
		b.WriteString(v)
		done = numEnd + 1
		if i = strings.Index(u[done:], c.markerPrefix); i >= 0 {
			i += done
		}
	}
	b.WriteString(u[done:])
	return b.String()
}

// isScheme reports whether s is a url scheme: a letter, then letters,
// digits, "+", "-" and ".".
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// hasTemplate reports whether any string inside v is a template.
func hasTemplate(v any) bool {
	switch x := v.(type) {
	case string:
		return isTemplate(x)
	case []any:
		for _, e := range x {
			if hasTemplate(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if hasTemplate(e) {
				return true
			}
		}
	}
	return false
}

// prepare renders the task's spec against inputs into p. secrets maps each
// secret name used to its value; nil renders every secret as *** (dry
// runs).
func prepare(p *prepared, task *compiler.Task, c *compiled, inputs map[string]any, secrets map[string]string) error {
	spec := c.spec
	*p = prepared{spec: c}
	// The connector converts every input before it renders anything.
	if task != nil {
		if err := checkEmptyDicts(task, inputs); err != nil {
			return err
		}
	}
	real := &p.scopes[0]
	*real = scope{inputs: inputs, task: task, secrets: secrets}
	shown := real
	if len(c.secretNames) > 0 || secrets == nil {
		shown = &p.scopes[1]
		*shown = scope{inputs: inputs, task: task, secrets: make(map[string]string, len(c.secretNames))}
		for _, name := range c.secretNames {
			shown.secrets[name] = redacted
		}
		if secrets == nil {
			real = shown
		}
	}

	// The method may itself be a template in the connector (format_dict
	// renders the whole custom dict); str(...).upper() of the result.
	p.method = c.method
	if p.method == "" {
		m, err := real.renderString("method", spec.Method)
		if err != nil {
			return err
		}
		p.method = strings.ToUpper(pyStr(m))
	}
	switch p.method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return &RenderError{Field: "method", Msg: fmt.Sprintf("%q is not one of GET, POST, PUT, PATCH, DELETE", p.method)}
	}

	// url: escape = true escapes the values substituted here, and only
	// here.
	if c.urlFixed {
		p.url, p.shownURL = spec.URL, spec.URL
	} else {
		ur, us := real, shown
		marked := c.urlMarkers != nil && secrets != nil
		if spec.EscapeValues || marked {
			// The url's own scopes (made here, off the common path).
			own := [2]scope{*real, *shown}
			ur, us = &own[0], &own[1]
			ur.escape, us.escape = spec.EscapeValues, spec.EscapeValues
			if marked {
				// Secrets go in as markers, replaced once the url's
				// shape is known (placeSecrets).
				ur.secrets = c.urlMarkers
			}
			if real == shown && !marked {
				us = ur
			}
		}
		u, su, err := twice(ur, us, "url", spec.URL)
		if err != nil {
			return err
		}
		if marked {
			if s, ok := u.(string); ok {
				u = c.placeSecrets(s, secrets)
			}
		}
		var ok bool
		if p.url, ok = u.(string); !ok {
			if _, pending := u.(Pending); !pending {
				return &RenderError{Field: "url", Msg: fmt.Sprintf(
					"Invalid type for url.  Expected str or httpx.URL, got %s: %s (a url that is exactly one placeholder keeps the value's type)",
					pyTypeOf(u), pyRepr(su))}
			}
			p.url = pyStr(u)
		}
		p.shownURL = pyStr(su)
	}

	// headers
	if err := p.renderHeaders(real, shown); err != nil {
		return err
	}

	// data
	if c.dataFixed {
		// Shared by every call of the task, and by the info dicts that
		// show it: values are never mutated once built (see
		// compiler/value.go).
		p.data, p.shownData = c.data, c.data
		return nil
	}
	d, err := real.renderValue("data", c.data)
	if err != nil {
		return err
	}
	p.data, p.shownData = d.(map[string]any), d.(map[string]any)
	if shown != real {
		sd, err := shown.renderValue("data", c.data)
		if err != nil {
			return err
		}
		p.shownData = sd.(map[string]any)
	}
	return nil
}

// renderHeaders renders the task's headers into p.headers.
func (p *prepared) renderHeaders(real, shown *scope) error {
	c := p.spec
	spec := c.spec
	if c.headersFixed {
		p.headers = c.fixedHeaderList // read-only: shared by every call of the task
		return nil
	}
	p.headers = make([]header, len(c.headerNames))
	for i, name := range c.headerNames {
		if c.headerFixed[i] {
			if err := c.headerErr[i]; err != nil {
				return &RenderError{Field: fmt.Sprintf("headers[%q]", name), Msg: err.Error()}
			}
			p.headers[i] = header{name, spec.Headers[name]}
			continue
		}
		v, sv, err := twice(real, shown, "", spec.Headers[name])
		if err != nil {
			return within(err, fmt.Sprintf("headers[%q]", name), "")
		}
		value, ok := v.(string)
		if !ok {
			if _, pending := v.(Pending); !pending {
				return &RenderError{Field: fmt.Sprintf("headers[%q]", name), Msg: fmt.Sprintf(
					"Header value must be str or bytes, not %s (a header that is exactly one placeholder keeps the value's type; write it inside other text or pass a str)",
					pyTypeOf(v))}
			}
			value = pyStr(v)
		}
		if err := checkHeader(name, value, pyStr(sv)); err != nil {
			return &RenderError{Field: fmt.Sprintf("headers[%q]", name), Msg: err.Error()}
		}
		p.headers[i] = header{name, value}
	}
	return nil
}

// twice renders a template with the real and the redacted scope (once when
// they are the same).
func twice(real, shown *scope, field, tmpl string) (any, any, error) {
	v, err := real.renderString(field, tmpl)
	if err != nil || shown == real {
		return v, v, err
	}
	sv, err := shown.renderString(field, tmpl)
	return v, sv, err
}

// specSecretNames is every {secrets.NAME} in the spec's templates.
func specSecretNames(spec *compiler.WebhookSpec) map[string]bool {
	names := map[string]bool{}
	add := func(s string) {
		for _, n := range secretNames(s) {
			names[n] = true
		}
	}
	add(spec.URL)
	add(spec.Method)
	for _, v := range spec.Headers {
		add(v)
	}
	var walkData func(v any)
	walkData = func(v any) {
		switch x := v.(type) {
		case string:
			add(x)
		case []any:
			for _, e := range x {
				walkData(e)
			}
		case map[string]any:
			for _, e := range x {
				walkData(e)
			}
		}
	}
	walkData(spec.Data)
	return names
}

// checkHeader fails on a header value the connector's client would refuse,
// with its message, and on one Go's client would refuse to send.
// shownValue (secrets as ***) is what messages quote.
//
//   - httpx encodes values as ASCII: anything else fails as Python's
//     encoder does;
//   - h11 takes a value that is empty, or runs of any byte but NUL, CR,
//     LF, VT, FF, space and tab, separated by spaces and tabs: so leading
//     or trailing whitespace fails ("Bearer {inputs.t}" with an empty t
//     is "Illegal header value b'Bearer '"), which Go's client would
//     instead trim and send;
//   - h11 accepts the other control characters (\x01, \x7f, …), which
//     Go's client refuses to send: those fail too, with wfc's message (a
//     known difference, docs/webhook.md).
func checkHeader(name, value, shownValue string) error {
	for i := 0; i < len(value); i++ {
		if value[i] >= utf8.RuneSelf {
			return nonASCIIHeader(shownValue)
		}
	}
	if !h11FieldValue(value) {
		return fmt.Errorf("Illegal header value b%s (Flyte's connector fails the same way: h11 refuses leading or trailing spaces or tabs, and NUL, CR, LF, VT, FF anywhere in a value)",
			pyRepr(shownValue))
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; c < ' ' && c != '\t' || c == 0x7f {
			if strings.IndexByte(shownValue, c) < 0 {
				return errors.New("a secret's value holds a control character, which Go's HTTP client refuses to send (Flyte's connector would send it)")
			}
			return fmt.Errorf("value %s holds the control character %s, which Go's HTTP client refuses to send (Flyte's connector would send it)",
				pyRepr(shownValue), pyRepr(string(c)))
		}
	}
	return nil
}

// h11FieldValue is h11's field_value: empty, or runs of field characters
// (any byte but NUL and ASCII whitespace) joined by spaces and tabs.
func h11FieldValue(v string) bool {
	if v == "" {
		return true
	}
	blank := func(c byte) bool { return c == ' ' || c == '\t' }
	if blank(v[0]) || blank(v[len(v)-1]) {
		return false
	}
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case 0, '\n', '\r', '\v', '\f':
			return false
		}
	}
	return true
}

// nonASCIIHeader is Python's UnicodeEncodeError for the first run of
// characters the ASCII codec cannot encode, as httpx raises it. A value
// whose non-ASCII characters come from a secret gets a message of its own.
func nonASCIIHeader(shownValue string) error {
	start, end := -1, -1
	pos := 0
	var first rune
	for _, r := range shownValue {
		if r >= utf8.RuneSelf {
			if start < 0 {
				start, first = pos, r
			}
			end = pos + 1
		} else if start >= 0 {
			break
		}
		pos++
	}
	const why = " (Flyte's connector sends header values as ASCII)"
	switch {
	case start < 0:
		return errors.New("a secret's value is not ASCII" + why)
	case end == start+1:
		return fmt.Errorf("'ascii' codec can't encode character '%s' in position %d: ordinal not in range(128)%s", pyEscape(first), start, why)
	}
	return fmt.Errorf("'ascii' codec can't encode characters in position %d-%d: ordinal not in range(128)%s", start, end-1, why)
}

// dataInQuery reports whether the method sends data as query parameters
// (GET, as the connector does, and DELETE) rather than a JSON body.
func dataInQuery(method string) bool {
	return method == http.MethodGet || method == http.MethodDelete
}

// newRequest builds the HTTP request p describes, with ctx. userAgent is
// sent unless the task sets its own. The request's Header may be shared
// with other requests of the task: it must not be modified (a Transport
// does not).
func (p *prepared) newRequest(ctx context.Context, userAgent string) (*http.Request, error) {
	var req http.Request
	if err := p.buildRequest(userAgent, &req, new(bytes.Reader)); err != nil {
		return nil, err
	}
	return req.WithContext(ctx), nil
}

// buildRequest builds the request p describes into req, without a
// context: req.WithContext gives the request to send, a copy, so req
// itself can live on the caller's stack. body is the reader the request's
// body is read from.
func (p *prepared) buildRequest(userAgent string, req *http.Request, bodyReader *bytes.Reader) error {
	var u *url.URL
	if p.spec.staticURL != nil {
		u = p.spec.staticURL // read-only: shared by every call of the task
	} else {
		var err error
		if u, err = parseHTTPURL(p.url, p.shownURL); err != nil {
			return err
		}
	}
	var body []byte
	if dataInQuery(p.method) {
		if p.spec.staticURL != nil {
			copied := *u
			u = &copied
		}
		// The data replaces the url's own query, as httpx 0.28 does.
		u.RawQuery = encodeParams(p.data)
		u.ForceQuery = false
	} else if p.spec.dataFixed {
		if p.spec.bodyErr != nil {
			return &RenderError{Field: "data", Msg: p.spec.bodyErr.Error()}
		}
		body = p.spec.body // read-only: shared by every call of the task
	} else {
		var err error
		if body, err = pyJSON(p.data); err != nil {
			return &RenderError{Field: "data", Msg: err.Error()}
		}
	}
	p.body = body
	header, host := p.header(body != nil, userAgent)
	if host == "" {
		host = u.Host
	}
	// What http.NewRequest makes, without parsing a url we already hold;
	// WithContext then sets the context, copying the request.
	*req = http.Request{
		Method: p.method, URL: u, Host: host, Header: header,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}
	if body != nil {
		req.ContentLength = int64(len(body))
		// GetBody lets the transport resend the body when a kept-alive
		// connection turns out to be closed. The body must stay a
		// NopCloser over a *bytes.Reader: the transport recognises that as
		// in memory and sends headers and body in one write, where any
		// other reader costs a second write (and packet) per request.
		if p.spec.dataFixed {
			req.GetBody = p.spec.getBody
		} else {
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		}
		bodyReader.Reset(body)
		req.Body = io.NopCloser(bodyReader)
	}
	return nil
}

// fixedHeader is a task's request headers when none has a placeholder:
// built on the task's first call and shared, read-only, by the rest.
type fixedHeader struct {
	userAgent string
	header    http.Header
	host      string
}

// header returns the request's headers, and the Host a task's own Host
// header names ("" for none).
func (p *prepared) header(hasBody bool, userAgent string) (h http.Header, host string) {
	c := p.spec
	k := 0
	if hasBody {
		k = 1
	}
	if c.headersFixed {
		if f := c.fixedHeaders[k].Load(); f != nil && f.userAgent == userAgent {
			return f.header, f.host
		}
	}
	h = make(http.Header, len(p.headers)+3)
	// One backing array for every header value.
	vals := make([]string, 0, len(p.headers)+3)
	set := func(name, value string) {
		vals = append(vals, value)
		h[name] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	if hasBody {
		set("Content-Type", "application/json")
	}
	// httpx's defaults; the task's headers override them.
	set("Accept", "*/*")
	set("User-Agent", userAgent)
	for i, hd := range p.headers {
		name := c.canonical[i]
		if name == "Host" {
			host = hd.value
			continue
		}
		set(name, hd.value)
	}
	if c.headersFixed {
		c.fixedHeaders[k].Store(&fixedHeader{userAgent: userAgent, header: h, host: host})
	}
	return h, host
}
