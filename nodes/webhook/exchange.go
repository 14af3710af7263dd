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

// record builds the summary of x, every part redacted by p.redact; err is
// the attempt's error, kept only when the exchange itself failed.
func (p *prepared) record(x *exchange, err error) *runtime.HTTPExchange {
	r := p.redact
	end := x.end
	if end.IsZero() {
		end = time.Now()
	}
	out := &runtime.HTTPExchange{
		Request: runtime.HTTPRequest{
			Method: p.method,
			URL:    r.String(urlAsSent(x.req.URL)),
			Body:   runtime.NewHTTPBody(p.body, r),
		},
		Duration: end.Sub(x.start),
	}
	out.Request.Headers, out.Request.HeadersOmitted = p.requestHeaders(x.req, x.credential)
	if err != nil && !x.complete {
		out.Error = r.String(err.Error())
	}
	if x.resp == nil {
		return out
	}
	resp := &runtime.HTTPResponse{Status: x.resp.StatusCode}
	resp.Headers, resp.HeadersOmitted = sortedHeaders(nil, x.resp.Header, false, r)
	if x.complete {
		// x.text is redacted already, and may be large: only its excerpt is
		// kept, and the size is the bytes received.
		b := runtime.NewHTTPBody(x.text, nil)
		b.Size = int64(len(x.body))
		resp.Body = &b
	}
	out.Response = resp
	return out
}

// requestHeaders lists req's header lines as net/http writes them on the
// connection (Request.Write, then the transport's Accept-Encoding), with
// basic auth made from secrets shown as base64(user:***).
func (p *prepared) requestHeaders(req *http.Request, credential string) ([]runtime.HTTPHeader, int) {
	r := p.redact
	list := make([]runtime.HTTPHeader, 0, len(req.Header)+3)
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
