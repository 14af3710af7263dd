// Command wfc-connector serves wfc's webhook tasks to a Flyte cluster, as a
// Flyte connector: `wfc connector serve` starts it, and the container image
// runs it (docs/connector.md). It is a program of its own so that wfc, which
// people start for every check and run, does not load gRPC.
package main

import (
	"os"

	"github.com/wfc-lang/wfc/internal/connectorcmd"
)

func main() { os.Exit(connectorcmd.Main(os.Args[1:], os.Stdout, os.Stderr)) }
