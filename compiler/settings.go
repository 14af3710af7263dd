package compiler

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/wfc-lang/wfc/lang"
)

// settingsBlocks are the task fields written as a block of settings,
// `requests = {cpu = "500m"}`, rather than as a value.
var settingsBlocks = map[string]bool{"requests": true, "limits": true}

// resourceNames are the keys of a requests or limits block, flytekit's
// Resources fields.
var resourceNames = []string{"cpu", "mem", "gpu", "ephemeral_storage"}

// envName is what a variable set by env or secrets may be called: flytekit
// requires this of a secret's env_var, and a shell reads nothing else as a
// variable.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// secretEnvName is flytekit's rule for a secret's env_var.
var secretEnvName = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)

// shellSettings checks a shell task's env, secrets, requests and limits.
func (c *checker) shellSettings(t *Task, fields map[string]checkedField) {
	if f, ok := fields["env"]; ok {
		c.shellEnv(t, f)
	}
	if f, ok := fields["secrets"]; ok {
		c.shellSecrets(t, f)
	}
	t.Shell.Requests = c.resources(fields, "requests")
	t.Shell.Limits = c.resources(fields, "limits")
	c.checkLimits(t, fields)

	seen := map[string]bool{}
	for _, e := range t.Shell.Env {
		seen[e.Name] = true
	}
	for _, s := range t.Shell.Secrets {
		if seen[s.Name] {
			c.diags.Errorf(s.Range, "secret %s is also set in env", s.Name).Hint = "a variable comes from env or from secrets, not both"
		}
		seen[s.Name] = true
	}
}

// reservedName reports what is wrong with a variable name a task sets, or "".
func reservedName(name string) string {
	switch {
	case !envName.MatchString(name):
		return "is not a variable name (letters, digits and _, not starting with a digit)"
	case strings.HasPrefix(name, "WFC_"):
		return "starts with WFC_, which wfc reserves for its own variables"
	case strings.HasPrefix(name, "FLYTE_") || strings.HasPrefix(name, "_FSEC_"):
		return "starts with " + name[:strings.IndexByte(name[1:], '_')+2] + ", which Flyte sets in the container"
	}
	return ""
}

// shellEnv checks `env = {"KEY": "value"}`.
func (c *checker) shellEnv(t *Task, f checkedField) {
	d, _ := f.field.Value.(*lang.DictLit)
	if d == nil {
		return // literalFor has reported it
	}
	vals := f.value.(map[string]any)
	for _, en := range d.Entries {
		name := en.Key.Value
		if why := reservedName(name); why != "" {
			c.diags.Errorf(lang.RangeOf(en.Key), "env variable %q %s", name, why)
			continue
		}
		if lit, ok := en.Value.(*lang.StringLit); ok {
			if ph := placeholdersIn(lit, false); len(ph) > 0 {
				diag := c.diags.Errorf(ph[0].Range, "env %s uses %s: Flyte renders placeholders only in a task's command, not in its environment", name, ph[0].Text)
				diag.Hint = "use the placeholder in the shell command, e.g. " + name + "=" + ph[0].Text + " cmd"
				continue
			}
		}
		t.Shell.Env = append(t.Shell.Env, EnvVar{Name: name, Value: vals[name].(string)})
	}
}

// shellSecrets checks `secrets = ["TOKEN", {"name": "KEY", "group": "g", "key": "k"}]`.
func (c *checker) shellSecrets(t *Task, f checkedField) {
	list, ok := f.field.Value.(*lang.ListLit)
	if !ok {
		c.diags.Errorf(lang.RangeOf(f.field.Value), "secrets must be a list of secret names").Hint =
			`write secrets = ["TOKEN"], or {"name": "TOKEN", "group": "g", "key": "k"} for a Flyte group and key`
		return
	}
	seen := map[string]bool{}
	for _, e := range list.Elems {
		s, ok := c.secretRequest(e)
		if !ok {
			continue
		}
		if seen[s.Name] {
			c.diags.Errorf(s.Range, "secret %s is requested twice", s.Name)
			continue
		}
		seen[s.Name] = true
		t.Shell.Secrets = append(t.Shell.Secrets, s)
	}
	for _, s := range t.Shell.Secrets {
		t.Secrets = append(t.Secrets, s.Name)
	}
	sort.Strings(t.Secrets)
}

func (c *checker) secretRequest(e lang.Expr) (SecretRequest, bool) {
	s := SecretRequest{Range: lang.RangeOf(e)}
	switch e := e.(type) {
	case *lang.StringLit:
		s.Name = e.Value
	case *lang.DictLit:
		for _, en := range e.Entries {
			v, ok := en.Value.(*lang.StringLit)
			if !ok {
				c.diags.Errorf(lang.RangeOf(en.Value), "secret %s must be a string", en.Key.Value)
				return s, false
			}
			switch en.Key.Value {
			case "name":
				s.Name = v.Value
			case "group":
				s.Group = v.Value
			case "key":
				s.Key = v.Value
			default:
				c.diags.Errorf(lang.RangeOf(en.Key), "unknown secret setting %q", en.Key.Value).Hint = "a secret has name, group and key"
				return s, false
			}
		}
		if s.Name == "" {
			c.diags.Errorf(s.Range, "secret has no name").Hint = `name is the variable the script reads: {"name": "TOKEN", …}`
			return s, false
		}
	default:
		c.diags.Errorf(s.Range, "a secret is a name (\"TOKEN\") or a dict with name, group and key")
		return s, false
	}
	if !secretEnvName.MatchString(s.Name) {
		c.diags.Errorf(s.Range, "secret name %q is not a variable name in capitals", s.Name).Hint =
			"Flyte requires a secret's variable to match ^[A-Z_][A-Z0-9_]*$"
		return s, false
	}
	if why := reservedName(s.Name); why != "" {
		c.diags.Errorf(s.Range, "secret name %q %s", s.Name, why)
		return s, false
	}
	if s.Key == "" {
		s.Key = s.Name
	}
	return s, true
}

// resources checks a requests or limits block.
func (c *checker) resources(fields map[string]checkedField, which string) Resources {
	var r Resources
	f, ok := fields[which]
	if !ok {
		return r
	}
	if f.field.Block == nil {
		if d, ok := f.field.Value.(*lang.DictLit); ok && len(d.Entries) == 0 {
			return r
		}
		c.diags.Errorf(lang.RangeOf(f.field.Value), "%s is a block of settings", which).Hint =
			fmt.Sprintf(`write %s = {cpu = "500m", mem = "1Gi"}`, which)
		return r
	}
	seen := map[string]bool{}
	for _, s := range f.field.Block.Fields {
		name := s.Name.Name
		if seen[name] {
			c.diags.Errorf(lang.RangeOf(s.Name), "%s sets %s twice", which, name)
			continue
		}
		seen[name] = true
		var slot *string
		switch name {
		case "cpu":
			slot = &r.CPU
		case "mem":
			slot = &r.Memory
		case "gpu":
			slot = &r.GPU
		case "ephemeral_storage":
			slot = &r.EphemeralStorage
		default:
			diag := c.diags.Errorf(lang.RangeOf(s.Name), "unknown resource `%s` in %s", name, which)
			if name == "memory" {
				diag.Hint = "memory is written mem, as in flytekit"
			} else if diag.Hint = hint(name, resourceNames); diag.Hint == "" {
				diag.Hint = "the resources are " + strings.Join(resourceNames, ", ")
			}
			continue
		}
		text, ok := c.quantity(s, which)
		if !ok {
			continue
		}
		*slot = text
	}
	return r
}

// quantity checks one resource value: a Kubernetes quantity, written as a
// string ("500m", "1Gi") or a whole number.
func (c *checker) quantity(s *lang.Field, which string) (string, bool) {
	if s.Block != nil {
		c.diags.Errorf(lang.RangeOf(s.Block), "%s.%s is a quantity such as \"500m\" or \"1Gi\", not a block", which, s.Name.Name)
		return "", false
	}
	var text string
	switch v := s.Value.(type) {
	case *lang.StringLit:
		text = v.Value
	case *lang.NumberLit:
		if v.Int == "" || v.Neg {
			c.diags.Errorf(lang.RangeOf(v), "%s.%s must be a quantity such as \"500m\" or \"1Gi\"", which, s.Name.Name).Hint =
				`write fractions as strings: "0.5" or "500m"`
			return "", false
		}
		text = strconv.FormatInt(v.IntValue, 10)
	default:
		c.diags.Errorf(lang.RangeOf(s.Value), "%s.%s must be a quantity such as \"500m\" or \"1Gi\"", which, s.Name.Name)
		return "", false
	}
	q, err := resource.ParseQuantity(text)
	if err != nil {
		diag := c.diags.Errorf(lang.RangeOf(s.Value), "%s.%s = %q is not a Kubernetes quantity", which, s.Name.Name, text)
		diag.Hint = "quantities are a number with an optional suffix: 500m, 2, 1.5, 512Mi, 1Gi, 10G"
		if strings.HasSuffix(text, "B") || strings.HasSuffix(text, "b") {
			diag.Hint = "Kubernetes writes bytes without B: 1Gi, 512Mi, 10G"
		}
		return "", false
	}
	if q.Sign() < 0 {
		c.diags.Errorf(lang.RangeOf(s.Value), "%s.%s must not be negative", which, s.Name.Name)
		return "", false
	}
	if s.Name.Name == "gpu" && q.MilliValue()%1000 != 0 {
		c.diags.Errorf(lang.RangeOf(s.Value), "%s.gpu must be a whole number of GPUs, not %s", which, text)
		return "", false
	}
	return text, true
}

// checkLimits reports a limit below its request, as flyteadmin rejects it,
// and a GPU limit that differs from its request.
func (c *checker) checkLimits(t *Task, fields map[string]checkedField) {
	lim, ok := fields["limits"]
	if !ok || lim.field.Block == nil {
		return
	}
	req, lreq := t.Shell.Requests, t.Shell.Limits
	pairs := []struct{ name, request, limit string }{
		{"cpu", req.CPU, lreq.CPU},
		{"mem", req.Memory, lreq.Memory},
		{"gpu", req.GPU, lreq.GPU},
		{"ephemeral_storage", req.EphemeralStorage, lreq.EphemeralStorage},
	}
	for _, p := range pairs {
		if p.request == "" || p.limit == "" {
			continue
		}
		rq, lq := resource.MustParse(p.request), resource.MustParse(p.limit)
		at := lang.RangeOf(lim.field.Block)
		for _, s := range lim.field.Block.Fields {
			if s.Name.Name == p.name {
				at = lang.RangeOf(s.Value)
			}
		}
		switch cmp := lq.Cmp(rq); {
		case p.name == "gpu" && cmp != 0:
			c.diags.Errorf(at, "limits.gpu (%s) differs from requests.gpu (%s): Flyte requires them to be equal", p.limit, p.request)
		case cmp < 0:
			c.diags.Errorf(at, "limits.%s (%s) is below requests.%s (%s)", p.name, p.limit, p.name, p.request).Hint =
				"a limit is at least its request; raise the limit or lower the request"
		}
	}
}
