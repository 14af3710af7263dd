package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/runtime"
)

// These tests run one webhook node through the scheduler, as `wfc run`
// does, and count the requests the server received: by default (parity
// with Flyte, which retries a failed task whatever the failure) every
// failed attempt is retried while `retries` allow; with http_retry = true
// only connection errors, 429, 502, 503 and 504 are, honouring Retry-After.

// retryBackoff is the scheduler's backoff in these tests: delays of about
// 1ms, and at most retryMax, which a Retry-After of seconds is capped to.
const retryMax = 20 * time.Millisecond

var retryBackoff = runtime.Backoff{Base: time.Millisecond, Max: retryMax}

// retryRun is the outcome of one workflow run.
type retryRun struct {
	err    error
	delays []time.Duration // the scheduler's delay before each retry
}

// runHook compiles a workflow calling one webhook declared with fields
// (one per line, in .wf syntax) and runs it through the scheduler.
func runHook(t *testing.T, fields string, secrets runtime.SecretSource) retryRun {
	t.Helper()
	src := "webhook call() {\n" + fields + "\n}\nworkflow wf() -> dict {\n    return call()\n}\n"
	f, diags := lang.Parse("retry.wf", []byte(src))
	if diags.HasErrors() {
		t.Fatalf("%v\n%s", diags.Err(), src)
	}
	prog, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		t.Fatalf("%v\n%s", diags.Err(), src)
	}
	reg := runtime.NewRegistry()
	e := New(Options{})
	defer e.Close()
	reg.Register(compiler.TaskWebhook.FlyteType(), e)
	if secrets == nil {
		secrets = secretMap{}
	}
	var mu sync.Mutex
	var out retryRun
	_, out.err = runtime.Run(context.Background(), prog.Workflows[0], nil, runtime.Options{
		Registry: reg,
		Backoff:  retryBackoff,
		Secrets:  secrets,
		Observer: runtime.ObserverFunc(func(ev runtime.Event) {
			if ev.Kind == runtime.NodeRetrying {
				mu.Lock()
				out.delays = append(out.delays, ev.Delay)
				mu.Unlock()
			}
		}),
	})
	return out
}

// statusServer answers each request with the next status of statuses (the
// last one repeats), setting Retry-After when retryAfter is not empty, and
// counts the requests.
type statusServer struct {
	*countingServer
	requests atomic.Int64
}

func newStatusServer(t *testing.T, retryAfter string, statuses ...int) *statusServer {
	s := &statusServer{}
	s.countingServer = newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n := int(s.requests.Add(1))
		status := statuses[min(n, len(statuses))-1]
		if retryAfter != "" && status != 200 {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(status)
		fmt.Fprintf(w, "answer %d", n)
	})
	return s
}

func TestRetryEveryFailureByDefault(t *testing.T) {
	for _, c := range []struct {
		name      string
		statuses  []int
		httpRetry bool
		want      int64 // requests the server sees with retries = 2
		ok        bool
	}{
		{"500 default", []int{500}, false, 3, false},
		{"500 http_retry", []int{500}, true, 1, false},
		{"400 default", []int{400}, false, 3, false},
		{"400 http_retry", []int{400}, true, 1, false},
		{"404 then 200 default", []int{404, 200}, false, 2, true},
		{"503 then 200 default", []int{503, 200}, false, 2, true},
		{"503 then 200 http_retry", []int{503, 200}, true, 2, true},
		{"502 http_retry", []int{502}, true, 3, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := newStatusServer(t, "", c.statuses...)
			fields := fmt.Sprintf("    url = %q\n    retries = 2", srv.URL)
			if c.httpRetry {
				fields += "\n    http_retry = true"
			}
			r := runHook(t, fields, nil)
			if got := srv.requests.Load(); got != c.want {
				t.Errorf("server saw %d requests, want %d", got, c.want)
			}
			if (r.err == nil) != c.ok {
				t.Errorf("run error = %v, want success %v", r.err, c.ok)
			}
		})
	}
}

// Retry-After replaces the scheduler's delay only with http_retry: here it
// asks for 7s, which the test backoff caps at retryMax; by default the
// delay is the backoff's own (about 1ms).
func TestRetryAfterOnlyWithHTTPRetry(t *testing.T) {
	for _, httpRetry := range []bool{false, true} {
		srv := newStatusServer(t, "7", 429, 200)
		fields := fmt.Sprintf("    url = %q\n    retries = 1", srv.URL)
		if httpRetry {
			fields += "\n    http_retry = true"
		}
		r := runHook(t, fields, nil)
		if r.err != nil || srv.requests.Load() != 2 || len(r.delays) != 1 {
			t.Fatalf("http_retry %v: err %v, %d requests, delays %v; want success after one retry",
				httpRetry, r.err, srv.requests.Load(), r.delays)
		}
		if honoured := r.delays[0] == retryMax; honoured != httpRetry {
			t.Errorf("http_retry %v: delay %s (Retry-After 7s capped at %s): Retry-After honoured = %v, want %v",
				httpRetry, r.delays[0], retryMax, honoured, httpRetry)
		}
	}
}

// A POST that timed out after it was sent may have been acted on: with
// http_retry it is not retried; by default it is, as on Flyte.
func TestRetryTimedOutPost(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	for _, c := range []struct {
		httpRetry bool
		want      int64
	}{{false, 2}, {true, 1}} {
		var requests atomic.Int64
		block := blockingHandler(nil, release)
		srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			block(w, r)
		})
		fields := fmt.Sprintf("    url = %q\n    timeout = 100ms\n    retries = 1", srv.URL)
		if c.httpRetry {
			fields += "\n    http_retry = true"
		}
		r := runHook(t, fields, nil)
		var te *TimeoutError
		if !errors.As(r.err, &te) {
			t.Errorf("http_retry %v: err = %v, want a timeout", c.httpRetry, r.err)
		}
		if got := requests.Load(); got != c.want {
			t.Errorf("http_retry %v: server saw %d requests, want %d", c.httpRetry, got, c.want)
		}
	}
}

// Deterministic failures are never retried: a template that cannot render,
// a missing secret.
func TestRetryNeverDeterministicFailures(t *testing.T) {
	srv := newStatusServer(t, "", 200)
	for _, httpRetry := range []string{"", "\n    http_retry = true"} {
		r := runHook(t, fmt.Sprintf("    url = %q\n    headers = {\"X-Key\": \"{secrets.NOPE}\"}\n    retries = 3%s", srv.URL, httpRetry), nil)
		if r.err == nil || !strings.Contains(r.err.Error(), "NOPE") || len(r.delays) != 0 {
			t.Errorf("missing secret: err %v, %d retries; want a failure naming it, not retried", r.err, len(r.delays))
		}
		r = runHook(t, fmt.Sprintf("    url = \"{secrets.URL}\"\n    retries = 3%s", httpRetry), secretMap{"URL": "not a url"})
		var re *RenderError
		if !errors.As(r.err, &re) || len(r.delays) != 0 {
			t.Errorf("bad url: err %v, %d retries; want a render error, not retried", r.err, len(r.delays))
		}
	}
	if n := srv.requests.Load(); n != 0 {
		t.Errorf("server saw %d requests", n)
	}
}

// The retry hint of each kind of failure, by policy, on the executor alone.
func TestRetryHintByPolicy(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	srv := newRecorder(t, 500, "no")
	for _, httpRetry := range []bool{false, true} {
		e := New(Options{})
		// Cancelled (Ctrl-C): never retried.
		_, err, _ := runCtx(ctx, e, hook(compiler.WebhookSpec{URL: srv.URL, HTTPRetry: httpRetry}), nil, nil)
		if !errors.Is(err, context.Canceled) || asError(t, err).Retryable() {
			t.Errorf("http_retry %v: cancelled: err %v, want context.Canceled, not retryable", httpRetry, err)
		}
		// A response that is not JSON: a failure of this attempt.
		bad := newRecorder(t, 200, "<html>")
		_, err, _ = run(t, e, hook(compiler.WebhookSpec{URL: bad.URL, Response: "json", HTTPRetry: httpRetry}), nil, nil)
		if r := asError(t, err).Retryable(); r == httpRetry {
			t.Errorf("http_retry %v: not JSON: retryable = %v, want %v", httpRetry, r, !httpRetry)
		}
	}
}
