package runtime_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

func inputsWorkflow() *compiler.Workflow {
	n := param("count", compiler.Int)
	n.HasDefault, n.Default = true, int64(3)
	return newWorkflow("wf",
		param("name", compiler.Str),
		n,
		param("when", compiler.Datetime),
		param("every", compiler.Duration),
		param("tags", compiler.ListOf(compiler.Str)),
		param("extra", compiler.OptionalOf(compiler.Dict)),
	).wf
}

func TestParseInputs(t *testing.T) {
	wf := inputsWorkflow()
	got, err := runtime.ParseInputs(wf,
		[]string{"name=it's me", "when=2024-05-01T12:00:00Z", "every=1m30s", `tags=["a","b"]`},
		[]byte(`{"name": "overridden", "count": 7}`))
	if err != nil {
		t.Fatal(err)
	}
	when, _ := time.Parse(time.RFC3339, "2024-05-01T12:00:00Z")
	if got["name"] != "it's me" || got["count"] != int64(7) || !got["when"].(time.Time).Equal(when) ||
		got["every"] != 90*time.Second || len(got["tags"].([]any)) != 2 || got["extra"] != nil {
		t.Fatalf("got %#v", got)
	}
	got, err = runtime.ParseInputs(wf, []string{"name=x", "when=2024-05-01T12:00:00Z", "every=1s", "tags=[]"}, nil)
	if err != nil || got["count"] != int64(3) {
		t.Fatalf("default not applied: %v %v", got, err)
	}
}

func TestParseInputsErrors(t *testing.T) {
	wf := inputsWorkflow()
	_, err := runtime.ParseInputs(wf, []string{"nmae=x", "count=many", "every=soon", "tags=a,b", "bare"}, nil)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{
		"input nmae: workflow wf has no such input (did you mean name?)",
		`input count: want int: cannot parse "many" as int`,
		`input every: want duration: cannot parse "soon" as duration`,
		"input tags: want list[str]: invalid JSON",
		"-i bare: want name=value",
		"input name: missing (str); give it with -i name=VALUE",
		"input when: missing (datetime)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "input count: missing") || strings.Contains(msg, "input extra: missing") {
		t.Errorf("inputs with defaults or optional reported missing:\n%s", msg)
	}
	if _, err := runtime.ParseInputs(wf, nil, []byte(`[1]`)); err == nil || !strings.Contains(err.Error(), "JSON object") {
		t.Errorf("bad inputs file: %v", err)
	}
}

func TestPrepareInputs(t *testing.T) {
	wf := inputsWorkflow()
	_, err := runtime.PrepareInputs(wf, map[string]any{"name": 5, "when": "yesterday", "every": time.Second, "tags": []string{"x"}, "zzz": 1})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"input name: want str: expected str, got int 5", "input when: want datetime: cannot parse", "input zzz: workflow wf has no such input (inputs: name, count"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
