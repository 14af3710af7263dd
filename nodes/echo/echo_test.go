package echo_test

import (
	"context"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/nodes/echo"
	"github.com/wfc-lang/wfc/runtime"
)

func TestEchoMirrorsInputsInOrder(t *testing.T) {
	task := &compiler.Task{Name: "e", Kind: compiler.TaskEcho,
		Inputs:  []*compiler.Param{{Name: "b", Type: compiler.Int}, {Name: "a", Type: compiler.Str}},
		Outputs: []*compiler.Param{{Name: "o0", Type: compiler.Int}, {Name: "o1", Type: compiler.Str}},
	}
	got, err := echo.Executor{}.Execute(context.Background(), &runtime.Call{Task: task, Inputs: map[string]any{"a": "x", "b": int64(1)}})
	if err != nil || got["o0"] != int64(1) || got["o1"] != "x" || len(got) != 2 {
		t.Fatalf("%v %v", got, err)
	}
}
