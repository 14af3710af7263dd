package lsp

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// testTimeout bounds every wait of a test on the server.
const testTimeout = 20 * time.Second

// pipeStream joins the read end of one OS pipe and the write end of
// another into one stream.
type pipeStream struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipeStream) Close() error {
	err := p.WriteCloser.Close()
	p.ReadCloser.Close()
	return err
}

// client is a test's side of a connection to a server running in the
// same process, over two OS pipes, with real Content-Length framed
// messages written and read by jsonrpc2 as an editor's client would.
type client struct {
	t      testing.TB
	conn   *jsonrpc2.Conn
	diags  chan protocol.PublishDiagnosticsParams
	served chan error // what Serve returned
	dir    string     // a folder for the test's files
}

// startServer starts a server in this process with opts, over two OS
// pipes, and initializes it, saying whether the client shows related
// information.
func startServer(t testing.TB, opts Options, relatedInfo bool) *client {
	t.Helper()
	serverIn, clientOut, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	clientIn, serverOut, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, pipeStream{serverIn, serverOut}, opts) }()
	t.Cleanup(cancel)
	c := connect(t, pipeStream{clientIn, clientOut})
	go func() { c.served <- <-served }()
	c.initialize(relatedInfo)
	return c
}

// connect makes a client on stream, a server's other end. The caller sends
// what the server returns on c.served.
func connect(t testing.TB, stream io.ReadWriteCloser) *client {
	t.Helper()
	c := &client{t: t, diags: make(chan protocol.PublishDiagnosticsParams, 1000), served: make(chan error, 1), dir: t.TempDir()}
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(stream, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == protocol.ServerTextDocumentPublishDiagnostics && req.Params != nil {
				var p protocol.PublishDiagnosticsParams
				if err := json.Unmarshal(*req.Params, &p); err != nil {
					t.Errorf("publishDiagnostics: %v", err)
				}
				c.diags <- p
			}
			return nil, nil
		}), jsonrpc2.SetLogger(discardLogger{}))
	t.Cleanup(func() {
		c.conn.Close()
		select {
		case <-c.served:
		case <-time.After(testTimeout):
			t.Error("the server did not stop")
		}
	})
	return c
}

// initialize initializes the server, saying whether the client shows
// related information.
func (c *client) initialize(relatedInfo bool) {
	c.t.Helper()
	var caps protocol.ClientCapabilities
	caps.TextDocument = &protocol.TextDocumentClientCapabilities{PublishDiagnostics: &protocol.PublishDiagnosticsClientCapabilities{RelatedInformation: &relatedInfo}}
	var result protocol.InitializeResult
	c.call(protocol.MethodInitialize, protocol.InitializeParams{Capabilities: caps}, &result)
	c.notify(protocol.MethodInitialized, protocol.InitializedParams{})
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	if err := c.tryCall(method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) tryCall(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// write writes a file into the test's folder and returns its path.
func (c *client) write(name, text string) string {
	c.t.Helper()
	path := filepath.Join(c.dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		c.t.Fatal(err)
	}
	return path
}

func (c *client) open(path, text string) string {
	c.t.Helper()
	uri := uriOf(path)
	c.notify(protocol.MethodTextDocumentDidOpen, protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "wfc", Version: 1, Text: text}})
	return uri
}

func (c *client) change(uri string, version int32, text string) {
	c.t.Helper()
	c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: text}},
	})
}

// diagnostics waits for the diagnostics of uri at version (0: any).
func (c *client) diagnostics(uri string, version int32) []protocol.Diagnostic {
	c.t.Helper()
	deadline := time.After(testTimeout)
	for {
		select {
		case p := <-c.diags:
			if p.URI == uri && (version == 0 || p.Version != nil && int32(*p.Version) == version) {
				return p.Diagnostics
			}
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s version %d", uri, version)
		}
	}
}

func pos(line, char uint32) protocol.Position { return protocol.Position{Line: line, Character: char} }

func docPos(uri string, p protocol.Position) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Position: p}
}
