package webhook

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// countingServer is a loopback server that counts the TCP connections it
// accepts.
type countingServer struct {
	*httptest.Server
	conns atomic.Int64
}

func newCountingServer(t testing.TB, h http.HandlerFunc) *countingServer {
	s := &countingServer{}
	s.Server = httptest.NewUnstartedServer(h)
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func okHandler(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	io.WriteString(w, "ok")
}

// blockingHandler answers after release is closed or the client goes away.
func blockingHandler(arrived chan<- struct{}, release <-chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		select {
		case arrived <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var we *Error
	if !errors.As(err, &we) {
		t.Fatalf("err = %v (%T), want *webhook.Error", err, err)
	}
	return we
}

func TestTimeoutWaitingForResponse(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := newCountingServer(t, blockingHandler(nil, release))
	e := New(Options{})
	for _, c := range []struct {
		method    string
		httpRetry bool
		retryable bool
	}{
		// By default a timeout is retried, as any failure is on Flyte.
		{"POST", false, true}, {"GET", false, true},
		// With http_retry, the server may have acted on a POST.
		{"POST", true, false}, {"GET", true, true},
	} {
		_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: srv.URL, Method: c.method, Timeout: 150 * time.Millisecond, HTTPRetry: c.httpRetry}), nil, nil)
		we := asError(t, err)
		var te *TimeoutError
		if !errors.As(err, &te) || te.Phase != phases[phaseWait] {
			t.Errorf("%s: err = %v, want a timeout waiting for the response", c.method, err)
		}
		if we.Retryable() != c.retryable {
			t.Errorf("%s timeout, http_retry %v: retryable = %v, want %v", c.method, c.httpRetry, we.Retryable(), c.retryable)
		}
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	e := New(Options{})
	for _, httpRetry := range []bool{false, true} {
		_, err, _ = run(t, e, hook(compiler.WebhookSpec{URL: "http://" + addr + "/x", HTTPRetry: httpRetry}), nil, nil)
		we := asError(t, err)
		if !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "POST http://"+addr+"/x") {
			t.Errorf("err = %v, want it to name the request and the refusal", err)
		}
		if !we.Retryable() || we.StatusCode != 0 {
			t.Errorf("refused, http_retry %v: retryable = %v status = %d, want retryable, no status", httpRetry, we.Retryable(), we.StatusCode)
		}
	}
}

func TestStatusRetryClassification(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		status     int
		retryAfter string
		retryable  bool
		after      time.Duration
	}{
		{500, "", false, 0},
		{400, "", false, 0},
		{404, "", false, 0},
		{429, "3", true, 3 * time.Second},
		{429, now.Add(90 * time.Second).Format(http.TimeFormat), true, 90 * time.Second},
		{429, "soon", true, 0},
		{502, "", true, 0},
		{503, "120", true, 2 * time.Minute},
		{504, "", true, 0},
		{403, "5", false, 0}, // never on other 4xx, Retry-After or not
	}
	for _, c := range cases {
		srv := newRecorder(t, c.status, "nope")
		if c.retryAfter != "" {
			srv.header.Set("Retry-After", c.retryAfter)
		}
		e := New(Options{})
		e.now = func() time.Time { return now }
		_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: srv.URL, HTTPRetry: true}), nil, nil)
		we := asError(t, err)
		if we.StatusCode != c.status || we.Retryable() != c.retryable || we.RetryAfter() != c.after {
			t.Errorf("http_retry: %d %q: status %d retryable %v after %s; want %v %s", c.status, c.retryAfter,
				we.StatusCode, we.Retryable(), we.RetryAfter(), c.retryable, c.after)
		}
		// By default (parity) every status is retried, Retry-After ignored.
		_, err, _ = run(t, e, hook(compiler.WebhookSpec{URL: srv.URL}), nil, nil)
		we = asError(t, err)
		if we.StatusCode != c.status || !we.Retryable() || we.RetryAfter() != 0 {
			t.Errorf("default: %d %q: status %d retryable %v after %s; want retryable, no Retry-After", c.status, c.retryAfter,
				we.StatusCode, we.Retryable(), we.RetryAfter())
		}
	}
}

// slowBody sends headers, then n chunks with gap between them.
func slowBody(n int, gap time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		for i := range n {
			if i > 0 {
				select {
				case <-time.After(gap):
				case <-r.Context().Done():
					return
				}
			}
			io.WriteString(w, "chunk;")
			w.(http.Flusher).Flush()
		}
	}
}

func TestSlowBody(t *testing.T) {
	e := New(Options{})
	// Stalls longer than the timeout: cut off while reading the body.
	stall := newCountingServer(t, slowBody(3, 500*time.Millisecond))
	_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: stall.URL, Timeout: 100 * time.Millisecond}), nil, nil)
	var te *TimeoutError
	if !errors.As(err, &te) || te.Phase != phases[phaseBody] {
		t.Errorf("stalling body: err = %v, want a timeout reading the body", err)
	}
	// Keeps arriving, each gap within the timeout, the whole longer than
	// it: succeeds, as with httpx's per-read timeout.
	trickle := newCountingServer(t, slowBody(10, 60*time.Millisecond)) // 540ms in all
	i := mustInfo(t, e, hook(compiler.WebhookSpec{URL: trickle.URL, Timeout: 300 * time.Millisecond}), nil, nil)
	if i["response_data"] != strings.Repeat("chunk;", 10) {
		t.Errorf("response_data = %q", i["response_data"])
	}
}

// bodyServer answers with size bytes.
func bodyServer(t *testing.T, size int) *countingServer {
	return newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(size))
		chunk := make([]byte, min(size, 1<<20))
		for left := size; left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
				return // the client hung up at its cap
			}
		}
	})
}

func TestHugeBodyIsCapped(t *testing.T) {
	// The case: a 50 MB body against the default cap (10 MiB),
	// read only up to the cap.
	huge := bodyServer(t, 50<<20)
	e := New(Options{})
	for _, httpRetry := range []bool{false, true} {
		_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: huge.URL, HTTPRetry: httpRetry}), nil, nil)
		if err == nil || !strings.Contains(err.Error(), "larger than max_response_bytes (10485760 bytes)") {
			t.Fatalf("err = %v, want the size cap", err)
		}
		// An answer: another attempt may get a different one, unless
		// retries are HTTP-aware.
		if r := asError(t, err).Retryable(); r == httpRetry {
			t.Errorf("too large, http_retry %v: retryable = %v, want %v", httpRetry, r, !httpRetry)
		}
	}
	// A task sets its own cap, lower or higher.
	small := bodyServer(t, 64<<10)
	_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: small.URL, MaxResponseBytes: 32 << 10}), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "larger than max_response_bytes (32768 bytes)") {
		t.Errorf("lowered cap: err = %v", err)
	}
	i := mustInfo(t, e, hook(compiler.WebhookSpec{URL: small.URL, MaxResponseBytes: 64 << 10}), nil, nil)
	if n := len(i["response_data"].(string)); n != 64<<10 {
		t.Errorf("cap equal to the body: got %d bytes", n)
	}
}

func TestRenderedURLIsNotAURL(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	task := hook(compiler.WebhookSpec{URL: "{inputs.u}"}, param("u", compiler.Str))
	for _, c := range []struct{ u, want string }{
		{"not a url", `"not a url" is missing an 'http://' or 'https://' protocol`},
		{"ftp://127.0.0.1/x", "missing an 'http://' or 'https://' protocol"},
		{"http://[::1", "is not a valid URL"},
		{"http:///path", "has no host"},
	} {
		_, err, _ := run(t, e, task, map[string]any{"u": c.u}, nil)
		var re *RenderError
		if !errors.As(err, &re) || re.Field != "url" || !strings.Contains(err.Error(), c.want) {
			t.Errorf("url %q: err = %v, want %q", c.u, err, c.want)
		}
	}
	typed := hook(compiler.WebhookSpec{URL: "{inputs.n}"}, param("n", compiler.Int))
	if _, err, _ := run(t, e, typed, map[string]any{"n": int64(10)}, nil); err == nil ||
		!strings.Contains(err.Error(), "Invalid type for url.  Expected str or httpx.URL, got <class 'int'>") {
		t.Errorf("typed url: err = %v", err)
	}
	if n := len(srv.got()); n != 0 {
		t.Errorf("server saw %d requests", n)
	}
}

func TestMissingSecretSendsNothing(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	for _, httpRetry := range []bool{false, true} {
		task := hook(compiler.WebhookSpec{URL: srv.URL, Headers: map[string]string{"Authorization": "Bearer {secrets.API_TOKEN}"}, HTTPRetry: httpRetry})
		_, err, _ := run(t, e, task, nil, secretMap{})
		if err == nil || !strings.Contains(err.Error(), "secret API_TOKEN") || !strings.Contains(err.Error(), "WFC_SECRET_API_TOKEN") {
			t.Errorf("err = %v, want it to name the secret and how to set it", err)
		}
		if asError(t, err).Retryable() {
			t.Errorf("http_retry %v: a missing secret must not be retried", httpRetry)
		}
	}
	if n := len(srv.got()); n != 0 {
		t.Errorf("server saw %d requests; a missing secret must fail before any request", n)
	}
}

func TestCancelMidRequest(t *testing.T) {
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	defer close(release)
	srv := newCountingServer(t, blockingHandler(arrived, release))
	e := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived // the request is at the server: now press Ctrl-C
		cancel()
	}()
	_, err, _ := runCtx(ctx, e, hook(compiler.WebhookSpec{URL: srv.URL, Timeout: time.Minute}), nil, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if asError(t, err).Retryable() {
		t.Error("a cancelled call must not be retried")
	}
}
