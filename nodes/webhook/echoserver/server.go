package echoserver

import (
	"context"
	"encoding/json"
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
}

// Echo is the JSON body the server answers with.
type Echo struct {
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	Query   map[string][]string `json:"query"`
	Headers map[string]string   `json:"headers"` // repeated headers joined with ", "
	Body    string              `json:"body"`
	JSON    any                 `json:"json,omitempty"` // Body parsed, when it is JSON
}

// maxBody bounds how much of a request body is read and echoed.
const maxBody = 10 << 20

// Handler serves any path: 200 with the echo, or with /status/NNN as the
// path (or a path starting /status/NNN/), status NNN — handy for trying
// a task's failure handling and `expect`.
func Handler(opts Options) http.Handler {
	var logMu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			http.Error(w, "reading the request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		status := http.StatusOK
		if len(body) > maxBody {
			status = http.StatusRequestEntityTooLarge
			body = body[:maxBody]
		} else if code, ok := statusFromPath(r.URL.Path); ok {
			status = code
		}
		if opts.Log != nil {
			logMu.Lock()
			fmt.Fprintf(opts.Log, "%s %s %s → %d\n", time.Now().Format("15:04:05.000"), r.Method, r.URL.Path, status)
			logMu.Unlock()
		}
		if opts.Reply != "" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(status)
			io.WriteString(w, opts.Reply)
			return
		}
		echo := Echo{
			Method:  r.Method,
			Path:    r.URL.Path,
			Query:   r.URL.Query(),
			Headers: map[string]string{},
			Body:    string(body),
		}
		if r.Host != "" {
			echo.Headers["Host"] = r.Host
		}
		for name, vs := range r.Header {
			echo.Headers[name] = strings.Join(vs, ", ")
		}
		var parsed any
		if len(body) > 0 && json.Unmarshal(body, &parsed) == nil {
			echo.JSON = parsed
		}
		out, err := json.Marshal(echo)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(append(out, '\n'))
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
	srv := &http.Server{Handler: Handler(opts), ReadHeaderTimeout: 10 * time.Second}
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
