package webhook

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"
)

// direct sends plain-http requests itself, on kept-alive connections it
// pools per host: the request is written and the response read on the
// calling goroutine. http.Transport runs two goroutines per connection and
// hands every request and response between them and the caller; for a
// small webhook call on loopback that hand-over, and the context plumbing
// around it, cost more CPU than the call's own I/O (docs/performance.md,
// "Webhook"). The framing is net/http's own: Request.Write and
// ReadResponse. The shared transport still serves https, proxied urls and
// hosts that are not ASCII (directHost); a direct host's requests that
// this client would get wrong — an Expect header, a large body — go
// through a transport without keep-alive that holds one of the host's
// slots (viaTransport).
//
// What it keeps of the transport's behaviour: at most max connections per
// host, each either in use by one call or idle in the pool; a connection
// is reused only after its response was read to the end and neither side
// asked to close it; an idle one is checked before reuse (the server may
// have closed it meanwhile: one non-blocking peek), dropped after
// idleTimeout, and kept only while fewer than maxIdle are idle over all
// hosts; Accept-Encoding: gzip is sent unless the task sets it, and a gzip
// response decoded; 1xx responses are skipped; a replayable request that a
// reused connection fails before any response is sent once more on a new
// one. A call's context (its watchdog's) interrupts its I/O at any point.
type direct struct {
	max     int
	maxIdle int32        // idle connections kept over all hosts (the transport's MaxIdleConns)
	idleN   atomic.Int32 // idle connections now
	dialer  net.Dialer
	mu      sync.Mutex
	hosts   map[string]*hostConns
}

// hostConns is one host's connections: a slot per open connection, and the
// idle ones. Both channels have room for max, so releasing never blocks.
type hostConns struct {
	d     *direct
	slots chan struct{}
	idle  chan *directConn
}

type directConn struct {
	nc     net.Conn
	io     *connIO
	br     *bufio.Reader
	bw     *bufio.Writer
	host   *hostConns
	idleAt time.Time
}

// connIO is a connection as its buffers see it. It keeps the first write
// error, which Request.Write hides behind its own when copying a body
// fails, and counts the bytes read, so a failed exchange can tell whether
// any of a response had arrived.
type connIO struct {
	net.Conn
	werr  error
	nread int64
}

func (c *connIO) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.nread += int64(n)
	return n, err
}

func (c *connIO) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if err != nil && c.werr == nil {
		c.werr = err
	}
	return n, err
}

// idleTimeout drops a connection idle for longer (the transport's
// IdleConnTimeout).
const idleTimeout = 90 * time.Second

func newDirect(perHost int) *direct {
	return &direct{
		max:     perHost,
		maxIdle: int32(max(100, 4*perHost)),
		// The transport's dialer settings; the task timeout is shorter.
		dialer: net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second},
		hosts:  map[string]*hostConns{},
	}
}

// directHost reports whether requests to u are the direct way's: plain
// http, no proxy for it in the environment, an ASCII host name (the
// transport converts others to punycode; the direct way leaves them to
// it), and a system that can peek at idle connections.
func directHost(u *url.URL) bool {
	if u.Scheme != "http" || !peekSupported {
		return false
	}
	host := u.Hostname()
	for i := range len(host) {
		if host[i] >= utf8.RuneSelf {
			return false
		}
	}
	r := http.Request{URL: u}
	proxy, err := http.ProxyFromEnvironment(&r)
	return err == nil && proxy == nil
}

// directMaxBody: a request with a larger body goes through the transport
// (holding one of its host's slots, see viaTransport), which reads the
// response while it writes the body: a server may answer (413, say) and
// close before taking it all.
const directMaxBody = 64 << 10

// dialAddr is the address dialled for u, and its pool's key: host and
// port, 80 when none is given — the transport's canonicalAddr for the
// hosts directHost admits.
func dialAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

func (d *direct) hostFor(addr string) *hostConns {
	d.mu.Lock()
	defer d.mu.Unlock()
	h := d.hosts[addr]
	if h == nil {
		h = &hostConns{d: d, slots: make(chan struct{}, d.max), idle: make(chan *directConn, d.max)}
		d.hosts[addr] = h
	}
	return h
}

// roundTrip sends req and returns its response, whose Body must be closed
// (that returns the connection to the pool). w learns when a connection is
// ready, before anything is written. addedGzip says req's
// Accept-Encoding: gzip was added by wfc, so a gzip body is decoded here.
func (d *direct) roundTrip(req *http.Request, addedGzip bool, w *watchdog) (*http.Response, error) {
	addr := dialAddr(req.URL)
	h := d.hostFor(addr)
	for retried := false; ; retried = true {
		c, reused, err := d.get(req.Context(), h, addr)
		if err != nil {
			return nil, err
		}
		w.enter(phaseWait) // connected; nothing written yet
		resp, answered, err := c.exchange(req, addedGzip)
		if err == nil {
			return resp, nil
		}
		c.close()
		// The server may close a kept-alive connection just as it is
		// reused; what it never answered can be sent again if sending it
		// twice is harmless — the transport's rule.
		if reused && !retried && req.Context().Err() == nil && !answered && connectionLost(err) && replayable(req) {
			if req.GetBody != nil {
				if req.Body, err = req.GetBody(); err != nil {
					return nil, err
				}
			}
			continue
		}
		return nil, err
	}
}

// viaTransport sends req, whose host the direct way serves but which
// cannot go that way itself (an Expect header, a large body), on tr, a
// transport that keeps no connection alive, holding one of the host's
// slots until the response body is closed: the host still sees at most
// max connections from the run.
func (d *direct) viaTransport(req *http.Request, tr http.RoundTripper) (*http.Response, error) {
	h := d.hostFor(dialAddr(req.URL))
	if err := d.slot(req.Context(), h); err != nil {
		return nil, err
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		<-h.slots
		return nil, err
	}
	resp.Body = &slotBody{ReadCloser: resp.Body, h: h}
	return resp, nil
}

// slot takes one of h's slots, closing an idle connection for it if need
// be, or waiting for one to be freed.
func (d *direct) slot(ctx context.Context, h *hostConns) error {
	for {
		select {
		case h.slots <- struct{}{}:
			return nil
		default:
		}
		select {
		case h.slots <- struct{}{}:
			return nil
		case c := <-h.idle:
			d.idleN.Add(-1)
			c.close()
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// slotBody frees its host's slot once closed (which, keep-alive being off,
// closes the connection).
type slotBody struct {
	io.ReadCloser
	h    *hostConns
	once sync.Once
}

func (b *slotBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() { <-b.h.slots })
	return err
}

// get takes an idle connection to the host, or opens one if fewer than
// max are open, or waits for one to come back.
func (d *direct) get(ctx context.Context, h *hostConns, addr string) (c *directConn, reused bool, err error) {
	for {
		select {
		case c = <-h.idle:
		default:
			select {
			case c = <-h.idle:
			case h.slots <- struct{}{}:
				nc, err := d.dialer.DialContext(ctx, "tcp", addr)
				if err != nil {
					<-h.slots
					return nil, false, err
				}
				cio := &connIO{Conn: nc}
				return &directConn{nc: nc, io: cio, br: bufio.NewReader(cio), bw: bufio.NewWriter(cio), host: h}, false, nil
			case <-ctx.Done():
				return nil, false, context.Cause(ctx)
			}
		}
		d.idleN.Add(-1)
		if c.alive() {
			return c, true, nil
		}
		c.close()
	}
}

// alive reports whether an idle connection can be reused. The transport
// learns that a server closed an idle connection from the goroutine it
// keeps reading every connection; here one peek before reuse, which finds
// nothing waiting on a live connection (data or EOF means the server
// closed it or broke the protocol), costs a system call.
func (c *directConn) alive() bool {
	if c.br.Buffered() > 0 || time.Since(c.idleAt) > idleTimeout {
		return false
	}
	return peekIdle(c.nc)
}

// exchange writes req and reads the head of its response. On failure,
// answered says whether any of a response had arrived.
func (c *directConn) exchange(req *http.Request, addedGzip bool) (*http.Response, bool, error) {
	ctx := req.Context()
	// The call's context ends I/O at once: a deadline in the past wakes
	// every read and write of the connection.
	stop := context.AfterFunc(ctx, func() { c.nc.SetDeadline(time.Unix(1, 0)) })
	c.io.werr = nil
	start := c.io.nread
	fail := func(err error) (*http.Response, bool, error) {
		answered := c.io.nread > start
		if !stop() || ctx.Err() != nil {
			if cause := context.Cause(ctx); cause != nil {
				err = cause
			}
		} else if !answered && errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.EOF // closed before any response, as the transport words it
		}
		return nil, answered, err
	}
	if err := req.Write(c.bw); err != nil {
		if c.io.werr != nil {
			err = c.io.werr // the connection's error, not "copying the body failed"
		}
		return fail(err)
	}
	if err := c.bw.Flush(); err != nil {
		return fail(err)
	}
	var resp *http.Response
	for {
		var err error
		if resp, err = http.ReadResponse(c.br, req); err != nil {
			return fail(err)
		}
		// 1xx (but 101) only announce the response: it follows.
		if resp.StatusCode < 100 || resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			break
		}
	}
	body := &directBody{rc: resp.Body, c: c, stop: stop,
		reuse: !resp.Close && !req.Close && resp.StatusCode != http.StatusSwitchingProtocols}
	resp.Body = body
	if addedGzip && strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		// What the transport does for the Accept-Encoding it adds.
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
		resp.Uncompressed = true
		resp.Body = &gunzipBody{body: body}
	}
	return resp, true, nil
}

// directBody is a response body; closing it returns the connection to the
// pool when the body was read to its end, and closes it otherwise (a body
// left unread is not drained: it may be a 50 MB one past the size cap).
type directBody struct {
	rc     io.ReadCloser
	c      *directConn
	stop   func() bool
	eof    bool
	reuse  bool
	closed bool
}

func (b *directBody) Read(p []byte) (int, error) {
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	n, err := b.rc.Read(p)
	if err == io.EOF {
		b.eof = true
	}
	return n, err
}

func (b *directBody) Close() error {
	if b.closed {
		return nil
	}
	b.closed = true
	// stop fails when the context ended: its deadline may be set.
	if b.stop() && b.eof && b.reuse {
		b.c.release()
	} else {
		b.c.close()
	}
	return nil
}

// gunzipBody decodes a gzip response body, opened on the first read.
type gunzipBody struct {
	body *directBody
	zr   *gzip.Reader
	err  error
}

func (g *gunzipBody) Read(p []byte) (int, error) {
	if g.zr == nil && g.err == nil {
		g.zr, g.err = gzip.NewReader(g.body)
	}
	if g.err != nil {
		return 0, g.err
	}
	return g.zr.Read(p)
}

func (g *gunzipBody) Close() error { return g.body.Close() }

// release puts a connection back in its host's pool, unless as many
// connections are idle over all hosts as are kept.
func (c *directConn) release() {
	d := c.host.d
	if d.idleN.Add(1) > d.maxIdle {
		d.idleN.Add(-1)
		c.close()
		return
	}
	c.idleAt = time.Now()
	c.host.idle <- c
}

// close closes a connection and frees its slot.
func (c *directConn) close() {
	c.nc.Close()
	<-c.host.slots
}

// closeIdle closes every idle connection.
func (d *direct) closeIdle() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, h := range d.hosts {
		for {
			select {
			case c := <-h.idle:
				d.idleN.Add(-1)
				c.close()
				continue
			default:
			}
			break
		}
	}
}

// connectionLost reports whether err means the connection was closed or
// reset under the request.
func connectionLost(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// replayable is the transport's test for sending a request again: a method
// without side effects, or an idempotency key, and a body it can rewind.
func replayable(req *http.Request) bool {
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return false
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	_, key := req.Header["Idempotency-Key"]
	_, xkey := req.Header["X-Idempotency-Key"]
	return key || xkey
}
