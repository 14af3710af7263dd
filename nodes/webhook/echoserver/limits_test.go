package echoserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// post sends body to url and returns the status and the reply.
func post(t *testing.T, url string, body io.Reader) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, "application/octet-stream", body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// onlyReader hides a reader's type, so that the client cannot tell the
// body's length and sends it chunked.
type onlyReader struct{ io.Reader }

func TestBodyOverLimit(t *testing.T) {
	srv := httptest.NewServer(Handler(Options{}))
	defer srv.Close()
	for _, c := range []struct {
		name string
		body func() io.Reader
		want int
	}{
		{"at the limit", func() io.Reader { return bytes.NewReader(make([]byte, DefaultMaxBody)) }, 200},
		{"one byte over", func() io.Reader { return bytes.NewReader(make([]byte, DefaultMaxBody+1)) }, 413},
		{"chunked, over", func() io.Reader { return onlyReader{io.LimitReader(zeros{}, 3*DefaultMaxBody)} }, 413},
	} {
		status, reply := post(t, srv.URL+"/x", c.body())
		if status != c.want {
			t.Errorf("%s: status %d, want %d: %.200s", c.name, status, c.want, reply)
		}
		if c.want == 413 && !strings.Contains(string(reply), fmt.Sprintf("larger than %d bytes", DefaultMaxBody)) {
			t.Errorf("%s: reply %q", c.name, reply)
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// The largest echo a request within the limits can get — a body of
// control characters, each echoed as \u00XX — fits in the reply cap, and
// a reply over the cap leaves out the parsed body, then is refused.
func TestReplyBounded(t *testing.T) {
	srv := httptest.NewServer(Handler(Options{}))
	defer srv.Close()
	status, reply := post(t, srv.URL+"/x", bytes.NewReader(bytes.Repeat([]byte{1}, DefaultMaxBody)))
	var e Echo
	if status != 200 || json.Unmarshal(reply, &e) != nil || len(e.Body) != DefaultMaxBody {
		t.Fatalf("status %d, %d bytes of reply echoing %d of body", status, len(reply), len(e.Body))
	}
	if len(reply) > DefaultMaxReply {
		t.Errorf("reply of %d bytes, over the cap of %d", len(reply), DefaultMaxReply)
	}

	small := httptest.NewServer(Handler(Options{MaxReply: 400}))
	defer small.Close()
	doc := `{"k":"` + strings.Repeat("v", 100) + `"}`
	status, reply = post(t, small.URL+"/x", strings.NewReader(doc))
	if status != 200 || json.Unmarshal(reply, &e) != nil || e.Body != doc || e.JSON != nil || len(reply) > 400 {
		t.Errorf("over the cap with json: status %d, reply %s", status, reply)
	}
	status, reply = post(t, small.URL+"/x", strings.NewReader(strings.Repeat("v", 400)))
	if status != 413 || !strings.Contains(string(reply), "larger than 400 bytes") {
		t.Errorf("over the cap without json: status %d, reply %s", status, reply)
	}
}

// At most MaxInFlight requests are answered at once; the rest wait for a
// turn and are answered when one ends. The hooks count requests in their
// turn and waiting, and hold each in its turn until the test lets them go.
func TestInFlightLimit(t *testing.T) {
	const limit, total = 2, 6
	var (
		serving, peak atomic.Int32
		waiting       = make(chan struct{}, total)
		entered       = make(chan struct{}, total)
		release       = make(chan struct{})
	)
	h := &hooks{
		waiting: func() { waiting <- struct{}{} },
		serving: func() {
			n := serving.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			entered <- struct{}{}
			<-release
			serving.Add(-1)
		},
	}
	srv := httptest.NewServer(Handler(Options{MaxInFlight: limit, hooks: h}))
	defer srv.Close()
	var once sync.Once
	letGo := func() { once.Do(func() { close(release) }) }
	defer letGo() // before srv.Close, which waits for the handlers

	var wg sync.WaitGroup
	statuses := make(chan int, total)
	for range total {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(srv.URL + "/x")
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	// limit requests get their turn, the others wait: no more can enter
	// until one is released.
	deadline := time.After(10 * time.Second)
	for range limit {
		select {
		case <-entered:
		case <-deadline:
			t.Fatal("requests never got a turn")
		}
	}
	for range total - limit {
		select {
		case <-waiting:
		case <-deadline:
			t.Fatalf("fewer than %d requests waited for a turn (peak in flight %d)", total-limit, peak.Load())
		}
	}
	// Let every request go: the waiting ones take their turns as the
	// others end.
	letGo()
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != 200 {
			t.Errorf("status %d", s)
		}
	}
	if p := peak.Load(); p != limit {
		t.Errorf("peak in flight %d, want %d", p, limit)
	}
}
