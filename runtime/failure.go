package runtime

import (
	"context"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// runFailureHandler runs the workflow's failure handler after the run
// failed with failure, as flytepropeller runs the failure node: with the
// workflow's inputs and, in its err input, the failure's message and the
// failed node id propeller gives, the handler's own ("fn0"). Its line is
// recorded like a node's; the workflow fails all the same. It returns the
// handler's own failure, if any.
func (r *run) runFailureHandler(parent context.Context, failure error) error {
	fn := r.wf.OnFailure
	// The run's context was cancelled by the failure (fail-fast); the
	// handler gets a fresh one, still cancelled by Ctrl-C.
	r.ctx, r.cancel = context.WithCancelCause(parent)
	defer r.cancel(nil)
	inputs, err := r.resolveInputs(fn)
	if err != nil {
		return newNodeError(fn, 0, err)
	}
	if fn.Task.Input(compiler.ErrInput) != nil {
		inputs[compiler.ErrInput] = map[string]any{
			"message":        r.redact.Error(failure).Error(),
			"failed_node_id": compiler.FailureNodeID,
		}
	}
	_, _, _, err = r.runSub(fn, r.failureIndex, inputs, time.Now())
	return err
}
