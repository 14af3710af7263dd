package flyte

import (
	"strings"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/wfc-lang/wfc/compiler"
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
