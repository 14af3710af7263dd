package connector

import (
	"context"
	"net"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/service"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/nodes/webhook"
	"github.com/wfc-lang/wfc/nodes/webhook/echoserver"
	"github.com/wfc-lang/wfc/runtime"
)

// startConnector serves a connector on a loopback port and returns a
// client connection to it, both closed when the test ends.
func startConnector(t *testing.T, opts Options) *grpc.ClientConn {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(opts).Serve(ctx, lis, 0) }()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return conn
}

// execute makes the call as flytepropeller v1.16.8 does: header, inputs,
// CloseSend, then exactly one Recv.
func execute(ctx context.Context, conn *grpc.ClientConn, header *admin.CreateRequestHeader, inputs *core.LiteralMap) (*admin.Resource, error) {
	stream, err := service.NewSyncAgentServiceClient(conn).ExecuteTaskSync(ctx)
	if err != nil {
		return nil, err
	}
	if err := stream.Send(&admin.ExecuteTaskSyncRequest{Part: &admin.ExecuteTaskSyncRequest_Header{Header: header}}); err != nil {
		return nil, err
	}
	if inputs == nil {
		inputs = &core.LiteralMap{}
	}
	if err := stream.Send(&admin.ExecuteTaskSyncRequest{Part: &admin.ExecuteTaskSyncRequest_Inputs{Inputs: inputs}}); err != nil {
		return nil, err
	}
	if err := stream.CloseSend(); err != nil {
		return nil, err
	}
	resp, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	return resp.GetHeader().GetResource(), nil
}

// header is a request header for tmpl as propeller fills it, running in
// project and domain.
func header(tmpl *core.TaskTemplate, project, domain string) *admin.CreateRequestHeader {
	return &admin.CreateRequestHeader{
		Template:     tmpl,
		OutputPrefix: "s3://bucket/metadata/propeller/x/n0/data/0",
		TaskExecutionMetadata: &admin.TaskExecutionMetadata{
			TaskExecutionId: &core.TaskExecutionIdentifier{
				TaskId: tmpl.GetId(),
				NodeExecutionId: &core.NodeExecutionIdentifier{NodeId: "n0", ExecutionId: &core.WorkflowExecutionIdentifier{
					Project: project, Domain: domain, Name: "a1b2c3",
				}},
			},
			Namespace: project + "-" + domain,
		},
	}
}

// echoServer starts the loopback echo server `wfc serve` runs.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(echoserver.Handler(echoserver.Options{}))
	t.Cleanup(srv.Close)
	return srv
}

// urlHost matches a url's scheme and host, to point examples at loopback.
var urlHost = regexp.MustCompile(`https?://[^/"{]+`)

// compileSource checks and compiles src and returns the program and its
// Flyte entities.
func compileSource(t *testing.T, name, src string) (*compiler.Program, *flyte.Bundle) {
	t.Helper()
	f, diags := lang.Parse(name, []byte(src))
	if diags.HasErrors() {
		t.Fatalf("parse: %v", diags)
	}
	prog, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		t.Fatalf("check: %v", diags)
	}
	// Workflow-level Flyte errors do not concern the tasks compared here.
	b, _ := flyte.Compile(prog, flyte.Options{Project: "flytesnacks", Domain: "development", Version: "v1"})
	return prog, b
}

// asFlyteidl reads m, a message compiler/flyte emits, into x, flyteidl's
// type of it: the connector speaks flyteidl's types, and compiler/flyte
// has types of its own.
func asFlyteidl[T proto.Message](t testing.TB, m flyte.Message, x T) T {
	t.Helper()
	data, err := flyte.Marshal(m, flyte.Proto)
	if err != nil {
		t.Fatal(err)
	}
	if err := proto.Unmarshal(data, x); err != nil {
		t.Fatal(err)
	}
	return x
}

// runDirect runs a task with the executor and secrets `wfc run` uses.
func runDirect(task *compiler.Task, inputs map[string]any, secrets runtime.SecretSource) (map[string]any, error) {
	e := webhook.New(webhook.Options{})
	defer e.Close()
	return e.Execute(context.Background(), &runtime.Call{Task: task, Inputs: inputs, Attempt: 1, Secrets: secrets, Log: func(string) {}})
}

// inputLiterals converts wfc values to the literals compiled workflows
// bind, as propeller hands them to a task.
func inputLiterals(t *testing.T, task *compiler.Task, inputs map[string]any) *core.LiteralMap {
	t.Helper()
	lm := &core.LiteralMap{Literals: map[string]*core.Literal{}}
	for _, in := range task.Inputs {
		v, ok := inputs[in.Name]
		if !ok {
			continue
		}
		if e, ok := v.(map[string]any); ok && (in.Type.Kind == compiler.KindError || in.Type.Kind == compiler.KindOptional && in.Type.Elem.Kind == compiler.KindError) {
			// A failure, as propeller hands it to a failure node.
			lm.Literals[in.Name] = &core.Literal{Value: &core.Literal_Scalar{Scalar: &core.Scalar{Value: &core.Scalar_Error{Error: &core.Error{
				Message: e["message"].(string), FailedNodeId: e["failed_node_id"].(string),
			}}}}}
			continue
		}
		l, err := flyte.Literal(v, in.Type)
		if err != nil {
			t.Fatalf("input %s: %v", in.Name, err)
		}
		lm.Literals[in.Name] = asFlyteidl(t, l, &core.Literal{})
	}
	return lm
}

// sampleValue is a value of type t for inputs the test does not set.
func sampleValue(t *compiler.Type) any {
	switch t.Kind {
	case compiler.KindString:
		return "/orders/hello-world"
	case compiler.KindInt:
		return int64(10)
	case compiler.KindFloat:
		return 2.5
	case compiler.KindBool:
		return true
	case compiler.KindDict:
		// What the REST example's tasks read from a parsed answer.
		return map[string]any{"path": "/orders/1", "json": map[string]any{"items": []any{"book", "lamp"}}, "k": int64(1)}
	case compiler.KindList:
		return []any{sampleValue(t.Elem), sampleValue(t.Elem)}
	case compiler.KindMap:
		return map[string]any{"a": sampleValue(t.Elem)}
	case compiler.KindOptional:
		return sampleValue(t.Elem)
	case compiler.KindError:
		return map[string]any{"message": "task test failed: exit status 1", "failed_node_id": "n1"}
	}
	return nil
}
