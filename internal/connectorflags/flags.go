// Package connectorflags is the command line of the wfc connector, which two
// programs read: wfc, whose `connector` command checks it and starts
// wfc-connector, and wfc-connector itself, as the container image runs it.
// It imports nothing of the connector, so that wfc does not link gRPC
// (docs/performance.md, "Process start").
package connectorflags

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/wfc-lang/wfc/runtime"
)

// DefaultAddr is where the connector listens unless told: loopback, on the
// port Flyte connectors use by convention (flytekit's `pyflyte serve
// connector`, the flyteconnector chart). The container image listens on
// all interfaces.
const DefaultAddr = "127.0.0.1:8000"

// Usage is the connector's command line, as 'wfc help connector' shows it.
const Usage = "wfc connector serve [--addr 127.0.0.1:8000] [--secrets-dir DIR] [--serve-webhook] [--max-parallel N]"

// Flags are the connector's settings.
type Flags struct {
	Addr         string
	SecretsDir   string
	ServeWebhook bool
	MaxParallel  int
}

// Register declares the flags on fs and returns where they land.
func Register(fs *flag.FlagSet) *Flags {
	f := new(Flags)
	fs.StringVar(&f.Addr, "addr", DefaultAddr, "listen on `host:port`")
	fs.StringVar(&f.SecretsDir, "secrets-dir", os.Getenv(runtime.SecretsDirEnv), "read secrets and allowlists from files in `dir` (default $"+runtime.SecretsDirEnv+")")
	fs.BoolVar(&f.ServeWebhook, "serve-webhook", false, "also serve flytekit's webhook task type")
	fs.IntVar(&f.MaxParallel, "max-parallel", runtime.DefaultMaxParallel, "keep at most `n` connections per host")
	return f
}

// Check reports what is wrong with the parsed flags and the arguments
// left after them, as a usage error.
func (f *Flags) Check(args []string) error {
	if len(args) != 1 || args[0] != "serve" {
		return errors.New("expected 'serve'")
	}
	if f.MaxParallel < 1 {
		return errors.New("--max-parallel must be at least 1")
	}
	return nil
}

// Args is the command line that gives wfc-connector these flags.
func (f *Flags) Args() []string {
	args := []string{"serve", "--addr", f.Addr, "--secrets-dir", f.SecretsDir, "--max-parallel", fmt.Sprint(f.MaxParallel)}
	if f.ServeWebhook {
		args = append(args, "--serve-webhook")
	}
	return args
}
