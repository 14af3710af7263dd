package webhook

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// Port of flytekit's tests/flytekit/unit/extras/webhook/test_end_to_end.py:
// wf("world") calls simple_get(), get_with_params(s=v, item_id=10) and
// invoke_slack(s=v) with v = hello("world") = "Hello world"; the server
// answers 200 "Hello" (the test's mocked response), here for real.
func TestEndToEndLikeFlytekit(t *testing.T) {
	srv := newRecorder(t, 200, "Hello")
	e := New(Options{MaxParallel: 4})
	defer e.Close()

	simpleGet := hook(compiler.WebhookSpec{
		URL: srv.URL + "/", Method: "GET",
		Headers: map[string]string{"Content-Type": "application/json"},
	})
	getWithParams := hook(compiler.WebhookSpec{
		URL: srv.URL + "/items/{inputs.item_id}", Method: "GET",
		Headers:  map[string]string{"Content-Type": "application/json"},
		Data:     map[string]any{"q": "{inputs.s}"},
		ShowData: true, ShowURL: true,
	}, param("s", compiler.Str), param("item_id", compiler.Int))
	invokeSlack := hook(compiler.WebhookSpec{
		URL:      srv.URL + "/services/test/test/test",
		Headers:  map[string]string{"Content-Type": "application/json"},
		Data:     map[string]any{"text": "{inputs.s}"},
		ShowData: true, ShowURL: true,
	}, param("s", compiler.Str))

	v := "Hello world"
	res0 := mustInfo(t, e, simpleGet, nil, nil)
	res1 := mustInfo(t, e, getWithParams, map[string]any{"s": v, "item_id": int64(10)}, nil)
	res2 := mustInfo(t, e, invokeSlack, map[string]any{"s": v}, nil)

	check := func(name string, got, want map[string]any) {
		t.Helper()
		if show(got) != show(want) {
			t.Errorf("%s = %s\nwant %s", name, show(got), show(want))
		}
	}
	check("res[0]", res0, map[string]any{"status_code": int64(200), "response_data": "Hello"})
	check("res[1]", res1, map[string]any{
		"status_code": int64(200), "response_data": "Hello",
		"input_data": map[string]any{"q": "Hello world"},
		"url":        srv.URL + "/items/10",
	})
	check("res[2]", res2, map[string]any{
		"status_code": int64(200), "response_data": "Hello",
		"input_data": map[string]any{"text": "Hello world"},
		"url":        srv.URL + "/services/test/test/test",
	})

	// What the server received, as httpx would send it.
	got := srv.got()
	if len(got) != 3 {
		t.Fatalf("server saw %d requests, want 3", len(got))
	}
	if r := got[0]; r.Method != "GET" || r.Path != "/" || r.RawQuery != "" || r.Body != "" {
		t.Errorf("simple_get sent %+v", r)
	}
	if r := got[1]; r.Method != "GET" || r.Path != "/items/10" || r.RawQuery != "q=Hello+world" || r.Body != "" {
		t.Errorf("get_with_params sent %+v", r)
	}
	if r := got[2]; r.Method != "POST" || r.Path != "/services/test/test/test" || r.Body != `{"text":"Hello world"}` ||
		r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("invoke_slack sent %+v", r)
	}
}

// test_connector.py: test_do_post_success, test_do_get_success,
// test_do_failure, test_do_get_failure — against a real server.
func TestPostAndGetSuccessAndFailure(t *testing.T) {
	for _, method := range []string{"POST", "GET"} {
		t.Run(method+" success", func(t *testing.T) {
			srv := newRecorder(t, 200, "Success")
			e := New(Options{})
			spec := compiler.WebhookSpec{
				URL: srv.URL, Method: method,
				Headers:  map[string]string{"Content-Type": "application/json"},
				Data:     map[string]any{"key": "value"},
				ShowData: method == "POST", ShowURL: true, Timeout: 60 * time.Second,
			}
			i := mustInfo(t, e, hook(spec), nil, nil)
			if i["status_code"] != int64(200) || i["response_data"] != "Success" || i["url"] != srv.URL {
				t.Errorf("info = %s", show(i))
			}
			_, hasData := i["input_data"]
			if hasData != (method == "POST") {
				t.Errorf("input_data present = %v with show_data = %v", hasData, method == "POST")
			}
			r := srv.only(t)
			if method == "POST" && r.Body != `{"key":"value"}` {
				t.Errorf("POST body = %q", r.Body)
			}
			if method == "GET" && (r.RawQuery != "key=value" || r.Body != "") {
				t.Errorf("GET query = %q body = %q", r.RawQuery, r.Body)
			}
		})
		t.Run(method+" failure", func(t *testing.T) {
			srv := newRecorder(t, 500, "Internal Server Error")
			e := New(Options{})
			_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: srv.URL, Method: method}), nil, nil)
			want := "Webhook failed with status code 500, response: Internal Server Error"
			if err == nil || err.Error() != want {
				t.Fatalf("err = %v, want %q", err, want)
			}
			var we *Error
			if !errors.As(err, &we) || we.StatusCode != 500 {
				t.Errorf("error = %#v: want status 500", err)
			}
		})
	}
}

// test_connector.py: test_get_final_dict — url, a header and data rendered.
func TestFinalRendering(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	task := hook(compiler.WebhookSpec{
		URL:      srv.URL + "/{inputs.x}",
		Headers:  map[string]string{"Content-Type": "application/json", "Authorization": "{inputs.y}"},
		Data:     map[string]any{"key": "{inputs.z}"},
		ShowData: true, ShowURL: true, Timeout: 60 * time.Second,
	}, param("x", compiler.Str), param("y", compiler.Str), param("z", compiler.Str))
	i := mustInfo(t, e, task, map[string]any{"x": "value_x", "y": "value_y", "z": "value_z"}, nil)
	if i["url"] != srv.URL+"/value_x" || show(i["input_data"]) != "{'key': 'value_z'}" {
		t.Errorf("info = %s", show(i))
	}
	r := srv.only(t)
	if r.Path != "/value_x" || r.Header.Get("Authorization") != "value_y" || r.Body != `{"key":"value_z"}` {
		t.Errorf("sent %+v", r)
	}
}

// Each type as the connector renders it, in a url, a header, a JSON body and
// GET parameters, as the server receives it.
func TestRenderingEveryTypeOnTheWire(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	ts := time.Date(2024, 5, 1, 12, 30, 0, 0, time.UTC)
	params := []*compiler.Param{
		param("i", compiler.Int), param("f", compiler.Float), param("b", compiler.Bool),
		param("n", compiler.OptionalOf(compiler.Int)), param("t", compiler.Datetime),
		param("d", compiler.Duration), param("l", compiler.ListOf(compiler.Str)),
		param("m", compiler.Dict),
	}
	inputs := map[string]any{
		"i": int64(10), "f": 1e-05, "b": true, "n": nil, "t": ts, "d": 90 * time.Second,
		"l": []any{"a", "b"}, "m": map[string]any{"k": int64(1)},
	}
	text := "i={inputs.i} f={inputs.f} b={inputs.b} n={inputs.n} t={inputs.t} d={inputs.d} l={inputs.l} m={inputs.m}"
	wantText := "i=10 f=1e-05 b=True n=None t=2024-05-01T12:30:00+00:00 d=90.0 l=['a', 'b'] m={'k': 1.0}"
	data := map[string]any{"text": text, "literal": int64(5)}
	for _, name := range []string{"i", "f", "b", "n", "t", "d", "l", "m"} {
		data[name] = "{inputs." + name + "}"
	}
	post := hook(compiler.WebhookSpec{
		URL:     srv.URL + "/post/{inputs.i}/{inputs.b}",
		Headers: map[string]string{"X-Text": text},
		Data:    data,
	}, params...)
	mustInfo(t, e, post, inputs, nil)
	get := hook(compiler.WebhookSpec{URL: srv.URL + "/get?keep=1&i=old", Method: "GET", Data: data}, params...)
	mustInfo(t, e, get, inputs, nil)

	got := srv.got()
	p := got[0]
	if p.Path != "/post/10/True" {
		t.Errorf("path = %q", p.Path)
	}
	if h := p.Header.Get("X-Text"); h != wantText {
		t.Errorf("header = %q\nwant       %q", h, wantText)
	}
	// json.dumps(..., separators=(",", ":")): typed values for whole
	// placeholders; the literal 5 arrives as 5.0 through the task's Struct.
	wantBody := `{"b":true,"d":90.0,"f":1e-05,"i":10,"l":["a","b"],"literal":5.0,"m":{"k":1.0},"n":null,` +
		`"t":"2024-05-01T12:30:00+00:00","text":"` + wantText + `"}`
	if p.Body != wantBody {
		t.Errorf("body = %s\nwant   %s", p.Body, wantBody)
	}
	// httpx params: True → "true", None → "", a list → repeated, a dict →
	// its repr; they replace the url's own query (keep=1&i=old).
	wantQuery := "b=true&d=90.0&f=1e-05&i=10&l=a&l=b&literal=5.0&m=%7B%27k%27%3A+1.0%7D&n=" +
		"&t=2024-05-01T12%3A30%3A00%2B00%3A00&text=i%3D10+f%3D1e-05+b%3DTrue+n%3DNone+t%3D2024-05-01T12%3A30%3A00%2B00%3A00+d%3D90.0+l%3D%5B%27a%27%2C+%27b%27%5D+m%3D%7B%27k%27%3A+1.0%7D"
	if g := got[1]; g.Path != "/get" || g.RawQuery != wantQuery {
		t.Errorf("query = %s\nwant    %s", g.RawQuery, wantQuery)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	target := newRecorder(t, 200, "moved here")
	srv := newRecorder(t, http.StatusFound, "")
	srv.header.Set("Location", target.URL)
	e := New(Options{})
	_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: srv.URL}), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "status code 302") {
		t.Errorf("err = %v, want a 302 failure", err)
	}
	if n := len(target.got()); n != 0 {
		t.Errorf("redirect followed: target saw %d requests", n)
	}
	// expect = [302] accepts it.
	i := mustInfo(t, e, hook(compiler.WebhookSpec{URL: srv.URL, Expect: []int{302}}), nil, nil)
	if i["status_code"] != int64(302) {
		t.Errorf("info = %s", show(i))
	}
}

func TestExpectAndMethods(t *testing.T) {
	srv := newRecorder(t, 201, "created")
	e := New(Options{})
	if _, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: srv.URL}), nil, nil); err == nil {
		t.Error("201 without expect: want failure (the connector accepts 200 only)")
	}
	for _, m := range []string{"PUT", "PATCH", "DELETE", "post", "get"} {
		task := hook(compiler.WebhookSpec{URL: srv.URL + "/x", Method: m, Expect: []int{200, 201, 204}, Data: map[string]any{"a": "b"}})
		mustInfo(t, e, task, nil, nil)
	}
	got := srv.got()[1:]
	wants := []struct{ method, query, body string }{
		{"PUT", "", `{"a":"b"}`}, {"PATCH", "", `{"a":"b"}`}, {"DELETE", "a=b", ""}, {"POST", "", `{"a":"b"}`}, {"GET", "a=b", ""},
	}
	for i, w := range wants {
		if got[i].Method != w.method || got[i].RawQuery != w.query || got[i].Body != w.body {
			t.Errorf("request %d = %+v, want %+v", i, got[i], w)
		}
	}
	if _, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: srv.URL, Method: "TRACE"}), nil, nil); err == nil {
		t.Error("TRACE: want an error")
	}
}

func TestResponseJSON(t *testing.T) {
	srv := newRecorder(t, 200, `{"items": [{"id": 7, "price": 2.5}], "next": null}`)
	e := New(Options{})
	i := mustInfo(t, e, hook(compiler.WebhookSpec{URL: srv.URL, Response: "json"}), nil, nil)
	want := "{'items': [{'id': 7, 'price': 2.5}], 'next': None}"
	if show(i["response"]) != want {
		t.Errorf("response = %s, want %s", show(i["response"]), want)
	}
	if i["response_data"] != srv.body {
		t.Errorf("response_data = %q", i["response_data"])
	}
	bad := newRecorder(t, 200, "<html>not json</html>")
	_, err, _ := run(t, e, hook(compiler.WebhookSpec{URL: bad.URL, Response: "json"}), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "is not JSON") {
		t.Errorf("err = %v, want a not-JSON error", err)
	}
}

func TestHeaderChecks(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	inject := hook(compiler.WebhookSpec{URL: srv.URL, Headers: map[string]string{"X-Name": "{inputs.s}"}}, param("s", compiler.Str))
	_, err, _ := run(t, e, inject, map[string]any{"s": "a\r\nX-Evil: 1"}, nil)
	if err == nil || !strings.Contains(err.Error(), `Illegal header value b'a\r\nX-Evil: 1'`) {
		t.Errorf("err = %v, want h11's CR/LF rejection", err)
	}
	// httpx encodes header values as ASCII (Python's message).
	_, err, _ = run(t, e, inject, map[string]any{"s": "café"}, nil)
	if err == nil || !strings.Contains(err.Error(), `'ascii' codec can't encode character '\xe9' in position 3: ordinal not in range(128)`) {
		t.Errorf("err = %v, want a non-ASCII rejection", err)
	}
	_, err, _ = run(t, e, inject, map[string]any{"s": "naïve café"}, nil)
	if err == nil || !strings.Contains(err.Error(), `'ascii' codec can't encode character '\xef' in position 2`) {
		t.Errorf("err = %v, want the first non-ASCII character named", err)
	}
	_, err, _ = run(t, e, inject, map[string]any{"s": "€€ x"}, nil)
	if err == nil || !strings.Contains(err.Error(), `'ascii' codec can't encode characters in position 0-1`) {
		t.Errorf("err = %v, want the run of non-ASCII characters named", err)
	}
	// h11 refuses leading or trailing whitespace (Go would trim it and
	// send the request), and NUL, VT, FF anywhere; it accepts \x01 and
	// \x7f, which Go refuses to send.
	for _, c := range []struct{ value, msg string }{
		{"x ", `Illegal header value b'x '`},
		{"\tx", `Illegal header value b'\tx'`},
		{"a\x00b", `Illegal header value b'a\x00b'`},
		{"a\x0bb", `Illegal header value b'a\x0bb'`},
		{"a\x0cb", `Illegal header value b'a\x0cb'`},
		{"a\x01b", `holds the control character '\x01', which Go's HTTP client refuses to send`},
		{"a\x7fb", `holds the control character '\x7f'`},
	} {
		_, err, _ = run(t, e, inject, map[string]any{"s": c.value}, nil)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("header %q: err = %v, want %q", c.value, err, c.msg)
		}
	}
	typed := hook(compiler.WebhookSpec{URL: srv.URL, Headers: map[string]string{"X-Count": "{inputs.n}"}}, param("n", compiler.Int))
	_, err, _ = run(t, e, typed, map[string]any{"n": int64(3)}, nil)
	if err == nil || !strings.Contains(err.Error(), "Header value must be str or bytes, not <class 'int'>") {
		t.Errorf("err = %v, want the connector's header type error", err)
	}
	if n := len(srv.got()); n != 0 {
		t.Errorf("server saw %d requests; rejected headers must send nothing", n)
	}
	host := hook(compiler.WebhookSpec{URL: srv.URL, Headers: map[string]string{"Host": "example.test", "user-agent": "mine"}})
	mustInfo(t, e, host, nil, nil)
	if r := srv.only(t); r.Header.Get("User-Agent") != "mine" || r.Header.Get("Accept") != "*/*" {
		t.Errorf("headers = %v", r.Header)
	}
}

// The rate limiter spaces requests evenly, on the executor's clock: here a
// fake one, which only the limiter's sleeps move on.
func TestRateLimit(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	clock := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var waits []time.Duration
	e.now = func() time.Time { return clock }
	e.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		clock = clock.Add(d)
		return nil
	}
	task := hook(compiler.WebhookSpec{URL: srv.URL, Rate: &compiler.Rate{N: 50, Per: time.Second}})
	for range 6 {
		mustInfo(t, e, task, nil, nil)
	}
	// Six requests at 50/s, burst 1: the first at once, then one every 20ms.
	want := []time.Duration{20 * time.Millisecond, 20 * time.Millisecond, 20 * time.Millisecond, 20 * time.Millisecond, 20 * time.Millisecond}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Errorf("waits = %v, want %v", waits, want)
	}
	if n := len(srv.got()); n != 6 {
		t.Errorf("server saw %d requests", n)
	}
	// Another host has its own budget; a cancelled wait sends nothing.
	other := newRecorder(t, 200, "ok")
	mustInfo(t, e, hook(compiler.WebhookSpec{URL: strings.Replace(other.URL, "127.0.0.1", "localhost", 1), Rate: task.Webhook.Rate}), nil, nil)
	if len(waits) != len(want) {
		t.Errorf("a new host waited: %v", waits)
	}
	e.sleep = func(ctx context.Context, d time.Duration) error { return context.Canceled }
	if _, err, _ := run(t, e, task, nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: err = %v", err)
	}
	if n := len(srv.got()); n != 6 {
		t.Errorf("server saw %d requests after a cancelled wait", n)
	}
}

// Waiting for the rate limiter is not part of the webhook's timeout: two
// calls at one per 600ms with a 150ms timeout both succeed (the second
// waits about 600ms before its request starts).
func TestRateLimitWaitIsNotTimed(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	task := hook(compiler.WebhookSpec{URL: srv.URL, Timeout: 150 * time.Millisecond, Rate: &compiler.Rate{N: 1, Per: 600 * time.Millisecond}})
	for i := range 2 {
		if _, err, _ := run(t, e, task, nil, nil); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	// The run's context still ends the wait.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err, _ := runCtx(ctx, e, task, nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: err = %v, want context.Canceled", err)
	}
	if n := len(srv.got()); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

// The executor sends requests on its transport directly, not through an
// http.Client; what a Client would add without a cookie jar or a deadline
// it adds itself: credentials in the url as basic auth (replacing the
// task's own Authorization, as httpx's BasicAuth does), and a clear error
// for an https url answered in plain HTTP.
func TestURLCredentialsAndSchemeMismatch(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	withUser := strings.Replace(srv.URL, "http://", "http://ann:s%20cret@", 1)
	task := hook(compiler.WebhookSpec{URL: withUser + "/a", Headers: map[string]string{"Content-Type": "application/json"}})
	for range 2 {
		mustInfo(t, e, task, nil, nil)
	}
	own := hook(compiler.WebhookSpec{URL: withUser + "/b", Headers: map[string]string{"Authorization": "Bearer t"}})
	mustInfo(t, e, own, nil, nil)
	got := srv.got()
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("ann:s cret"))
	if got[0].Header.Get("Authorization") != want || got[1].Header.Get("Authorization") != want {
		t.Errorf("Authorization = %q, %q; want %q", got[0].Header.Get("Authorization"), got[1].Header.Get("Authorization"), want)
	}
	if a := got[2].Header.Get("Authorization"); a != want {
		t.Errorf("with the task's own Authorization: %q, want %q", a, want)
	}
	// The task's shared header map is not changed by adding the credentials.
	shared := 0
	for k := range e.compiled(task.Webhook).fixedHeaders {
		if f := e.compiled(task.Webhook).fixedHeaders[k].Load(); f != nil {
			shared++
			if f.header.Get("Authorization") != "" {
				t.Errorf("shared headers changed: %+v", f)
			}
		}
	}
	if shared == 0 {
		t.Error("the task's headers were not shared")
	}

	https := hook(compiler.WebhookSpec{URL: strings.Replace(srv.URL, "http://", "https://", 1)})
	_, err, _ := run(t, e, https, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		t.Errorf("err = %v, want the scheme mismatch named", err)
	}
}

// A watchdog is reused by later calls with the same parent context, and
// never once its parent is done or it has fired.
func TestWatchdogReuse(t *testing.T) {
	p := &watchdogs{max: 2}
	parent, cancel := context.WithCancel(context.Background())
	w1, ctx1 := p.start(parent, time.Hour, time.Hour)
	w1.stop()
	w2, ctx2 := p.start(parent, time.Hour, time.Hour)
	if w2 != w1 || ctx2 != ctx1 || ctx2.Err() != nil {
		t.Fatalf("not reused: %p %p", w1, w2)
	}
	w2.enter(phaseBody)
	w2.stop()
	w3, _ := p.start(parent, time.Hour, time.Hour)
	if w3.current() != phaseConnect {
		t.Errorf("a reused watchdog starts in phase %d", w3.current())
	}
	w3.stop()

	cancel()
	w4, ctx4 := p.start(parent, time.Hour, time.Hour)
	if w4 == w1 {
		t.Error("a watchdog whose parent is done was reused")
	}
	if ctx4.Err() == nil {
		t.Error("a new watchdog's context must follow its (cancelled) parent")
	}
	w4.stop()

	other, cancelOther := context.WithCancel(context.Background())
	defer cancelOther()
	w5, ctx5 := p.start(other, time.Nanosecond, time.Hour)
	<-ctx5.Done() // fired: cancelled with a timeout
	var te *TimeoutError
	if !errors.As(context.Cause(ctx5), &te) {
		t.Errorf("cause = %v, want a *TimeoutError", context.Cause(ctx5))
	}
	w5.stop()
	if w6, ctx6 := p.start(other, time.Hour, time.Hour); w6 == w5 || ctx6.Err() != nil {
		t.Error("a watchdog that fired was reused")
	}
}

// Watchdogs made, fired, re-armed by progress, stopped and reused from many
// goroutines at once, for the race detector: a watchdog's timer may fire
// while its call makes progress or stops, and a reused one must not see a
// previous call's timer.
func TestWatchdogConcurrentUse(t *testing.T) {
	p := &watchdogs{max: 4}
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				d := time.Duration(1+(g*200+i)%7) * 50 * time.Microsecond
				w, ctx := p.start(parent, d, 4*d)
				for range i % 4 {
					w.enter(phaseBody)
					time.Sleep(20 * time.Microsecond)
				}
				if ctx.Err() != nil {
					var te *TimeoutError
					if !errors.As(context.Cause(ctx), &te) {
						t.Errorf("cause = %v, want a *TimeoutError", context.Cause(ctx))
					}
				}
				w.stop()
			}
		}()
	}
	wg.Wait()
}

// escape = true escapes inputs placed into the url, and nowhere else: not
// in headers, not in the body.
func TestEscapeIsForTheURLOnly(t *testing.T) {
	srv := newRecorder(t, 200, "ok")
	e := New(Options{})
	task := hook(compiler.WebhookSpec{
		URL:          srv.URL + "/p/{inputs.s}",
		Headers:      map[string]string{"X-Name": "name: {inputs.s}"},
		Data:         map[string]any{"text": "text: {inputs.s}"},
		EscapeValues: true,
	}, param("s", compiler.Str))
	mustInfo(t, e, task, map[string]any{"s": "a b/c"}, nil)
	r := srv.only(t)
	if r.Path != "/p/a b/c" || r.Header.Get("X-Name") != "name: a b/c" || r.Body != `{"text":"text: a b/c"}` {
		t.Errorf("sent path %q, X-Name %q, body %s", r.Path, r.Header.Get("X-Name"), r.Body)
	}
}
