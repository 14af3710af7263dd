package flyte

import (
	"slices"
	"strings"
	"time"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// WebhookOutput is the single output of a webhook task, as flytekit's
// WebhookTask declares it.
const WebhookOutput = "info"

// DefaultWebhookTimeout is flytekit's, in seconds.
const DefaultWebhookTimeout = 10

// webhookCustom is the task template's custom field for a webhook task:
// exactly the keys flytekit's WebhookTask.get_custom writes, which its
// webhook connector reads back. Strings keep their {inputs.x} and
// {secrets.NAME} placeholders; the connector renders them per call.
// timeout_sec is a JSON number of seconds (flytekit writes
// timedelta.total_seconds(), a float).
func (e *emitter) webhookCustom(t *compiler.Task) *structpb.Struct {
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
	headers := make(map[string]*structpb.Value, len(w.Headers))
	for k, v := range w.Headers {
		headers[k] = structpb.NewStringValue(v)
	}
	data, err := Struct(w.Data)
	if err != nil {
		e.errorf(t.Range, "webhook %s: data: %v", t.Name, err)
		data = &structpb.Struct{}
	}
	timeout := float64(DefaultWebhookTimeout)
	if w.Timeout > 0 {
		timeout = w.Timeout.Seconds()
	}
	custom := &structpb.Struct{Fields: map[string]*structpb.Value{
		"url":         structpb.NewStringValue(w.URL),
		"method":      structpb.NewStringValue(method),
		"headers":     structpb.NewStructValue(&structpb.Struct{Fields: headers}),
		"data":        structpb.NewStructValue(data),
		"show_data":   structpb.NewBoolValue(w.ShowData),
		"show_url":    structpb.NewBoolValue(w.ShowURL),
		"timeout_sec": structpb.NewNumberValue(timeout),
	}}
	if w.Deadline > 0 {
		// wfc's extension, only when set: flytekit's connector reads the
		// keys above and ignores the rest.
		custom.Fields["deadline_sec"] = structpb.NewNumberValue(w.Deadline.Seconds())
	}
	return custom
}

// webhookInfoType is the type of a webhook's info output: a STRUCT whose
// structure lists the keys the connector fills in, so that Flyte's
// compiler types an attribute read such as r.status_code (a STRUCT with no
// structure would make every attribute a STRUCT too). Values are still
// plain dicts on the wire. wfc's response = "json" extension is left out:
// the connector never fills info.response, so Flyte's compiler should
// reject reading it.
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
	lt := simpleLiteralType(core.SimpleType_STRUCT)
	lt.Structure = &core.TypeStructure{DataclassType: fields}
	return lt
}

// webhookExtensions lists wfc's webhook fields beyond flytekit's, with
// what Flyte's webhook connector does instead, in the order warnings are
// given. set reports whether a task sets the field to anything but the
// connector's own behaviour (expect = [200] and response = "text" are
// parity, and deserve no warning).
var webhookExtensions = []struct {
	field, unlike string
	set           func(w *compiler.WebhookSpec) bool
}{
	{"expect", "it succeeds on status 200 only",
		func(w *compiler.WebhookSpec) bool { return w.Expect != nil && !slices.Equal(w.Expect, []int{200}) }},
	{"response", "it keeps the body as text",
		func(w *compiler.WebhookSpec) bool { return w.Response != "" && w.Response != "text" }},
	{"escape", "it substitutes values unescaped",
		func(w *compiler.WebhookSpec) bool { return w.EscapeValues }},
	{"max_response_bytes", "it reads whole bodies",
		func(w *compiler.WebhookSpec) bool { return w.MaxResponseBytes > 0 }},
	{"rate", "it does not limit request rates",
		func(w *compiler.WebhookSpec) bool { return w.Rate != nil }},
	{"http_retry", "Flyte retries a failed task whatever the failure",
		func(w *compiler.WebhookSpec) bool { return w.HTTPRetry }},
	{"deadline", "its timeout bounds each phase of the request, and flytepropeller ends the whole call at its ExecuteTaskSync deadline",
		func(w *compiler.WebhookSpec) bool { return w.Deadline > 0 }},
}

// syncCallDeadline is flytepropeller's default deadline for the
// ExecuteTaskSync call that runs a webhook in a connector (the
// connector-service plugin's defaultTimeout): on Flyte it bounds the whole
// call, whatever the task's timeout.
const syncCallDeadline = 10 * time.Second

// checkWebhook warns about what a webhook task does under wfc run that
// Flyte's webhook connector will not do: each extension field, a method
// beyond GET and POST, and {secrets.NAME} placeholders. Each warning points
// at the setting, as the checker recorded it.
func (e *emitter) checkWebhook(t *compiler.Task) {
	w := t.Webhook
	at := func(field string) lang.Range {
		if r, ok := t.Fields[field]; ok {
			return r
		}
		return t.Range
	}
	for _, x := range webhookExtensions {
		if x.set(w) {
			e.warnf(at(x.field), "`%s` is a wfc extension: Flyte's webhook connector ignores it, %s", x.field, x.unlike)
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
	if m := strings.ToUpper(w.Method); m != "" && m != "GET" && m != "POST" {
		e.warnf(at("method"), "method %s is a wfc extension: Flyte's webhook connector sends every method but GET as POST", m)
	}
	if len(t.Secrets) > 0 {
		r := t.NameRange
		if r == (lang.Range{}) {
			r = t.Range
		}
		e.diags.Warnf(r, "webhook `%s` uses {secrets.%s}, a wfc extension: Flyte's webhook connector cannot resolve secrets and fails the task",
			t.Name, strings.Join(t.Secrets, "}, {secrets.")).Detail =
			"The compiled task requests the secrets from Flyte; their values are never written into it."
	}
}
