package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/wfc-lang/wfc/lsp"
)

var lspCommand = &command{
	name:    "lsp",
	usage:   "wfc lsp",
	summary: "run the language server for editors, on standard input and output",
	help: `
Lsp runs wfc's language server: an editor starts it and talks the Language
Server Protocol (3.16) on its standard input and output. It reports wfc
check's errors and warnings as the text is typed (20 ms after the last
change), and offers hover (signatures, doc comments, types and Flyte
types), go to definition, find references, completion, rename,
formatting, an outline, semantic highlighting, and each workflow's graph
as Mermaid or DOT (the command wfc.graph and a code lens on each
workflow). Unsaved buffers take precedence over the files on disk, for
imports too. docs/lsp.md describes every feature.

It exits 0 after the client's shutdown and exit, and 1 when the client
exits or closes the connection without shutdown.`,
	flags: func(*flag.FlagSet) func(*env, []string) int {
		return func(e *env, args []string) int {
			if len(args) > 0 {
				return e.usagef("wfc lsp takes no arguments: %s", strings.Join(args, " "))
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			info, _ := debug.ReadBuildInfo()
			err := lsp.Serve(ctx, stdio{e.stdin, e.stdout}, lsp.Options{Version: formatVersion(info)})
			if errors.Is(err, lsp.ErrExitWithoutShutdown) {
				return exitFail
			}
			if err != nil {
				return e.errorf("lsp: %v", err)
			}
			return exitOK
		}
	},
}

// stdio is the server's stream: standard input and output. Closing it
// leaves them open; the process exits right after.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
