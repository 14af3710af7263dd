package flyte

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/lang"
)

// A cached task without a cache version gets one from its definition: the
// same for the same script whatever its retries, another for another
// script.
func TestCacheVersionFollowsDefinition(t *testing.T) {
	version := func(mod func(*compiler.Task)) string {
		p := designProgram()
		p.Tasks[0].Cache = true
		mod(p.Tasks[0])
		b, _ := compileOK(t, p, Options{})
		md := b.Task("hello").Template.Metadata
		if !md.Discoverable {
			t.Fatal("not discoverable")
		}
		return md.DiscoveryVersion
	}
	base := version(func(*compiler.Task) {})
	if len(base) != 16 {
		t.Errorf("version %q", base)
	}
	if v := version(func(t *compiler.Task) { t.Retries = 5 }); v != base {
		t.Errorf("retries changed the cache version: %s vs %s", v, base)
	}
	if v := version(func(t *compiler.Task) { t.Shell.Script += " " }); v == base {
		t.Error("a new script kept the cache version")
	}
	if v := version(func(t *compiler.Task) { t.CacheVersion = "v9" }); v != "v9" {
		t.Errorf("explicit version ignored: %s", v)
	}
}

// TestWebhookExtensionsWarn checks that Compile reports, at each setting,
// what Flyte's webhook connector will not honour (the checker finds them),
// and that such a task compiles to wfc-webhook with its extension keys.
func TestWebhookExtensionsWarn(t *testing.T) {
	src := `webhook h(s: str) {
    url = "http://127.0.0.1:8000/{inputs.s}"
    method = "DELETE"
    expect = [200, 204]
    response = "json"
    escape = true
    max_response_bytes = 1048576
    rate = "10/s"
    headers = {"Authorization": "Bearer {secrets.TOKEN}"}
    deadline = 30s
    timeout = 15s
}
webhook parity(s: str) {
    url = "http://127.0.0.1:8000/"
    expect = [200]
    response = "text"
    escape = false
}
workflow w(s: str) -> (dict, dict) {
    return h(s = s), parity(s = s)
}`
	f, diags := lang.Parse("ext.wf", []byte(src))
	if diags.HasErrors() {
		t.Fatal(lang.DiagnosticsError(diags))
	}
	prog, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		t.Fatal(lang.DiagnosticsError(diags))
	}
	b, diags := compileOK(t, prog, Options{})
	if typ := b.Task("h").GetTemplate().GetType(); typ != ConnectorWebhookType {
		t.Errorf("h compiled to type %q, want %q", typ, ConnectorWebhookType)
	}
	if typ := b.Task("parity").GetTemplate().GetType(); typ != "webhook" {
		t.Errorf("parity compiled to type %q, want flytekit's webhook", typ)
	}
	custom, _ := Marshal(b.Task("h").GetTemplate().GetCustom(), JSON)
	for _, key := range []string{`"expect":[200,204]`, `"response":"json"`, `"escape":true`, `"max_response_bytes":1048576`,
		`"rate":{"per_sec":1,"requests":10}`, `"deadline_sec":30`, `"method":"DELETE"`, `{secrets.TOKEN}`} {
		if !strings.Contains(strings.Join(strings.Fields(string(custom)), ""), key) {
			t.Errorf("h's custom lacks %s: %s", key, custom)
		}
	}
	var keys []string
	for k := range b.Task("parity").GetTemplate().GetCustom().GetFields() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if fmt.Sprint(keys) != "[data headers method show_data show_url timeout_sec url]" {
		t.Errorf("parity's custom has keys %v, not flytekit's", keys)
	}

	// Without a wfc connector on the cluster, each extension is an error
	// at its setting, and nothing is compiled to wfc-webhook.
	_, none := Compile(prog, Options{Connector: ConnectorNone})
	var errLines []int
	for _, d := range none {
		if d.Severity == lang.Error {
			errLines = append(errLines, d.Range.Start.Line)
		}
	}
	if fmt.Sprint(errLines) != "[1 3 4 5 6 7 8 10]" {
		t.Errorf("--connector none: errors at lines %v, want [1 3 4 5 6 7 8 10]:\n%v", errLines, none)
	}
	var got []string
	for _, d := range diags {
		if d.Severity != lang.Warning {
			t.Errorf("not a warning: %v", d)
		}
		got = append(got, fmt.Sprintf("%d: %s", d.Range.Start.Line, d.Summary))
	}
	note := "webhook `h` compiles to type wfc-webhook, for wfc's connector (docs/connector.md); Flyte's webhook connector "
	want := []string{
		"1: {secrets.TOKEN} is a wfc extension: " + note + "cannot resolve secrets and fails the task",
		"3: method DELETE is a wfc extension: " + note + "sends every method but GET as POST",
		"4: `expect` is a wfc extension: " + note + "ignores it: it succeeds on status 200 only",
		"5: `response` is a wfc extension: " + note + "ignores it: it keeps the body as text",
		"6: `escape` is a wfc extension: " + note + "ignores it: it substitutes values unescaped",
		"7: `max_response_bytes` is a wfc extension: " + note + "ignores it: it reads whole bodies",
		"8: `rate` is a wfc extension: " + note + "ignores it: it does not limit request rates",
		"10: `deadline` is a wfc extension: " + note + "ignores it: its timeout bounds each phase of the request, and flytepropeller ends the whole call at its ExecuteTaskSync deadline",
		"10: deadline 30s exceeds flytepropeller's default deadline for a sync connector call (10s): on Flyte the call fails when it passes, unless the deployment raises the connector-service's ExecuteTaskSync timeout",
		"11: timeout 15s exceeds flytepropeller's default deadline for a sync connector call (10s): on Flyte the call fails when it passes, unless the deployment raises the connector-service's ExecuteTaskSync timeout",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A webhook's deadline reaches the task's custom as deadline_sec, wfc's
// extension, and only when set: flytekit's connector reads its own keys.
func TestWebhookDeadlineInCustom(t *testing.T) {
	p := designProgram()
	var hooks []*compiler.Task
	for _, task := range p.Tasks {
		if task.Webhook != nil {
			hooks = append(hooks, task)
		}
	}
	if len(hooks) < 2 {
		t.Fatalf("the design program has %d webhooks, want at least 2", len(hooks))
	}
	hooks[0].Webhook.Deadline = 90 * time.Second
	b, _ := compileOK(t, p, Options{})
	custom := b.tasks[hooks[0].Name].Template.GetCustom().GetFields()
	if d, ok := custom["deadline_sec"]; !ok || d.GetNumberValue() != 90 {
		t.Errorf("%s: deadline_sec = %v, want 90", hooks[0].Name, d)
	}
	if d, ok := b.tasks[hooks[1].Name].Template.GetCustom().GetFields()["deadline_sec"]; ok {
		t.Errorf("%s sets no deadline, yet deadline_sec = %v", hooks[1].Name, d)
	}
}

func TestEchoWithSeveralInputsWarns(t *testing.T) {
	p := designProgram()
	p.Tasks = append(p.Tasks, &compiler.Task{Name: "two", Kind: compiler.TaskEcho,
		Inputs:  []*compiler.Param{{Name: "a", Type: compiler.Int}, {Name: "b", Type: compiler.Int}},
		Outputs: []*compiler.Param{{Name: "o0", Type: compiler.Int}, {Name: "o1", Type: compiler.Int}}})
	_, diags := compileOK(t, p, Options{})
	if len(diags) != 1 || !strings.Contains(diags[0].Summary, "echo task two has 2 inputs: Flyte's echo plugin supports at most one") {
		t.Errorf("diagnostics: %v", diags)
	}
}

func TestShellWarnings(t *testing.T) {
	p := designProgram()
	p.Tasks[0].Inputs = append(p.Tasks[0].Inputs,
		&compiler.Param{Name: "d", Type: compiler.Dict},
		&compiler.Param{Name: "l", Type: compiler.ListOf(compiler.Duration)},
		&compiler.Param{Name: "ls", Type: compiler.ListOf(compiler.Str)})
	p.Tasks[0].Outputs[0].Type = compiler.ListOf(compiler.Int)
	p.Tasks[0].Shell.Script = "echo {inputs.d} {inputs.l} {inputs.ls} {inputs.d.key} {{.Inputs.x}} && cat <<'X Y'\n{secrets.s}\nX Y"
	p.Workflows[0].Nodes[0].Inputs = append(p.Workflows[0].Nodes[0].Inputs,
		bind("d", lit(map[string]any{}, compiler.Dict)), bind("l", lit([]any{}, compiler.ListOf(compiler.Duration))), bind("ls", lit([]any{"a"}, compiler.ListOf(compiler.Str))))
	p.Workflows[0].Nodes[2].Inputs[0].Value = lit("x", compiler.Str) // n0's output is a list now
	p.Workflows[0].Nodes[3].Inputs[0].Value = lit("x", compiler.Str)
	b, diags := compileOK(t, p, Options{})
	var text strings.Builder
	for _, d := range diags {
		text.WriteString(d.Summary + "\n")
	}
	if strings.Contains(text.String(), "input ls ") {
		t.Errorf("Flyte renders a list[str] as wfc run does, yet:\n%s", text.String())
	}
	for _, want := range []string{
		"uses input d of type dict in its script",
		"uses input d of type dict in its script: Flyte cannot render a value of type dict into a command and fails the task",
		"uses input l of type list[duration] in its script: Flyte writes a duration in protobuf text format",
		"has output o0 of type list[int]",
		"uses {inputs.d.key}: Flyte cannot render a key of a dict",
		"uses {secrets.s} inside a quoted here-document whose delimiter cannot be written unquoted",
		"contains {{.Inputs.x}}, which Flyte replaces",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("no warning %q in:\n%s", want, text.String())
		}
	}
	_ = b
}

func TestSecretRequests(t *testing.T) {
	p := designProgram()
	p.Tasks[0].Secrets = []string{"api_key", "b"}
	b, _ := compileOK(t, p, Options{SecretGroup: "team"})
	got := b.Task("hello").Template.SecurityContext.Secrets
	want := []*core.Secret{
		{Group: "team", Key: "api_key", MountRequirement: core.Secret_ENV_VAR, EnvVar: "WFC_SECRET_api_key"},
		{Group: "team", Key: "b", MountRequirement: core.Secret_ENV_VAR, EnvVar: "WFC_SECRET_b"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("secrets %v", got)
	}
}

func TestDescriptions(t *testing.T) {
	if d := description("  \n"); d != nil {
		t.Errorf("blank doc: %v", d)
	}
	d := description("One line.")
	if d.ShortDescription != "One line." || d.LongDescription != nil {
		t.Errorf("%v", d)
	}
	d = description("Title\nmore\ntext")
	if d.ShortDescription != "Title" || d.LongDescription.GetValue() != "Title\nmore\ntext" {
		t.Errorf("%v", d)
	}
}
