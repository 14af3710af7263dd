package runtime

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/go-multierror"
	"github.com/wfc-lang/wfc/compiler"
)

// NodeError is a node that failed for good: its id, task, source position
// and the last attempt's error.
type NodeError struct {
	Node     string // "n3"
	Task     string
	Pos      string // file:line:col of the call, "" when unknown
	Attempts int
	Err      error
}

func newNodeError(n *compiler.Node, attempts int, err error) *NodeError {
	e := &NodeError{Node: n.ID, Attempts: attempts, Err: err}
	e.Task = n.Label()
	if n.Range.IsValid() {
		e.Pos = n.Range.String()
	}
	return e
}

// Error reads "file.wf:3:5: n3 (hello) failed after 3 attempts: message",
// position first so editors and terminals can jump to the call.
func (e *NodeError) Error() string {
	var b strings.Builder
	if e.Pos != "" {
		b.WriteString(e.Pos)
		b.WriteString(": ")
	}
	b.WriteString(e.Node)
	if e.Task != "" {
		b.WriteString(" (")
		b.WriteString(e.Task)
		b.WriteString(")")
	}
	b.WriteString(" failed")
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *NodeError) Unwrap() error { return e.Err }

// TimeoutError is an attempt that ran past its task's timeout. Another
// attempt may be luckier, so it is retryable.
type TimeoutError struct {
	Timeout time.Duration
}

func (e *TimeoutError) Error() string             { return fmt.Sprintf("timed out after %s", e.Timeout) }
func (e *TimeoutError) Retryable() bool           { return true }
func (e *TimeoutError) RetryAfter() time.Duration { return 0 }

// permanentError marks errors another attempt cannot fix (bad inputs, a
// missing output, a panic).
type permanentError struct{ err error }

func (e *permanentError) Error() string             { return e.err.Error() }
func (e *permanentError) Unwrap() error             { return e.err }
func (e *permanentError) Retryable() bool           { return false }
func (e *permanentError) RetryAfter() time.Duration { return 0 }

// Permanent wraps err so the scheduler does not retry it.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

func asRetryHint(err error) (RetryHint, bool) {
	var h RetryHint
	if err != nil && errors.As(err, &h) {
		return h, true
	}
	return nil, false
}

func retryable(err error) bool {
	if h, ok := asRetryHint(err); ok {
		return h.Retryable()
	}
	return true
}

// formatNodeErrors renders a keep-going run's errors one per line, each
// already naming its node and position.
func formatNodeErrors(es []error) string {
	var b strings.Builder
	if len(es) == 1 {
		fmt.Fprintf(&b, "1 node failed:")
	} else {
		fmt.Fprintf(&b, "%d nodes failed:", len(es))
	}
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(e.Error(), "\n", "\n    "))
	}
	return b.String()
}

func multi(es []error) error {
	m := &multierror.Error{Errors: es, ErrorFormat: formatNodeErrors}
	return m
}

// redactedError carries a message with secrets replaced while keeping the
// original chain for errors.Is/As (the retry hint, context errors).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
