package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wfc-lang/wfc/connector"
	"github.com/wfc-lang/wfc/runtime"
)

var connectorCommand = &command{
	name:    "connector",
	usage:   "wfc connector serve [--addr 127.0.0.1:8000] [--secrets-dir DIR] [--serve-webhook] [--max-parallel N]",
	summary: "serve webhook tasks to a Flyte cluster, as a Flyte connector",
	help: `
Connector serve runs the webhook executor of 'wfc run' as a Flyte connector:
the gRPC services flytepropeller calls for the task types it sends to a
connector (SyncAgentService.ExecuteTaskSync, AgentMetadataService, and gRPC
health). It serves the task type wfc-webhook, which 'wfc compile' gives a
webhook that uses wfc's extensions, and, with --serve-webhook, flytekit's
own webhook type as a drop-in for flytekit's connector.

It listens on loopback unless --addr says otherwise; the container image
listens on 0.0.0.0:8000. {secrets.NAME} is resolved from the variable
WFC_SECRET_NAME or the file NAME in --secrets-dir, and is sent only where
its allowlist (WFC_ALLOW_NAME or NAME.allow) allows. One JSON line per task
goes to standard error. SIGINT or SIGTERM stops it, letting calls in
flight finish for up to 30s.

docs/connector.md describes the deployment: the image, the propeller
configuration, secrets and allowlists.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		addr := fs.String("addr", connector.DefaultAddr, "listen on `host:port`")
		secretsDir := fs.String("secrets-dir", os.Getenv(runtime.SecretsDirEnv), "read secrets and allowlists from files in `dir` (default $"+runtime.SecretsDirEnv+")")
		serveWebhook := fs.Bool("serve-webhook", false, "also serve flytekit's webhook task type")
		maxParallel := fs.Int("max-parallel", runtime.DefaultMaxParallel, "keep at most `n` connections per host")
		return func(e *env, args []string) int {
			if len(args) != 1 || args[0] != "serve" {
				return e.usagef("expected 'serve'")
			}
			if *maxParallel < 1 {
				return e.usagef("--max-parallel must be at least 1")
			}
			return runConnector(e, *addr, connector.Options{
				Secrets:      connector.Secrets{Dir: *secretsDir},
				ServeWebhook: *serveWebhook,
				MaxParallel:  *maxParallel,
				Logger:       slog.New(slog.NewJSONHandler(e.stderr, nil)),
			})
		}
	},
}

func runConnector(e *env, addr string, opts connector.Options) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return e.errorf("connector: %v", err)
	}
	fmt.Fprintf(e.stderr, "wfc connector: serving gRPC on %s (Ctrl-C stops)\n", lis.Addr())
	if err := connector.New(opts).Serve(ctx, lis, 30*time.Second); err != nil {
		return e.errorf("connector: %v", err)
	}
	return exitOK
}
