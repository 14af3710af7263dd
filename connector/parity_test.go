package connector

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/grpc"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte"
	"github.com/wfc-lang/wfc/runtime"
)

// These tests run the same task with the same inputs twice — once with the
// executor and secrets `wfc run` uses, once through the connector over a
// real gRPC connection, the task compiled to Flyte as `wfc compile` writes
// it — and require the same outputs (byte for byte, as MessagePack) or the
// same failure message.

// checkParity runs task name of prog both ways and compares.
func checkParity(t *testing.T, conn *grpc.ClientConn, prog *compiler.Program, b *flyte.Bundle, name string, inputs map[string]any, direct runtime.SecretSource) *admin.Resource {
	t.Helper()
	task := findTask(t, prog, name)
	if b.Task(name) == nil {
		t.Fatalf("task %s was not compiled", name)
	}
	spec := asFlyteidl(t, b.Task(name), &admin.TaskSpec{})
	for _, in := range task.Inputs {
		if _, ok := inputs[in.Name]; !ok {
			inputs[in.Name] = sampleValue(in.Type)
		}
	}
	want, wantErr := runDirect(task, inputs, direct)
	res, err := execute(context.Background(), conn, header(spec.GetTemplate(), "flytesnacks", "development"), inputLiterals(t, task, inputs))
	if err != nil {
		t.Fatalf("%s: ExecuteTaskSync: %v", name, err)
	}
	if wantErr != nil {
		wantPhase := core.TaskExecution_FAILED
		var hint runtime.RetryHint
		if spec.GetTemplate().GetType() == TaskType && errors.As(wantErr, &hint) && hint.Retryable() {
			wantPhase = core.TaskExecution_RETRYABLE_FAILED
		}
		if res.GetPhase() != wantPhase || res.GetMessage() != wantErr.Error() {
			t.Errorf("%s: connector gave %s %q,\nwfc run's executor failed with %s %q", name, res.GetPhase(), res.GetMessage(), wantPhase, wantErr)
		}
		return res
	}
	if res.GetPhase() != core.TaskExecution_SUCCEEDED || res.GetMessage() != SuccessMessage {
		t.Fatalf("%s: connector gave %s %q; wfc run's executor succeeded", name, res.GetPhase(), res.GetMessage())
	}
	bin := res.GetOutputs().GetLiterals()["info"].GetScalar().GetBinary()
	if bin.GetTag() != "msgpack" {
		t.Fatalf("%s: info is %v, not a msgpack binary literal", name, res.GetOutputs())
	}
	wantBytes, err := encodeInfo(want["info"].(map[string]any))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bin.GetValue(), wantBytes) {
		got, _ := decodeInfo(bin.GetValue())
		t.Errorf("%s: connector's info\n%v\nwfc run's executor's info\n%v", name, got, want["info"])
	}
	return res
}

func findTask(t *testing.T, prog *compiler.Program, name string) *compiler.Task {
	t.Helper()
	for _, task := range prog.Tasks {
		if task.Name == name {
			return task
		}
	}
	t.Fatalf("no task %s", name)
	return nil
}

func TestParityExamples(t *testing.T) {
	echo := echoServer(t)
	// Every secret the examples use, allowed to the echo server.
	getenv := func(k string) (string, bool) {
		if name, ok := strings.CutPrefix(k, runtime.SecretEnvPrefix); ok {
			return "example-value-of-" + name, true
		}
		if strings.HasPrefix(k, AllowEnvPrefix) {
			return echo.URL + "/", true
		}
		return "", false
	}
	conn := startConnector(t, Options{ServeWebhook: true, Secrets: Secrets{Getenv: getenv}})
	files, _ := filepath.Glob("../examples/*.wf")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		prog, b := compileSource(t, file, urlHost.ReplaceAllLiteralString(string(src), echo.URL))
		for _, task := range prog.Tasks {
			if task.Kind != compiler.TaskWebhook {
				continue
			}
			t.Run(filepath.Base(file)+"/"+task.Name, func(t *testing.T) {
				res := checkParity(t, conn, prog, b, task.Name, map[string]any{}, runtime.EnvSecrets{Getenv: getenv})
				if res.GetPhase() != core.TaskExecution_SUCCEEDED {
					t.Errorf("failed against the echo server: %s", res.GetMessage())
				}
			})
		}
	}
}

const paritySource = `
webhook post_hook(s: str, n: int, d: dict, f: float) {
    url       = "ECHO/hook/{inputs.n}"
    headers   = {"Content-Type": "application/json", "X-Tag": "n-{inputs.n}"}
    data      = {"text": "{inputs.s}", "n": "{inputs.n}", "d": "{inputs.d}", "f": "{inputs.f}", "lit": 5, "mixed": "n={inputs.n} d={inputs.d}"}
    show_data = true
    show_url  = true
}

webhook get_hook(q: str, items: list[str], o: int?) {
    url    = "ECHO/items"
    method = "GET"
    data   = {"q": "{inputs.q}", "items": "{inputs.items}", "o": "{inputs.o}"}
}

webhook server_error(s: str) {
    url  = "ECHO/status/500"
    data = {"s": "{inputs.s}"}
}

webhook slow(s: str) {
    url     = "SLOW/wait"
    timeout = 1s
}

webhook refused(s: str) {
    url = "REFUSED/nothing"
}

webhook empty_dict(d: dict) {
    url  = "ECHO/e"
    data = {"d": "{inputs.d}"}
}

webhook put_json(s: str) {
    url      = "ECHO/put/{inputs.s}"
    method   = "PUT"
    escape   = true
    expect   = [200, 201]
    response = "json"
    data     = {"s": "{inputs.s}"}
}

webhook created(s: str) {
    url      = "ECHO/status/201"
    expect   = [201]
    response = "json"
}

webhook not_expected(s: str) {
    url      = "ECHO/status/404"
    expect   = [200, 201]
    http_retry = true
}

webhook unavailable(s: str) {
    url      = "ECHO/status/503"
    http_retry = true
}

webhook small(s: str) {
    url                = "ECHO/big"
    data               = {"s": "{inputs.s}"}
    max_response_bytes = 10
}

webhook with_secret(s: str) {
    url     = "ECHO/secret"
    headers = {"Authorization": "Bearer {secrets.TOKEN}"}
    data    = {"s": "{inputs.s}", "t": "{secrets.TOKEN}"}
}

webhook not_json(s: str) {
    url      = "TEXT/plain"
    response = "json"
}

webhook rated(s: str) {
    url  = "ECHO/rated"
    rate = "100/s"
    data = {"s": "{inputs.s}"}
}

webhook missing_key(d: dict) {
    url  = "ECHO/k"
    data = {"v": "{inputs.d.nope}"}
}

webhook missing_secret(s: str) {
    url     = "ECHO/secret"
    headers = {"Authorization": "Bearer {secrets.NOPE}"}
}
`

// slowServer answers nothing until the client gives up or the test ends.
func slowServer(t *testing.T) *httptest.Server {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so that net/http notices the client leaving
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	return srv
}

// refusedURL is a loopback address nothing listens on.
func refusedURL(t *testing.T) string {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	return "http://" + addr
}

func TestParityTasks(t *testing.T) {
	echo := echoServer(t)
	env := map[string]string{
		"WFC_SECRET_TOKEN": "s3cr3t-t0ken-value",
		"WFC_ALLOW_TOKEN":  echo.URL + "/secret",
	}
	getenv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	conn := startConnector(t, Options{ServeWebhook: true, Secrets: Secrets{Getenv: getenv}})
	text := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "plain text") }))
	defer text.Close()
	src := strings.NewReplacer("ECHO", echo.URL, "SLOW", slowServer(t).URL, "REFUSED", refusedURL(t), "TEXT", text.URL).Replace(paritySource)
	prog, b := compileSource(t, "parity.wf", src)
	direct := runtime.EnvSecrets{Getenv: getenv}
	cases := []struct {
		task   string
		inputs map[string]any
		fails  string // what the failure message says; "" for success
	}{
		{"post_hook", map[string]any{"s": "héllo \"world\"", "n": int64(7), "d": map[string]any{"a": int64(1), "b": []any{"x", 2.5}}, "f": 1.0}, ""},
		{"get_hook", map[string]any{"q": "a b&c", "items": []any{"x", "y"}, "o": nil}, ""},
		{"get_hook", map[string]any{"q": "", "items": []any{}, "o": int64(3)}, ""},
		{"server_error", nil, "status code 500"},
		{"slow", nil, "timed out"},
		{"refused", nil, "refused"},
		{"empty_dict", map[string]any{"d": map[string]any{}}, "empty dict"},
		{"put_json", map[string]any{"s": "a/b c"}, ""},
		{"created", nil, ""},
		{"not_expected", nil, "status code 404"},
		{"unavailable", nil, "status code 503"},
		{"small", nil, "max_response_bytes"},
		{"not_json", nil, "is not JSON"},
		{"rated", nil, ""},
		{"missing_key", map[string]any{"d": map[string]any{"k": "v"}}, "nope"},
		{"with_secret", nil, ""},
		{"missing_secret", nil, "secret NOPE is not set"},
	}
	for _, c := range cases {
		t.Run(c.task, func(t *testing.T) {
			inputs := map[string]any{}
			for k, v := range c.inputs {
				inputs[k] = v
			}
			res := checkParity(t, conn, prog, b, c.task, inputs, direct)
			if c.fails == "" && res.GetPhase() != core.TaskExecution_SUCCEEDED {
				t.Errorf("%s failed: %s", c.task, res.GetMessage())
			}
			if c.fails != "" && !strings.Contains(res.GetMessage(), c.fails) {
				t.Errorf("%s gave %s %q; want a failure saying %q", c.task, res.GetPhase(), res.GetMessage(), c.fails)
			}
			// http_retry: a 503 is worth another attempt, a 404 is not.
			if want := map[string]core.TaskExecution_Phase{"unavailable": core.TaskExecution_RETRYABLE_FAILED, "not_expected": core.TaskExecution_FAILED, "server_error": core.TaskExecution_FAILED}[c.task]; want != 0 && res.GetPhase() != want {
				t.Errorf("%s gave phase %s, want %s", c.task, res.GetPhase(), want)
			}
			if strings.Contains(res.String(), "s3cr3t-t0ken-value") {
				t.Errorf("%s: the secret's value is in the reply: %v", c.task, res)
			}
		})
	}
}
