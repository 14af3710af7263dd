package echo

import (
	"context"
	"fmt"

	"github.com/wfc-lang/wfc/runtime"
)

// TaskType is the Flyte task type the executor is registered under.
const TaskType = "echo"

// Executor runs echo tasks. It is stateless, so one value serves every
// node at once.
type Executor struct{}

var _ runtime.Executor = Executor{}

// Execute returns the i-th input under the name of the i-th output. The
// compiler declares the outputs (o0, o1, …) with the inputs' types; values
// are passed through, not copied, since nothing mutates them.
func (Executor) Execute(ctx context.Context, call *runtime.Call) (map[string]any, error) {
	task := call.Task
	if len(task.Outputs) != len(task.Inputs) {
		return nil, runtime.Permanent(fmt.Errorf("echo task %s has %d inputs but %d outputs", task.Name, len(task.Inputs), len(task.Outputs)))
	}
	outs := make(map[string]any, len(task.Outputs))
	for i, in := range task.Inputs {
		outs[task.Outputs[i].Name] = call.Inputs[in.Name]
	}
	return outs, nil
}
