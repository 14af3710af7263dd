package webhook

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// headServer is a loopback HTTP/1.1 server that keeps each request's head
// exactly as it arrived and answers with a fixed response, closing the
// connection after it.
type headServer struct {
	ln    net.Listener
	reply string // the whole response, head and body
	mu    sync.Mutex
	heads [][]string // each request's lines: the request line, then the headers
	done  sync.WaitGroup
}

func newHeadServer(t *testing.T, reply string) *headServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &headServer{ln: ln, reply: reply}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close(); s.done.Wait() })
	return s
}

func (s *headServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(io.LimitReader(c, 1<<20))
	var head []string
	length := 0
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSuffix(line, "\r\n")
		if line == "" {
			break
		}
		head = append(head, line)
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(v)
		}
	}
	io.CopyN(io.Discard, r, int64(length))
	s.mu.Lock()
	s.heads = append(s.heads, head)
	s.mu.Unlock()
	io.WriteString(c, s.reply)
}

func (s *headServer) url() string { return "http://" + s.ln.Addr().String() }

// execRecorded runs task once and returns what it recorded as its exchange.
func execRecorded(t *testing.T, task *compiler.Task, inputs map[string]any, secrets secretMap) (*runtime.HTTPExchange, error) {
	t.Helper()
	e := New(Options{})
	defer e.Close()
	if secrets == nil {
		secrets = secretMap{}
	}
	if inputs == nil {
		inputs = map[string]any{}
	}
	var x *runtime.HTTPExchange
	calls := 0
	_, err := e.Execute(context.Background(), &runtime.Call{
		Task: task, Inputs: inputs, Attempt: 1, Secrets: secrets, Log: func(string) {},
		HTTP: func(got *runtime.HTTPExchange) { x = got; calls++ },
	})
	if calls > 1 {
		t.Errorf("the exchange was recorded %d times, want once", calls)
	}
	return x, err
}

func headerLines(hs []runtime.HTTPHeader) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Name+": "+h.Value)
	}
	return out
}

// The recorded request is the one the server received: the url with the
// query sent, and the header lines as they went on the connection, in
// their order.
func TestExchangeRecordsRequestAsSent(t *testing.T) {
	reply := "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-B: 2\r\nX-A: 1\r\nX-A: 0\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
	for _, method := range []string{"POST", "GET"} {
		t.Run(method, func(t *testing.T) {
			srv := newHeadServer(t, reply)
			task := hook(compiler.WebhookSpec{
				URL:     srv.url() + "/items/{inputs.id}?old=1",
				Method:  method,
				Headers: map[string]string{"X-Trace": "t-{inputs.id}", "accept": "application/json"},
				Data:    map[string]any{"q": "{inputs.id}"},
			}, param("id", compiler.Str))
			x, err := execRecorded(t, task, map[string]any{"id": "a b"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if x == nil {
				t.Fatal("no exchange recorded")
			}
			head := srv.heads[0]
			u, err := url.Parse(x.Request.URL)
			if err != nil {
				t.Fatal(err)
			}
			if want := method + " " + u.RequestURI() + " HTTP/1.1"; head[0] != want {
				t.Errorf("request line %q, recorded url %q", head[0], x.Request.URL)
			}
			if got, want := strings.Join(headerLines(x.Request.Headers), "\n"), strings.Join(head[1:], "\n"); got != want {
				t.Errorf("recorded headers:\n%s\nsent:\n%s", got, want)
			}
			if x.Request.Method != method {
				t.Errorf("method %q", x.Request.Method)
			}
			wantBody := `{"q":"a b"}` // compact, as httpx writes it
			if method == "GET" {
				wantBody = ""
				if u.RawQuery != "q=a+b" {
					t.Errorf("GET url %q: want the data as its query, in place of the url's", x.Request.URL)
				}
			} else if u.RawQuery != "old=1" {
				t.Errorf("POST url %q: want the url's own query", x.Request.URL)
			}
			if x.Request.Body.Excerpt != wantBody || x.Request.Body.Size != int64(len(wantBody)) || x.Request.Body.Truncated {
				t.Errorf("request body %+v, want %q", x.Request.Body, wantBody)
			}
			p := x.Response
			if p == nil || p.Status != 200 || p.Body == nil || p.Body.Excerpt != "hello" || p.Body.Size != 5 {
				t.Fatalf("response %+v", p)
			}
			// By name, a line per value in the order received; Connection
			// is net/http's to act on, not a header it hands over.
			wantHeaders := "Content-Length: 5\nContent-Type: text/plain; charset=utf-8\nX-A: 1\nX-A: 0\nX-B: 2"
			if got := strings.Join(headerLines(p.Headers), "\n"); got != wantHeaders {
				t.Errorf("response headers:\n%s\nwant:\n%s", got, wantHeaders)
			}
			if x.Error != "" || x.Duration <= 0 {
				t.Errorf("error %q, duration %v", x.Error, x.Duration)
			}
		})
	}
}

// Long bodies are kept in part, many or long headers are capped, and the
// sizes are the whole bodies'.
func TestExchangeCaps(t *testing.T) {
	long := strings.Repeat("é", 3000) // 6,000 bytes; a cut must not split one
	var head strings.Builder
	for i := range 40 {
		fmt.Fprintf(&head, "X-H%02d: v\r\n", i)
	}
	fmt.Fprintf(&head, "X-Long: %s\r\n", strings.Repeat("v", 5000))
	reply := fmt.Sprintf("HTTP/1.1 200 OK\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n%s", head.String(), len(long), long)
	srv := newHeadServer(t, reply)
	task := hook(compiler.WebhookSpec{URL: srv.url(), Data: map[string]any{"text": "{inputs.s}"}}, param("s", compiler.Str))
	x, err := execRecorded(t, task, map[string]any{"s": strings.Repeat("x", 10000)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := x.Request.Body
	if !q.Truncated || q.Size != int64(len(`{"text":""}`)+10000) || len(q.Excerpt) != runtime.ExcerptBytes {
		t.Errorf("request body: size %d, excerpt %d bytes, truncated %v", q.Size, len(q.Excerpt), q.Truncated)
	}
	p := x.Response
	// 40 X-Hnn, X-Long and Content-Length (not Connection, see above).
	if len(p.Headers) != runtime.MaxRecordedHeaders || p.HeadersOmitted != 42-runtime.MaxRecordedHeaders {
		t.Errorf("%d response headers kept, %d omitted; want %d and %d", len(p.Headers), p.HeadersOmitted, runtime.MaxRecordedHeaders, 42-runtime.MaxRecordedHeaders)
	}
	b := p.Body
	if !b.Truncated || b.Size != int64(len(long)) || len(b.Excerpt) > runtime.ExcerptBytes || len(b.Excerpt) < runtime.ExcerptBytes-1 ||
		!strings.HasPrefix(long, b.Excerpt) {
		t.Errorf("response body: size %d, excerpt %d bytes, truncated %v", b.Size, len(b.Excerpt), b.Truncated)
	}

	// A long header value is cut; the request's own headers too.
	srv = newHeadServer(t, "HTTP/1.1 200 OK\r\nX-Long: "+strings.Repeat("v", 5000)+"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	task = hook(compiler.WebhookSpec{URL: srv.url(), Headers: map[string]string{"X-Big": strings.Repeat("w", 3000)}})
	x, err = execRecorded(t, task, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range append(x.Request.Headers, x.Response.Headers...) {
		if len(h.Value) > runtime.MaxHeaderValue {
			t.Errorf("%s: %d bytes kept", h.Name, len(h.Value))
		}
		if strings.HasPrefix(h.Name, "X-") && !strings.HasSuffix(h.Value, "…") {
			t.Errorf("%s: cut without a mark", h.Name)
		}
	}
}

// Every part of the record is redacted: the url, the headers (basic auth
// made from a secret shows how it was made), both bodies, also where an
// excerpt is cut in a secret's place.
func TestExchangeRedacted(t *testing.T) {
	const pw = "hunter2/+zz"
	srv := newRecorder(t, 200, "")
	srv.header.Set("X-Echo", pw)
	// The secret's place starts at the excerpt's last byte.
	pad := strings.Repeat("p", runtime.ExcerptBytes-len(`{"a":"`)-1)
	srv.body = strings.Repeat("r", runtime.ExcerptBytes-2) + pw + " " + url.QueryEscape(pw)
	u := strings.Replace(srv.URL, "http://", "http://ann:{secrets.PW}@", 1) + "/p/{secrets.PW}?k={secrets.PW}"
	task := hook(compiler.WebhookSpec{
		URL:     u,
		Headers: map[string]string{"X-Key": "k {secrets.PW}"},
		Data:    map[string]any{"a": pad + "{secrets.PW}"},
	})
	x, err := execRecorded(t, task, nil, secretMap{"PW": pw})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.only(t); got.Header.Get("X-Key") != "k "+pw {
		t.Fatalf("the server got X-Key %q: the secret was not sent", got.Header.Get("X-Key"))
	}
	all := fmt.Sprintf("%+v %+v %+v %+v", x.Request, x.Response, *x.Response.Body, x.Request.Body)
	for _, part := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw), "hunter", "zz"} {
		if strings.Contains(all, part) {
			t.Errorf("the record holds %q: %s", part, all)
		}
	}
	var auth string
	for _, h := range x.Request.Headers {
		if h.Name == "Authorization" {
			auth = h.Value
		}
	}
	if auth != "Basic base64(ann:***)" {
		t.Errorf("Authorization recorded as %q", auth)
	}
	if b := x.Request.Body; b.Excerpt != `{"a":"`+pad+"*" || !b.Truncated || b.Size != int64(len(`{"a":"`+pad+pw+`"}`)) {
		t.Errorf("request body: size %d, excerpt ends %q", b.Size, b.Excerpt[max(0, len(b.Excerpt)-20):])
	}
	if !strings.Contains(x.Request.URL, "/p/***?k=***") {
		t.Errorf("url %q", x.Request.URL)
	}
}

// An exchange that failed says why: no response at all, or a body that
// was not read in full.
func TestExchangeFailures(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	x, err := execRecorded(t, hook(compiler.WebhookSpec{URL: closed}), nil, nil)
	if err == nil || x == nil || x.Response != nil || !strings.Contains(x.Error, "refused") || !strings.HasPrefix(x.Request.URL, closed) {
		t.Errorf("refused: err %v, exchange %+v", err, x)
	}

	srv := newRecorder(t, 200, strings.Repeat("z", 100))
	x, err = execRecorded(t, hook(compiler.WebhookSpec{URL: srv.URL, MaxResponseBytes: 10}), nil, nil)
	if err == nil || x == nil || x.Response == nil || x.Response.Status != 200 || x.Response.Body != nil ||
		!strings.Contains(x.Error, "max_response_bytes") {
		t.Errorf("too large: err %v, exchange %+v", err, x)
	}

	// A status the task does not accept is a whole exchange: the attempt's
	// error says why it failed.
	srv = newRecorder(t, 503, "busy")
	x, err = execRecorded(t, hook(compiler.WebhookSpec{URL: srv.URL}), nil, nil)
	if err == nil || x == nil || x.Response.Status != 503 || x.Response.Body.Excerpt != "busy" || x.Error != "" {
		t.Errorf("503: err %v, exchange %+v", err, x)
	}

	// Nothing sent, nothing recorded.
	x, err = execRecorded(t, hook(compiler.WebhookSpec{URL: srv.URL, Headers: map[string]string{"X": "{secrets.MISSING}"}}), nil, nil)
	if err == nil || x != nil {
		t.Errorf("missing secret: err %v, exchange %+v", err, x)
	}
}

// A secret whose spelling the sending changes — a url that is a secret,
// its scheme upper-case and with dot segments; a secret inside a dict
// sent in a query as Python's repr writes it — is still not recorded:
// the url and body come from the rendering with *** in its place.
func TestExchangeSecretsRespelledBySending(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	whole := strings.Replace(srv.URL, "http://", "HTTP://", 1) + "/T0|B0/../hook-Zq81#frag"
	x, err := execRecorded(t, hook(compiler.WebhookSpec{URL: "{secrets.URL}"}), nil, secretMap{"URL": whole})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.only(t); got.Path != "/hook-Zq81" {
		t.Fatalf("the server got %s, want the secret url's path", got.Path)
	}
	if x.Request.URL != "***" || x.Request.Headers[0] != (runtime.HTTPHeader{Name: "Host", Value: "***"}) {
		t.Errorf("a secret url recorded as %q, %+v", x.Request.URL, x.Request.Headers[0])
	}

	const pw = `back\slash'Zq81`
	srv = newRecorder(t, 200, "ok")
	task := hook(compiler.WebhookSpec{
		URL:    srv.URL + "/h/{secrets.PW}/x",
		Method: "GET",
		Data:   map[string]any{"d": map[string]any{"k": "{secrets.PW}"}, "s": "{secrets.PW}"},
	})
	x, err = execRecorded(t, task, nil, secretMap{"PW": pw})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.only(t); !strings.Contains(got.RawQuery, url.QueryEscape(`\\slash`)) {
		t.Fatalf("the server got the query %q: the secret was not sent as repr writes it", got.RawQuery)
	}
	if want := srv.URL + "/h/***/x?d=%7B%27k%27%3A+%27***%27%7D&s=***"; x.Request.URL != want {
		t.Errorf("url recorded as\n%s\nwant\n%s", x.Request.URL, want)
	}
	if strings.Contains(fmt.Sprintf("%+v", x.Request), "Zq81") {
		t.Errorf("the record holds the secret: %+v", x.Request)
	}
}

// The host of a secret url is not named by a failure either: the
// transport's errors say where they dialled.
func TestExchangeSecretHostNotInErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connection refused
	x, err := execRecorded(t, hook(compiler.WebhookSpec{URL: "{secrets.URL}"}), nil, secretMap{"URL": "http://" + addr + "/hook"})
	if err == nil || x == nil || x.Error == "" {
		t.Fatalf("err %v, exchange %+v", err, x)
	}
	for _, msg := range []string{err.Error(), x.Error} {
		if strings.Contains(msg, addr) || !strings.Contains(msg, "refused") {
			t.Errorf("error %q: want the refusal, without %s", msg, addr)
		}
	}
}
