package webhook

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// hook builds a webhook task the way the compiler would: headers and data
// never nil, one output info: dict, the given str/int/... inputs.
func hook(spec compiler.WebhookSpec, inputs ...*compiler.Param) *compiler.Task {
	if spec.Headers == nil {
		spec.Headers = map[string]string{}
	}
	if spec.Data == nil {
		spec.Data = map[string]any{}
	}
	if spec.Method == "" {
		spec.Method = "POST"
	}
	if spec.Timeout == 0 {
		spec.Timeout = 10 * time.Second
	}
	return &compiler.Task{
		Name:    "hook",
		Kind:    compiler.TaskWebhook,
		Inputs:  inputs,
		Outputs: []*compiler.Param{{Name: "info", Type: compiler.Dict}},
		Webhook: &spec,
	}
}

func param(name string, t *compiler.Type) *compiler.Param {
	return &compiler.Param{Name: name, Type: t}
}

// secretMap is a SecretSource over a map.
type secretMap map[string]string

func (m secretMap) Secret(name string) (string, error) {
	v, ok := m[name]
	if !ok {
		return "", fmt.Errorf("secret %s is not set (set WFC_SECRET_%s)", name, name)
	}
	return v, nil
}

// logSink collects a call's log lines.
type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (l *logSink) log(line string) {
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
}

func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// run executes task once with inputs; secrets may be nil.
func run(t testing.TB, e *Executor, task *compiler.Task, inputs map[string]any, secrets secretMap) (map[string]any, error, *logSink) {
	t.Helper()
	return runCtx(context.Background(), e, task, inputs, secrets)
}

func runCtx(ctx context.Context, e *Executor, task *compiler.Task, inputs map[string]any, secrets secretMap) (map[string]any, error, *logSink) {
	logs := &logSink{}
	if secrets == nil {
		secrets = secretMap{}
	}
	if inputs == nil {
		inputs = map[string]any{}
	}
	out, err := e.Execute(ctx, &runtime.Call{
		Task: task, Inputs: inputs, Attempt: 1, Secrets: secrets, Log: logs.log,
	})
	return out, err, logs
}

// seen is one request as a test server received it.
type seen struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   string
}

// recorder is a loopback server that answers every request with status and
// body and remembers what it received.
type recorder struct {
	*httptest.Server
	mu       sync.Mutex
	requests []seen
	status   int
	body     string
	header   http.Header
}

func newRecorder(t testing.TB, status int, body string) *recorder {
	r := &recorder{status: status, body: body, header: http.Header{}}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.requests = append(r.requests, seen{req.Method, req.URL.Path, req.URL.RawQuery, req.Header.Clone(), string(b)})
		for k, vs := range r.header {
			w.Header()[k] = vs
		}
		r.mu.Unlock()
		w.WriteHeader(r.status)
		io.WriteString(w, r.body)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) got() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.requests...)
}

func (r *recorder) only(t testing.TB) seen {
	t.Helper()
	got := r.got()
	if len(got) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(got))
	}
	return got[0]
}

// mustInfo runs a call that must succeed and returns its info output.
func mustInfo(t testing.TB, e *Executor, task *compiler.Task, inputs map[string]any, secrets secretMap) map[string]any {
	t.Helper()
	out, err, _ := run(t, e, task, inputs, secrets)
	if err != nil {
		t.Fatalf("execute: %v", err)
	}
	i, ok := out["info"].(map[string]any)
	if !ok {
		t.Fatalf("outputs = %#v, want an info dict", out)
	}
	return i
}

// show renders a value deterministically for comparisons.
func show(v any) string { return pyRepr(v) }
