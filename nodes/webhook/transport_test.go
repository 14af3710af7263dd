package webhook

import (
	"bufio"
	"compress/gzip"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// Every request goes through the executor's one http.Transport; these
// tests pin what it must do for webhooks, against loopback servers.

// rawServer is a loopback TCP server whose connections serve answers one
// request after another; each answer writes its response as raw bytes and
// says whether to close the connection afterwards. An answer that streams
// forever should stop once a write fails (the client went away).
func rawServer(t *testing.T, answer func(req *http.Request, w io.Writer) (closeAfter bool)) (url string, conns, closed *atomic.Int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns, closed = &atomic.Int64{}, &atomic.Int64{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var open []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range open {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			mu.Lock()
			open = append(open, c)
			mu.Unlock()
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

// stream writes prefix, then unit again and again until a write fails
// (the client hung up) or 10 seconds pass.
func stream(w io.Writer, prefix, unit string, gap time.Duration) {
	if _, err := io.WriteString(w, prefix); err != nil {
		return
	}
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); {
		if _, err := io.WriteString(w, unit); err != nil {
			return
		}
		if gap > 0 {
			time.Sleep(gap)
		}
	}
}

// A server that streams one endless header line fails the call once the
// response head passes the cap, with a message that says so; it does not
// fill memory.
func TestEndlessHeaderLine(t *testing.T) {
	url, _, _ := rawServer(t, func(req *http.Request, w io.Writer) bool {
		stream(w, "HTTP/1.1 200 OK\r\nX-Endless: ", strings.Repeat("a", 4096), 0)
		return true
	})
	e := New(Options{})
	defer e.Close()
	_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: url + "/h"}), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "server response headers exceeded 102400 bytes") ||
		!strings.Contains(err.Error(), "POST "+url+"/h") {
		t.Errorf("err = %v, want the request named and the header cap", err)
	}
}

// 1xx responses count against the same cap: a server that sends them
// without end fails the call.
func TestEndlessInformationalResponses(t *testing.T) {
	url, _, _ := rawServer(t, func(req *http.Request, w io.Writer) bool {
		stream(w, "", "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n", 0)
		return true
	})
	e := New(Options{})
	defer e.Close()
	_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: url}), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "server response headers exceeded 102400 bytes") {
		t.Errorf("err = %v, want the header cap", err)
	}
}

// 1xx responses announce the real one, which is what the call gets.
func TestSkipsInformationalResponses(t *testing.T) {
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

// The deadline bounds the whole attempt: a server that trickles its body
// a byte at a time, each well within the timeout, is cut off when the
// deadline passes, and the message says which bound it was.
func TestDeadlineBoundsATrickle(t *testing.T) {
	url, _, _ := rawServer(t, func(req *http.Request, w io.Writer) bool {
		stream(w, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n", "x", 200*time.Millisecond)
		return true
	})
	e := New(Options{})
	defer e.Close()
	task := hook(compiler.WebhookSpec{URL: url, Timeout: 3 * time.Second, Deadline: time.Second})
	_, err, _ := run(t, e, task, nil, nil)
	var te *TimeoutError
	if !errors.As(err, &te) || !te.Deadline || te.Phase != phases[phaseBody] {
		t.Fatalf("err = %v, want the deadline passing while reading the body", err)
	}
	if !strings.Contains(err.Error(), "deadline of 1s passed while reading the response body") {
		t.Errorf("message = %q", err)
	}
	// The same with the head trickling in: the deadline holds there too.
	slowHead, _, _ := rawServer(t, func(req *http.Request, w io.Writer) bool {
		stream(w, "HTTP/1.1 200 OK\r\n", "X: y\r\n", 200*time.Millisecond)
		return true
	})
	_, err, _ = run(t, e, hook(compiler.WebhookSpec{URL: slowHead, Timeout: 3 * time.Second, Deadline: time.Second}), nil, nil)
	if !errors.As(err, &te) || !te.Deadline || te.Phase != phases[phaseWait] {
		t.Errorf("slow head: err = %v, want the deadline passing while waiting for the response", err)
	}
}

// Without a deadline of its own a task gets flytepropeller's default
// deadline for a sync connector call, or its timeout when that is longer.
func TestDefaultDeadline(t *testing.T) {
	for _, c := range []struct{ timeout, deadline, want time.Duration }{
		{0, 0, DefaultDeadline},
		{3 * time.Second, 0, DefaultDeadline},
		{30 * time.Second, 0, 30 * time.Second},
		{3 * time.Second, time.Second, time.Second},
		{3 * time.Second, time.Minute, time.Minute},
	} {
		timeout, deadline := attemptBounds(&compiler.WebhookSpec{Timeout: c.timeout, Deadline: c.deadline})
		if deadline != c.want || (c.timeout == 0 && timeout != DefaultTimeout) {
			t.Errorf("timeout %s, deadline %s: bounds %s, %s; want deadline %s", c.timeout, c.deadline, timeout, deadline, c.want)
		}
	}
}

// A gzip response to the transport's own Accept-Encoding is decoded,
// chunked or not, as httpx decodes it.
func TestGzipAndChunkedResponses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	}))
	defer srv.Close()
	e := New(Options{})
	defer e.Close()
	if info := mustInfo(t, e, hook(compiler.WebhookSpec{URL: srv.URL + "/gzip"}), nil, nil); info["response_data"] != "decoded ✓" {
		t.Errorf("gzip: response_data = %q", info["response_data"])
	}
	if info := mustInfo(t, e, hook(compiler.WebhookSpec{URL: srv.URL + "/chunked"}), nil, nil); info["response_data"] != "one two three" {
		t.Errorf("chunked: response_data = %q", info["response_data"])
	}
}

// Connections are reused, and never more are open to a host than the
// parallelism, however many calls are made at once.
func TestConnectionsWithinParallelism(t *testing.T) {
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
func TestClosedIdleConnections(t *testing.T) {
	url, conns, closed := rawServer(t, func(req *http.Request, w io.Writer) bool {
		io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		if req.URL.Path == "/p" {
			// A POST is not replayable, so the next one must not be sent
			// before the client has seen the close: the server's FIN goes
			// out now, and the connection counts as closed once the
			// client's transport has dropped it (its read loop closes the
			// connection on the FIN, which marks it unusable).
			w.(*net.TCPConn).CloseWrite()
			io.Copy(io.Discard, w.(net.Conn))
		}
		return true // and close, though the response promised keep-alive
	})
	e := New(Options{MaxParallel: 2})
	defer e.Close()
	post := hook(compiler.WebhookSpec{URL: url + "/p"})
	for i := range 3 {
		if info := mustInfo(t, e, post, nil, nil); info["response_data"] != "ok" {
			t.Fatalf("info = %v", info)
		}
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
func TestConnectionClose(t *testing.T) {
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

// A server may answer a large body before reading it (413, say); the
// answer is what the call gets.
func TestLargeBodyAnsweredEarly(t *testing.T) {
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

// proxyChildEnv marks the process TestProxyFromEnvironment re-runs itself
// as: net/http reads the proxy variables once per process, so each
// setting needs a process of its own.
const proxyChildEnv = "WFC_WEBHOOK_PROXY_TEST_URL"

// Requests go through the proxy the environment names, as httpx's do:
// HTTP_PROXY for http urls (the request in absolute form), HTTPS_PROXY for
// https urls (a CONNECT tunnel); NO_PROXY hosts, localhost and loopback
// addresses are reached directly. The proxy is a loopback server; the
// target's host name is never resolved, since the proxy answers for it.
func TestProxyFromEnvironment(t *testing.T) {
	if target := os.Getenv(proxyChildEnv); target != "" {
		proxyChild(t, target)
		return
	}
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.RequestURI)
		mu.Unlock()
		if r.Method == http.MethodConnect {
			http.Error(w, "no tunnels here", http.StatusForbidden)
			return
		}
		io.WriteString(w, "via proxy")
	}))
	defer proxy.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromEnvironment$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		proxyChildEnv+"=http://webhook.invalid/hook",
		"HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL,
		"HTTPS_PROXY="+proxy.URL, "https_proxy="+proxy.URL,
		"NO_PROXY=skipped.invalid", "no_proxy=skipped.invalid",
		"REQUEST_METHOD=", // a CGI environment would disable HTTP_PROXY
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"POST http://webhook.invalid/hook", "CONNECT webhook.invalid:443"}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("the proxy saw:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
}

// proxyChild is TestProxyFromEnvironment's child process: it makes the
// calls, and fails if they did not come back as the proxy answers.
func proxyChild(t *testing.T, target string) {
	e := New(Options{})
	defer e.Close()
	info := mustInfo(t, e, hook(compiler.WebhookSpec{URL: target}), nil, nil)
	if info["response_data"] != "via proxy" {
		t.Errorf("http through the proxy: info = %v", info)
	}
	https := strings.Replace(target, "http://", "https://", 1)
	_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: https}), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("https through the proxy: err = %v, want the proxy's refusal of the tunnel", err)
	}
	for _, direct := range []string{"http://skipped.invalid/", "http://localhost:8000/", "http://127.0.0.1:8000/"} {
		req, _ := http.NewRequest("POST", direct, nil)
		if u, err := e.transport.Proxy(req); u != nil || err != nil {
			t.Errorf("%s: proxy %v, %v; want none", direct, u, err)
		}
	}
}

// TestHTTP1Only: the connector's httpx client speaks HTTP/1.1 only, so a
// server that offers HTTP/2 over TLS gets HTTP/1.1 from wfc too.
func TestHTTP1Only(t *testing.T) {
	var proto atomic.Value
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto.Store(r.Proto)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	e := New(Options{})
	defer e.Close()
	e.transport.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	if _, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: srv.URL + "/h", Method: "GET"}), nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := proto.Load(); got != "HTTP/1.1" {
		t.Errorf("request sent as %v, want HTTP/1.1", got)
	}
}
