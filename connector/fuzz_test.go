package connector

import (
	"testing"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/protobuf/proto"
)

// FuzzRequest feeds arbitrary templates and inputs to what the connector
// does before sending anything: it must answer with an error or a task,
// never panic.
//
//	go test ./connector -fuzz FuzzRequest
func FuzzRequest(f *testing.F) {
	tmpl, _ := proto.Marshal(webhookTemplate(TaskType, map[string]any{
		"url": "http://h/{inputs.s}", "expect": []any{200.0}, "rate": map[string]any{"requests": 1.0, "per_sec": 1.0},
		"data": map[string]any{"a": []any{1.0, "x", map[string]any{"b": nil}}},
	}))
	in, _ := proto.Marshal(strInputs("x"))
	f.Add(tmpl, in, true)
	f.Add(tmpl, []byte{}, false)
	f.Fuzz(func(t *testing.T, tmplBytes, inputBytes []byte, extensions bool) {
		var tm core.TaskTemplate
		var lm core.LiteralMap
		if proto.Unmarshal(tmplBytes, &tm) != nil || proto.Unmarshal(inputBytes, &lm) != nil {
			return
		}
		task, err := taskFromTemplate(&tm, extensions)
		if err != nil {
			return
		}
		inputValues(task, &lm)
	})
}
