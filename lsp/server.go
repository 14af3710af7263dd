// Package lsp is wfc's language server: diagnostics, hover, navigation,
// completion, rename, formatting, symbols, semantic tokens and workflow
// graphs for editors, over the Language Server Protocol (3.16).
//
// The protocol's types and handler dispatch are github.com/tliron/glsp's;
// the JSON-RPC connection and its Content-Length framing are
// github.com/sourcegraph/jsonrpc2's. Positions on the wire are UTF-16 code
// units; lang's are byte offsets, converted in position.go.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/lang"
)

// DefaultDebounce is how long the server waits after a change before it
// checks and publishes diagnostics: a burst of keystrokes is checked once,
// at its end. Checking a 5,000-line program takes well under the rest of
// the 50 ms budget for publishing after the last keystroke
// (docs/performance.md).
const DefaultDebounce = 20 * time.Millisecond

// Options configure a server.
type Options struct {
	// Debounce is the wait after a change before diagnostics are checked
	// and published; 0 means DefaultDebounce.
	Debounce time.Duration
	// Version is reported to the client as the server's version.
	Version string
	// MaxDocumentSize bounds the text of a buffer the server checks; 0
	// means lang.MaxSourceSize, the bound on files read from disk.
	MaxDocumentSize int
}

// codeServerNotInitialized is LSP's error code for a request sent before
// initialize.
const codeServerNotInitialized = -32002

// ErrExitWithoutShutdown is what Serve returns when the client sent exit
// without shutdown first; the protocol asks the server to exit with 1 then.
var ErrExitWithoutShutdown = errors.New("exit without shutdown")

// Serve runs a language server on stream until the client exits or the
// stream closes. It returns nil after shutdown and exit, or when the
// stream ends after shutdown.
func Serve(ctx context.Context, stream io.ReadWriteCloser, opts Options) error {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxDocumentSize <= 0 {
		opts.MaxDocumentSize = lang.MaxSourceSize
	}
	s := newServer(opts)
	handler := s.handler()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(stream, limitedCodec{max: maxMessageSize}),
		jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == protocol.MethodExit {
				s.mu.Lock()
				s.exited = true
				s.mu.Unlock()
				return nil, conn.Close()
			}
			if !handler.IsInitialized() && req.Method != protocol.MethodInitialize {
				// Before initialize a request is refused, a notification dropped.
				return nil, &jsonrpc2.Error{Code: codeServerNotInitialized, Message: "the server is not initialized"}
			}
			return dispatch(ctx, conn, handler, req)
		}), jsonrpc2.SetLogger(discardLogger{}))
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	s.stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.shutdown {
		if s.exited {
			return ErrExitWithoutShutdown
		}
		return errors.New("the client closed the connection without shutdown")
	}
	return nil
}

// dispatch hands a request to glsp's protocol handler and turns its
// verdict into a JSON-RPC result or error.
func dispatch(ctx context.Context, conn *jsonrpc2.Conn, h glsp.Handler, req *jsonrpc2.Request) (any, error) {
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) { _ = conn.Notify(ctx, method, params) },
		Call:   func(method string, params, result any) { _ = conn.Call(ctx, method, params, result) },
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	result, validMethod, validParams, err := h.Handle(gctx)
	switch {
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid parameters"
		if err != nil {
			msg += ": " + err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		var rpcErr *jsonrpc2.Error
		if errors.As(err, &rpcErr) {
			return nil, rpcErr
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return result, nil
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}

// server is the state of one connection: the open documents and their
// latest analyses. Handlers run one at a time, in the order the client
// sent them; the debounce timer's goroutine shares the state under mu.
type server struct {
	opts Options

	mu       sync.Mutex
	conn     *jsonrpc2.Conn
	docs     map[string]*document // by URI
	timer    *time.Timer          // pending debounced check, or nil
	edits    uint64               // opens and changes so far
	shutdown bool
	exited   bool
	// relatedInfo says whether the client shows a diagnostic's related
	// information; hints go into the message when it does not.
	relatedInfo bool
	stopped     bool
}

func newServer(opts Options) *server {
	return &server{opts: opts, docs: map[string]*document{}}
}

func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.timer != nil {
		s.timer.Stop()
	}
}

func (s *server) handler() *protocol.Handler {
	return &protocol.Handler{
		Initialize:                     s.initialize,
		Initialized:                    func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:                       s.handleShutdown,
		SetTrace:                       func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		TextDocumentDidOpen:            s.didOpen,
		TextDocumentDidChange:          s.didChange,
		TextDocumentDidClose:           s.didClose,
		TextDocumentDidSave:            func(*glsp.Context, *protocol.DidSaveTextDocumentParams) error { return nil },
		WorkspaceDidChangeWatchedFiles: s.didChangeWatchedFiles,
		TextDocumentHover:              s.hover,
		TextDocumentDefinition:         s.definition,
		TextDocumentReferences:         s.references,
		TextDocumentDocumentHighlight:  s.documentHighlight,
		TextDocumentCompletion:         s.completion,
		TextDocumentPrepareRename:      s.prepareRename,
		TextDocumentRename:             s.rename,
		TextDocumentFormatting:         s.formatting,
		TextDocumentDocumentSymbol:     s.documentSymbol,
		TextDocumentSemanticTokensFull: s.semanticTokens,
		TextDocumentCodeLens:           s.codeLens,
		WorkspaceExecuteCommand:        s.executeCommand,
	}
}

func (s *server) initialize(_ *glsp.Context, params *protocol.InitializeParams) (any, error) {
	if pd := params.Capabilities.TextDocument; pd != nil && pd.PublishDiagnostics != nil && pd.PublishDiagnostics.RelatedInformation != nil {
		s.mu.Lock()
		s.relatedInfo = *pd.PublishDiagnostics.RelatedInformation
		s.mu.Unlock()
	}
	syncKind := protocol.TextDocumentSyncKindIncremental
	caps := protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: ptr(true),
			Change:    &syncKind,
		},
		HoverProvider:             true,
		DefinitionProvider:        true,
		ReferencesProvider:        true,
		DocumentHighlightProvider: true,
		CompletionProvider: &protocol.CompletionOptions{
			TriggerCharacters: []string{".", "(", ",", ":", " "},
		},
		RenameProvider:         protocol.RenameOptions{PrepareProvider: ptr(true)},
		DocumentSymbolProvider: true,
		SemanticTokensProvider: protocol.SemanticTokensOptions{
			Legend: protocol.SemanticTokensLegend{TokenTypes: tokenTypeNames, TokenModifiers: tokenModifierNames},
			Full:   true,
		},
		CodeLensProvider:           &protocol.CodeLensOptions{},
		ExecuteCommandProvider:     &protocol.ExecuteCommandOptions{Commands: []string{graphCommand}},
		DocumentFormattingProvider: true,
	}
	version := s.opts.Version
	return protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "wfc", Version: &version},
	}, nil
}

func (s *server) handleShutdown(*glsp.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown = true
	if s.timer != nil {
		s.timer.Stop()
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// userError is an error shown to the user as a request's failure.
func userError(format string, args ...any) error {
	return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: fmt.Sprintf(format, args...)}
}
