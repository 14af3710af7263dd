package echoserver

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestEcho(t *testing.T) {
	srv := httptest.NewServer(Handler(Options{}))
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/items/10?q=Hello+world", strings.NewReader(`{"text":"hi"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e Echo
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || e.Method != "POST" || e.Path != "/items/10" || e.Query["q"][0] != "Hello world" ||
		e.Headers["Content-Type"] != "application/json" || e.Body != `{"text":"hi"}` ||
		e.JSON.(map[string]any)["text"] != "hi" {
		t.Errorf("echo = %+v (status %d)", e, resp.StatusCode)
	}
}

func TestStatusPathAndReply(t *testing.T) {
	srv := httptest.NewServer(Handler(Options{Reply: "Hello"}))
	defer srv.Close()
	for path, want := range map[string]int{"/status/503": 503, "/status/201/x": 201, "/status/99": 200, "/x": 200} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || string(b) != "Hello" {
			t.Errorf("%s: %d %q, want %d \"Hello\"", path, resp.StatusCode, b, want)
		}
	}
}

func TestListenAndServeLoopbackOnly(t *testing.T) {
	if err := ListenAndServe(context.Background(), "0.0.0.0:0", Options{}, nil); err == nil ||
		!strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("0.0.0.0: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- ListenAndServe(ctx, "127.0.0.1:0", Options{}, func(a string) { addrc <- a }) }()
	addr := <-addrc
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop")
	}
}
