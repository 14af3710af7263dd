package webhook

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/wfc-lang/wfc/compiler"
)

// newTransport builds the one transport every webhook call shares. Its
// per-host limits equal the run's parallelism: each worker can keep one
// warm keep-alive connection to a host, and a burst of calls never opens
// more connections than there are workers (the idle pool would drop the
// extra ones, and the server would see connection churn).
func newTransport(maxParallel int) *http.Transport {
	return &http.Transport{
		// httpx, the connector's client, honours HTTP(S)_PROXY and
		// NO_PROXY too.
		Proxy: http.ProxyFromEnvironment,
		// The response head, 1xx responses included, as httpx caps it
		// (httpcore's MAX_INCOMPLETE_EVENT_SIZE): a server streaming an
		// endless header line fails the call, not the run's memory.
		MaxResponseHeaderBytes: maxResponseHeaderBytes,
		DialContext: (&net.Dialer{
			Timeout:   30 * time.Second, // a backstop; the task timeout is shorter
			KeepAlive: 30 * time.Second,
		}).DialContext,
		// HTTP/1.1 only, as httpx sends without http2=True: a non-nil
		// empty TLSNextProto keeps the transport from negotiating HTTP/2.
		TLSNextProto:          map[string]func(string, *tls.Conn) http.RoundTripper{},
		MaxIdleConns:          max(100, 4*maxParallel),
		MaxIdleConnsPerHost:   maxParallel,
		MaxConnsPerHost:       maxParallel,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// maxResponseHeaderBytes caps a response's head, 1xx responses included.
const maxResponseHeaderBytes = 100 << 10

// limiters holds one token bucket per (host, rate), shared by every call,
// so all tasks that name the same rate for a host draw from one budget.
type limiters struct {
	mu sync.Mutex
	m  map[string]*rate.Limiter
}

// wait blocks until the rate allows one more request to host, or ctx is
// done. now and sleep are the clock (time.Now and a timer outside tests).
func (l *limiters) wait(ctx context.Context, host string, r *compiler.Rate,
	now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	if r == nil || r.N <= 0 || r.Per <= 0 {
		return nil
	}
	key := strings.ToLower(host) + "|" + r.Per.String() + "/" + strconv.Itoa(r.N)
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string]*rate.Limiter{}
	}
	lim := l.m[key]
	if lim == nil {
		// Burst 1 spaces requests evenly: "10/s" is one every 100ms,
		// which is what rate-limited APIs expect, not ten at once.
		lim = rate.NewLimiter(rate.Every(r.Per/time.Duration(r.N)), 1)
		l.m[key] = lim
	}
	l.mu.Unlock()
	// What lim.Wait does, on the given clock: take the next slot, sleep
	// until it comes, and hand it back if ctx ends first.
	t := now()
	res := lim.ReserveN(t, 1)
	d := res.DelayFrom(t)
	if d == 0 {
		return nil
	}
	if err := sleep(ctx, d); err != nil {
		res.CancelAt(now())
		return err
	}
	return nil
}
