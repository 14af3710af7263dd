// Package connectorcmd is the program wfc-connector: the Flyte connector
// that serves wfc's webhook tasks to a cluster (package connector), with
// its command line (package connectorflags), signals and exit codes. Main
// is its entry point; `wfc connector serve` starts it, and the container
// image runs it.
package connectorcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wfc-lang/wfc/connector"
	"github.com/wfc-lang/wfc/internal/connectorflags"
)

// Exit codes, as wfc's.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// drainTime is how long calls in flight may finish after SIGINT or SIGTERM.
const drainTime = 30 * time.Second

// Main runs wfc-connector with args (without the program name), printing
// help to stdout and logging to stderr, and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wfc connector", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := connectorflags.Register(fs)
	// The command word comes first, as people write it: `serve --addr ...`.
	var positional []string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		positional, args = args[:1], args[1:]
	}
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "usage: %s\n\nFlags:\n", connectorflags.Usage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fmt.Fprintf(stdout, "\n'wfc help connector' says what it does.\n")
		return exitOK
	}
	if err == nil {
		err = f.Check(append(positional, fs.Args()...))
	}
	if err != nil {
		fmt.Fprintf(stderr, "wfc connector: %v\nusage: %s\nrun 'wfc help connector' for details\n", err, connectorflags.Usage)
		return exitUsage
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	lis, err := net.Listen("tcp", f.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "wfc connector: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(stderr, "wfc connector: serving gRPC on %s (Ctrl-C stops)\n", lis.Addr())
	srv := connector.New(connector.Options{
		Secrets:      connector.Secrets{Dir: f.SecretsDir},
		ServeWebhook: f.ServeWebhook,
		MaxParallel:  f.MaxParallel,
		Logger:       slog.New(slog.NewJSONHandler(stderr, nil)),
	})
	if err := srv.Serve(ctx, lis, drainTime); err != nil {
		fmt.Fprintf(stderr, "wfc connector: %v\n", err)
		return exitFail
	}
	return exitOK
}
