package runtime

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Redactor replaces secret values with "***". The runtime passes every
// string it writes — record lines, log lines, errors, outputs — through
// it, and the webhook executor every response it keeps. Besides each value
// it replaces the value's other spellings (spellings.go): escaped for a
// url, for JSON by the common encoders, for HTML, in base64; and in parsed
// values, a number equal to a secret.
type Redactor struct {
	r      *strings.Replacer // nil when there is nothing to redact
	olds   []string          // what r replaces, longest first
	ints   map[int64]bool    // the secrets that are integers
	floats map[float64]bool  // the secrets that are numbers
}

// Mask is what a secret value is replaced with.
const Mask = "***"

// NewRedactor returns a redactor for the given secret values; empty values
// are ignored (they would match everywhere). A derived value, such as the
// user:password pair sent as basic auth, is a value of its own.
func NewRedactor(values ...string) *Redactor {
	set := map[string]bool{}
	r := &Redactor{}
	for _, v := range values {
		if v == "" {
			continue
		}
		for _, s := range spellings(v) {
			set[s] = true
		}
		r.addNumber(v)
	}
	if len(set) == 0 {
		return &Redactor{}
	}
	olds := make([]string, 0, len(set))
	for v := range set {
		olds = append(olds, v)
	}
	// Longest first: strings.Replacer tries olds in argument order at each
	// position, so a spelling that contains another is masked whole.
	sort.Slice(olds, func(i, j int) bool {
		if len(olds[i]) != len(olds[j]) {
			return len(olds[i]) > len(olds[j])
		}
		return olds[i] < olds[j]
	})
	pairs := make([]string, 0, 2*len(olds))
	for _, v := range olds {
		pairs = append(pairs, v, Mask)
	}
	r.r = strings.NewReplacer(pairs...)
	r.olds = olds
	return r
}

// SafeCut returns where to cut b, at most at limit (0 < limit < len(b)),
// so that no secret spelling runs across the cut: the text before it can
// be redacted on its own and the rest with what follows.
func (r *Redactor) SafeCut(b []byte, limit int) int {
	cut := limit
	if !r.Active() {
		return cut
	}
	for moved := true; moved && cut > 0; {
		moved = false
		for _, old := range r.olds {
			// An occurrence straddling cut starts in (cut-len(old), cut).
			from := max(cut-len(old)+1, 0)
			to := min(cut+len(old)-1, len(b))
			if i := strings.Index(string(b[from:to]), old); i >= 0 && from+i < cut {
				cut, moved = from+i, true
			}
		}
	}
	if cut == 0 {
		// A secret starts the text: cut after it instead.
		cut = limit
		for _, old := range r.olds {
			if strings.HasPrefix(string(b), old) {
				return len(old)
			}
		}
	}
	return cut
}

// addNumber records v's value when it reads as a JSON number, so that a
// parsed response holding it as a number (84729163, 8.4729163e7) is
// masked as well as its text.
func (r *Redactor) addNumber(v string) {
	var n json.Number
	if json.Unmarshal([]byte(v), &n) != nil || string(n) != v {
		return
	}
	if i, err := n.Int64(); err == nil {
		if r.ints == nil {
			r.ints = map[int64]bool{}
		}
		r.ints[i] = true
	}
	if f, err := n.Float64(); err == nil && !math.IsInf(f, 0) {
		if r.floats == nil {
			r.floats = map[float64]bool{}
		}
		r.floats[f] = true
	}
}

// Active reports whether there is anything to redact.
func (r *Redactor) Active() bool { return r != nil && r.r != nil }

// String redacts s.
func (r *Redactor) String(s string) string {
	if !r.Active() {
		return s
	}
	return r.r.Replace(s)
}

// Error returns err with its message redacted; errors.Is and errors.As
// still see the original chain.
func (r *Redactor) Error(err error) error {
	if err == nil || !r.Active() {
		return err
	}
	msg := err.Error()
	red := r.r.Replace(msg)
	if red == msg {
		return err
	}
	return &redactedError{msg: red, err: err}
}

// Value returns v with every string inside it (dict keys included)
// redacted, and every number equal to a secret, or whose digits hold one,
// replaced by its redacted text. v is not modified; parts without secrets
// are shared.
func (r *Redactor) Value(v any) any {
	if !r.Active() {
		return v
	}
	switch x := v.(type) {
	case string:
		return r.r.Replace(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = r.Value(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[r.r.Replace(k)] = r.Value(e)
		}
		return out
	case int64:
		// Above 2^53 a float stands for several integers: compare those
		// exactly.
		if f := float64(x); r.ints[x] || math.Abs(f) <= 1<<53 && r.floats[f] {
			return Mask
		}
		return r.numberText(v, strconv.FormatInt(x, 10))
	case float64:
		if r.floats[x] {
			return Mask
		}
		return r.numberText(v, strconv.FormatFloat(x, 'g', -1, 64))
	case time.Time, time.Duration, bool, nil:
		return v
	}
	return v
}

// numberText is v, or its text redacted when that holds a secret.
func (r *Redactor) numberText(v any, text string) any {
	if red := r.r.Replace(text); red != text {
		return red
	}
	return v
}

// Values redacts every value of a map of named values.
func (r *Redactor) Values(m map[string]any) map[string]any {
	if !r.Active() || m == nil {
		return m
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = r.Value(v)
	}
	return out
}
