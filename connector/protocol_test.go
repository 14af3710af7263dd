package connector

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/service"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/wfc-lang/wfc/compiler"
)

// webhookTemplate is a template as flytekit's WebhookTask writes it, with
// one str input s, of the given type and custom.
func webhookTemplate(typ string, custom map[string]any) *core.TaskTemplate {
	st, err := structpb.NewStruct(custom)
	if err != nil {
		panic(err)
	}
	return &core.TaskTemplate{
		Id:   &core.Identifier{ResourceType: core.ResourceType_TASK, Project: "flytesnacks", Domain: "development", Name: "hooks.notify", Version: "v1"},
		Type: typ,
		Interface: &core.TypedInterface{
			Inputs:  &core.VariableMap{Variables: map[string]*core.Variable{"s": {Type: &core.LiteralType{Type: &core.LiteralType_Simple{Simple: core.SimpleType_STRING}}}}},
			Outputs: &core.VariableMap{Variables: map[string]*core.Variable{"info": {Type: &core.LiteralType{Type: &core.LiteralType_Simple{Simple: core.SimpleType_STRUCT}}}}},
		},
		Custom: st,
	}
}

func flytekitCustom(url string) map[string]any {
	return map[string]any{"url": url, "method": "POST", "headers": map[string]any{"Content-Type": "application/json"},
		"data": map[string]any{"text": "{inputs.s}"}, "show_data": false, "show_url": false, "timeout_sec": 10.0}
}

func strInputs(s string) *core.LiteralMap {
	return &core.LiteralMap{Literals: map[string]*core.Literal{"s": {Value: &core.Literal_Scalar{Scalar: &core.Scalar{
		Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_StringValue{StringValue: s}}}}}}}}
}

// The msgpack bytes of the reference conversation (flyte-connector.md §6),
// built there by hand from the msgpack spec.
func TestInfoEncodingMatchesReference(t *testing.T) {
	b, err := encodeInfo(map[string]any{"response_data": "ok", "status_code": int64(200)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := base64.StdEncoding.EncodeToString(b), "gqtzdGF0dXNfY29kZczIrXJlc3BvbnNlX2RhdGGib2s="; got != want {
		t.Errorf("info encodes as %s, want %s", got, want)
	}
	back, err := decodeInfo(b)
	if err != nil || back["status_code"] != int64(200) || back["response_data"] != "ok" {
		t.Errorf("decoded back to %v, %v", back, err)
	}
}

// The reference conversation's request, against a loopback server that
// answers "ok": the reply is the reference's.
func TestReferenceConversation(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := new(strings.Builder)
		fmt.Fprint(buf, r.Method, " ", r.URL.Path, " ")
		b := make([]byte, 100)
		n, _ := r.Body.Read(b)
		buf.Write(b[:n])
		got = buf.String()
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	conn := startConnector(t, Options{ServeWebhook: true})
	res, err := execute(context.Background(), conn, header(webhookTemplate("webhook", flytekitCustom(srv.URL+"/hook")), "flytesnacks", "development"), strInputs("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if got != `POST /hook {"text":"hello"}` {
		t.Errorf("server got %q", got)
	}
	if res.GetPhase() != core.TaskExecution_SUCCEEDED || res.GetMessage() != "Webhook was successfully invoked!" {
		t.Errorf("reply %v", res)
	}
	if v := base64.StdEncoding.EncodeToString(res.GetOutputs().GetLiterals()["info"].GetScalar().GetBinary().GetValue()); v != "gqtzdGF0dXNfY29kZczIrXJlc3BvbnNlX2RhdGGib2s=" {
		t.Errorf("info is %s", v)
	}
}

func TestMetadataAndHealth(t *testing.T) {
	for _, serveWebhook := range []bool{false, true} {
		conn := startConnector(t, Options{ServeWebhook: serveWebhook})
		md := service.NewAgentMetadataServiceClient(conn)
		list, err := md.ListAgents(context.Background(), &admin.ListAgentsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		want := `name:"wfc connector" supported_task_types:"wfc-webhook" is_sync:true supported_task_categories:{name:"wfc-webhook"}`
		if serveWebhook {
			want = `name:"wfc connector" supported_task_types:"webhook" supported_task_types:"wfc-webhook" is_sync:true supported_task_categories:{name:"webhook"} supported_task_categories:{name:"wfc-webhook"}`
		}
		if len(list.GetAgents()) != 1 || strings.Join(strings.Fields(list.GetAgents()[0].String()), " ") != want {
			t.Errorf("ListAgents (serve webhook %v) = %v\nwant %s", serveWebhook, list, want)
		}
		got, err := md.GetAgent(context.Background(), &admin.GetAgentRequest{Name: AgentName})
		if err != nil || got.GetAgent().GetName() != AgentName {
			t.Errorf("GetAgent = %v, %v", got, err)
		}
		if _, err := md.GetAgent(context.Background(), &admin.GetAgentRequest{Name: "Webhook Connector"}); status.Code(err) != codes.NotFound {
			t.Errorf("GetAgent of another name: %v", err)
		}
		hc := healthpb.NewHealthClient(conn)
		for _, svc := range []string{"", "flyteidl.service.SyncAgentService", "flyteidl.service.AgentMetadataService"} {
			h, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{Service: svc})
			if err != nil || h.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				t.Errorf("health of %q: %v, %v", svc, h, err)
			}
		}
	}
}

// Requests that are not a task this connector can run get gRPC errors, and
// the server goes on serving.
func TestMalformedRequests(t *testing.T) {
	conn := startConnector(t, Options{})
	good := webhookTemplate(TaskType, flytekitCustom("http://127.0.0.1:1/"))
	with := func(edit func(c map[string]any)) *core.TaskTemplate {
		c := flytekitCustom("http://127.0.0.1:1/")
		edit(c)
		return webhookTemplate(TaskType, c)
	}
	binary := func(tag string, b []byte) *core.LiteralMap {
		return &core.LiteralMap{Literals: map[string]*core.Literal{"s": {Value: &core.Literal_Scalar{Scalar: &core.Scalar{
			Value: &core.Scalar_Binary{Binary: &core.Binary{Value: b, Tag: tag}}}}}}}
	}
	intInput := &core.LiteralMap{Literals: map[string]*core.Literal{"s": {Value: &core.Literal_Scalar{Scalar: &core.Scalar{
		Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_Integer{Integer: 3}}}}}}}}
	versioned := webhookTemplate(TaskType, flytekitCustom("http://127.0.0.1:1/"))
	versioned.TaskTypeVersion = 1
	noCustom := webhookTemplate(TaskType, flytekitCustom("x"))
	noCustom.Custom = nil
	blob := webhookTemplate(TaskType, flytekitCustom("http://127.0.0.1:1/"))
	blob.Interface.Inputs.Variables["s"].Type = &core.LiteralType{Type: &core.LiteralType_Blob{Blob: &core.BlobType{}}}
	cases := []struct {
		name   string
		tmpl   *core.TaskTemplate
		inputs *core.LiteralMap
		code   codes.Code
		msg    string
	}{
		{"flytekit type not served", webhookTemplate("webhook", flytekitCustom("http://127.0.0.1:1/")), nil, codes.NotFound, `not "webhook"`},
		{"other type", webhookTemplate("python-task", nil), nil, codes.NotFound, "python-task"},
		{"version", versioned, nil, codes.NotFound, "version 0"},
		{"no custom", noCustom, nil, codes.InvalidArgument, "no custom"},
		{"url not a string", with(func(c map[string]any) { c["url"] = 3.0 }), nil, codes.InvalidArgument, "custom.url must be a string"},
		{"no url", with(func(c map[string]any) { delete(c, "url") }), nil, codes.InvalidArgument, "custom.url is missing"},
		{"header not a string", with(func(c map[string]any) { c["headers"] = map[string]any{"A": true} }), nil, codes.InvalidArgument, `custom.headers["A"]`},
		{"bad method", with(func(c map[string]any) { c["method"] = "BREW" }), nil, codes.InvalidArgument, "BREW"},
		{"bad expect", with(func(c map[string]any) { c["expect"] = []any{99.0} }), nil, codes.InvalidArgument, "expect"},
		{"bad rate", with(func(c map[string]any) { c["rate"] = map[string]any{"requests": 0.0, "per_sec": 1.0} }), nil, codes.InvalidArgument, "rate"},
		{"bad timeout", with(func(c map[string]any) { c["timeout_sec"] = -1.0 }), nil, codes.InvalidArgument, "timeout_sec"},
		{"unknown key", with(func(c map[string]any) { c["retries_please"] = true }), nil, codes.InvalidArgument, "custom.retries_please is not a wfc-webhook setting"},
		{"blob input", blob, nil, codes.InvalidArgument, "input s"},
		{"input of another type", good, intInput, codes.InvalidArgument, "input s: expected str"},
		{"binary not msgpack", good, binary("json", []byte("{}")), codes.InvalidArgument, `tagged "json"`},
		{"msgpack garbage", good, binary("msgpack", []byte{0xc1}), codes.InvalidArgument, "does not decode"},
		{"empty literal", good, &core.LiteralMap{Literals: map[string]*core.Literal{"s": {}}}, codes.InvalidArgument, "empty literal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := execute(context.Background(), conn, header(c.tmpl, "p", "d"), c.inputs)
			if status.Code(err) != c.code || !strings.Contains(status.Convert(err).Message(), c.msg) {
				t.Errorf("got %v, %v; want %s with %q", res, err, c.code, c.msg)
			}
		})
	}

	// Parts out of order, or missing.
	ctx := context.Background()
	stream, err := service.NewSyncAgentServiceClient(conn).ExecuteTaskSync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stream.Send(&admin.ExecuteTaskSyncRequest{Part: &admin.ExecuteTaskSyncRequest_Inputs{Inputs: strInputs("x")}})
	stream.CloseSend()
	if _, err := stream.Recv(); status.Code(err) != codes.InvalidArgument {
		t.Errorf("inputs first: %v", err)
	}
	stream, err = service.NewSyncAgentServiceClient(conn).ExecuteTaskSync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stream.CloseSend()
	if _, err := stream.Recv(); status.Code(err) != codes.InvalidArgument {
		t.Errorf("no parts: %v", err)
	}
	// Still serving.
	if _, err := service.NewAgentMetadataServiceClient(conn).ListAgents(ctx, &admin.ListAgentsRequest{}); err != nil {
		t.Errorf("after malformed requests: %v", err)
	}
}

// A binary msgpack dict input — what flytekit ≥ 1.14 writes for a dict a
// task returns — is read as the dict, and typed values keep their type.
func TestMsgpackDictInput(t *testing.T) {
	echo := echoServer(t)
	conn := startConnector(t, Options{})
	tmpl := webhookTemplate(TaskType, map[string]any{"url": echo.URL + "/x", "data": map[string]any{"id": "{inputs.d.id}", "all": "{inputs.d}"}, "show_data": true})
	tmpl.Interface.Inputs.Variables = map[string]*core.Variable{"d": {Type: &core.LiteralType{Type: &core.LiteralType_Simple{Simple: core.SimpleType_STRUCT}}}}
	b, err := encodeInfo(map[string]any{"id": int64(42), "tags": []any{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	in := &core.LiteralMap{Literals: map[string]*core.Literal{"d": {Value: &core.Literal_Scalar{Scalar: &core.Scalar{
		Value: &core.Scalar_Binary{Binary: &core.Binary{Value: b, Tag: "msgpack"}}}}}}}
	res, err := execute(context.Background(), conn, header(tmpl, "p", "d"), in)
	if err != nil || res.GetPhase() != core.TaskExecution_SUCCEEDED {
		t.Fatalf("%v, %v", res, err)
	}
	info, err := decodeInfo(res.GetOutputs().GetLiterals()["info"].GetScalar().GetBinary().GetValue())
	if err != nil {
		t.Fatal(err)
	}
	sent := info["input_data"].(map[string]any)
	if fmt.Sprint(sent["id"]) != "42" || fmt.Sprint(sent["all"]) != "map[id:42 tags:[a]]" {
		t.Errorf("input_data = %v", sent)
	}
}

// Many calls at once, each answered with its own input.
func TestConcurrentCalls(t *testing.T) {
	echo := echoServer(t)
	conn := startConnector(t, Options{})
	tmpl := webhookTemplate(TaskType, map[string]any{"url": echo.URL + "/n/{inputs.s}", "method": "PUT", "response": "json"})
	const n = 64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := execute(context.Background(), conn, header(tmpl, "p", "d"), strInputs(fmt.Sprint(i)))
			if err != nil {
				errs <- err
				return
			}
			info, err := decodeInfo(res.GetOutputs().GetLiterals()["info"].GetScalar().GetBinary().GetValue())
			if err != nil {
				errs <- err
				return
			}
			if path := info["response"].(map[string]any)["path"]; path != fmt.Sprintf("/n/%d", i) {
				errs <- fmt.Errorf("call %d got the answer for %v", i, path)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A caller that goes away mid-request cancels the HTTP request.
func TestDisconnectCancelsRequest(t *testing.T) {
	arrived, cancelled := make(chan struct{}), make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// net/http notices a closed connection only once the body is read.
		io.Copy(io.Discard, r.Body)
		close(arrived)
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	conn := startConnector(t, Options{})
	tmpl := webhookTemplate(TaskType, map[string]any{"url": srv.URL, "timeout_sec": 300.0})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := execute(ctx, conn, header(tmpl, "p", "d"), strInputs("x"))
		done <- err
	}()
	<-arrived
	cancel()
	if err := <-done; status.Code(err) != codes.Canceled {
		t.Errorf("the cancelled call returned %v", err)
	}
	// Bounded wait: the request's own timeout is 300s.
	select {
	case <-cancelled:
	case <-time.After(30 * time.Second):
		t.Fatal("the HTTP request was not cancelled with the call")
	}
}

// Calls of one template share one task; distinct templates past the
// bound push the oldest out, and the executor forgets each one dropped.
func TestTaskCacheBounded(t *testing.T) {
	var forgotten int
	c := newTaskCache(func(*compiler.WebhookSpec) { forgotten++ })
	tmpl := webhookTemplate(TaskType, flytekitCustom("http://127.0.0.1:1/"))
	a, err := c.task(tmpl, true)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.task(webhookTemplate(TaskType, flytekitCustom("http://127.0.0.1:1/")), true)
	if a != b || c.len() != 1 {
		t.Errorf("the same template gave two tasks (%d cached)", c.len())
	}
	for i := range maxCachedTasks + 10 {
		if _, err := c.task(webhookTemplate(TaskType, flytekitCustom(fmt.Sprintf("http://127.0.0.1:1/%d", i))), true); err != nil {
			t.Fatal(err)
		}
	}
	if c.len() != maxCachedTasks || forgotten != 11 {
		t.Errorf("%d cached, %d forgotten; want %d and 11", c.len(), forgotten, maxCachedTasks)
	}
}
