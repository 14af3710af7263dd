package webhook

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/pctencode"
)

// Rendering follows flytekit's format_dict (flytekit/utils/dict_formatter.py)
// step for step, because the same compiled task must produce the same
// request locally as on Flyte:
//
//   - only strings containing both "{" and "}" are templates; the
//     placeholders are the matches of \{([^}]+)\}, found once in the
//     original string;
//   - a placeholder without a dot ({x}) is left as written;
//   - each dotted placeholder is looked up (inputs.x.y walks into dicts);
//     if the string, as substituted so far, is exactly that placeholder the
//     typed value is returned (an int stays an int), otherwise every
//     occurrence is replaced by str(value), and the next placeholder is
//     looked at in the result;
//   - lists and dict values are rendered recursively; dict keys are not;
//   - a missing key is an error naming it.
//
// wfc adds the namespace {secrets.NAME}; the connector's update dict only
// has "inputs".
//
// The placeholders are found by holes, a scanner equivalent to that regular
// expression (render_test.go checks the two agree) and several times
// faster, since every call renders every template.

// scope is what placeholders resolve against.
type scope struct {
	// inputs are the call's values: run-time Go values when task is set
	// (converted to py values on first use, by the task's declared types),
	// or py values already when task is nil.
	inputs  map[string]any
	task    *compiler.Task
	secrets map[string]string // resolved values, or "***" in the redacted scope
	// escape URL-escapes inputs substituted as text (the escape = true
	// extension, for the url only).
	escape bool
}

// RenderError is a template that cannot be rendered. Field names where it
// was ("url", "headers[\"Authorization\"]", "data.q"); Msg is the
// connector's message where it has one.
type RenderError struct {
	Field string
	Msg   string
}

func (e *RenderError) Error() string { return e.Field + ": " + e.Msg }

// Retryable is false: a template renders the same way every attempt, so
// the scheduler does not retry it (runtime.RetryHint).
func (e *RenderError) Retryable() bool { return false }

// RetryAfter is 0: see Retryable.
func (e *RenderError) RetryAfter() time.Duration { return 0 }

// within prefixes a nested render error's field with its parent's.
func within(err error, parent string, sep string) error {
	if re, ok := err.(*RenderError); ok {
		f := parent
		if re.Field != "" {
			if re.Field[0] == '[' {
				sep = ""
			}
			f += sep + re.Field
		}
		return &RenderError{Field: f, Msg: re.Msg}
	}
	return err
}

// renderValue renders v (a py value from the task's spec) in place of
// format_dict's recursion. field names v for errors.
func (sc *scope) renderValue(field string, v any) (any, error) {
	out, err := sc.render(v)
	if err != nil {
		return nil, within(err, field, ".")
	}
	return out, nil
}

func (sc *scope) render(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return sc.renderString("", x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := sc.render(e)
			if err != nil {
				return nil, within(err, "["+strconv.Itoa(i)+"]", "")
			}
			out[i] = r
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := sc.render(e)
			if err != nil {
				return nil, within(err, k, ".")
			}
			out[k] = r
		}
		return out, nil
	}
	return v, nil
}

// renderString renders one string; the result is a string unless s is
// exactly one placeholder.
func (sc *scope) renderString(field, s string) (any, error) {
	if !isTemplate(s) {
		return s, nil
	}
	cur := s
	for scan := (holeScanner{s: s}); ; {
		ph, ok := scan.next() // "{name}", a substring of s
		if !ok {
			break
		}
		name := ph[1 : len(ph)-1]
		if !strings.Contains(name, ".") {
			continue // {x}: format_dict only knows idempotence_token here
		}
		val, err := sc.lookup(name)
		if err != nil {
			return nil, &RenderError{Field: field, Msg: err.Error()}
		}
		if cur == ph {
			return val, nil
		}
		text := pyStr(val)
		if sc.escape && !strings.HasPrefix(name, "secrets.") {
			// Secrets are escaped for where they land in the url
			// (placeSecrets); shown, they are ***.
			text = pctencode.Unreserved(text)
		}
		cur = strings.ReplaceAll(cur, ph, text)
	}
	return cur, nil
}

// isTemplate is format_dict's test: a string with both a "{" and a "}".
func isTemplate(s string) bool {
	return strings.IndexByte(s, '{') >= 0 && strings.IndexByte(s, '}') >= 0
}

// holeScanner yields the matches of \{([^}]+)\} in s, leftmost first, not
// overlapping, each as the whole "{name}" substring.
type holeScanner struct {
	s   string
	pos int
}

func (h *holeScanner) next() (string, bool) {
	for {
		open := strings.IndexByte(h.s[h.pos:], '{')
		if open < 0 {
			return "", false
		}
		open += h.pos
		// [^}]+ runs to the first "}" after the "{" and needs at least one
		// character; "{" itself is allowed inside.
		end := strings.IndexByte(h.s[open+1:], '}')
		if end < 0 {
			return "", false
		}
		if end == 0 { // "{}": no match starting here; try the next "{"
			h.pos = open + 1
			continue
		}
		h.pos = open + end + 2
		return h.s[open:h.pos], true
	}
}

// holes returns the placeholder names in s, or nil when s is not a
// template.
func holes(s string) []string {
	if !isTemplate(s) {
		return nil
	}
	out := []string{}
	for scan := (holeScanner{s: s}); ; {
		ph, ok := scan.next()
		if !ok {
			return out
		}
		out = append(out, ph[1:len(ph)-1])
	}
}

// lookup is get_nested_value over {"inputs": …, "secrets": …}.
func (sc *scope) lookup(name string) (any, error) {
	first, rest, _ := strings.Cut(name, ".")
	switch first {
	case "inputs":
		key, rest, more := strings.Cut(rest, ".")
		v, ok := sc.inputs[key]
		if !ok {
			return nil, fmt.Errorf("Could not find the key %s in %s.", key, pyStr(sc.pyInputs()))
		}
		v = sc.pyInput(key, v)
		if !more {
			return v, nil
		}
		return walk(v, strings.Split(rest, "."))
	case "secrets":
		if strings.Contains(rest, ".") {
			return nil, fmt.Errorf("{%s}: a secret is written {secrets.NAME}", name)
		}
		v, ok := sc.secrets[rest]
		if !ok {
			// Resolution runs before rendering and fails first; reaching
			// here means a name escaped the scan.
			return nil, fmt.Errorf("secret %s is not available", rest)
		}
		return v, nil
	}
	// The connector's message shows its whole update dict; wfc's also holds
	// secrets, which must never be printed, so show the inputs only.
	return nil, fmt.Errorf("Could not find the key %s in %s.", first,
		pyStr(map[string]any{"inputs": sc.pyInputs()}))
}

// walk follows keys into d as get_nested_value does, including its
// behaviour on values that are not dicts: `key in d` is a substring test on
// a string and a membership test on a list, and indexing either by a string
// is a TypeError; other values are not iterable.
func walk(d any, keys []string) (any, error) {
	for i, key := range keys {
		switch x := d.(type) {
		case map[string]any:
			v, ok := x[key]
			if !ok {
				return nil, fmt.Errorf("Could not find the key %s in %s.", key, pyStr(x))
			}
			d = v
		case Pending:
			return Pending{Ref: x.Ref + "." + strings.Join(keys[i:], ".")}, nil
		case string:
			if strings.Contains(x, key) {
				return nil, fmt.Errorf("string indices must be integers, not 'str'")
			}
			return nil, fmt.Errorf("Could not find the key %s in %s.", key, x)
		case []any:
			for _, e := range x {
				if e == key {
					return nil, fmt.Errorf("list indices must be integers or slices, not str")
				}
			}
			return nil, fmt.Errorf("Could not find the key %s in %s.", key, pyStr(x))
		default:
			return nil, fmt.Errorf("argument of type '%s' is not iterable", pyTypeName(x))
		}
	}
	return d, nil
}

func pyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
}

// pyTypeOf names a rendered value's type the way the connector's errors do
// ("<class 'int'>").
func pyTypeOf(v any) string { return "<class '" + pyTypeName(v) + "'>" }

// pyInput converts one input value for rendering.
func (sc *scope) pyInput(name string, v any) any {
	if sc.task == nil {
		return v
	}
	var t *compiler.Type
	if p := sc.task.Input(name); p != nil {
		t = p.Type
	}
	return pyValue(v, t)
}

// pyInputs converts all inputs, for messages that show them.
func (sc *scope) pyInputs() map[string]any {
	out := make(map[string]any, len(sc.inputs))
	for k, v := range sc.inputs {
		out[k] = sc.pyInput(k, v)
	}
	return out
}

// secretNames returns the secret names used in s's placeholders, in order.
func secretNames(s string) []string {
	var out []string
	for _, m := range holes(s) {
		if name, ok := strings.CutPrefix(m, "secrets."); ok && name != "" && !strings.Contains(name, ".") {
			out = append(out, name)
		}
	}
	return out
}
