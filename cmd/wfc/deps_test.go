package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoGRPC keeps gRPC, flyteidl's generated code and the protobuf runtime
// out of wfc: every check and run starts the binary; linking gRPC and
// flyteidl's services added a third to its start, flyteidl's messages
// another 5 ms (docs/performance.md, "Process start" and "Flyte's messages
// of wfc's own"). The connector that needs them is the program
// wfc-connector; the compiler has Flyte's messages as types of its own.
func TestNoGRPC(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "google.golang.org/grpc") || strings.HasPrefix(pkg, "google.golang.org/protobuf") ||
			strings.HasPrefix(pkg, "github.com/flyteorg/") || pkg == "github.com/wfc-lang/wfc/connector" {
			t.Errorf("wfc depends on %s", pkg)
		}
	}
}

// TestConnectorProgramMissing: without wfc-connector, `wfc connector` says
// how to get it.
func TestConnectorProgramMissing(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(self), connectorProgramName)); err == nil {
		t.Skip("a wfc-connector lies beside the test binary")
	}
	t.Setenv("PATH", t.TempDir())
	_, err = connectorProgram()
	if err == nil || !strings.Contains(err.Error(), "go install github.com/wfc-lang/wfc/cmd/wfc-connector") {
		t.Fatalf("connectorProgram() = %v, want an error that says how to install it", err)
	}
}
