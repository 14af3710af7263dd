package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wfc-lang/wfc/nodes/webhook/echoserver"
)

// These tests run the programs in examples/ as `wfc run` does, against a
// loopback echo server on a free port: the examples' urls name
// 127.0.0.1:8000 (what `wfc serve` listens on), so each test copies the
// example with its urls pointed at the test's server.

// example copies examples/NAME with its urls on srv, into a temp dir.
func example(t *testing.T, name, srvURL string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(src), "http://127.0.0.1:8000", srvURL)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// wfc runs the command line in-process and returns its exit code, stdout
// and stderr.
func wfc(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(newEnv(strings.NewReader(""), &stdout, &stderr), args)
	return code, stdout.String(), stderr.String()
}

// The three outputs of the design example (examples/design.wf) are what
// flytekit's end-to-end test
// (tests/flytekit/unit/extras/webhook/test_end_to_end.py) expects of
// wf("world") with a server answering "Hello", with these urls.
func TestDesignExampleMatchesFlytekit(t *testing.T) {
	srv := httptest.NewServer(echoserver.Handler(echoserver.Options{Reply: "Hello"}))
	defer srv.Close()
	file := example(t, "design.wf", srv.URL)
	code, stdout, stderr := wfc("run", file, "-i", "s=world", "--runs-dir", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	want := map[string]any{
		"o0": map[string]any{"status_code": 200.0, "response_data": "Hello"},
		"o1": map[string]any{
			"status_code": 200.0, "response_data": "Hello",
			"input_data": map[string]any{"q": "Hello world"},
			"url":        srv.URL + "/items/10",
		},
		"o2": map[string]any{
			"status_code": 200.0, "response_data": "Hello",
			"input_data": map[string]any{"text": "Hello world"},
			"url":        srv.URL + "/services/xyz/zaa/aaa",
		},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("outputs:\n%s\nwant:\n%s", gotJSON, wantJSON)
	}
}

func TestExamplesRun(t *testing.T) {
	srv := httptest.NewServer(echoserver.Handler(echoserver.Options{}))
	defer srv.Close()
	t.Setenv("WFC_SECRET_PAGER_KEY", "pager-key-5a1c")
	t.Setenv("WFC_SECRET_STATUS_TOKEN", "status-token-77b3")
	for _, c := range []struct {
		file string
		args []string
		want []string // substrings of stdout
	}{
		{"notify.wf", []string{"-i", "service=billing", "-i", "version=1.4.2"},
			[]string{`"pagerduty": 200`, `"slack": 200`, `"status_page": 200`, `"teams": 200`}},
		{"fanout.wf", []string{"-i", `endpoints=["ops","sales","support"]`, "-i", "msg=hello"},
			[]string{`"status_code": 200`, `\"path\":\"/hooks/support\"`}},
		{"regions.wf", []string{"-i", `regions=["eu","us","apac","latam","africa"]`, "-i", "day=2024-05-01"},
			[]string{`"summary": "15 rows, total 10390: eu 2395,us 2021,apac 2051,latam 1771,africa 2152"`,
				`Sales for 2024-05-01: 15 rows`, `"status_code": 200`, `data` + string(filepath.Separator)}},
		{"rest_pipeline.wf", []string{"-i", "customer=Ada Lovelace"},
			[]string{`"o1": 200`, `"url": "` + srv.URL + `/orders/status"`, `\"reserved\":[\"book\",\"lamp\"]`}},
	} {
		t.Run(c.file, func(t *testing.T) {
			args := append([]string{"run", example(t, c.file, srv.URL), "--runs-dir", t.TempDir()}, c.args...)
			code, stdout, stderr := wfc(args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %s:\n%s", w, stdout)
				}
			}
		})
	}
}

// A workflow that uses secrets in a url, a header and a body, against a
// server that echoes them back, succeeding and failing: the secrets' values
// must appear in no output, no progress line, no error and no file of the
// run record.
func TestSecretsNeverWritten(t *testing.T) {
	srv := httptest.NewServer(echoserver.Handler(echoserver.Options{}))
	defer srv.Close()
	const pager, status = "pager-key-5a1c9e", "status-token-77b3d0"
	t.Setenv("WFC_SECRET_PAGER_KEY", pager)
	t.Setenv("WFC_SECRET_STATUS_TOKEN", status)
	runs := t.TempDir()
	var everything strings.Builder

	file := example(t, "notify.wf", srv.URL)
	for _, extra := range [][]string{nil, {"--json"}, {"-v"}} {
		args := append([]string{"run", file, "--runs-dir", runs, "-i", "service=billing", "-i", "version=1.4.2"}, extra...)
		code, stdout, stderr := wfc(args...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		everything.WriteString(stdout + stderr)
	}

	// Failing: the echo of the request (headers included) comes back in
	// the error.
	failing := filepath.Join(t.TempDir(), "failing.wf")
	os.WriteFile(failing, []byte(`
webhook leak(msg: str) {
    url     = "`+srv.URL+`/status/500?key={secrets.PAGER_KEY}"
    headers = {"Authorization": "Bearer {secrets.STATUS_TOKEN}"}
    data    = {"msg": "{inputs.msg}", "token": "{secrets.STATUS_TOKEN}"}
    show_data = true
    show_url  = true
}
workflow wf(msg: str) -> dict {
    return leak(msg = msg)
}
`), 0o644)
	for _, extra := range [][]string{nil, {"--json"}, {"--dry-run"}} {
		args := append([]string{"run", failing, "--runs-dir", runs, "-i", "msg=hi"}, extra...)
		code, stdout, stderr := wfc(args...)
		if extra == nil && (code != 1 || !strings.Contains(stderr, "status code 500") || !strings.Contains(stderr, "Bearer ***")) {
			t.Errorf("failing run: exit %d, want 1 with the status and the scrubbed echo:\n%s", code, stderr)
		}
		everything.WriteString(stdout + stderr)
	}
	if code, stdout, stderr := wfc("runs", "--runs-dir", runs); code != 0 {
		t.Errorf("wfc runs: exit %d: %s", code, stderr)
	} else {
		everything.WriteString(stdout)
	}

	files := 0
	filepath.WalkDir(runs, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			everything.WriteString(path + "\n" + string(b) + "\n")
			files++
		}
		return nil
	})
	if files < 5 {
		t.Errorf("only %d run-record files under %s", files, runs)
	}
	all := everything.String()
	for _, secret := range []string{pager, status} {
		if strings.Contains(all, secret) {
			i := strings.Index(all, secret)
			t.Errorf("secret %q written: …%s…", secret, all[max(0, i-200):min(len(all), i+100)])
		}
	}
	if !strings.Contains(all, "***") {
		t.Error("no *** anywhere: were the secrets used?")
	}
}

func TestDryRun(t *testing.T) {
	code, stdout, stderr := wfc("run", "--dry-run", filepath.Join("..", "..", "examples", "design.wf"), "-i", "s=world")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"# n0 hello: shell\n/bin/sh -c 'wfc_in_s=${1}; set --; ",
		" hello world\n\n# n1 simple_get: webhook\n",
		"# n2 get_with_params: webhook\nGET /items/10?q=<n0.o0> HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n",
		"POST /services/xyz/zaa/aaa HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n",
		"\r\n\r\n{\"text\":<n0.o0>}\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, stdout)
		}
	}
	t.Setenv("WFC_SECRET_PAGER_KEY", "")
	os.Unsetenv("WFC_SECRET_PAGER_KEY")
	code, stdout, _ = wfc("run", "--dry-run", filepath.Join("..", "..", "examples", "notify.wf"), "-i", "service=b", "-i", "version=1")
	if code != 1 || !strings.Contains(stdout, `"routing_key":"***"`) || !strings.Contains(stdout, "! Webhook secret PAGER_KEY is not set") {
		t.Errorf("dry run without secrets: exit %d\n%s", code, stdout)
	}
}

// `wfc run --serve ADDR` answers the run's webhooks itself: the README's
// first command.
func TestRunServe(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	file := example(t, "design.wf", "http://"+addr)
	code, stdout, stderr := wfc("run", "--serve", addr, file, "-i", "s=world", "--runs-dir", t.TempDir())
	if code != 0 || !strings.Contains(stdout, `"url": "http://`+addr+`/items/10"`) || !strings.Contains(stdout, `\"path\":\"/services/xyz/zaa/aaa\"`) {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := wfc("run", "--serve", "0.0.0.0:0", file, "-i", "s=world"); code != exitFail || !strings.Contains(stderr, "loopback") {
		t.Errorf("--serve 0.0.0.0: exit %d: %s", code, stderr)
	}
}

func TestServeLoopbackOnly(t *testing.T) {
	code, _, stderr := wfc("serve", "--addr", "0.0.0.0:0")
	if code != exitFail || !strings.Contains(stderr, "not a loopback address") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// Retries through `wfc run`. By default (parity with Flyte) every failure
// is retried while retries allow, a 400 included; with http_retry = true a
// 503 is retried and a 400 never is, however many retries are allowed.
func TestWebhookRetries(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch {
		case strings.HasPrefix(r.URL.Path, "/bad"):
			w.WriteHeader(400)
		case n == 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(503)
		default:
			io.WriteString(w, "ok")
		}
	}))
	defer srv.Close()
	write := func(name, fields string) string {
		file := filepath.Join(t.TempDir(), name)
		os.WriteFile(file, []byte(`
webhook flaky(path: str) {
    url     = "`+srv.URL+`/{inputs.path}"
`+fields+`
}
workflow wf(path: str) -> dict {
    return flaky(path = path)
}
`), 0o644)
		return file
	}
	aware := write("aware.wf", "    retries = 3\n    http_retry = true")
	code, stdout, stderr := wfc("run", aware, "-i", "path=flaky", "--runs-dir", t.TempDir())
	if code != 0 || calls.Load() != 2 || !strings.Contains(stdout, `"response_data": "ok"`) {
		t.Errorf("http_retry, 503 then 200: exit %d, %d calls\n%s%s", code, calls.Load(), stdout, stderr)
	}
	calls.Store(0)
	code, _, stderr = wfc("run", aware, "-i", "path=bad", "--runs-dir", t.TempDir())
	if code != 1 || calls.Load() != 1 || !strings.Contains(stderr, "status code 400") {
		t.Errorf("http_retry, 400: exit %d, %d calls (want 1: never retried)\n%s", code, calls.Load(), stderr)
	}
	// One retry keeps the default backoff's wait short (0.25–0.5s).
	parity := write("parity.wf", "    retries = 1")
	calls.Store(0)
	code, _, stderr = wfc("run", parity, "-i", "path=bad", "--runs-dir", t.TempDir())
	if code != 1 || calls.Load() != 2 || !strings.Contains(stderr, "status code 400") {
		t.Errorf("default, 400: exit %d, %d calls (want 2: retried like any failure)\n%s", code, calls.Load(), stderr)
	}
}

// `wfc run` takes the program's .wf files and a workflow name; a second
// argument that is a file but not a .wf file is a usage error, not a
// workflow name.
func TestRunArguments(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.wf")
	os.WriteFile(a, []byte("echo pass(s: str)\nworkflow main(s: str) -> str {\n    return pass(s = s)\n}\n"), 0o644)
	notes := filepath.Join(dir, "notes")
	os.WriteFile(notes, []byte("x"), 0o644)
	if code, _, stderr := wfc("run", a, notes, "-i", "s=x", "--runs-dir", t.TempDir()); code != exitUsage || !strings.Contains(stderr, "is a file, not a workflow") {
		t.Errorf("run a.wf notes: exit %d, want %d with a usage error\n%s", code, exitUsage, stderr)
	}
	if code, stdout, stderr := wfc("run", a, a, "-i", "s=x", "--runs-dir", t.TempDir()); code != 0 || !strings.Contains(stdout, `"x"`) {
		t.Errorf("run a.wf a.wf: exit %d (a file named twice is read once)\n%s%s", code, stdout, stderr)
	}
	// A workflow name still works, and a name that is neither is a usage
	// error about the workflow.
	if code, stdout, stderr := wfc("run", a, "main", "-i", "s=x", "--runs-dir", t.TempDir()); code != 0 || !strings.Contains(stdout, `"x"`) {
		t.Errorf("run a.wf main: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := wfc("run", a, "mian", "-i", "s=x", "--runs-dir", t.TempDir()); code != exitUsage || !strings.Contains(stderr, `no workflow "mian" (did you mean "main"?)`) {
		t.Errorf("run a.wf mian: exit %d\n%s", code, stderr)
	}
}

// The fan-out example against a server that refuses some endpoints: one
// failure in ten is within min_success_ratio 0.9 (its result is null), two
// are not.
func TestFanoutSuccessRatio(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if strings.HasPrefix(r.URL.Path, "/hooks/down") {
			http.Error(w, "endpoint down", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	file := example(t, "fanout.wf", srv.URL)
	endpoints := func(down int) string {
		var eps []string
		for i := range 10 {
			if i < down {
				eps = append(eps, fmt.Sprintf("%q", fmt.Sprint("down", i)))
			} else {
				eps = append(eps, fmt.Sprintf("%q", fmt.Sprint("up", i)))
			}
		}
		return "endpoints=[" + strings.Join(eps, ",") + "]"
	}

	code, stdout, stderr := wfc("run", file, "-i", endpoints(1), "-i", "msg=hi", "--runs-dir", t.TempDir())
	if code != 0 {
		t.Fatalf("one endpoint down: exit %d\n%s", code, stderr)
	}
	var got map[string][]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if sent := got["o0"]; len(sent) != 10 || sent[0] != nil || sent[1] == nil {
		t.Fatalf("results %v: want null for the endpoint that is down, info for the others", sent)
	}
	if n := requests.Load(); n != 10 {
		t.Errorf("%d requests, want 10", n)
	}

	code, _, stderr = wfc("run", file, "-i", endpoints(2), "-i", "msg=hi", "--runs-dir", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "2 of 10 items failed; at least 9 must succeed") || !strings.Contains(stderr, "503") {
		t.Fatalf("two endpoints down: exit %d\n%s", code, stderr)
	}
}

// A condition on a webhook's status code, the first one users write: the
// attribute is read by a node of its own, and the branch compares that.
func TestBranchOnStatusCode(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "here")
	}))
	defer srv.Close()
	src := `
webhook ping(path: str) {
    url    = "` + srv.URL + `/{inputs.path}"
    method = "GET"
    expect = [200, 404]
}
task found(body: str) -> str {
    shell = "printf 'found %s' {inputs.body}"
}
task missing(path: str) -> str {
    shell = "printf 'no %s' {inputs.path}"
}
workflow wf(path: str) -> str {
    r = ping(path = path)
    v = if r.status_code == 200 {
        found(body = r.response_data)
    } else {
        missing(path = path)
    }
    return v
}
`
	file := filepath.Join(t.TempDir(), "status.wf")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"present": `"o0": "found here"`, "missing": `"o0": "no missing"`} {
		code, stdout, stderr := wfc("run", file, "-i", "path="+path, "--runs-dir", t.TempDir())
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("path %s: exit %d, stdout %s, want %s\n%s", path, code, stdout, want, stderr)
		}
	}
}

// The CI example's failure handler posts to a loopback server with the
// error; the workflow still fails. keep_going lets lint finish although
// the tests failed.
func TestFailureHandlerPostsError(t *testing.T) {
	var mu sync.Mutex
	var bodies []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		bodies = append(bodies, body)
		mu.Unlock()
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	file := example(t, "ci.wf", srv.URL)
	runs := t.TempDir()

	code, _, stderr := wfc("run", file, "-i", "repo=shop", "-i", "ref=main", "--runs-dir", runs)
	if code != 0 || len(bodies) != 0 {
		t.Fatalf("a passing run: exit %d, %d alerts\n%s", code, len(bodies), stderr)
	}

	code, _, stderr = wfc("run", file, "-i", "repo=shop", "-i", "ref=broken", "--runs-dir", runs)
	if code != 1 || !strings.Contains(stderr, "2 tests failed") {
		t.Fatalf("a failing run: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "n2 lint: succeeded") {
		t.Errorf("keep_going: lint did not run\n%s", stderr)
	}
	if len(bodies) != 1 {
		t.Fatalf("%d alerts, want 1", len(bodies))
	}
	b := bodies[0]
	if b["text"] != "shop@broken failed" || b["channel"] != "#ci" || !strings.Contains(fmt.Sprint(b["error"]), "2 tests failed") {
		t.Errorf("alert %v", b)
	}
	code, stdout, _ := wfc("show", "--runs-dir", runs, "latest", "fn0")
	if code != 0 || !strings.Contains(stdout, "status    succeeded") {
		t.Errorf("the handler's record:\n%s", stdout)
	}

	// The workflow's keep_going is the run's, unless --keep-going says
	// otherwise (the run record says which applied).
	_, stdout, _ = wfc("show", "--json", "--runs-dir", runs, "latest")
	if !strings.Contains(stdout, `"keep_going": true`) {
		t.Errorf("keep_going not applied:\n%s", stdout)
	}
	wfc("run", file, "-i", "repo=shop", "-i", "ref=broken", "--keep-going=false", "--runs-dir", runs)
	_, stdout, _ = wfc("show", "--json", "--runs-dir", runs, "latest")
	if strings.Contains(stdout, `"keep_going": true`) {
		t.Errorf("--keep-going=false did not override keep_going:\n%s", stdout)
	}
}
