package webhook

import (
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
)

// An empty dict where Flyte holds a Struct literal of its own fails the
// task before anything is sent, whether or not a template uses it; empty
// dicts inside a dict, empty lists and maps, and a null dict? are fine.
func TestEmptyDictInputs(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	task := hook(compiler.WebhookSpec{URL: srv.URL, Data: map[string]any{"s": "{inputs.s}"}},
		param("s", compiler.Str),
		param("d", compiler.OptionalOf(compiler.Dict)),
		param("rows", compiler.ListOf(compiler.Dict)),
		param("byName", compiler.MapOf(compiler.Dict)),
	)
	ok := map[string]any{"s": "x", "d": map[string]any{"k": map[string]any{}}, "rows": []any{}, "byName": map[string]any{}}
	with := func(k string, v any) map[string]any {
		in := map[string]any{}
		for name, val := range ok {
			in[name] = val
		}
		in[k] = v
		return in
	}
	for _, c := range []struct {
		inputs map[string]any
		field  string // "" when the call succeeds
	}{
		{ok, ""},
		{with("d", nil), ""},
		{with("d", map[string]any{}), "inputs.d"},
		{with("rows", []any{map[string]any{"a": 1.0}, map[string]any{}}), "inputs.rows[1]"},
		{with("byName", map[string]any{"a": map[string]any{"k": 1.0}, "b": map[string]any{}}), `inputs.byName["b"]`},
	} {
		before := len(srv.got())
		_, err, _ := run(t, e, task, c.inputs, nil)
		sent := len(srv.got()) - before
		if c.field == "" {
			if err != nil || sent != 1 {
				t.Errorf("%v: err = %v, %d requests; want success", c.inputs, err, sent)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.field+": an empty dict fails the task") || sent != 0 {
			t.Errorf("%v: err = %v, %d requests; want %s failing, nothing sent", c.inputs, err, sent, c.field)
		}
	}
}
