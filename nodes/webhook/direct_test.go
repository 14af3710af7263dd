package webhook

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// Plain-http calls go the direct way (direct.go); these tests pin what it
// must keep of http.Transport's behaviour. Every other webhook test that
// talks to an httptest server goes the direct way too.

// rawServer is a loopback TCP server whose connections serve answers
// one request after another; each answer writes its response as raw bytes
// and says whether to close the connection afterwards.
func rawServer(t *testing.T, answer func(req *http.Request, w io.Writer) (closeAfter bool)) (url string, conns, closed *atomic.Int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns, closed = &atomic.Int64{}, &atomic.Int64{}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer closed.Add(1)
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					io.Copy(io.Discard, req.Body)
					if answer(req, c) {
						return
					}
				}
			}()
		}
	}()
	return "http://" + l.Addr().String(), conns, closed
}

func TestDirectRoutes(t *testing.T) {
	big := strings.Repeat("x", directMaxBody)
	for _, tc := range []struct {
		url     string
		headers map[string]string
		data    map[string]any
		route   route
	}{
		{"http://127.0.0.1:1/a", nil, nil, viaDirect},
		{"http://127.0.0.1:/a", nil, nil, viaDirect}, // an empty port is 80
		{"https://127.0.0.1:1/a", nil, nil, viaTransport},
		{"http://bücher.example/a", nil, nil, viaTransport}, // the transport does punycode
		{"http://127.0.0.1:1/a", map[string]string{"Expect": "100-continue"}, nil, viaOneShot},
		{"http://127.0.0.1:1/a", nil, map[string]any{"big": big}, viaOneShot},
	} {
		task := hook(compiler.WebhookSpec{URL: tc.url, Headers: tc.headers, Data: tc.data})
		var p prepared
		if err := prepare(&p, task, compile(task.Webhook), map[string]any{}, noSecrets); err != nil {
			t.Fatal(err)
		}
		var req http.Request
		if err := p.buildRequest("wfc-webhook", &req, new(bytes.Reader), true); err != nil {
			t.Fatal(err)
		}
		if p.route != tc.route {
			t.Errorf("%s %v: route = %v, want %v", tc.url, tc.headers, p.route, tc.route)
		}
		// Only the direct way asks for gzip itself (the transport adds it
		// on the wire, and decodes).
		if got := req.Header.Get("Accept-Encoding"); (got == "gzip") != (tc.route == viaDirect) {
			t.Errorf("%s %v: Accept-Encoding = %q", tc.url, tc.headers, got)
		}
	}
	if got := dialAddr(&url.URL{Scheme: "http", Host: "127.0.0.1:"}); got != "127.0.0.1:80" {
		t.Errorf("dialAddr(127.0.0.1:) = %q", got)
	}
	if got := dialAddr(&url.URL{Scheme: "http", Host: "[::1]"}); got != "[::1]:80" {
		t.Errorf("dialAddr([::1]) = %q", got)
	}
}

// Request.Write hides a connection's write error behind "copying the body
// failed"; the exchange reports the connection's own error, so that a
// reset or a closed connection is recognised as one.
func TestDirectWriteErrorKeepsItsCause(t *testing.T) {
	client, server := net.Pipe()
	server.Close()
	cio := &connIO{Conn: client}
	d := newDirect(1)
	h := d.hostFor("pipe:80")
	h.slots <- struct{}{}
	c := &directConn{nc: client, io: cio, br: bufio.NewReader(cio), bw: bufio.NewWriter(cio), host: h}
	body := strings.Repeat("b", 10<<10) // beyond the write buffer: fails in the body's copy
	req, _ := http.NewRequest("POST", "http://pipe/x", strings.NewReader(body))
	_, _, err := c.exchange(req, false)
	if !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("err = %v, want the connection's io.ErrClosedPipe", err)
	}
}

// A server may answer a large body before reading it (413, say); the
// answer is what the call gets. The direct way leaves such requests to a
// transport, which reads the response while it writes.
func TestDirectLargeBodyAnsweredEarly(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
					return
				}
				// Answer at once, read nothing of the body, keep the
				// connection open: the client's write of the rest blocks.
				io.WriteString(c, "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 7\r\nConnection: close\r\n\r\ntoo big")
				<-done
			}()
		}
	}()
	e := New(Options{MaxParallel: 2})
	defer e.Close()
	big := hook(compiler.WebhookSpec{URL: "http://" + l.Addr().String(), Data: map[string]any{"big": strings.Repeat("x", 8<<20)}, Timeout: 5 * time.Second})
	_, err, _ = run(t, e, big, nil, nil)
	if re := asError(t, err); re.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("err = %v, want the server's 413", err)
	}
}

// A request the direct way leaves to the transport holds one of its host's
// connection slots while it runs, and frees it after.
func TestDirectOneShotHoldsASlot(t *testing.T) {
	srv := newCountingServer(t, okHandler)
	e := New(Options{MaxParallel: 2})
	defer e.Close()
	big := hook(compiler.WebhookSpec{URL: srv.URL, Data: map[string]any{"big": strings.Repeat("x", 2*directMaxBody)}})
	small := hook(compiler.WebhookSpec{URL: srv.URL})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mustInfo(t, e, small, nil, nil)
			mustInfo(t, e, big, nil, nil)
		}()
	}
	wg.Wait()
	h := e.direct.hostFor(dialAddr(mustParse(t, srv.URL)))
	if held, idle := len(h.slots), len(h.idle); held != idle || held > 2 {
		t.Errorf("%d slots held with %d connections idle and no call running, want as many, at most 2", held, idle)
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Idle connections are kept up to a limit over all hosts.
func TestDirectIdleLimit(t *testing.T) {
	e := New(Options{MaxParallel: 2})
	defer e.Close()
	e.direct.maxIdle = 2
	for range 3 {
		srv := newRecorder(t, 200, "ok")
		mustInfo(t, e, hook(compiler.WebhookSpec{URL: srv.URL}), nil, nil)
	}
	if n := e.direct.idleN.Load(); n != 2 {
		t.Errorf("%d idle connections kept, want the limit, 2", n)
	}
}

// Connections are reused, and never more are open to a host than the
// parallelism, however many calls are made at once.
func TestDirectConnectionsWithinParallelism(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		time.Sleep(2 * time.Millisecond)
		io.WriteString(w, "ok")
	})
	e := New(Options{MaxParallel: 4})
	defer e.Close()
	task := hook(compiler.WebhookSpec{URL: srv.URL + "/hook", Data: map[string]any{"n": "{inputs.n}"}}, param("n", compiler.Int))
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err, _ := run(t, e, task, map[string]any{"n": int64(i)}, nil); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := srv.conns.Load(); n > 4 {
		t.Errorf("%d connections for 40 calls at parallelism 4", n)
	}
	before := srv.conns.Load()
	for range 5 {
		mustInfo(t, e, task, map[string]any{"n": int64(1)}, nil)
	}
	if n := srv.conns.Load(); n != before {
		t.Errorf("sequential calls opened %d new connections, want 0 (reuse)", n-before)
	}
}

// A server that closes its side of a kept-alive connection (here after
// every response, without saying so) must not cost a call: the closed
// connection is noticed before reuse, or, for a call that may be sent
// twice, the call is sent again on a new one.
func TestDirectClosedIdleConnections(t *testing.T) {
	url, conns, closed := rawServer(t, func(req *http.Request, w io.Writer) bool {
		io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		return true // and close, though the response promised keep-alive
	})
	e := New(Options{MaxParallel: 2})
	defer e.Close()
	post := hook(compiler.WebhookSpec{URL: url + "/p"})
	for i := range 3 {
		if info := mustInfo(t, e, post, nil, nil); info["response_data"] != "ok" {
			t.Fatalf("info = %v", info)
		}
		// Once the server has closed, its FIN is on the client's socket
		// (loopback delivers it within the close).
		for deadline := time.Now().Add(5 * time.Second); closed.Load() < int64(i+1) && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
	}
	get := hook(compiler.WebhookSpec{URL: url + "/g", Method: "GET"})
	for range 5 { // back to back: the FIN may not be there yet
		mustInfo(t, e, get, nil, nil)
	}
	if n := conns.Load(); n != 8 {
		t.Errorf("the server saw %d connections, want one per call (8)", n)
	}
}

// "Connection: close" is honoured: the next call opens a new connection.
func TestDirectConnectionClose(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, "bye")
	})
	e := New(Options{MaxParallel: 2})
	defer e.Close()
	task := hook(compiler.WebhookSpec{URL: srv.URL})
	for range 3 {
		mustInfo(t, e, task, nil, nil)
	}
	if n := srv.conns.Load(); n != 3 {
		t.Errorf("%d connections for 3 calls answered with Connection: close, want 3", n)
	}
}

// 1xx responses announce the real one, which is what the call gets.
func TestDirectSkipsInformationalResponses(t *testing.T) {
	url, _, _ := rawServer(t, func(req *http.Request, w io.Writer) bool {
		io.WriteString(w, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"+
			"HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nfinal")
		return false
	})
	e := New(Options{})
	defer e.Close()
	info := mustInfo(t, e, hook(compiler.WebhookSpec{URL: url, Expect: []int{201}}), nil, nil)
	if info["status_code"] != int64(201) || info["response_data"] != "final" {
		t.Errorf("info = %v, want 201 and final", info)
	}
}

// A gzip response to wfc's own Accept-Encoding is decoded, chunked or not,
// as the transport (and httpx) decode it.
func TestDirectGzipAndChunkedResponses(t *testing.T) {
	srv := newRecorder(t, 200, "")
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/chunked" {
			for _, part := range []string{"one ", "two ", "three"} {
				io.WriteString(w, part)
				w.(http.Flusher).Flush()
			}
			return
		}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "no gzip asked for", 400)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, "decoded ✓")
		zw.Close()
	})
	e := New(Options{})
	defer e.Close()
	if info := mustInfo(t, e, hook(compiler.WebhookSpec{URL: srv.URL + "/gzip"}), nil, nil); info["response_data"] != "decoded ✓" {
		t.Errorf("gzip: response_data = %q", info["response_data"])
	}
	if info := mustInfo(t, e, hook(compiler.WebhookSpec{URL: srv.URL + "/chunked"}), nil, nil); info["response_data"] != "one two three" {
		t.Errorf("chunked: response_data = %q", info["response_data"])
	}
}
