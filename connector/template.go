package connector

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/wfc-lang/wfc/compiler"
)

// The task types served, both at task_type_version 0.
const (
	// TaskType is wfc's webhook with extensions.
	TaskType = "wfc-webhook"
	// FlyteWebhookType is flytekit's webhook task type.
	FlyteWebhookType = "webhook"
)

// flytekitKeys are the custom keys flytekit's WebhookTask writes and its
// connector reads.
var flytekitKeys = []string{"url", "method", "headers", "data", "show_data", "show_url", "timeout_sec"}

// ExtensionKeys are the custom keys a wfc-webhook template may carry
// beyond flytekit's, one per extension field of the language.
var ExtensionKeys = []string{"expect", "response", "escape", "max_response_bytes", "rate", "http_retry", "deadline_sec"}

// defaultTimeout is flytekit's timeout_sec default.
const defaultTimeout = 10 * time.Second

// templateError is a template this connector cannot run: answered with
// gRPC InvalidArgument, since no attempt of it could succeed.
type templateError struct{ msg string }

func (e *templateError) Error() string { return e.msg }

func templateErrorf(format string, args ...any) error {
	return &templateError{msg: fmt.Sprintf(format, args...)}
}

// taskFromTemplate rebuilds the webhook task a template describes, as the
// checker would have built it from source. With extensions (wfc-webhook)
// the extension keys are read and unknown keys refused; without
// (flytekit's webhook), only flytekit's keys are read, the others ignored
// as flytekit ignores them, and any method but GET is a POST, as
// flytekit's connector sends it.
func taskFromTemplate(tmpl *core.TaskTemplate, extensions bool) (*compiler.Task, error) {
	custom := tmpl.GetCustom()
	if custom == nil {
		return nil, templateErrorf("task template has no custom: a webhook's url and settings travel there")
	}
	f := fields{m: custom.GetFields()}
	spec := &compiler.WebhookSpec{
		URL:      f.string("url"),
		Method:   strings.ToUpper(f.string("method")),
		Headers:  f.stringMap("headers"),
		Data:     f.dict("data"),
		ShowData: f.bool("show_data"),
		ShowURL:  f.bool("show_url"),
		Timeout:  defaultTimeout,
	}
	if _, ok := f.m["timeout_sec"]; ok {
		spec.Timeout = f.seconds("timeout_sec")
	}
	if spec.URL == "" && f.err == nil {
		f.err = templateErrorf("custom.url is missing or empty")
	}
	if extensions {
		readExtensions(&f, spec)
		for k := range f.m {
			if !slices.Contains(flytekitKeys, k) && !slices.Contains(ExtensionKeys, k) && f.err == nil {
				f.err = templateErrorf("custom.%s is not a wfc-webhook setting (known: %s, %s); is the connector older than the wfc that compiled the task?",
					k, strings.Join(flytekitKeys, ", "), strings.Join(ExtensionKeys, ", "))
			}
		}
	} else if spec.Method != "GET" {
		spec.Method = "POST"
	}
	if spec.Method == "" {
		spec.Method = "POST" // flytekit's default, as the compiler writes it
	}
	if f.err != nil {
		return nil, f.err
	}
	task := &compiler.Task{
		Name:    tmpl.GetId().GetName(),
		Kind:    compiler.TaskWebhook,
		Outputs: []*compiler.Param{{Name: "info", Type: compiler.Dict}},
		Webhook: spec,
	}
	if task.Name == "" {
		task.Name = "webhook"
	}
	for name, v := range tmpl.GetInterface().GetInputs().GetVariables() {
		t, err := wfcType(v.GetType())
		if err != nil {
			return nil, templateErrorf("input %s: %v", name, err)
		}
		task.Inputs = append(task.Inputs, &compiler.Param{Name: name, Type: t})
	}
	slices.SortFunc(task.Inputs, func(a, b *compiler.Param) int { return strings.Compare(a.Name, b.Name) })
	return task, nil
}

func readExtensions(f *fields, spec *compiler.WebhookSpec) {
	switch spec.Method {
	case "", "GET", "POST", "PUT", "PATCH", "DELETE":
	default:
		f.fail("custom.method %q is not one of GET, POST, PUT, PATCH, DELETE", spec.Method)
	}
	for _, n := range f.numbers("expect") {
		if n != math.Trunc(n) || n < 100 || n > 599 {
			f.fail("custom.expect holds %v, not an HTTP status (100–599)", n)
			break
		}
		spec.Expect = append(spec.Expect, int(n))
	}
	spec.Response = f.string("response")
	if spec.Response != "" && spec.Response != "text" && spec.Response != "json" {
		f.fail("custom.response is %q, not \"text\" or \"json\"", spec.Response)
	}
	spec.EscapeValues = f.bool("escape")
	spec.HTTPRetry = f.bool("http_retry")
	if n := f.number("max_response_bytes"); n != 0 {
		if n < 0 || n != math.Trunc(n) || n > 1<<50 {
			f.fail("custom.max_response_bytes is %v, not a positive whole number of bytes", n)
		}
		spec.MaxResponseBytes = int64(n)
	}
	if _, ok := f.m["deadline_sec"]; ok {
		spec.Deadline = f.seconds("deadline_sec")
	}
	if r := f.dict("rate"); r != nil {
		rf := fields{m: f.m["rate"].GetStructValue().GetFields()}
		n, per := rf.number("requests"), rf.number("per_sec")
		if rf.err != nil || n < 1 || n != math.Trunc(n) || n > math.MaxInt32 || per <= 0 || per > 1e9 {
			f.fail("custom.rate must be {\"requests\": N, \"per_sec\": S} with N a whole number ≥ 1 and S > 0")
			return
		}
		spec.Rate = &compiler.Rate{N: int(n), Per: time.Duration(per * float64(time.Second))}
	}
}

// fields reads typed values out of a Struct, keeping the first error.
type fields struct {
	m   map[string]*structpb.Value
	err error
}

func (f *fields) fail(format string, args ...any) {
	if f.err == nil {
		f.err = templateErrorf(format, args...)
	}
}

func (f *fields) get(key string, want string, ok func(*structpb.Value) bool) *structpb.Value {
	v, present := f.m[key]
	if !present || isNull(v) {
		return nil
	}
	if !ok(v) {
		f.fail("custom.%s must be %s", key, want)
		return nil
	}
	return v
}

func isNull(v *structpb.Value) bool {
	_, null := v.GetKind().(*structpb.Value_NullValue)
	return null
}

func (f *fields) string(key string) string {
	v := f.get(key, "a string", func(v *structpb.Value) bool { _, ok := v.GetKind().(*structpb.Value_StringValue); return ok })
	return v.GetStringValue()
}

func (f *fields) bool(key string) bool {
	v := f.get(key, "true or false", func(v *structpb.Value) bool { _, ok := v.GetKind().(*structpb.Value_BoolValue); return ok })
	return v.GetBoolValue()
}

func (f *fields) number(key string) float64 {
	v := f.get(key, "a number", func(v *structpb.Value) bool { _, ok := v.GetKind().(*structpb.Value_NumberValue); return ok })
	return v.GetNumberValue()
}

func (f *fields) seconds(key string) time.Duration {
	s := f.number(key)
	if math.IsNaN(s) || s <= 0 || s > 365*24*3600 {
		f.fail("custom.%s must be a positive number of seconds", key)
		return defaultTimeout
	}
	return time.Duration(s * float64(time.Second))
}

func (f *fields) numbers(key string) []float64 {
	v := f.get(key, "a list of numbers", func(v *structpb.Value) bool { _, ok := v.GetKind().(*structpb.Value_ListValue); return ok })
	var out []float64
	for _, x := range v.GetListValue().GetValues() {
		n, ok := x.GetKind().(*structpb.Value_NumberValue)
		if !ok {
			f.fail("custom.%s must be a list of numbers", key)
			return nil
		}
		out = append(out, n.NumberValue)
	}
	return out
}

func (f *fields) stringMap(key string) map[string]string {
	out := map[string]string{}
	v := f.get(key, "an object of strings", func(v *structpb.Value) bool { _, ok := v.GetKind().(*structpb.Value_StructValue); return ok })
	for k, x := range v.GetStructValue().GetFields() {
		s, ok := x.GetKind().(*structpb.Value_StringValue)
		if !ok {
			f.fail("custom.%s[%q] must be a string", key, k)
			return out
		}
		out[k] = s.StringValue
	}
	return out
}

// dict returns the object at key as a wfc dict value; never nil for data.
func (f *fields) dict(key string) map[string]any {
	v := f.get(key, "an object", func(v *structpb.Value) bool { _, ok := v.GetKind().(*structpb.Value_StructValue); return ok })
	if v == nil {
		if key == "data" {
			return map[string]any{}
		}
		return nil
	}
	return structMap(v.GetStructValue())
}

// wfcType is the wfc type of a Flyte literal type, for the types a wfc
// task's inputs can have.
func wfcType(lt *core.LiteralType) (*compiler.Type, error) {
	switch x := lt.GetType().(type) {
	case *core.LiteralType_Simple:
		switch x.Simple {
		case core.SimpleType_STRING:
			return compiler.Str, nil
		case core.SimpleType_INTEGER:
			return compiler.Int, nil
		case core.SimpleType_FLOAT:
			return compiler.Float, nil
		case core.SimpleType_BOOLEAN:
			return compiler.Bool, nil
		case core.SimpleType_DATETIME:
			return compiler.Datetime, nil
		case core.SimpleType_DURATION:
			return compiler.Duration, nil
		case core.SimpleType_STRUCT:
			return compiler.Dict, nil
		case core.SimpleType_NONE:
			return compiler.None, nil
		case core.SimpleType_ERROR:
			return compiler.Error, nil
		}
	case *core.LiteralType_CollectionType:
		elem, err := wfcType(x.CollectionType)
		if err != nil {
			return nil, err
		}
		return compiler.ListOf(elem), nil
	case *core.LiteralType_MapValueType:
		elem, err := wfcType(x.MapValueType)
		if err != nil {
			return nil, err
		}
		return compiler.MapOf(elem), nil
	case *core.LiteralType_UnionType:
		var some *core.LiteralType
		for _, v := range x.UnionType.GetVariants() {
			if v.GetSimple() == core.SimpleType_NONE && v.GetType() != nil {
				if _, simple := v.GetType().(*core.LiteralType_Simple); simple {
					continue
				}
			}
			if some != nil {
				return nil, fmt.Errorf("a union of several types is not a wfc type")
			}
			some = v
		}
		if some == nil || len(x.UnionType.GetVariants()) != 2 {
			return nil, fmt.Errorf("only an optional (a union of one type and none) is a wfc union")
		}
		elem, err := wfcType(some)
		if err != nil {
			return nil, err
		}
		return compiler.OptionalOf(elem), nil
	}
	return nil, fmt.Errorf("type %v is not one a webhook input can have", lt)
}
