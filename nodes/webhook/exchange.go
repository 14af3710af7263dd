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

// summary is a record of an exchange in one allocation: the parts a
// typical call has, and room for their header lines.
type summary struct {
	x        runtime.HTTPExchange
	resp     runtime.HTTPResponse
	respBody runtime.HTTPBody
	lines    [16]runtime.HTTPHeader // the request's, then the response's
}

// record builds the summary of x, every part redacted by p.redact; err is
// the attempt's error, kept only when the exchange itself failed.
func (p *prepared) record(x *exchange, err error) *runtime.HTTPExchange {
	r := p.redact
	end := x.end
	if end.IsZero() {
		end = time.Now()
	}
	sent := p.spec.staticSent
	if x.req.URL != p.spec.staticURL { // a GET's query, or user info moved out
		sent = urlAsSent(x.req.URL)
	}
	s := &summary{}
	out := &s.x
	out.Request = runtime.HTTPRequest{Method: p.method, URL: r.String(sent), Body: runtime.NewHTTPBody(p.body, r)}
	out.Duration = end.Sub(x.start)
	out.Request.Headers, out.Request.HeadersOmitted = p.requestHeaders(s.lines[:0:8], x.req, x.credential)
	if err != nil && !x.complete {
		out.Error = r.String(err.Error())
	}
	if x.resp == nil {
		return out
	}
	s.resp.Status = x.resp.StatusCode
	s.resp.Headers, s.resp.HeadersOmitted = sortedHeaders(s.lines[8:8], x.resp.Header, false, r)
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

// requestHeaders appends req's header lines to list as net/http writes
// them on the connection (Request.Write, then the transport's
// Accept-Encoding), with basic auth made from secrets shown as
// base64(user:***).
func (p *prepared) requestHeaders(list []runtime.HTTPHeader, req *http.Request, credential string) ([]runtime.HTTPHeader, int) {
	r := p.redact
	host := req.Host
	if host == "" {
		host = req.URL.Host
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
