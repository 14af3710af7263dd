package webhook

import (
	"testing"

	"github.com/wfc-lang/wfc/runtime"
)

// TestJSONResponseRejectsTrailingData checks that response = "json" takes
// exactly one JSON value, as Python's json.loads does.
func TestJSONResponseRejectsTrailingData(t *testing.T) {
	for _, body := range []string{`{"a":1}}`, `[1]]`, `{"a":1} {"b":2}`, `1 2`} {
		if v, err := parseJSONResponse([]byte(body)); err == nil {
			t.Errorf("parseJSONResponse(%q) = %v, want an error", body, v)
		}
	}
	for _, body := range []string{`{"a":1}`, " [1, 2] \n", `"x"`} {
		if _, err := parseJSONResponse([]byte(body)); err != nil {
			t.Errorf("parseJSONResponse(%q): %v", body, err)
		}
	}
}

// TestRenderErrorsAreNotRetried checks the retry hint of a template that
// cannot render: it would fail the same way on every attempt.
func TestRenderErrorsAreNotRetried(t *testing.T) {
	var err error = &RenderError{Field: "url", Msg: "Could not find the key x"}
	hint, ok := err.(runtime.RetryHint)
	if !ok || hint.Retryable() {
		t.Errorf("RenderError retry hint = %v, %v; want not retryable", ok, ok && hint.Retryable())
	}
}
