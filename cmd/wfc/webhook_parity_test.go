package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests run `wfc run` against a loopback server that records the raw
// bytes of each request — request line, header lines, body — and compare
// them with what Flyte's connector (httpx 0.28 over h11) sends for the same
// task and inputs, and with what `wfc run --dry-run` prints. The expected
// request lines and failures were produced by httpx 0.28.1's urlparse and
// h11 0.16's header validation on the same strings.

// rawServer accepts connections on 127.0.0.1 and records one request per
// connection, byte for byte, answering each with status (200 unless set)
// and body, then closing.
type rawServer struct {
	ln     net.Listener
	status int
	body   string
	mu     sync.Mutex
	reqs   []rawRequest
	wg     sync.WaitGroup
}

// rawRequest is one request as it arrived.
type rawRequest struct {
	line    string   // the request line, without CRLF
	headers []string // the header lines, without CRLF, as sent
	body    string
}

func newRawServer(t *testing.T) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln, status: 200, body: "ok"}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *rawServer) url() string { return "http://" + s.ln.Addr().String() }

func (s *rawServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			req, err := readRawRequest(bufio.NewReader(io.LimitReader(c, 1<<20)))
			if err != nil {
				return
			}
			s.mu.Lock()
			s.reqs = append(s.reqs, req)
			status, body := s.status, s.body
			s.mu.Unlock()
			fmt.Fprintf(c, "HTTP/1.1 %d %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
				status, "Status", len(body), body)
		}()
	}
}

// readRawRequest reads the request line and header lines up to the blank
// line, then Content-Length bytes of body.
func readRawRequest(r *bufio.Reader) (rawRequest, error) {
	var req rawRequest
	length := 0
	for i := 0; ; i++ {
		line, err := r.ReadString('\n')
		if err != nil {
			return req, err
		}
		if !strings.HasSuffix(line, "\r\n") {
			return req, fmt.Errorf("line %q does not end in CRLF", line)
		}
		line = strings.TrimSuffix(line, "\r\n")
		switch {
		case i == 0:
			req.line = line
		case line == "":
			body := make([]byte, length)
			_, err := io.ReadFull(r, body)
			req.body = string(body)
			return req, err
		default:
			req.headers = append(req.headers, line)
			if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "Content-Length") {
				length, _ = strconv.Atoi(strings.TrimSpace(value))
			}
		}
	}
}

func (s *rawServer) requests() []rawRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// parseDryRun splits the request `wfc run --dry-run` printed for its one
// webhook node the same way.
func parseDryRun(t *testing.T, out string) rawRequest {
	t.Helper()
	_, req, ok := strings.Cut(out, ": webhook\n")
	if !ok {
		t.Fatalf("no webhook node in the dry run:\n%s", out)
	}
	got, err := readRawRequest(bufio.NewReader(strings.NewReader(req)))
	if err != nil {
		t.Fatalf("dry run: %v\n%q", err, req)
	}
	return got
}

// writeProgram writes a .wf program with URL replaced by the server's url.
func writeProgram(t *testing.T, srvURL, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hook.wf")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(text, "URL", srvURL)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sortedHeaders is the header lines in order, for comparing two requests
// whose header order is Go's choice either way (docs/webhook.md).
func sortedHeaders(h []string) []string {
	out := slices.Clone(h)
	slices.Sort(out)
	return out
}

func TestWebhookRequestsAsHttpxSendsThem(t *testing.T) {
	srv := newRawServer(t)
	for _, c := range []struct {
		name    string
		program string
		inputs  []string
		line    string // the request line httpx sends
		header  string // a header line it sends, if any
		body    string
	}{
		{
			name: "GET without data drops the url's query",
			program: `webhook h(id: str) {
    url    = "URL/items?id={inputs.id}"
    method = "GET"
}`,
			inputs: []string{"id=7"},
			line:   "GET /items HTTP/1.1",
		},
		{
			name: "GET's data replaces the url's query",
			program: `webhook h(q: str) {
    url    = "URL/search?api_key=abc&q=old"
    method = "GET"
    data   = {"q": "{inputs.q}"}
}`,
			inputs: []string{"q=new words"},
			line:   "GET /search?q=new+words HTTP/1.1",
		},
		{
			name: "POST keeps the url's query",
			program: `webhook h(q: str) {
    url  = "URL/search?api_key=abc&q=old"
    data = {"q": "{inputs.q}"}
}`,
			inputs: []string{"q=new"},
			line:   "POST /search?api_key=abc&q=old HTTP/1.1",
			header: "Content-Type: application/json",
			body:   `{"q":"new"}`,
		},
		{
			name: "dot segments are removed",
			program: `webhook h(p: str) {
    url    = "URL/files/{inputs.p}/./x"
    method = "GET"
}`,
			inputs: []string{"p=../../admin"},
			line:   "GET /admin/x HTTP/1.1",
		},
		{
			name: "a path holding | ^ \\ is not re-escaped",
			program: `webhook h(p: str) {
    url    = "URL/a/{inputs.p}"
    method = "GET"
}`,
			inputs: []string{`p=x%2Fy|z^w\v[1] q`},
			line:   `GET /a/x%2Fy|z^w\v[1]%20q HTTP/1.1`,
		},
		{
			name: "a stray % is sent as written",
			program: `webhook h(p: str) {
    url    = "URL/a/{inputs.p}?x={inputs.p}"
    method = "POST"
}`,
			inputs: []string{`p=100%`},
			line:   `POST /a/100%?x=100% HTTP/1.1`,
			header: "Content-Type: application/json",
			body:   `{}`,
		},
		{
			name: "a tab inside a header value is sent",
			program: `webhook h(t: str) {
    url     = "URL/h"
    method  = "GET"
    headers = {"X-Token": "Bearer {inputs.t}"}
}`,
			inputs: []string{"t=a\tb"},
			line:   "GET /h HTTP/1.1",
			header: "X-Token: Bearer a\tb",
		},
		{
			// Python 3.10 (the connector image's) has Unicode 13: U+1F6DD,
			// new in 14.0, is not printable there, so repr escapes it.
			name: "reprs use the connector's Unicode",
			program: `webhook h(l: list[str]) {
    url  = "URL/u"
    data = {"text": "tags: {inputs.l}"}
}`,
			inputs: []string{`l=["🛝", "é", "\u00a0"]`},
			line:   "POST /u HTTP/1.1",
			body:   `{"text":"tags: ['\\U0001f6dd', 'é', '\\xa0']"}`,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			// The workflow passes the task's inputs through: h(x = x, …).
			_, rest, _ := strings.Cut(c.program, "webhook h(")
			params, _, _ := strings.Cut(rest, ")")
			var args, flags []string
			for _, in := range c.inputs {
				name, _, _ := strings.Cut(in, "=")
				args = append(args, name+" = "+name)
				flags = append(flags, "-i", in)
			}
			file := writeProgram(t, srv.url(), c.program+"\nworkflow wf("+params+") -> dict {\n    return h("+strings.Join(args, ", ")+")\n}\n")

			before := len(srv.requests())
			code, stdout, stderr := wfc(append([]string{"run", file, "--runs-dir", t.TempDir()}, flags...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			reqs := srv.requests()
			if len(reqs) != before+1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs)-before)
			}
			got := reqs[len(reqs)-1]
			if got.line != c.line {
				t.Errorf("request line %q\nwant         %q", got.line, c.line)
			}
			if c.header != "" && !slices.Contains(got.headers, c.header) {
				t.Errorf("headers %q lack %q", got.headers, c.header)
			}
			if got.body != c.body {
				t.Errorf("body %q\nwant %q", got.body, c.body)
			}

			// The dry run shows the same bytes.
			code, stdout, stderr = wfc(append([]string{"run", "--dry-run", file}, flags...)...)
			if code != 0 {
				t.Fatalf("dry run: exit %d\n%s%s", code, stdout, stderr)
			}
			dry := parseDryRun(t, stdout)
			if dry.line != got.line || dry.body != got.body || !slices.Equal(sortedHeaders(dry.headers), sortedHeaders(got.headers)) {
				t.Errorf("dry run:\n%q\n%q\n%q\nsent:\n%q\n%q\n%q", dry.line, dry.headers, dry.body, got.line, got.headers, got.body)
			}
		})
	}
}

// What fails on Flyte fails here, with the connector's message, and sends
// nothing.
func TestWebhookFailuresAsOnFlyte(t *testing.T) {
	srv := newRawServer(t)
	for _, c := range []struct {
		name, program string
		inputs        []string
		want          string
	}{
		{
			name: "trailing whitespace in a header value",
			program: `webhook h(t: str) {
    url     = "URL/h"
    headers = {"Authorization": "Bearer {inputs.t}"}
}
workflow wf(t: str) -> dict {
    return h(t = t)
}`,
			inputs: []string{"t="},
			want:   `headers["Authorization"]: Illegal header value b'Bearer '`,
		},
		{
			name: "a control character Go refuses to send",
			program: `webhook h(t: str) {
    url     = "URL/h"
    headers = {"X-T": "{inputs.t}x"}
}
workflow wf(t: str) -> dict {
    return h(t = t)
}`,
			inputs: []string{"t=a\x01b"},
			want:   `holds the control character '\x01', which Go's HTTP client refuses to send`,
		},
		{
			name: "a control character in the url",
			program: `webhook h(p: str) {
    url    = "URL/items/{inputs.p}"
    method = "GET"
}
workflow wf(p: str) -> dict {
    return h(p = p)
}`,
			inputs: []string{"p=a\nb"},
			want:   `Invalid non-printable ASCII character in URL, '\n' at position `,
		},
		{
			name: "an empty dict input, unused",
			program: `webhook h(s: str, opts: dict) {
    url  = "URL/h"
    data = {"s": "{inputs.s}"}
}
workflow wf(opts: dict) -> dict {
    return h(s = "x", opts = opts)
}`,
			inputs: []string{"opts={}"},
			want:   "inputs.opts: an empty dict fails the task on Flyte's webhook connector",
		},
		{
			name: "an empty dict in a list[dict]",
			program: `webhook h(rows: list[dict]) {
    url  = "URL/h"
    data = {"rows": "{inputs.rows}"}
}
workflow wf(rows: list[dict]) -> dict {
    return h(rows = rows)
}`,
			inputs: []string{`rows=[{"a": 1}, {}]`},
			want:   "inputs.rows[1]: an empty dict fails the task",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := writeProgram(t, srv.url(), c.program)
			args := []string{"run", file, "--runs-dir", t.TempDir()}
			for _, in := range c.inputs {
				args = append(args, "-i", in)
			}
			before := len(srv.requests())
			code, _, stderr := wfc(args...)
			if code != exitFail || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, exitFail, c.want, stderr)
			}
			if n := len(srv.requests()) - before; n != 0 {
				t.Errorf("server saw %d requests; nothing may be sent", n)
			}
		})
	}
}

// A failing webhook's long error body is printed once on the terminal
// (the progress line shows its first line), and the run record keeps the
// response text up to 1 MiB, with a marker past that.
func TestWebhookErrorBodyOnce(t *testing.T) {
	srv := newRawServer(t)
	var page strings.Builder
	page.WriteString("<html>\n<head><title>502 Bad Gateway</title></head>\n")
	for i := range 300 {
		fmt.Fprintf(&page, "<p>line %d</p>\n", i)
	}
	page.WriteString("</html>\n")
	srv.mu.Lock()
	srv.status, srv.body = 502, page.String()
	srv.mu.Unlock()
	file := writeProgram(t, srv.url(), `webhook h() {
    url = "URL/h"
}
workflow wf() -> dict {
    return h()
}`)
	runs := t.TempDir()
	code, _, stderr := wfc("run", file, "--runs-dir", runs)
	if code != exitFail {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if n := strings.Count(stderr, "<title>502 Bad Gateway</title>"); n != 1 {
		t.Errorf("the body's title is printed %d times, want once:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, "failed: Webhook failed with status code 502, response: <html> …") {
		t.Errorf("the progress line should show the message's first line:\n%s", stderr)
	}
	if !strings.Contains(stderr, "more bytes: wfc show ") {
		t.Errorf("the terminal message should say where the rest is:\n%s", stderr)
	}
	if rec := nodeError(t, runs); !strings.Contains(rec, "<p>line 299</p>\n</html>\n") {
		t.Errorf("the run record lacks the end of the body: …%s", rec[max(0, len(rec)-200):])
	}

	// Over 1 MiB: kept up to the cap, with a marker.
	big := strings.Repeat("x", 1<<20+10)
	srv.mu.Lock()
	srv.body = big
	srv.mu.Unlock()
	runs = t.TempDir()
	if code, _, stderr := wfc("run", file, "--runs-dir", runs); code != exitFail {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if rec := nodeError(t, runs); !strings.HasSuffix(rec, strings.Repeat("x", 100)+"…[truncated 10 bytes]") {
		t.Errorf("the run record's message ends …%s", rec[max(0, len(rec)-100):])
	}
}

// nodeError is the error of the one node in the one run under runs, as
// wfc show --json gives it.
func nodeError(t *testing.T, runs string) string {
	t.Helper()
	entries, err := os.ReadDir(runs)
	if err != nil || len(entries) != 1 {
		t.Fatalf("runs: %v, %d entries", err, len(entries))
	}
	code, stdout, stderr := wfc("show", "--runs-dir", runs, "--json", entries[0].Name(), "n0")
	if code != 0 {
		t.Fatalf("wfc show: exit %d\n%s", code, stderr)
	}
	var rec struct {
		Error    string `json:"error"`
		Attempts []struct {
			Error string `json:"error"`
		} `json:"attempts"`
	}
	if err := json.Unmarshal([]byte(stdout), &rec); err != nil {
		t.Fatalf("%v\n%.500s", err, stdout)
	}
	if rec.Error != "" {
		return rec.Error
	}
	if len(rec.Attempts) > 0 {
		return rec.Attempts[len(rec.Attempts)-1].Error
	}
	t.Fatalf("no error in the node's record:\n%.500s", stdout)
	return ""
}
