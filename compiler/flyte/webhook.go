package flyte

import (
	"slices"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
	"github.com/wfc-lang/wfc/lang"
)

// WebhookOutput is the single output of a webhook task, as flytekit's
// WebhookTask declares it.
const WebhookOutput = "info"

// DefaultWebhookTimeout is flytekit's, in seconds.
const DefaultWebhookTimeout = 10

// ConnectorWebhookType is the task type of a webhook that uses wfc's
// extensions: Flyte's webhook connector would ignore them or fail, so the
// task runs on wfc's connector (`wfc connector serve`), which serves this
// type with the executor of `wfc run`. A webhook without extensions stays
// flytekit's "webhook", exactly as flytekit writes it.
const ConnectorWebhookType = "wfc-webhook"

// webhookCustom is the task template's custom field for a webhook task:
// exactly the keys flytekit's WebhookTask.get_custom writes, which its
// webhook connector reads back. Strings keep their {inputs.x} and
// {secrets.NAME} placeholders; the connector renders them per call.
// timeout_sec is a JSON number of seconds (flytekit writes
// timedelta.total_seconds(), a float).
func (e *emitter) webhookCustom(t *compiler.Task) *wkt.Struct {
	w := t.Webhook
	if w == nil {
		e.errorf(t.Range, "webhook task %s has no webhook settings", t.Name)
		return nil
	}
	e.checkWebhook(t)
	method := strings.ToUpper(w.Method)
	if method == "" {
		method = "POST"
	}
	headers := make(map[string]*wkt.Value, len(w.Headers))
	for k, v := range w.Headers {
		headers[k] = wkt.NewStringValue(v)
	}
	data, err := Struct(w.Data)
	if err != nil {
		e.errorf(t.Range, "webhook %s: data: %v", t.Name, err)
		data = &wkt.Struct{}
	}
	timeout := float64(DefaultWebhookTimeout)
	if w.Timeout > 0 {
		timeout = w.Timeout.Seconds()
	}
	custom := &wkt.Struct{Fields: map[string]*wkt.Value{
		"url":         wkt.NewStringValue(w.URL),
		"method":      wkt.NewStringValue(method),
		"headers":     wkt.NewStructValue(&wkt.Struct{Fields: headers}),
		"data":        wkt.NewStructValue(data),
		"show_data":   wkt.NewBoolValue(w.ShowData),
		"show_url":    wkt.NewBoolValue(w.ShowURL),
		"timeout_sec": wkt.NewNumberValue(timeout),
	}}
	if UsesExtensions(t) {
		addExtensionKeys(custom.Fields, w)
	}
	return custom
}

// addExtensionKeys writes the extension settings wfc's connector reads,
// each only when set (docs/connector.md lists the keys). Secrets need no
// key: their placeholders stay in the strings and the connector resolves
// them; a method beyond GET and POST is in method.
func addExtensionKeys(f map[string]*wkt.Value, w *compiler.WebhookSpec) {
	if len(w.Expect) > 0 {
		codes := make([]*wkt.Value, len(w.Expect))
		for i, c := range w.Expect {
			codes[i] = wkt.NewNumberValue(float64(c))
		}
		f["expect"] = wkt.NewListValue(&wkt.ListValue{Values: codes})
	}
	if w.Response != "" {
		f["response"] = wkt.NewStringValue(w.Response)
	}
	if w.EscapeValues {
		f["escape"] = wkt.NewBoolValue(true)
	}
	if w.MaxResponseBytes > 0 {
		f["max_response_bytes"] = wkt.NewNumberValue(float64(w.MaxResponseBytes))
	}
	if w.Rate != nil {
		f["rate"] = wkt.NewStructValue(&wkt.Struct{Fields: map[string]*wkt.Value{
			"requests": wkt.NewNumberValue(float64(w.Rate.N)),
			"per_sec":  wkt.NewNumberValue(w.Rate.Per.Seconds()),
		}})
	}
	if w.HTTPRetry {
		f["http_retry"] = wkt.NewBoolValue(true)
	}
	if w.Deadline > 0 {
		f["deadline_sec"] = wkt.NewNumberValue(w.Deadline.Seconds())
	}
}

// UsesExtensions reports whether a webhook task uses any of wfc's
// extensions — a field of webhookExtensions set to more than parity, a
// method beyond GET and POST, a secret — and so compiles to
// ConnectorWebhookType.
func UsesExtensions(t *compiler.Task) bool {
	w := t.Webhook
	if w == nil {
		return false
	}
	for _, x := range webhookExtensions {
		if x.set(w) {
			return true
		}
	}
	return extensionMethod(w) || len(t.Secrets) > 0
}

func extensionMethod(w *compiler.WebhookSpec) bool {
	m := strings.ToUpper(w.Method)
	return m != "" && m != "GET" && m != "POST"
}

// webhookType is the task type t compiles to.
func (e *emitter) webhookType(t *compiler.Task) string {
	if UsesExtensions(t) {
		return ConnectorWebhookType
	}
	return t.Kind.FlyteType()
}

// webhookInfoType is the type of a webhook's info output: a STRUCT whose
// structure lists the keys the connector fills in, so that Flyte's
// compiler types an attribute read such as r.status_code (a STRUCT with no
// structure would make every attribute a STRUCT too). Values are still
// plain dicts on the wire. info.response (response = "json") is a dict,
// filled by wfc's connector, which runs every task that sets it.
func webhookInfoType(w *compiler.WebhookSpec) *core.LiteralType {
	fields := map[string]*core.LiteralType{
		"status_code":   simpleLiteralType(core.SimpleType_INTEGER),
		"response_data": simpleLiteralType(core.SimpleType_STRING),
	}
	if w.ShowData {
		fields["input_data"] = simpleLiteralType(core.SimpleType_STRUCT)
	}
	if w.ShowURL {
		fields["url"] = simpleLiteralType(core.SimpleType_STRING)
	}
	if w.Response == "json" {
		fields["response"] = simpleLiteralType(core.SimpleType_STRUCT)
	}
	lt := simpleLiteralType(core.SimpleType_STRUCT)
	lt.Structure = &core.TypeStructure{DataclassType: fields}
	return lt
}

// webhookExtensions lists wfc's webhook fields beyond flytekit's, with
// what Flyte's webhook connector does with them, in the order notes are
// given. set reports whether a task sets the field to anything but the
// connector's own behaviour (expect = [200] and response = "text" are
// parity, and deserve no warning).
var webhookExtensions = []struct {
	field, ignores string
	set            func(w *compiler.WebhookSpec) bool
}{
	{"expect", "ignores it: it succeeds on status 200 only",
		func(w *compiler.WebhookSpec) bool { return w.Expect != nil && !slices.Equal(w.Expect, []int{200}) }},
	{"response", "ignores it: it keeps the body as text",
		func(w *compiler.WebhookSpec) bool { return w.Response != "" && w.Response != "text" }},
	{"escape", "ignores it: it substitutes values unescaped",
		func(w *compiler.WebhookSpec) bool { return w.EscapeValues }},
	{"max_response_bytes", "ignores it: it reads whole bodies",
		func(w *compiler.WebhookSpec) bool { return w.MaxResponseBytes > 0 }},
	{"rate", "ignores it: it does not limit request rates",
		func(w *compiler.WebhookSpec) bool { return w.Rate != nil }},
	{"http_retry", "ignores it: Flyte retries a failed task whatever the failure",
		func(w *compiler.WebhookSpec) bool { return w.HTTPRetry }},
	{"deadline", "ignores it: its timeout bounds each phase of the request, and flytepropeller ends the whole call at its ExecuteTaskSync deadline",
		func(w *compiler.WebhookSpec) bool { return w.Deadline > 0 }},
}

// syncCallDeadline is flytepropeller's default deadline for the
// ExecuteTaskSync call that runs a webhook in a connector (the
// connector-service plugin's defaultTimeout): on Flyte it bounds the whole
// call, whatever the task's timeout.
const syncCallDeadline = 10 * time.Second

// checkWebhook reports what a webhook task does under wfc run that
// Flyte's own webhook connector would not: each extension field, a method
// beyond GET and POST, and {secrets.NAME} placeholders, each at its
// setting as the checker recorded it. By default such a task compiles to
// wfc-webhook for wfc's connector, and each is a note saying so; with
// --connector none the cluster has no wfc connector, and each is an error.
func (e *emitter) checkWebhook(t *compiler.Task) {
	w := t.Webhook
	at := func(field string) lang.Range {
		if r, ok := t.Fields[field]; ok {
			return r
		}
		return t.Range
	}
	report := func(r lang.Range, what, unlike string) *lang.Diagnostic {
		if e.opts.Connector == ConnectorNone {
			return e.diags.Errorf(r, "%s is a wfc extension, and --connector none says the cluster has no wfc connector: Flyte's webhook connector %s", what, unlike)
		}
		return e.diags.Warnf(r, "%s is a wfc extension: webhook `%s` compiles to type %s, for wfc's connector (docs/connector.md); Flyte's webhook connector %s",
			what, t.Name, ConnectorWebhookType, unlike)
	}
	for _, x := range webhookExtensions {
		if x.set(w) {
			report(at(x.field), "`"+x.field+"`", x.ignores)
		}
	}
	for _, x := range []struct {
		field string
		d     time.Duration
	}{{"timeout", w.Timeout}, {"deadline", w.Deadline}} {
		if x.d > syncCallDeadline {
			e.warnf(at(x.field), "%s %s exceeds flytepropeller's default deadline for a sync connector call (%s): on Flyte the call fails when it passes, unless the deployment raises the connector-service's ExecuteTaskSync timeout",
				x.field, x.d, syncCallDeadline)
		}
	}
	if extensionMethod(w) {
		report(at("method"), "method "+strings.ToUpper(w.Method), "sends every method but GET as POST")
	}
	if len(t.Secrets) > 0 {
		r := t.NameRange
		if r == (lang.Range{}) {
			r = t.Range
		}
		report(r, "{secrets."+strings.Join(t.Secrets, "}, {secrets.")+"}", "cannot resolve secrets and fails the task").Detail =
			"The compiled task requests the secrets from Flyte; their values are never written into it. wfc's connector resolves them from its own environment or secrets directory, each sent only where its allowlist allows."
	}
}
