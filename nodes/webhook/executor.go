package webhook

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// Options configure an Executor.
type Options struct {
	// MaxParallel is the run's --max-parallel: the most calls in flight at
	// once. It sizes the per-host connection pool. Default:
	// runtime.DefaultMaxParallel.
	MaxParallel int
	// UserAgent is sent unless a task sets its own User-Agent header.
	// Default "wfc-webhook".
	UserAgent string
}

// Executor runs webhook tasks. It is safe for concurrent use; one Executor
// (and so one connection pool) serves a whole run.
type Executor struct {
	transport *http.Transport // every request (see newTransport)
	userAgent string
	limits    limiters
	watchdogs watchdogs
	now       func() time.Time                           // Retry-After dates, the rate limiter
	sleep     func(context.Context, time.Duration) error // the rate limiter's waits
	specs     sync.Map                                   // *compiler.WebhookSpec → *compiled
	redactors sync.Map                                   // secret values → *runtime.Redactor (redact.go)
}

var _ runtime.Executor = (*Executor)(nil)

// New returns an Executor with its own shared transport. Proxies come from
// the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), which net/http reads
// once per process.
func New(opts Options) *Executor {
	if opts.MaxParallel <= 0 {
		opts.MaxParallel = runtime.DefaultMaxParallel
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "wfc-webhook"
	}
	return &Executor{
		transport: newTransport(opts.MaxParallel),
		watchdogs: watchdogs{max: opts.MaxParallel},
		userAgent: opts.UserAgent,
		now:       time.Now,
		sleep:     sleep,
	}
}

// Close drops the idle keep-alive connections.
func (e *Executor) Close() { e.transport.CloseIdleConnections() }

// Execute sends the call's request and returns {"info": {...}}: the
// connector's status_code and response_data, input_data with show_data,
// url with show_url, and, with response = "json", the parsed body as
// response. Errors are *Error or *RenderError, with secrets as ***.
func (e *Executor) Execute(ctx context.Context, call *runtime.Call) (map[string]any, error) {
	task := call.Task
	if task == nil || task.Webhook == nil {
		return nil, errors.New("webhook executor: the call has no webhook task")
	}
	c := e.compiled(task.Webhook)
	// Secrets first: a missing one fails the task before anything is sent.
	secrets, err := resolveSecrets(task, c, call.Secrets)
	if err != nil {
		return nil, err // final: another attempt would not find it either
	}
	if secrets == nil {
		// None used. nil would tell prepare the values are unknown (a dry
		// run) and make it render a redacted copy of everything.
		secrets = noSecrets
	}
	out, err := e.execute(ctx, call, c, secrets)
	if err != nil {
		return nil, retryPolicy(err, task.Webhook.HTTPRetry)
	}
	return out, nil
}

// compiled returns the per-task part of rendering, worked out on the
// task's first call.
func (e *Executor) compiled(spec *compiler.WebhookSpec) *compiled {
	if c, ok := e.specs.Load(spec); ok {
		return c.(*compiled)
	}
	c, _ := e.specs.LoadOrStore(spec, compile(spec))
	return c.(*compiled)
}

// Forget drops what the Executor worked out for spec on its first call.
// A run's tasks live as long as the run; a long-lived caller that makes
// tasks per call (wfc connector) forgets each when it drops the task, so
// that the Executor holds only the tasks in use.
func (e *Executor) Forget(spec *compiler.WebhookSpec) { e.specs.Delete(spec) }

// DefaultDeadline bounds a whole attempt — connecting, sending, waiting,
// reading the body — when the task sets no deadline and its timeout is
// shorter: flytepropeller's default deadline for the ExecuteTaskSync call
// that runs a webhook in Flyte's connector.
const DefaultDeadline = 10 * time.Second

// attemptBounds is the task's timeout for each phase of a request and its
// deadline for the whole. Without a deadline of its own a task gets
// DefaultDeadline, or its timeout when that is longer, so that one phase
// can always use all of its timeout.
func attemptBounds(spec *compiler.WebhookSpec) (timeout, deadline time.Duration) {
	timeout = spec.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	deadline = spec.Deadline
	if deadline <= 0 {
		deadline = max(DefaultDeadline, timeout)
	}
	return timeout, deadline
}

// noSecrets is the secrets of a task that uses none; never written.
var noSecrets = map[string]string{}

// callState is everything one call keeps, in one allocation.
type callState struct {
	p       prepared
	reqBody bytes.Reader
	body    bodyReader
	x       exchange // for the run record, when it keeps one
}

func (e *Executor) execute(ctx context.Context, call *runtime.Call, c *compiled, secrets map[string]string) (_ map[string]any, err error) {
	task := call.Task
	spec := task.Webhook
	st := &callState{}
	p := &st.p
	defer func() {
		// Whatever produced the message, no secret value leaves here.
		if err != nil {
			err = scrubError(err, p.redact)
		}
	}()
	err = prepare(p, task, c, call.Inputs, secrets)
	p.redact = e.redactor(secrets)
	if err != nil {
		return nil, err
	}

	var tmpl http.Request // copied by WithContext below: it stays on the stack
	if err := p.buildRequest(e.userAgent, &tmpl, &st.reqBody); err != nil {
		return nil, err
	}
	if err := checkDestination(call.Secrets, tmpl.URL, secrets); err != nil {
		return nil, err
	}
	if spec.Rate != nil {
		// The wait for the rate limiter is not the request's time: it comes
		// before the timeout starts, and only the run's context ends it.
		if err := e.limits.wait(ctx, tmpl.URL.Host, spec.Rate, e.now, e.sleep); err != nil {
			return nil, transportError(ctx, err, p.what(), p.method, phaseConnect)
		}
	}
	timeout, deadline := attemptBounds(spec)
	w, rctx := e.watchdogs.start(ctx, timeout, deadline)
	defer w.stop()
	req := tmpl.WithContext(rctx)
	credential := basicAuth(req)
	if derived := p.derivedSecrets(req.URL, credential); len(derived) > 0 && p.redact.Active() {
		p.redact = e.redactor(secrets, derived...)
	}
	if call.HTTP != nil {
		st.x = exchange{req: req, credential: credential, start: time.Now()}
		defer func() { call.HTTP(p.record(&st.x, err)) }()
	}

	// No log line per call: the run record already has each attempt's
	// times and outcome, and a line per call costs more than the call's
	// own rendering (it is redacted, stored and emitted).
	resp, err := e.roundTrip(req)
	if err != nil {
		st.x.end = time.Now()
		return nil, transportError(rctx, err, p.what(), p.method, w.current())
	}
	defer resp.Body.Close()
	st.x.resp = resp
	limit := spec.MaxResponseBytes
	if limit == 0 {
		limit = DefaultMaxResponseBytes
	}
	st.body = bodyReader{r: resp.Body, w: w}
	body, err := readBody(resp, &st.body, limit)
	st.x.end = time.Now()
	if errors.Is(err, errTooLarge) {
		return nil, &Error{
			Msg: fmt.Sprintf("Webhook response to %s is larger than max_response_bytes (%d bytes); raise max_response_bytes on the task to accept it",
				p.what(), limit),
			StatusCode: resp.StatusCode,
		}
	}
	if err != nil {
		return nil, transportError(rctx, err, p.what(), p.method, phaseBody)
	}
	text := p.redact.String(responseText(body, firstValue(resp.Header, "Content-Type")))
	st.x.body, st.x.text, st.x.complete = body, text, true

	if !accepted(resp.StatusCode, spec.Expect) {
		return nil, statusError(resp.StatusCode, text, resp.Header, e.now())
	}
	info := make(map[string]any, 5)
	info["status_code"] = boxedStatus(resp.StatusCode)
	info["response_data"] = text
	if spec.ShowData {
		info["input_data"] = p.shownData
	}
	if spec.ShowURL {
		info["url"] = p.shownURL
	}
	if spec.Response == "json" {
		v, err := parseJSONResponse(body)
		if err != nil {
			return nil, &Error{
				Msg:        fmt.Sprintf("Webhook response to %s is not JSON (the task sets response = \"json\"): %v; response: %s", p.what(), err, clip(text)),
				StatusCode: resp.StatusCode,
			}
		}
		info["response"] = p.redact.Value(v)
	}
	return map[string]any{outputName(task): info}, nil
}

// roundTrip sends req on the shared transport and returns the response,
// whatever its status. It is what an http.Client that never follows a
// redirect does — the connector's httpx client does not follow them: a
// 3xx is the answer, and fails unless expected — without the client's
// per-request copies for following one (headers cloned, the url cloned
// when Host is set, a request list): a Client adds nothing else to a
// request without a deadline or a cookie jar but basic auth from the url
// (basicAuth, done by execute) and the step below.
func (e *Executor) roundTrip(req *http.Request) (*http.Response, error) {
	resp, err := e.transport.RoundTrip(req)
	if err != nil {
		// A plain-HTTP answer to an https url, named as a Client names it.
		var tlsErr tls.RecordHeaderError
		if errors.As(err, &tlsErr) && string(tlsErr.RecordHeader[:]) == "HTTP/" {
			err = http.ErrSchemeMismatch
		}
		return nil, err
	}
	return resp, nil
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// firstValue is Header.Get for a name already in canonical form.
func firstValue(h map[string][]string, name string) string {
	if vs := h[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// accepted is the connector's success test (status 200 only) unless the
// task lists the statuses it expects.
func accepted(status int, expect []int) bool {
	if len(expect) == 0 {
		return status == http.StatusOK
	}
	return slices.Contains(expect, status)
}

// boxedStatuses holds the statuses 100–599 as the int64 interface values
// info holds, made once: boxing an int64 above 255 allocates, once per call.
var boxedStatuses = func() (b [500]any) {
	for i := range b {
		b[i] = int64(100 + i)
	}
	return
}()

func boxedStatus(code int) any {
	if code >= 100 && code < 600 {
		return boxedStatuses[code-100]
	}
	return int64(code)
}

// outputName is the task's single output, "info" as flytekit names it.
func outputName(task *compiler.Task) string {
	if len(task.Outputs) == 1 {
		return task.Outputs[0].Name
	}
	return "info"
}

// resolveSecrets looks up every secret the task uses.
func resolveSecrets(task *compiler.Task, c *compiled, src runtime.SecretSource) (map[string]string, error) {
	names := c.secretNames
	if len(task.Secrets) > 0 {
		names = slices.Clone(names)
		for _, n := range task.Secrets {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		slices.Sort(names)
	}
	if len(names) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		if src == nil {
			return nil, &Error{Msg: fmt.Sprintf("Webhook needs secret %s, but no secret source is configured", n), final: true}
		}
		v, err := src.Secret(n)
		if err != nil {
			msg := err.Error()
			if !strings.Contains(msg, n) {
				msg = "secret " + n + ": " + msg
			}
			return nil, &Error{Msg: "Webhook " + msg + " (nothing was sent)", final: true, cause: err}
		}
		out[n] = v
	}
	return out, nil
}
