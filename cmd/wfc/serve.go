package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/wfc-lang/wfc/nodes/webhook/echoserver"
)

var serveCommand = &command{
	name:    "serve",
	usage:   "wfc serve [--addr 127.0.0.1:8000] [--reply TEXT] [-q]",
	summary: "answer webhooks on loopback, for examples and development",
	help: `
Serve runs a small HTTP server on a loopback address that answers every
request, on any path, with status 200 and a JSON echo of what it received:

    {"method": "POST", "path": "/hook", "query": {"q": ["x"]},
     "headers": {"Content-Type": "application/json", ...},
     "body": "{\"text\":\"hi\"}", "json": {"text": "hi"}}

A path /status/NNN (or /status/NNN/...) answers with status NNN instead,
for trying a task's failure handling and expect. --reply TEXT answers every
request with TEXT (as text/plain) instead of the echo; flytekit's webhook
test expects "Hello".

The examples in examples/ send their requests here, so they run without
the internet:

    wfc serve &
    wfc run examples/design.wf -i s=world

Each request is logged on standard error (method, path and status; never
headers or query strings, which may carry secrets). The server only
listens on loopback addresses, since its echo shows every header it gets.
Ctrl-C stops it.

Its memory is bounded: a request body over 1 MiB is answered 413, headers
over 64 KiB 431, and at most 8 requests are answered at once (the others
wait for their turn), each echo at most 8 MiB.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		addr := fs.String("addr", "127.0.0.1:8000", "listen on `host:port` (a loopback address)")
		reply := fs.String("reply", "", "answer every request with `text` instead of the echo")
		quiet := fs.Bool("q", false, "do not log requests")
		return func(e *env, args []string) int {
			if len(args) > 0 {
				return e.usagef("unexpected arguments: %v", args)
			}
			return runServe(e, *addr, *reply, *quiet)
		}
	},
}

// startEchoServer serves the echo server on addr in the background, for
// `wfc run --serve ADDR`, so that a workflow's webhooks are answered on
// loopback for the length of the run. The returned function stops it.
func startEchoServer(addr string) (stop func(), err error) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- echoserver.ListenAndServe(ctx, addr, echoserver.Options{}, func(string) { close(ready) })
	}()
	select {
	case <-ready:
		return func() { cancel(); <-done }, nil
	case err := <-done:
		cancel()
		return nil, fmt.Errorf("--serve %s: %v", addr, err)
	}
}

func runServe(e *env, addr, reply string, quiet bool) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := echoserver.Options{Reply: reply}
	if !quiet {
		opts.Log = e.stderr
	}
	err := echoserver.ListenAndServe(ctx, addr, opts, func(a string) {
		fmt.Fprintf(e.stderr, "wfc serve: listening on http://%s (Ctrl-C stops)\n", a)
	})
	if err != nil {
		return e.errorf("serve: %v", err)
	}
	return exitOK
}
