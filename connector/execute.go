package connector

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/service"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// SuccessMessage is the message of a succeeded task, flytekit's.
const SuccessMessage = "Webhook was successfully invoked!"

// ExecuteTaskSync runs one task attempt: it reads the header and the
// inputs, runs the webhook, and sends exactly one reply holding the
// resource. A failed task is a reply (phase FAILED or RETRYABLE_FAILED);
// a gRPC error means the request was not a task this connector can run.
func (s *Server) ExecuteTaskSync(stream service.SyncAgentService_ExecuteTaskSyncServer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = status.Error(codes.Internal, "the connector failed unexpectedly; its log has the details")
		}
	}()
	header, inputs, err := readRequest(stream)
	if err != nil {
		return err
	}
	tmpl := header.GetTemplate()
	var extensions bool
	switch {
	case tmpl.GetType() == TaskType:
		extensions = true
	case tmpl.GetType() == FlyteWebhookType && s.opts.ServeWebhook:
	default:
		return status.Errorf(codes.NotFound, "this connector runs task types %v, not %q", s.taskTypes(), tmpl.GetType())
	}
	if v := tmpl.GetTaskTypeVersion(); v != 0 {
		return status.Errorf(codes.NotFound, "this connector runs %s at version 0, not %d", tmpl.GetType(), v)
	}
	task, err := s.tasks.task(tmpl, extensions)
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	values, err := inputValues(task, inputs)
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}

	start := time.Now()
	res := s.run(stream.Context(), task, values, header.GetTaskExecutionMetadata(), extensions)
	s.logTask(header, res, time.Since(start))
	if err := stream.Context().Err(); err != nil {
		// The caller is gone (it cancelled, or its deadline passed): the
		// request was cancelled with it, and no one reads a reply.
		return status.FromContextError(err).Err()
	}
	return stream.Send(&admin.ExecuteTaskSyncResponse{Res: &admin.ExecuteTaskSyncResponse_Header{
		Header: &admin.ExecuteTaskSyncResponseHeader{Resource: res},
	}})
}

// readRequest reads the two parts propeller sends: the header, then the
// inputs. A caller that closes its side after the header has sent no
// inputs, which is an empty map.
func readRequest(stream service.SyncAgentService_ExecuteTaskSyncServer) (*admin.CreateRequestHeader, *core.LiteralMap, error) {
	first, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return nil, nil, status.Error(codes.InvalidArgument, "the stream ended before the header part")
	}
	if err != nil {
		return nil, nil, err
	}
	header := first.GetHeader()
	if header == nil {
		return nil, nil, status.Error(codes.InvalidArgument, "the first part must be the header (template, output prefix, execution metadata)")
	}
	if header.GetTemplate() == nil {
		return nil, nil, status.Error(codes.InvalidArgument, "the header has no task template")
	}
	second, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return header, &core.LiteralMap{}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	inputs, ok := second.GetPart().(*admin.ExecuteTaskSyncRequest_Inputs)
	if !ok {
		return nil, nil, status.Error(codes.InvalidArgument, "the second part must be the inputs")
	}
	return header, inputs.Inputs, nil
}

// run executes the task and describes the outcome as a terminal resource.
func (s *Server) run(ctx context.Context, task *compiler.Task, inputs map[string]any, md *admin.TaskExecutionMetadata, extensions bool) *admin.Resource {
	var secrets runtime.SecretSource = noSecrets{}
	if extensions {
		project, domain := projectDomain(md)
		secrets = &callSecrets{store: s.opts.Secrets, project: project, domain: domain}
	}
	out, err := s.exec.Execute(ctx, &runtime.Call{
		Task:    task,
		Inputs:  inputs,
		Attempt: 1,
		Secrets: secrets,
		Log:     func(string) {},
	})
	if err != nil {
		return &admin.Resource{Phase: failurePhase(err, extensions), Message: err.Error()}
	}
	lits, err := outputLiterals(out)
	if err != nil {
		return &admin.Resource{Phase: core.TaskExecution_FAILED, Message: "Webhook outputs: " + err.Error()}
	}
	return &admin.Resource{Phase: core.TaskExecution_SUCCEEDED, Message: SuccessMessage, Outputs: lits}
}

// failurePhase is FAILED, as flytekit's connector answers every failure,
// except for a wfc-webhook failure another attempt could fix (by the
// task's retry policy, as wfc run decides): RETRYABLE_FAILED, which
// propeller retries while the task's retries last.
func failurePhase(err error, extensions bool) core.TaskExecution_Phase {
	var hint runtime.RetryHint
	if extensions && errors.As(err, &hint) && hint.Retryable() {
		return core.TaskExecution_RETRYABLE_FAILED
	}
	return core.TaskExecution_FAILED
}

// projectDomain is where the task runs, from the execution's identifier.
func projectDomain(md *admin.TaskExecutionMetadata) (project, domain string) {
	id := md.GetTaskExecutionId()
	if ex := id.GetNodeExecutionId().GetExecutionId(); ex != nil {
		return ex.GetProject(), ex.GetDomain()
	}
	return id.GetTaskId().GetProject(), id.GetTaskId().GetDomain()
}

// logTask writes one line per task attempt. The message is the task's
// (secrets already ***); inputs, headers and outputs are never logged.
func (s *Server) logTask(h *admin.CreateRequestHeader, res *admin.Resource, took time.Duration) {
	id := h.GetTaskExecutionMetadata().GetTaskExecutionId()
	attrs := []any{
		"type", h.GetTemplate().GetType(),
		"task", h.GetTemplate().GetId().GetName(),
		"execution", id.GetNodeExecutionId().GetExecutionId().GetName(),
		"node", id.GetNodeExecutionId().GetNodeId(),
		"retry", id.GetRetryAttempt(),
		"phase", res.GetPhase().String(),
		"ms", took.Milliseconds(),
	}
	if res.GetPhase() != core.TaskExecution_SUCCEEDED {
		s.log.Warn("task", append(attrs, "message", res.GetMessage())...)
		return
	}
	s.log.Info("task", attrs...)
}
