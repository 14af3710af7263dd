package lang

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops compilation.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText lets Severity appear as "error" or "warning" in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// A Diagnostic is one problem found in a source file.
//
// Summary is one short sentence without a trailing period, Detail optional
// further explanation, and Hint an optional suggestion such as
// "did you mean `hello`?".
type Diagnostic struct {
	Severity Severity
	Range    Range
	Summary  string
	Detail   string
	Hint     string
}

func (d *Diagnostic) Error() string {
	return fmt.Sprintf("%s: %s: %s", d.Range, d.Severity, d.Summary)
}

// Diagnostics is the one list type every phase reports through. A nil list
// means no problems; Sort orders it by position so output is deterministic.
type Diagnostics []*Diagnostic

// Errorf appends an error at r.
func (ds *Diagnostics) Errorf(r Range, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Severity: Error, Range: r, Summary: fmt.Sprintf(format, args...)}
	*ds = append(*ds, d)
	return d
}

// Warnf appends a warning at r.
func (ds *Diagnostics) Warnf(r Range, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Severity: Warning, Range: r, Summary: fmt.Sprintf(format, args...)}
	*ds = append(*ds, d)
	return d
}

// Append adds all of other to ds.
func (ds *Diagnostics) Append(other Diagnostics) { *ds = append(*ds, other...) }

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the errors (nil when there are none).
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders the list by file and position, then severity and summary, so
// that the same input always reports in the same order.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Range != b.Range {
			return a.Range.Before(b.Range)
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Summary < b.Summary
	})
}

// Err returns ds as an error when it holds an error, else nil.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return DiagnosticsError(ds)
}

// DiagnosticsError is Diagnostics used as an error value.
type DiagnosticsError Diagnostics

func (e DiagnosticsError) Error() string {
	var b strings.Builder
	for i, d := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}
