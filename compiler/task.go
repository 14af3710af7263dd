package compiler

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/lang"
)

// taskFields lists, per task kind, the fields a body may set and their
// types.
var taskFields = map[string]map[string]*Type{
	"task": {
		"shell": Str, "image": Str, "description": Str,
		"retries": Int, "timeout": Duration,
		"cache": Bool, "cache_version": Str,
		"env": MapOf(Str), "secrets": nil, "requests": nil, "limits": nil,
		"cache_serialize": Bool, "cache_ignore_inputs": ListOf(Str),
	},
	"echo": {
		"description": Str,
	},
	"webhook": {
		"url": Str, "method": Str, "headers": MapOf(Str),
		"data": Dict, "show_data": Bool, "show_url": Bool,
		"description": Str, "timeout": Duration, "retries": Int,
		"expect":              ListOf(Int),
		"response":            Str,
		"escape":              Bool,
		"max_response_bytes":  Int,
		"rate":                Str,
		"http_retry":          Bool,
		"deadline":            Duration,
		"cache":               Bool,
		"cache_version":       Str,
		"cache_serialize":     Bool,
		"cache_ignore_inputs": ListOf(Str),
	},
}

// webhookMethods are the methods a webhook may use; Flyte's connector knows
// only GET and POST.
var webhookMethods = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true}

// task checks a task declaration and returns its IR, or nil when it has
// errors.
func (c *checker) task(d *lang.TaskDecl) *Task {
	mark := len(c.diags)
	what := fmt.Sprintf("%s `%s`", kindWord(d.Kind), d.Name.Name)
	t := &Task{Name: d.Name.Name, Doc: d.Doc, Range: lang.RangeOf(d)}
	switch d.Kind {
	case "task":
		t.Kind = TaskShell
	case "echo":
		t.Kind = TaskEcho
	case "webhook":
		t.Kind = TaskWebhook
	}
	t.Inputs, _ = c.params(d.Params, what)
	c.errorInputs(d, t)
	switch d.Kind {
	case "webhook":
		if d.Results != nil {
			c.diags.Errorf(lang.RangeOf(d.Results), "a webhook's result is always `info: dict`; remove the result list")
		}
		t.Outputs = []*Param{{Name: "info", Type: Dict, Range: lang.RangeOf(d.Name)}}
	case "echo":
		if d.Results != nil {
			c.diags.Errorf(lang.RangeOf(d.Results), "an echo task's results mirror its inputs; remove the result list")
		}
		for i, in := range t.Inputs {
			t.Outputs = append(t.Outputs, &Param{Name: "o" + strconv.Itoa(i), Type: in.Type, Range: in.Range})
		}
	default:
		t.Outputs, _ = c.results(d.Results)
	}

	c.checkBlobParams(t)
	fields := c.fields(d, what)
	t.NameRange = lang.RangeOf(d.Name)
	if len(fields) > 0 {
		t.Fields = make(map[string]lang.Range, len(fields))
		for name, f := range fields {
			t.Fields[name] = lang.RangeOf(f.field)
		}
	}
	if desc, ok := fields["description"]; ok {
		if t.Doc == "" {
			t.Doc = desc.value.(string)
		} else {
			t.Doc = t.Doc + "\n\n" + desc.value.(string)
		}
	}
	if f, ok := fields["retries"]; ok {
		n := f.value.(int64)
		if n < 0 || n > 100 {
			c.diags.Errorf(lang.RangeOf(f.field.Value), "retries must be between 0 and 100, not %d", n)
		}
		t.Retries = int(n)
	}
	if f, ok := fields["timeout"]; ok {
		t.Timeout = f.value.(time.Duration)
		if t.Timeout <= 0 {
			c.diags.Errorf(lang.RangeOf(f.field.Value), "timeout must be positive")
		}
	}
	switch t.Kind {
	case TaskShell:
		c.shellTask(d, t, fields)
	case TaskWebhook:
		c.webhookTask(d, t, fields)
	}
	c.cacheFields(t, fields)
	if c.errorsSince(mark) {
		return nil
	}
	return t
}

func kindWord(kind string) string {
	if kind == "task" {
		return "task"
	}
	return kind + " task"
}

// checkedField is a field with its constant value.
type checkedField struct {
	field *lang.Field
	value Value
}

// fields checks a task body's fields: known names (with hints), no
// repeats, constant values of the field's type.
func (c *checker) fields(d *lang.TaskDecl, what string) map[string]checkedField {
	specs := taskFields[d.Kind]
	out := map[string]checkedField{}
	if d.Body == nil {
		return out
	}
	names := make([]string, 0, len(specs))
	for n := range specs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, f := range d.Body.Fields {
		name := f.Name.Name
		want, ok := specs[name]
		if !ok {
			diag := c.diags.Errorf(lang.RangeOf(f.Name), "unknown field `%s` in %s", name, what)
			if diag.Hint = hint(name, names); diag.Hint == "" {
				diag.Hint = "the fields are " + strings.Join(names, ", ")
			}
			continue
		}
		if prev, dup := out[name]; dup {
			c.diags.Errorf(lang.RangeOf(f.Name), "field `%s` is set twice (first at %s)", name, lang.RangeOf(prev.field).Start)
			continue
		}
		if settingsBlocks[name] {
			out[name] = checkedField{field: f} // checked by resources
			continue
		}
		if f.Block != nil {
			c.diags.Errorf(lang.RangeOf(f.Block), "`%s` takes a value, not a block of settings", name)
			continue
		}
		if name == "secrets" {
			out[name] = checkedField{field: f} // checked by shellSecrets
			continue
		}
		if name == "timeout" {
			want = nil // checked below: a duration, or whole seconds as flytekit allows
		}
		v, t, ok := c.literalFor(f.Value, want, slot{kind: "field", name: name})
		if !ok {
			continue
		}
		if name == "timeout" {
			switch t.Kind {
			case KindInt:
				v = time.Duration(v.(int64)) * time.Second
			case KindDuration:
			default:
				c.diags.Errorf(lang.RangeOf(f.Value), "timeout must be a duration such as 10s or 1m30s, not %s", t)
				continue
			}
		}
		out[name] = checkedField{field: f, value: v}
	}
	return out
}

func (c *checker) shellTask(d *lang.TaskDecl, t *Task, fields map[string]checkedField) {
	f, ok := fields["shell"]
	if !ok {
		c.diags.Errorf(lang.RangeOf(d.Name), "task `%s` has no `shell` command", d.Name.Name).Hint =
			`add shell = "…" with the command to run`
		return
	}
	t.Shell = &ShellSpec{Script: f.value.(string)}
	if lit, ok := f.field.Value.(*lang.StringLit); ok {
		c.checkTemplate(lit, t.Inputs, false, "a shell command")
		c.checkShellArithmetic(lit, t)
	}
	if img, ok := fields["image"]; ok {
		t.Shell.Image = img.value.(string)
	}
	c.shellSettings(t, fields)
}

func (c *checker) webhookTask(d *lang.TaskDecl, t *Task, fields map[string]checkedField) {
	spec := &WebhookSpec{Method: "POST", Headers: map[string]string{}, Data: map[string]any{}, Timeout: 10 * time.Second}
	t.Webhook = spec
	if t.Timeout > 0 {
		spec.Timeout = t.Timeout
		t.Timeout = 0 // the webhook's own timeout, as the connector applies it
	}
	var secrets []string
	template := func(e lang.Expr, where string) {
		lang.Inspect(e, func(n lang.Node) bool {
			if lit, ok := n.(*lang.StringLit); ok {
				secrets = append(secrets, c.checkTemplate(lit, t.Inputs, true, where)...)
			}
			return true
		})
	}
	f, ok := fields["url"]
	if !ok {
		c.diags.Errorf(lang.RangeOf(d.Name), "webhook `%s` has no `url`", d.Name.Name).Hint = `add url = "https://…"`
	} else {
		spec.URL = f.value.(string)
		template(f.field.Value, "url")
		if !strings.HasPrefix(spec.URL, "{") && !strings.HasPrefix(spec.URL, "http://") && !strings.HasPrefix(spec.URL, "https://") {
			c.diags.Errorf(lang.RangeOf(f.field.Value), "url must start with http:// or https://")
		}
	}
	if f, ok := fields["method"]; ok {
		m := f.value.(string)
		if !webhookMethods[m] {
			d := c.diags.Errorf(lang.RangeOf(f.field.Value), "unknown method %q", m)
			if up := strings.ToUpper(m); webhookMethods[up] {
				d.Hint = fmt.Sprintf("methods are written in capitals: %q", up)
			} else {
				d.Hint = "the methods are GET and POST (and, beyond Flyte's connector, PUT, PATCH and DELETE)"
			}
		}
		spec.Method = m
	}
	if f, ok := fields["url"]; ok {
		if lit, ok := f.field.Value.(*lang.StringLit); ok {
			c.warnGETQuery(lit, spec.Method)
		}
	}
	if d.Params != nil {
		for _, p := range d.Params.Params {
			if in := t.Input(p.Name.Name); in != nil && p.Default != nil {
				c.warnEmptyDicts(p.Default, in.Type)
			}
		}
	}
	if f, ok := fields["headers"]; ok {
		for k, v := range f.value.(map[string]any) {
			s := v.(string)
			if strings.ContainsAny(s, "\r\n") || strings.ContainsAny(k, "\r\n:") {
				c.diags.Errorf(lang.RangeOf(f.field.Value), "header %q contains a line break or colon", k)
			} else if strings.TrimLeft(s, " \t") != s || strings.TrimRight(s, " \t") != s {
				c.diags.Errorf(lang.RangeOf(f.field.Value), "header %q starts or ends with whitespace, which fails the request on Flyte and here (h11: Illegal header value)", k).Hint =
					"remove the leading or trailing spaces"
			}
			spec.Headers[k] = s
		}
		template(f.field.Value, "headers")
	}
	if f, ok := fields["data"]; ok {
		spec.Data = f.value.(map[string]any)
		template(f.field.Value, "data")
	}
	if f, ok := fields["show_data"]; ok {
		spec.ShowData = f.value.(bool)
	}
	if f, ok := fields["show_url"]; ok {
		spec.ShowURL = f.value.(bool)
	}
	if f, ok := fields["expect"]; ok {
		for _, v := range f.value.([]any) {
			code := v.(int64)
			if code < 100 || code > 599 {
				c.diags.Errorf(lang.RangeOf(f.field.Value), "expect lists HTTP status codes (100–599), not %d", code)
			}
			spec.Expect = append(spec.Expect, int(code))
		}
		if len(spec.Expect) == 0 {
			c.diags.Errorf(lang.RangeOf(f.field.Value), "expect must list at least one status code")
		}
	}
	if f, ok := fields["response"]; ok {
		spec.Response = f.value.(string)
		if spec.Response != "text" && spec.Response != "json" {
			c.diags.Errorf(lang.RangeOf(f.field.Value), "response must be \"text\" or \"json\", not %q", spec.Response)
		}
	}
	if f, ok := fields["escape"]; ok {
		spec.EscapeValues = f.value.(bool)
	}
	if f, ok := fields["max_response_bytes"]; ok {
		spec.MaxResponseBytes = f.value.(int64)
		if spec.MaxResponseBytes <= 0 {
			c.diags.Errorf(lang.RangeOf(f.field.Value), "max_response_bytes must be positive")
		}
	}
	if f, ok := fields["http_retry"]; ok {
		spec.HTTPRetry = f.value.(bool)
	}
	if f, ok := fields["deadline"]; ok {
		spec.Deadline = f.value.(time.Duration)
		if spec.Deadline <= 0 {
			c.diags.Errorf(lang.RangeOf(f.field.Value), "deadline must be positive")
		}
	}
	if f, ok := fields["rate"]; ok {
		r, err := parseRate(f.value.(string))
		if err != nil {
			c.diags.Errorf(lang.RangeOf(f.field.Value), "%v", err).Hint = `write a rate as "10/s", "100/m" or "5/1m30s"`
		}
		spec.Rate = r
	}
	sort.Strings(secrets)
	for i, s := range secrets {
		if i == 0 || s != secrets[i-1] {
			t.Secrets = append(t.Secrets, s)
		}
	}
}

// parseRate parses "N/unit" where unit is s, m, h or a Go duration.
func parseRate(s string) (*Rate, error) {
	n, per, ok := strings.Cut(s, "/")
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err != nil || count <= 0 {
		return nil, fmt.Errorf("invalid rate %q: expected a positive count, /, and a unit", s)
	}
	per = strings.TrimSpace(per)
	var d time.Duration
	switch per {
	case "s":
		d = time.Second
	case "m":
		d = time.Minute
	case "h":
		d = time.Hour
	default:
		d, err = time.ParseDuration(per)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("invalid rate %q: unit must be s, m, h or a duration", s)
		}
	}
	return &Rate{N: count, Per: d}, nil
}
