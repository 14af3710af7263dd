package webhook

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/nodes/webhook/echoserver"
)

const secretValue = "tok-9f8e7d6c5b4a"

// secretTask uses the secret in the url, a header and data, and shows
// everything it may show.
func secretTask(url string) *compiler.Task {
	return hook(compiler.WebhookSpec{
		URL:      url + "?key={secrets.TOKEN}",
		Headers:  map[string]string{"Authorization": "Bearer {secrets.TOKEN}"},
		Data:     map[string]any{"token": "{secrets.TOKEN}", "msg": "hi {inputs.s} {secrets.TOKEN}"},
		ShowData: true, ShowURL: true, Response: "json",
		Timeout: 200 * time.Millisecond,
	}, param("s", compiler.Str))
}

// TestSecretNeverShown runs calls that use a secret — succeeding, failing
// with a response that echoes it, timing out, refused — and searches every
// output, error and log line for its value.
func TestSecretNeverShown(t *testing.T) {
	echo := httptest.NewServer(echoserver.Handler(echoserver.Options{}))
	defer echo.Close()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := "http://" + l.Addr().String()
	l.Close()
	release := make(chan struct{})
	defer close(release)
	slow := newCountingServer(t, blockingHandler(nil, release))

	e := New(Options{})
	secrets := secretMap{"TOKEN": secretValue}
	inputs := map[string]any{"s": "there"}
	var everything strings.Builder
	record := func(name string, out map[string]any, err error, logs *logSink) {
		b, jerr := json.Marshal(out)
		if jerr != nil {
			t.Fatalf("%s: outputs do not marshal: %v", name, jerr)
		}
		fmt.Fprintf(&everything, "%s\n%s\n%s\n%v\n%+v\n%s\n", name, b, show(out), err, err, logs)
	}

	// Success: the server gets the real value; info shows ***.
	out, err, logs := run(t, e, secretTask(echo.URL+"/hook"), inputs, secrets)
	record("success", out, err, logs)
	i := out["info"].(map[string]any)
	resp := i["response"].(map[string]any)
	if got := resp["headers"].(map[string]any)["Authorization"]; got != "Bearer ***" {
		t.Errorf("echoed Authorization in info.response = %v, want it scrubbed to Bearer ***", got)
	}
	if !strings.Contains(i["response_data"].(string), `"key":["***"]`) {
		t.Errorf("response_data = %s", i["response_data"])
	}
	if got := show(i["input_data"]); got != "{'msg': 'hi there ***', 'token': '***'}" {
		t.Errorf("input_data = %s", got)
	}
	if i["url"] != echo.URL+"/hook?key=***" {
		t.Errorf("url = %v", i["url"])
	}

	// The request really carried the secret (so the test above means
	// something): check with a recorder.
	rec := newRecorder(t, 200, "{}")
	mustInfo(t, e, secretTask(rec.URL), inputs, secrets)
	if r := rec.only(t); r.Header.Get("Authorization") != "Bearer "+secretValue || !strings.Contains(r.Body, secretValue) ||
		r.RawQuery != "key="+secretValue {
		t.Errorf("server got %+v, want the real secret in header, body and query", r)
	}

	// Failure whose response echoes the secret back.
	out, err, logs = run(t, e, secretTask(echo.URL+"/status/500"), inputs, secrets)
	if err == nil || !strings.Contains(err.Error(), "status code 500") || !strings.Contains(err.Error(), "Bearer ***") {
		t.Errorf("500: err = %v, want the status and the scrubbed echo", err)
	}
	record("500", out, err, logs)

	// Timeout and connection refused: the url with the secret is in the message.
	out, err, logs = run(t, e, secretTask(slow.URL), inputs, secrets)
	if err == nil || !strings.Contains(err.Error(), "key=***") {
		t.Errorf("timeout: err = %v, want the redacted url", err)
	}
	record("timeout", out, err, logs)
	out, err, logs = run(t, e, secretTask(refused), inputs, secrets)
	if err == nil || !strings.Contains(err.Error(), "key=***") {
		t.Errorf("refused: err = %v, want the redacted url", err)
	}
	record("refused", out, err, logs)

	// A secret that would break a header is rejected without showing it.
	bad := secretMap{"TOKEN": secretValue + "\r\nX-Evil: 1"}
	out, err, logs = run(t, e, secretTask(echo.URL), inputs, bad)
	if err == nil || !strings.Contains(err.Error(), "Illegal header value b'Bearer ***'") {
		t.Errorf("CR/LF secret: err = %v", err)
	}
	record("crlf", out, err, logs)

	// A dry run shows *** as well.
	req, err := DryRun(secretTask(echo.URL), inputs)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&everything, "%s\n", req)

	if strings.Contains(everything.String(), secretValue) {
		t.Errorf("the secret's value appears in outputs, errors or logs:\n%s", everything.String())
	}
	if !strings.Contains(everything.String(), "***") {
		t.Error("expected *** in place of the secret somewhere")
	}
}

// A secret with characters that get escaped on the way out and back — in the
// query, and in the echo's JSON — is scrubbed in every spelling.
func TestSecretSpellingsScrubbed(t *testing.T) {
	echo := httptest.NewServer(echoserver.Handler(echoserver.Options{}))
	defer echo.Close()
	const odd = `p@ss w<rd>&"x/y`
	e := New(Options{})
	task := hook(compiler.WebhookSpec{
		URL:     echo.URL + "/hook?key={secrets.TOKEN}",
		Headers: map[string]string{"X-Token": "{secrets.TOKEN}"},
		Data:    map[string]any{"token": "{secrets.TOKEN}"},
		ShowURL: true, ShowData: true, Response: "json",
	})
	out, err, _ := run(t, e, task, nil, secretMap{"TOKEN": odd})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(out)
	text := string(b) + show(out)
	for _, spelling := range []string{odd, url.QueryEscape(odd), url.PathEscape(odd), `p@ss w\u003crd\u003e\u0026\"x/y`, `p@ss w<rd>&\"x/y`} {
		if strings.Contains(text, spelling) {
			t.Errorf("secret spelling %q in outputs:\n%s", spelling, text)
		}
	}
}

// A secret placed into the url is escaped for the part it lands in — path-
// escaped in the path, query-escaped in the query, escaped in the user info
// — so that its characters neither change the request nor reach the server
// in another spelling; one that forms the url's base (scheme, host, port)
// is substituted as it is. Inputs stay raw, as the connector has them.
func TestSecretInURLIsEscaped(t *testing.T) {
	type got struct {
		rawPath, auth string
		query         url.Values
	}
	var mu sync.Mutex
	var seenReqs []got
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seenReqs = append(seenReqs, got{r.URL.EscapedPath(), r.Header.Get("Authorization"), r.URL.Query()})
		mu.Unlock()
		io.WriteString(w, "ok")
	})
	last := func() got {
		mu.Lock()
		defer mu.Unlock()
		return seenReqs[len(seenReqs)-1]
	}
	const odd = "a+b&c=d/e?f#g%h i@j:k"
	secrets := secretMap{"TOKEN": odd, "BASE": srv.URL, "HOOK": srv.URL + "/whole/x?y=1&z=a+b"}
	e := New(Options{})

	for _, c := range []struct {
		name, method string
		escape       bool
	}{{"POST", "POST", false}, {"GET", "GET", false}, {"POST escape = true", "POST", true}} {
		task := hook(compiler.WebhookSpec{
			URL:    srv.URL + "/hook/{secrets.TOKEN}/{inputs.p}?key={secrets.TOKEN}&n=1",
			Method: c.method, Data: map[string]any{"d": "v"}, ShowURL: true, EscapeValues: c.escape,
		}, param("p", compiler.Str))
		i := mustInfo(t, e, task, map[string]any{"p": "x y"}, secrets)
		g := last()
		wantPath := "/hook/" + url.PathEscape(odd) + "/x%20y"
		if g.rawPath != wantPath {
			t.Errorf("%s: path = %s, want %s", c.name, g.rawPath, wantPath)
		}
		if c.method == "GET" {
			// The data replaces the url's query (httpx 0.28, as on Flyte).
			if len(g.query) != 1 || g.query.Get("d") != "v" {
				t.Errorf("%s: query = %v, want the data only", c.name, g.query)
			}
		} else if v := g.query["key"]; len(v) != 1 || v[0] != odd || g.query.Get("n") != "1" {
			t.Errorf("%s: query = %v, want key = the secret, n = 1", c.name, g.query)
		}
		if shown := i["url"].(string); strings.Contains(shown, "a+b") || !strings.Contains(shown, "***") {
			t.Errorf("%s: info.url = %s", c.name, shown)
		}
	}

	// An input is substituted raw: its "/" is a path separator, as on Flyte.
	raw := hook(compiler.WebhookSpec{URL: srv.URL + "/in/{inputs.p}"}, param("p", compiler.Str))
	mustInfo(t, e, raw, map[string]any{"p": "a/b"}, nil)
	if g := last(); g.rawPath != "/in/a/b" {
		t.Errorf("input path = %s, want /in/a/b", g.rawPath)
	}

	// A secret base url, and a whole secret url, are the url itself.
	base := hook(compiler.WebhookSpec{URL: "{secrets.BASE}/items?k={secrets.TOKEN}"})
	mustInfo(t, e, base, nil, secrets)
	if g := last(); g.rawPath != "/items" || g.query.Get("k") != odd {
		t.Errorf("secret base: path %s query %v", g.rawPath, g.query)
	}
	whole := hook(compiler.WebhookSpec{URL: "{secrets.HOOK}", ShowURL: true})
	if i := mustInfo(t, e, whole, nil, secrets); i["url"] != "***" {
		t.Errorf("whole secret url shown as %v", i["url"])
	}
	if g := last(); g.rawPath != "/whole/x" || g.query.Get("y") != "1" || g.query.Get("z") != "a b" {
		t.Errorf("whole secret url: path %s query %v", g.rawPath, g.query)
	}

	// A password in the url's user info is sent as basic auth, intact.
	host := strings.TrimPrefix(srv.URL, "http://")
	userinfo := hook(compiler.WebhookSpec{URL: "http://ann:{secrets.TOKEN}@" + host + "/u"})
	mustInfo(t, e, userinfo, nil, secrets)
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("ann:"+odd))
	if g := last(); g.auth != want || g.rawPath != "/u" {
		t.Errorf("user info: Authorization %q path %s, want %q", g.auth, g.rawPath, want)
	}
}

// The echo server hands back the query it got: the secret in it is one
// value, and scrubbed.
func TestSecretInQueryEchoedAsOneValue(t *testing.T) {
	echo := httptest.NewServer(echoserver.Handler(echoserver.Options{}))
	defer echo.Close()
	const odd = "x&evil=1 y+z"
	e := New(Options{})
	task := hook(compiler.WebhookSpec{URL: echo.URL + "/hook?key={secrets.TOKEN}", Response: "json"})
	i := mustInfo(t, e, task, nil, secretMap{"TOKEN": odd})
	q := i["response"].(map[string]any)["query"]
	if s := show(q); s != "{'key': ['***']}" {
		t.Errorf("echoed query = %s, want only key, scrubbed", s)
	}
}

// A password in the url's user info is sent as basic auth, the way httpx
// sends it for the connector: the header replaces the task's own, the user
// info is not sent otherwise, and the base64 credential an echoing server
// hands back is masked, as text and in the parsed response.
func TestUserInfoCredentialMasked(t *testing.T) {
	var gotAuth, gotHost, gotURI string
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotHost, gotURI = r.Header.Get("Authorization"), r.Host, r.RequestURI
		// Echo the header back, as JSON and as its base64 alone.
		auth := r.Header.Get("Authorization")
		json.NewEncoder(w).Encode(map[string]any{"authorization": auth, "b64": strings.TrimPrefix(auth, "Basic ")})
	})
	const password = "pä/ss+wö=rd"
	host := strings.TrimPrefix(srv.URL, "http://")
	task := hook(compiler.WebhookSpec{
		URL:      "http://ann:{secrets.PW}@" + host + "/u",
		Headers:  map[string]string{"Authorization": "Bearer replaced"},
		Response: "json", ShowURL: true,
	})
	e := New(Options{})
	i := mustInfo(t, e, task, nil, secretMap{"PW": password})
	credential := base64.StdEncoding.EncodeToString([]byte("ann:" + password))
	if gotAuth != "Basic "+credential || gotHost != host || gotURI != "/u" {
		t.Errorf("server got Authorization %q, Host %q, request uri %q; want Basic %s, %s, /u", gotAuth, gotHost, gotURI, credential, host)
	}
	if got := show(i["response"]); got != "{'authorization': 'Basic ***', 'b64': '***'}" {
		t.Errorf("info.response = %s", got)
	}
	if got := i["response_data"].(string); strings.Contains(got, credential) || !strings.Contains(got, `"b64":"***"`) {
		t.Errorf("info.response_data = %s", got)
	}
	if i["url"] != "http://ann:***@"+host+"/u" {
		t.Errorf("info.url = %v", i["url"])
	}

	// The same echoed in a failure's message.
	fail := hook(compiler.WebhookSpec{URL: "http://ann:{secrets.PW}@" + host + "/u", Expect: []int{201}})
	_, err, _ := run(t, e, fail, nil, secretMap{"PW": password})
	if err == nil || strings.Contains(err.Error(), credential) || !strings.Contains(err.Error(), `"b64":"***"`) {
		t.Errorf("err = %v", err)
	}

	// A dry run shows the header as it is made, the password masked.
	req, err := DryRun(task, nil)
	if err != nil {
		t.Fatal(err)
	}
	if req.URL != "http://"+host+"/u" || !strings.HasPrefix(req.Raw, "POST /u HTTP/1.1\r\nHost: "+host+"\r\n") ||
		!strings.Contains(req.Raw, "\r\nAuthorization: Basic base64(ann:***)\r\n") {
		t.Errorf("dry run: %s\n%s", req.URL, req.Raw)
	}
}

// With response = "json", a secret that the reply holds as a number is
// masked in the parsed value as well as in the text.
func TestSecretAsJSONNumberMasked(t *testing.T) {
	rec := newRecorder(t, 200, `{"pin": 84729163, "pin_float": 84729163.0, "n": 7}`)
	task := hook(compiler.WebhookSpec{URL: rec.URL, Data: map[string]any{"pin": "{secrets.PIN}"}, Response: "json"})
	i := mustInfo(t, New(Options{}), task, nil, secretMap{"PIN": "84729163"})
	if got := show(i["response"]); got != "{'n': 7, 'pin': '***', 'pin_float': '***'}" {
		t.Errorf("info.response = %s", got)
	}
	if got := i["response_data"]; got != `{"pin": ***, "pin_float": ***.0, "n": 7}` {
		t.Errorf("info.response_data = %s", got)
	}
}
