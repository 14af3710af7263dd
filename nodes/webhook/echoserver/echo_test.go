package echoserver

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// The body's JSON string, encoded a piece at a time, is the whole body's
// encoding, with characters, invalid bytes and escapes across the pieces'
// ends.
func TestEachChunkEncodesAsWhole(t *testing.T) {
	for _, body := range [][]byte{
		[]byte(strings.Repeat("a", echoChunk-1) + "é😀<&>\x01\"\\" + strings.Repeat("b", echoChunk)),
		append(bytes.Repeat([]byte{0x80}, echoChunk+5), []byte("ü\xff\xfe\u2028")...),
		[]byte(strings.Repeat("ö", echoChunk)),
	} {
		var whole bytes.Buffer
		enc := json.NewEncoder(&whole)
		enc.SetEscapeHTML(false)
		enc.Encode(string(body))
		want := strings.TrimSpace(whole.String())
		var got strings.Builder
		got.WriteByte('"')
		eachChunk(body, func(b []byte) error { got.Write(b); return nil })
		got.WriteByte('"')
		if got.String() != want {
			t.Errorf("pieces differ from the whole for a body of %d bytes", len(body))
		}
	}
}

// An echo is the request as sent: the body as a string and, when it is
// JSON, as JSON with its keys and numbers as written; its length is the
// Content-Length sent.
func TestEchoReply(t *testing.T) {
	srv := httptest.NewServer(Handler(Options{}))
	defer srv.Close()
	doc := `{"z": 1.0, "a": "é` + strings.Repeat("x", echoChunk) + `"}`
	status, reply := post(t, srv.URL+"/p?q=1", strings.NewReader(doc))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	var e struct {
		Echo
		JSON json.RawMessage `json:"json"`
	}
	if err := json.Unmarshal(reply, &e); err != nil {
		t.Fatal(err)
	}
	compact := `{"z":1.0,"a":"é` + strings.Repeat("x", echoChunk) + `"}`
	if e.Method != "POST" || e.Path != "/p" || e.Query["q"][0] != "1" || e.Body != doc || string(e.JSON) != compact {
		t.Errorf("echo: %.300s", reply)
	}
	// Not JSON, or not UTF-8: no json.
	for _, body := range []string{"not json", "\"\xff\""} {
		_, reply := post(t, srv.URL+"/", strings.NewReader(body))
		var e Echo
		if err := json.Unmarshal(reply, &e); err != nil || e.JSON != nil || e.Body != strings.ToValidUTF8(body, "\uFFFD") {
			t.Errorf("%q: %v, echo %s", body, err, reply)
		}
	}
}
