package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/shellscript"
)

// SecretEnvPrefix prefixes the environment variable that holds a secret:
// {secrets.TOKEN} reads WFC_SECRET_TOKEN.
const SecretEnvPrefix = shellscript.SecretEnvPrefix

// EnvSecrets resolves a secret NAME from the environment variable
// WFC_SECRET_<NAME> and, failing that, from the file <Dir>/<NAME> (one
// trailing newline removed, since editors add one). The variable wins so a
// CI job can override a developer's directory.
type EnvSecrets struct {
	Dir    string                      // "" means environment only
	Getenv func(string) (string, bool) // nil means os.LookupEnv
}

// Secret implements SecretSource.
func (s EnvSecrets) Secret(name string) (string, error) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("invalid secret name %q", name)
	}
	getenv := s.Getenv
	if getenv == nil {
		getenv = os.LookupEnv
	}
	if v, ok := getenv(SecretEnvPrefix + name); ok {
		return v, nil
	}
	if s.Dir != "" {
		b, err := os.ReadFile(filepath.Join(s.Dir, name))
		if err == nil {
			v := strings.TrimSuffix(string(b), "\n")
			return strings.TrimSuffix(v, "\r"), nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("secret %s: %v", name, err)
		}
		return "", fmt.Errorf("secret %s is not set: set %s%s or create %s", name, SecretEnvPrefix, name, filepath.Join(s.Dir, name))
	}
	return "", fmt.Errorf("secret %s is not set: set %s%s (or give a secrets directory holding a file %s)", name, SecretEnvPrefix, name, name)
}

// resolveSecrets resolves every secret the workflow's tasks use, once,
// before any node starts: a missing secret fails the run before a single
// request is sent, and the set of values to redact is fixed from then on.
func resolveSecrets(nodes []*compiler.Node, src SecretSource) (map[string]string, error) {
	users := map[string][]string{} // secret → tasks using it
	seen := map[*compiler.Task]bool{}
	for _, n := range nodes {
		if n.Task == nil || seen[n.Task] {
			continue
		}
		seen[n.Task] = true
		for _, s := range n.Task.Secrets {
			users[s] = append(users[s], n.Task.Name)
		}
	}
	if len(users) == 0 {
		return nil, nil
	}
	names := make([]string, 0, len(users))
	for s := range users {
		names = append(names, s)
	}
	sort.Strings(names)
	vals := make(map[string]string, len(names))
	var errs []error
	for _, name := range names {
		v, err := src.Secret(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%v (used by %s)", err, strings.Join(users[name], ", ")))
			continue
		}
		vals[name] = v
	}
	return vals, errors.Join(errs...)
}

// taskSecrets is the SecretSource a call sees: only the task's own
// secrets, already resolved.
type taskSecrets struct {
	task *compiler.Task
	vals *map[string]string // the run's resolved secrets, filled in after setup
}

func (s *taskSecrets) Secret(name string) (string, error) {
	for _, n := range s.task.Secrets {
		if n == name {
			return (*s.vals)[name], nil
		}
	}
	return "", fmt.Errorf("task %s does not declare secret %s", s.task.Name, name)
}

// Redactor replaces secret values with "***". The runtime passes every
// string it writes — record lines, log lines, errors, outputs — through
// it. Besides each value it also replaces the value's URL-escaped and
// JSON-escaped spellings, the forms a secret takes inside a URL or a
// request body that ends up in a message.
type Redactor struct {
	r *strings.Replacer // nil when there is nothing to redact
}

// Mask is what a secret value is replaced with.
const Mask = "***"

// NewRedactor returns a redactor for the given secret values; empty values
// are ignored (they would match everywhere).
func NewRedactor(values ...string) *Redactor {
	return newRedactor(values)
}

// spellings lists the forms a secret's value can take on its way back to
// wfc: as sent, URL-escaped, JSON-escaped (with and without Go's HTML
// escapes, and twice, as when a server echoes a JSON body inside JSON),
// HTML-escaped, and as a server decodes a value pasted raw into a query
// ("+" read as a space, %XX decoded). Masking stays best effort: a server
// may transform a value in ways no list foresees.
func spellings(v string) []string {
	bases := []string{v, strings.ReplaceAll(v, "+", " ")}
	if u, err := url.QueryUnescape(v); err == nil {
		bases = append(bases, u)
	}
	var out []string
	for _, b := range bases {
		j := jsonBody(b, true)
		out = append(out, b, url.QueryEscape(b), url.PathEscape(b), html.EscapeString(b),
			j, jsonBody(b, false), jsonBody(j, true), jsonBody(jsonBody(b, false), false))
	}
	return out
}

// jsonBody is s as a JSON string without its quotes.
func jsonBody(s string, escapeHTML bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(s); err != nil {
		return ""
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

func newRedactor(values []string) *Redactor {
	set := map[string]bool{}
	for _, v := range values {
		if v == "" {
			continue
		}
		for _, spelling := range spellings(v) {
			if spelling != "" {
				set[spelling] = true
			}
		}
	}
	if len(set) == 0 {
		return &Redactor{}
	}
	olds := make([]string, 0, len(set))
	for v := range set {
		olds = append(olds, v)
	}
	// Longest first: strings.Replacer tries olds in argument order at each
	// position, so a secret that contains another is masked whole.
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
	return &Redactor{r: strings.NewReplacer(pairs...)}
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
// redacted. v is not modified; parts without secrets are shared.
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
	case time.Time, time.Duration, int64, float64, bool, nil:
		return v
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
