// Package errcheck runs "expected diagnostics" tests: .wf sources whose
// comments say which diagnostics each line must produce, in the style of
// Go's errorcheck tests.
//
// The entry point is Run. A comment `# ERROR "regexp"` (or `# WARNING
// "regexp"`) expects a diagnostic of that severity starting on the comment's
// line whose summary matches the regexp; `# ERROR@+1 "regexp"` expects it on
// the next line, for errors (such as an unterminated string) that swallow
// the rest of their own line. Every diagnostic must be expected and every
// expectation met.
package errcheck
