package webhook

import (
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
)

func TestDryRunShowsPendingValues(t *testing.T) {
	task := hook(compiler.WebhookSpec{
		URL:      "http://127.0.0.1:8000/items/{inputs.item_id}",
		Method:   "GET",
		Headers:  map[string]string{"Content-Type": "application/json", "Authorization": "Bearer {secrets.TOKEN}"},
		Data:     map[string]any{"q": "{inputs.s}", "status": "{inputs.r.status_code}"},
		ShowData: true, ShowURL: true,
	}, param("s", compiler.Str), param("item_id", compiler.Int), param("r", compiler.Dict))
	req, err := DryRun(task, map[string]any{
		"s": Pending{Ref: "n0.o0"}, "item_id": int64(10), "r": Pending{Ref: "n1.info"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "GET /items/10?q=<n0.o0>&status=<n1.info.status_code> HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: wfc-webhook\r\n" +
		"Accept: */*\r\nAuthorization: Bearer ***\r\nContent-Type: application/json\r\nAccept-Encoding: gzip\r\n\r\n"
	if got := req.String(); got != want {
		t.Errorf("dry run:\n%s\nwant:\n%s", got, want)
	}

	post := hook(compiler.WebhookSpec{
		URL:  "http://{inputs.host}/hook",
		Data: map[string]any{"text": "Hello {inputs.s}", "n": "{inputs.n}", "k": int64(5)},
	}, param("host", compiler.Str), param("s", compiler.Str), param("n", compiler.Int))
	req, err = DryRun(post, map[string]any{"host": Pending{Ref: "start-node.host"}, "s": Pending{Ref: "n0.o0"}, "n": Pending{Ref: "n2.o0"}})
	if err != nil {
		t.Fatal(err)
	}
	want = "POST http://<start-node.host>/hook HTTP/1.1\r\nUser-Agent: wfc-webhook\r\nContent-Length: <pending>\r\n" +
		"Accept: */*\r\nContent-Type: application/json\r\nAccept-Encoding: gzip\r\n\r\n" +
		`{"k":5.0,"n":<n2.o0>,"text":"Hello <n0.o0>"}`
	if got := req.String(); got != want {
		t.Errorf("dry run:\n%s\nwant:\n%s", got, want)
	}

	// A url that cannot be parsed until its promise is known.
	whole := hook(compiler.WebhookSpec{URL: "{inputs.u}", Method: "GET", Data: map[string]any{"a": "b c"}}, param("u", compiler.Str))
	req, err = DryRun(whole, map[string]any{"u": Pending{Ref: "n3.info.response.next"}})
	if err != nil {
		t.Fatal(err)
	}
	want = "GET <n3.info.response.next>?a=b+c HTTP/1.1\r\nUser-Agent: wfc-webhook\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n\r\n"
	if got := req.String(); got != want {
		t.Errorf("dry run:\n%s\nwant:\n%s", got, want)
	}

	// A url that is a secret, or whose host is one: shown as ***, with
	// the path and query it will get; a secret later in the url does not
	// hide a url that cannot work.
	secretURL := hook(compiler.WebhookSpec{URL: "{secrets.URL}", Data: map[string]any{"a": "b"}}, param("x", compiler.Int))
	if req, err = DryRun(secretURL, map[string]any{"x": int64(1)}); err != nil {
		t.Fatal(err)
	}
	want = "POST *** HTTP/1.1\r\nUser-Agent: wfc-webhook\r\nContent-Length: 9\r\n" +
		"Accept: */*\r\nContent-Type: application/json\r\nAccept-Encoding: gzip\r\n\r\n" + `{"a":"b"}`
	if got := req.String(); got != want {
		t.Errorf("dry run:\n%s\nwant:\n%s", got, want)
	}
	secretHost := hook(compiler.WebhookSpec{URL: "https://{secrets.HOST}/v1/items?k=1", Method: "GET"}, param("x", compiler.Int))
	if req, err = DryRun(secretHost, map[string]any{"x": int64(1)}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(req.String(), "GET https://***/v1/items HTTP/1.1\r\n") {
		t.Errorf("dry run:\n%s\nwant the url with the host as *** and GET's query replaced", req)
	}
	badScheme := hook(compiler.WebhookSpec{URL: "ftp://example.org/{secrets.PATH}"}, param("x", compiler.Int))
	if _, err = DryRun(badScheme, map[string]any{"x": int64(1)}); err == nil || !strings.Contains(err.Error(), "missing an 'http://' or 'https://' protocol") {
		t.Errorf("ftp url with a secret path: err = %v, want the protocol error", err)
	}

	// CheckSecrets fails as the run would, before sending anything.
	if err := CheckSecrets(task, secretMap{}); err == nil || !strings.Contains(err.Error(), "TOKEN") {
		t.Errorf("missing secret: err = %v", err)
	}
	if err := CheckSecrets(task, secretMap{"TOKEN": "x"}); err != nil {
		t.Errorf("secret set: err = %v", err)
	}
}

func TestPlanNode(t *testing.T) {
	hello := &compiler.Task{Name: "hello", Kind: compiler.TaskShell}
	n0 := &compiler.Node{ID: "n0", Index: 0, Task: hello}
	task := hook(compiler.WebhookSpec{
		URL:  "http://127.0.0.1:8000/{inputs.env}/{inputs.id}",
		Data: map[string]any{"text": "{inputs.s}", "tags": "{inputs.tags}"},
	}, param("s", compiler.Str), param("env", compiler.Str), param("id", compiler.Int), param("tags", compiler.ListOf(compiler.Str)))
	node := &compiler.Node{ID: "n1", Index: 1, Task: task, Inputs: []*compiler.Binding{
		{Var: "s", Value: &compiler.BindingValue{Promise: &compiler.Promise{Node: n0, Var: "o0"}}},
		{Var: "env", Value: &compiler.BindingValue{Promise: &compiler.Promise{Var: "env"}}},
		{Var: "id", Value: &compiler.BindingValue{Promise: &compiler.Promise{Var: "cfg", Path: []string{"id"}}}},
		{Var: "tags", Value: &compiler.BindingValue{List: []*compiler.BindingValue{
			{Literal: "a"}, {Promise: &compiler.Promise{Node: n0, Var: "o0"}},
		}}},
	}}
	req, err := PlanNode(node, map[string]any{"cfg": map[string]any{"id": int64(42)}})
	if err != nil {
		t.Fatal(err)
	}
	want := "POST /<start-node.env>/42 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: wfc-webhook\r\nContent-Length: <pending>\r\n" +
		"Accept: */*\r\nContent-Type: application/json\r\nAccept-Encoding: gzip\r\n\r\n" +
		`{"tags":["a",<n0.o0>],"text":<n0.o0>}`
	if got := req.String(); got != want {
		t.Errorf("plan:\n%s\nwant:\n%s", got, want)
	}
}
