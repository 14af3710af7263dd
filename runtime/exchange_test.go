package runtime_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// sampleExchange has every field set, with the secret in each string.
func sampleExchange(secret string) *runtime.HTTPExchange {
	return &runtime.HTTPExchange{
		Request: runtime.HTTPRequest{
			Method:         "POST",
			URL:            "http://127.0.0.1:9/p/" + secret + "?q=\"<&>\"",
			Headers:        []runtime.HTTPHeader{{Name: "Host", Value: "127.0.0.1:9"}, {Name: "X-Key", Value: "k " + secret}},
			HeadersOmitted: 2,
			Body:           runtime.HTTPBody{Size: 30, Excerpt: `{"a":"` + secret + "\u2028\x01\"}"},
		},
		Response: &runtime.HTTPResponse{
			Status:         503,
			Headers:        []runtime.HTTPHeader{{Name: "X-Echo", Value: secret}},
			HeadersOmitted: 1,
			Body:           &runtime.HTTPBody{Size: 9000, Excerpt: "échoed " + secret, Truncated: true},
		},
		Duration: 1234567 * time.Nanosecond,
		Error:    "cut off after " + secret,
	}
}

// Each attempt's exchange is in its node's journal line, read back as it
// was given but with the run's secrets redacted in every part; an attempt
// that records none has none.
func TestExchangeRecordedPerAttempt(t *testing.T) {
	const secret = "hunter2-very-secret"
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if c.HTTP == nil {
			return nil, errors.New("no HTTP recorder under Run with a record")
		}
		switch c.Attempt {
		case 1:
			c.HTTP(&runtime.HTTPExchange{Request: runtime.HTTPRequest{Method: "GET", URL: "http://x/"}})
			c.HTTP(sampleExchange(secret)) // the last one counts
			return nil, errors.New("503")
		case 2:
			return nil, errors.New("nothing sent")
		}
		x := sampleExchange("plain")
		x.Response.Status, x.Error = 200, ""
		c.HTTP(x)
		return map[string]any{"r": "ok"}, nil
	}
	task := newTask("t", testKind, nil, []string{"r"})
	task.Secrets = []string{"TOKEN"}
	task.Retries = 2
	b := newWorkflow("w")
	n := b.call(task, nil)
	b.ret("r", compiler.Str, out(n, "r"))
	o := opts(t, registry(fn))
	o.Secrets = runtime.EnvSecrets{Getenv: func(k string) (string, bool) { return secret, k == "WFC_SECRET_TOKEN" }}
	res, err := runtime.Run(context.Background(), b.wf, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	journal, _ := os.ReadFile(runtime.JournalPath(res.Dir))
	if strings.Contains(string(journal), "hunter2") || !strings.Contains(string(journal), `"http":{"request":`) {
		t.Fatalf("journal:\n%s", journal)
	}
	rec := load(t, res).Node("n0")
	if len(rec.Attempts) != 3 {
		t.Fatalf("attempts %+v", rec.Attempts)
	}
	want := sampleExchange(runtime.Mask)
	if got := rec.Attempts[0].HTTP; !reflect.DeepEqual(got, want) {
		t.Errorf("attempt 1 read back as\n%+v\nwant\n%+v", got, want)
	}
	if rec.Attempts[1].HTTP != nil {
		t.Errorf("attempt 2 sent nothing, but has %+v", rec.Attempts[1].HTTP)
	}
	if got := rec.Attempts[2].HTTP; got == nil || got.Response.Status != 200 || got.Request.URL != "http://127.0.0.1:9/p/plain?q=\"<&>\"" {
		t.Errorf("attempt 3: %+v", got)
	}
}

// Whatever an executor hands over is held to the caps in the record.
func TestExchangeCappedByRuntime(t *testing.T) {
	huge := strings.Repeat("é", runtime.ExcerptBytes) // twice the cap, in bytes
	var many []runtime.HTTPHeader
	for range runtime.MaxRecordedHeaders + 5 {
		many = append(many, runtime.HTTPHeader{Name: "X", Value: huge})
	}
	given := &runtime.HTTPExchange{
		Request:  runtime.HTTPRequest{Method: "POST", URL: "http://x/?q=" + huge + huge, Headers: many, Body: runtime.HTTPBody{Size: 1, Excerpt: huge}},
		Response: &runtime.HTTPResponse{Status: 200, Headers: many, Body: &runtime.HTTPBody{Size: 1, Excerpt: huge}},
		Error:    huge,
	}
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		c.HTTP(given)
		return map[string]any{}, nil
	}
	b := newWorkflow("w")
	b.call(newTask("t", testKind, nil, nil), nil)
	res, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	if err != nil {
		t.Fatal(err)
	}
	x := load(t, res).Node("n0").Attempts[0].HTTP
	if len(x.Request.URL) > runtime.MaxRecordedURL || !strings.HasSuffix(x.Request.URL, "…") ||
		len(x.Error) > runtime.ExcerptBytes || !strings.HasSuffix(x.Error, "…") {
		t.Errorf("url of %d bytes, error of %d bytes", len(x.Request.URL), len(x.Error))
	}
	if len(given.Request.Headers) != runtime.MaxRecordedHeaders+5 || len(given.Request.Body.Excerpt) != 2*runtime.ExcerptBytes {
		t.Errorf("the executor's exchange was modified")
	}
	for _, side := range []struct {
		headers []runtime.HTTPHeader
		omitted int
		body    *runtime.HTTPBody
	}{{x.Request.Headers, x.Request.HeadersOmitted, &x.Request.Body}, {x.Response.Headers, x.Response.HeadersOmitted, x.Response.Body}} {
		if len(side.headers) != runtime.MaxRecordedHeaders || side.omitted != 5 {
			t.Errorf("%d headers kept, %d omitted", len(side.headers), side.omitted)
		}
		for _, h := range side.headers {
			if len(h.Value) > runtime.MaxHeaderValue || !strings.HasSuffix(h.Value, "…") {
				t.Fatalf("header value of %d bytes: %q…", len(h.Value), h.Value[:20])
			}
		}
		if len(side.body.Excerpt) != runtime.ExcerptBytes || !side.body.Truncated || !strings.HasPrefix(huge, side.body.Excerpt) {
			t.Errorf("excerpt of %d bytes, truncated %v", len(side.body.Excerpt), side.body.Truncated)
		}
	}
}

// NewHTTPBody keeps a short body whole and cuts a long one where neither a
// character nor a secret's spelling is split.
func TestNewHTTPBody(t *testing.T) {
	r := runtime.NewRedactor("s3cret+value")
	short := runtime.NewHTTPBody("a s3cret+value b", r)
	if short != (runtime.HTTPBody{Size: 16, Excerpt: "a *** b"}) {
		t.Errorf("short body: %+v", short)
	}
	for _, secret := range []string{"s3cret+value", "s3cret%2Bvalue"} { // as is, and query-escaped
		for shift := range len(secret) + 1 {
			body := strings.Repeat("x", runtime.ExcerptBytes-shift) + secret + strings.Repeat("y", 100)
			b := runtime.NewHTTPBody([]byte(body), r)
			if b.Size != int64(len(body)) || !b.Truncated || strings.Contains(b.Excerpt, "s3") || strings.Contains(b.Excerpt, "value") {
				t.Errorf("%s at %d: %+v", secret, runtime.ExcerptBytes-shift, b.Excerpt[len(b.Excerpt)-20:])
			}
		}
	}
	body := strings.Repeat("x", runtime.ExcerptBytes-1) + "é" + "z"
	if b := runtime.NewHTTPBody(body, nil); b.Excerpt != body[:runtime.ExcerptBytes-1] || !b.Truncated {
		t.Errorf("a character split: excerpt ends %q", b.Excerpt[len(b.Excerpt)-3:])
	}
	// A secret starting the body is masked whole.
	body = "s3cret+value" + strings.Repeat("x", runtime.ExcerptBytes)
	if b := runtime.NewHTTPBody(body, r); !strings.HasPrefix(b.Excerpt, "***x") || strings.Contains(b.Excerpt, "s3") {
		t.Errorf("a secret at the start: excerpt starts %q", b.Excerpt[:10])
	}
}

// Outside Run with a record, executors are told not to build one.
func TestNoExchangeWithoutRecord(t *testing.T) {
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if c.HTTP != nil {
			return nil, errors.New("an HTTP recorder without a record")
		}
		return map[string]any{}, nil
	}
	b := newWorkflow("w")
	b.call(newTask("t", testKind, nil, nil), nil)
	o := opts(t, registry(fn))
	o.RunsDir = ""
	if _, err := runtime.Run(context.Background(), b.wf, nil, o); err != nil {
		t.Fatal(err)
	}
}
