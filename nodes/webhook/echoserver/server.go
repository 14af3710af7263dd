package echoserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure the echo server.
type Options struct {
	// Reply, when set, is the body of every answer instead of the JSON echo,
	// sent as text/plain. flytekit's end-to-end test expects "Hello".
	Reply string
	// Log, when set, gets one line per request: method, path and status.
	// Query strings and headers are not logged: they may carry secrets.
	Log io.Writer
	// MaxBody caps a request's body; a larger one is answered 413.
	// Default DefaultMaxBody.
	MaxBody int64
	// MaxInFlight caps the requests answered at once; the others wait for
	// a turn. Default DefaultMaxInFlight.
	MaxInFlight int
	// MaxReply caps an echo: one that would be larger leaves out the
	// parsed body ("json"), and if still too large is answered 413.
	// Default DefaultMaxReply.
	MaxReply int

	hooks *hooks // tests only
}

// hooks let tests see requests get a turn and wait for one.
type hooks struct {
	waiting func() // a request waits for a turn
	serving func() // a request has its turn
}

// The defaults bound the server's memory: DefaultMaxInFlight requests at
// once, each with at most 1 MiB of body and 64 KiB of headers, and a
// reply written without holding more than the body (echo.go). The reply
// cap leaves room for any such request's echo: a body of control
// characters, each written \u00XX, is six times its size, and the body as
// JSON is no larger than the body.
const (
	DefaultMaxBody     = 1 << 20
	DefaultMaxInFlight = 8
	DefaultMaxReply    = 8 << 20
	maxHeaderBytes     = 64 << 10
)

// Echo is the JSON body the server answers with, for clients to decode.
type Echo struct {
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	Query   map[string][]string `json:"query"`
	Headers map[string]string   `json:"headers"` // repeated headers joined with ", "
	Body    string              `json:"body"`
	JSON    any                 `json:"json,omitempty"` // the body, when it is JSON (and UTF-8), as sent but for spaces
}

// Handler serves any path: 200 with the echo, or with /status/NNN as the
// path (or a path starting /status/NNN/), status NNN — handy for trying
// a task's failure handling and `expect`.
func Handler(opts Options) http.Handler {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = DefaultMaxInFlight
	}
	if opts.MaxReply <= 0 {
		opts.MaxReply = DefaultMaxReply
	}
	turns := make(chan struct{}, opts.MaxInFlight)
	var logMu sync.Mutex
	logLine := func(r *http.Request, status int) {
		if opts.Log != nil {
			logMu.Lock()
			fmt.Fprintf(opts.Log, "%s %s %s → %d\n", time.Now().Format("15:04:05.000"), r.Method, r.URL.Path, status)
			logMu.Unlock()
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case turns <- struct{}{}:
		default:
			if opts.hooks != nil {
				opts.hooks.waiting()
			}
			select {
			case turns <- struct{}{}:
			case <-r.Context().Done():
				return // the client went away
			}
		}
		defer func() { <-turns }()
		if opts.hooks != nil {
			opts.hooks.serving()
		}

		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, opts.MaxBody))
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			logLine(r, http.StatusRequestEntityTooLarge)
			http.Error(w, fmt.Sprintf("request body larger than %d bytes, the most this echo server reads", opts.MaxBody), http.StatusRequestEntityTooLarge)
			return
		}
		if err != nil {
			http.Error(w, "reading the request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		status := http.StatusOK
		if code, ok := statusFromPath(r.URL.Path); ok {
			status = code
		}
		if opts.Reply != "" {
			logLine(r, status)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(status)
			io.WriteString(w, opts.Reply)
			return
		}
		e, err := newEcho(r, body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if e.size() > opts.MaxReply {
			e.json = nil
		}
		if e.size() > opts.MaxReply {
			logLine(r, http.StatusRequestEntityTooLarge)
			http.Error(w, fmt.Sprintf("the echo of this request would be larger than %d bytes, the most this echo server answers", opts.MaxReply), http.StatusRequestEntityTooLarge)
			return
		}
		logLine(r, status)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(e.size()))
		w.WriteHeader(status)
		e.writeTo(w)
	})
}

func statusFromPath(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, "/status/")
	if !ok {
		return 0, false
	}
	rest, _, _ = strings.Cut(rest, "/")
	code, err := strconv.Atoi(rest)
	if err != nil || code < 200 || code > 599 {
		return 0, false
	}
	return code, true
}

// ListenAndServe serves Handler(opts) on addr, which must be a loopback
// address (the echo shows every header it receives, secrets included), until
// ctx is done. ready, when not nil, is called with the address listened on
// once requests can be served.
func ListenAndServe(ctx context.Context, addr string, opts Options, ready func(addr string)) error {
	if err := checkLoopback(addr); err != nil {
		return err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: Handler(opts), ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: maxHeaderBytes}
	if ready != nil {
		ready(l.Addr().String())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// Let requests in flight finish, briefly. Shutdown alone would
		// also wait 5s for any connection a client opened and never used
		// (an HTTP client's spare dial), so Close ends whatever is left.
		shut, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(shut) != nil {
			srv.Close()
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %v (write it like 127.0.0.1:8000)", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("address %q is not a loopback address: the echo server shows every header it receives, secrets included, so it only listens on 127.0.0.1, ::1 or localhost", addr)
}
