package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Error is a failed webhook call. Its message never holds a secret's value
// (secrets show as ***). It implements runtime.RetryHint by the task's
// retry policy (see retryPolicy): by default, as Flyte retries a failed
// task, every failure but a missing secret or a cancelled run; with
// http_retry, only the failures HTTP says another attempt could fix.
type Error struct {
	Msg        string
	StatusCode int // the response status; 0 when no response arrived
	// retryable and retryAfter are the HTTP-aware classification (set
	// where the error is made); retryPolicy replaces them for a task
	// without http_retry.
	retryable  bool
	retryAfter time.Duration
	// final marks a failure no attempt can change, whatever the policy:
	// a missing secret, the run cancelled.
	final bool
	cause error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap gives the cause, so errors.Is(err, context.Canceled) and
// errors.As(err, &*TimeoutError) work.
func (e *Error) Unwrap() error { return e.cause }

// Retryable reports whether the scheduler may make another attempt. By
// default every failure is, but a missing secret and a cancelled run; with
// http_retry only connection failures, 429, 502, 503 and 504, and timeouts
// before anything was sent or of idempotent methods.
func (e *Error) Retryable() bool { return e.retryable && !e.final }

// RetryAfter is the delay the server asked for in Retry-After (with
// http_retry), or 0.
func (e *Error) RetryAfter() time.Duration { return e.retryAfter }

// retryPolicy sets err's retry hint for a task. With http_retry the
// HTTP-aware classification made with the error stands. Without it (parity:
// Flyte retries a failed task whatever the failure) every *Error but a
// final one is retryable — any status, a timeout, a connection error, a
// response too large or not JSON — and Retry-After is ignored. Render
// errors are never retried either way: a template renders the same on
// every attempt.
func retryPolicy(err error, httpRetry bool) error {
	if httpRetry {
		return err
	}
	if we, ok := err.(*Error); ok {
		we.retryable = !we.final
		we.retryAfter = 0
	}
	return err
}

// TimeoutError is the task's `timeout` or `deadline` expiring. Like the
// connector's client (httpx), the timeout bounds each phase separately —
// connecting, waiting for the response, and every wait for more of the
// body; the deadline bounds the whole attempt, as flytepropeller's
// ExecuteTaskSync deadline bounds the connector's call.
type TimeoutError struct {
	Phase    string        // what the request was doing
	Timeout  time.Duration // the timeout or the deadline
	Deadline bool          // the deadline, not a phase's timeout, passed
}

func (e *TimeoutError) Error() string {
	if e.Deadline {
		return fmt.Sprintf("deadline of %s passed while %s (the deadline bounds the whole request; set deadline on the task to change it)", e.Timeout, e.Phase)
	}
	return fmt.Sprintf("timed out after %s %s", e.Timeout, e.Phase)
}

// statusError is the connector's failure for a status it does not accept.
func statusError(status int, text string, header http.Header, now time.Time) *Error {
	e := &Error{
		Msg:        fmt.Sprintf("Webhook failed with status code %d, response: %s", status, clip(text)),
		StatusCode: status,
	}
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		e.retryable = true
		e.retryAfter = parseRetryAfter(header.Get("Retry-After"), now)
	}
	return e
}

// maxMessageText bounds the response text a failure message carries, and
// so what the run record keeps of it: on Flyte the connector's message
// holds the whole text, within the 4 MiB of the gRPC reply. The terminal
// shows less (cmd/wfc). info.response_data of a success keeps all of it.
const maxMessageText = 1 << 20

// clip cuts s to maxMessageText bytes, on a character boundary, and says
// how much it dropped.
func clip(s string) string {
	if len(s) <= maxMessageText {
		return s
	}
	cut := maxMessageText
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…[truncated %d bytes]", s[:cut], len(s)-cut)
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP-date
// (RFC 9110 §10.2.3); anything else, or a date in the past, is 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(365*24*time.Hour/time.Second) {
			n = int64(365 * 24 * time.Hour / time.Second) // the scheduler caps it anyway
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// transportError turns an error from sending the request or reading the
// response into an Error. what is the redacted "METHOD url" for the
// message; phase is where the request was when it failed.
func transportError(ctx context.Context, err error, what, method string, phase int32) *Error {
	var te *TimeoutError
	if errors.As(context.Cause(ctx), &te) {
		// Nothing was sent yet while connecting, so another attempt is
		// safe; later, the server may have acted on the request, so only
		// idempotent methods are retried.
		return &Error{
			Msg:       fmt.Sprintf("Webhook request %s: %v", what, te),
			retryable: te.Phase == phases[phaseConnect] || idempotent(method),
			cause:     te,
		}
	}
	if ctxErr := context.Cause(ctx); ctxErr != nil {
		// The run was cancelled (Ctrl-C) or its own deadline passed: never
		// retried here; the scheduler decides about its deadline.
		return &Error{Msg: fmt.Sprintf("Webhook request %s: %v", what, ctxErr), final: true, cause: ctxErr}
	}
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		// *url.Error repeats the method and the real URL, which may hold
		// a secret; keep only what went wrong.
		inner = ue.Err
	}
	return &Error{
		Msg:       fmt.Sprintf("Webhook request %s: %v", what, inner),
		retryable: connectionError(inner, phase, method),
		cause:     inner,
	}
}

// connectionError reports whether err is a connection failure another
// attempt could get past: a failed dial (refused, unreachable, DNS), or the
// connection reset or closed before the response was complete.
func connectionError(err error, phase int32, method string) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		// Cut off before any response: the connection failed, retry. Cut
		// off in the body: the server acted, retry only what is safe.
		return phase != phaseBody || idempotent(method)
	}
	return false
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}
