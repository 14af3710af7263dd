package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/wfc-lang/wfc/internal/connectorflags"
)

var connectorCommand = &command{
	name:    "connector",
	usage:   connectorflags.Usage,
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

The connector is the program wfc-connector, which this command starts; it
is found beside wfc or on PATH. It is a program of its own so that wfc
itself does not load gRPC.

docs/connector.md describes the deployment: the image, the propeller
configuration, secrets and allowlists.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		f := connectorflags.Register(fs)
		return func(e *env, args []string) int {
			if err := f.Check(args); err != nil {
				return e.usagef("%v", err)
			}
			path, err := connectorProgram()
			if err != nil {
				return e.errorf("connector: %v", err)
			}
			// wfc-connector takes this process's place: signals reach it and
			// its exit code is wfc's.
			err = syscall.Exec(path, append([]string{connectorProgramName}, f.Args()...), os.Environ())
			return e.errorf("connector: starting %s: %v", path, err)
		}
	},
}

const connectorProgramName = "wfc-connector"

// connectorProgram finds wfc-connector: beside this wfc, as `go install`
// and the release archives put it, or else on PATH.
func connectorProgram() (string, error) {
	if self, err := os.Executable(); err == nil {
		beside := filepath.Join(filepath.Dir(self), connectorProgramName)
		if fi, err := os.Stat(beside); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return beside, nil
		}
	}
	if path, err := exec.LookPath(connectorProgramName); err == nil {
		return path, nil
	}
	return "", fmt.Errorf("the connector is the program %s, found neither beside wfc nor on PATH; install it with 'go install github.com/wfc-lang/wfc/cmd/wfc-connector@latest', or build it with 'go build ./cmd/wfc-connector' and put it on PATH", connectorProgramName)
}
