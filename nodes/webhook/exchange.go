package webhook

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/runtime"
)

// exchange is what execute saw of one attempt's HTTP exchange, made into
// the run record's summary (runtime.HTTPExchange) once the attempt is over.
type exchange struct {
	req        *http.Request // as sent: user info moved into Authorization
	credential string        // the user:password of the url's user info, or ""
	start, end time.Time
	resp       *http.Response // nil: none arrived
	body       []byte         // the response body, when read in full
	text       string         // body as text, redacted
	complete   bool           // the body was read in full
}

// summary is a record of an exchange in one allocation; its header lines
// have one per side, sized to them.
type summary struct {
	x        runtime.HTTPExchange
	resp     runtime.HTTPResponse
	respBody runtime.HTTPBody
}

// record builds the summary of x, every part redacted by p.redact; err is
// the attempt's error, kept only when the exchange itself failed.
func (p *prepared) record(x *exchange, err error) *runtime.HTTPExchange {
	r := p.redact
	end := x.end
	if end.IsZero() {
		end = time.Now()
	}
	target, host := p.shownTarget(x.req)
	s := &summary{}
	out := &s.x
	out.Request = runtime.HTTPRequest{Method: p.method, URL: r.String(target), Body: runtime.NewHTTPBody(p.shownBody(), r)}
	out.Request.Body.Size = int64(len(p.body))
	out.Duration = end.Sub(x.start)
	out.Request.Headers, out.Request.HeadersOmitted = p.requestHeaders(x.req, host, x.credential)
	if err != nil && !x.complete {
		out.Error = r.String(err.Error())
	}
	if x.resp == nil {
		return out
	}
	s.resp.Status = x.resp.StatusCode
	s.resp.Headers, s.resp.HeadersOmitted = sortedHeaders(nil, x.resp.Header, false, r)
	if x.complete {
		// x.text is redacted already, and may be large: only its excerpt is
		// kept, and the size is the bytes received.
		s.respBody = runtime.NewHTTPBody(x.text, nil)
		s.respBody.Size = int64(len(x.body))
		s.resp.Body = &s.respBody
	}
	out.Response = &s.resp
	return out
}

// A task that uses secrets has its url and body recorded from the
// rendering with *** in each secret's place, not redacted from what was
// sent: sending may change a secret's spelling — a scheme or host
// lower-cased, dot segments removed, characters escaped, a value in a dict
// written as Python's repr — where the redactor would no longer know it.
// Header values are sent as rendered, and redacted.

// shownTarget returns the url as sent and its host, with secrets as ***.
func (p *prepared) shownTarget(req *http.Request) (target, host string) {
	if len(p.spec.secretNames) == 0 {
		if req.URL == p.spec.staticURL {
			return p.spec.staticSent, req.URL.Host
		}
		return urlAsSent(req.URL), req.URL.Host
	}
	query := ""
	if dataInQuery(p.method) {
		// "***" escaped is %2A%2A%2A; a query may hold it as it is.
		query = strings.ReplaceAll(encodeParams(p.shownData), "%2A%2A%2A", redacted)
	}
	u, err := parseHTTPURL(p.shownURL, p.shownURL)
	if err != nil {
		// The rendering does not parse — a secret is, or starts, the url
		// — so it is shown as it is.
		target, _, _ = strings.Cut(p.shownURL, "#")
		if dataInQuery(p.method) {
			target, _, _ = strings.Cut(target, "?")
			if query != "" {
				target += "?" + query
			}
		}
		return target, redacted
	}
	u.User = nil // sent as basic auth
	if dataInQuery(p.method) {
		u.RawQuery, u.ForceQuery = query, false
	}
	return urlAsSent(u), u.Host
}

// shownBody is the request body with secrets as ***.
func (p *prepared) shownBody() []byte {
	if p.body == nil || len(p.spec.secretNames) == 0 || p.spec.dataFixed {
		return p.body
	}
	b, err := pyJSON(p.shownData)
	if err != nil {
		return p.body // encoded once already; redacted all the same
	}
	return b
}

// requestHeaders lists req's header lines as net/http writes them on the
// connection (Request.Write, then the transport's Accept-Encoding), with
// the url's host as shownTarget gives it and basic auth made from secrets
// shown as base64(user:***).
func (p *prepared) requestHeaders(req *http.Request, urlHost, credential string) ([]runtime.HTTPHeader, int) {
	r := p.redact
	// Host, User-Agent, Content-Length, Accept-Encoding and a line a name
	// (more for a name sent several times, for which append makes room).
	list := make([]runtime.HTTPHeader, 0, min(4+len(req.Header), runtime.MaxRecordedHeaders))
	host := urlHost
	if req.Host != "" && req.Host != req.URL.Host {
		host = req.Host // the task's own Host header
	}
	list = append(list, runtime.NewHTTPHeader("Host", host, r))
	if ua := firstValue(req.Header, "User-Agent"); ua != "" {
		list = append(list, runtime.NewHTTPHeader("User-Agent", ua, r))
	}
	if p.body != nil {
		list = append(list, runtime.HTTPHeader{Name: "Content-Length", Value: strconv.Itoa(len(p.body))})
	}
	list, omitted := sortedHeaders(list, req.Header, true, r)
	if credential != "" && r.Active() {
		user, password, _ := strings.Cut(credential, ":")
		for i := range list {
			if list[i].Name == "Authorization" {
				list[i].Value = "Basic base64(" + r.String(user) + ":" + r.String(password) + ")"
			}
		}
	}
	if len(req.Header["Accept-Encoding"]) == 0 && len(req.Header["Range"]) == 0 && req.Method != http.MethodHead {
		if len(list) < runtime.MaxRecordedHeaders {
			list = append(list, runtime.HTTPHeader{Name: "Accept-Encoding", Value: "gzip"})
		} else {
			omitted++
		}
	}
	return list, omitted
}

// sortedHeaders appends h's lines to list, by name, a line per value, as
// Header.Write orders them — for a request, without the names
// Request.Write writes itself; past runtime.MaxRecordedHeaders lines it
// only counts them.
func sortedHeaders(list []runtime.HTTPHeader, h http.Header, request bool, r *runtime.Redactor) ([]runtime.HTTPHeader, int) {
	if list == nil {
		list = make([]runtime.HTTPHeader, 0, min(len(h), runtime.MaxRecordedHeaders))
	}
	var buf [16]string
	names := buf[:0]
	for name := range h {
		if request {
			switch name {
			case "Host", "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer":
				continue
			}
		}
		names = append(names, name)
	}
	slices.Sort(names)
	omitted := 0
	for _, name := range names {
		for _, v := range h[name] {
			if len(list) < runtime.MaxRecordedHeaders {
				list = append(list, runtime.NewHTTPHeader(name, v, r))
			} else {
				omitted++
			}
		}
	}
	return list, omitted
}
