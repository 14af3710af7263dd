package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An --inputs file one byte over the cap is refused, by its size, with
// the cap named; it is never read (the file is sparse: reading it would
// allocate the whole 64 MiB).
func TestInputsFileOverCap(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "p.wf")
	os.WriteFile(prog, []byte("echo pass(s: str)\nworkflow w(s: str) -> str {\n    return pass(s = s)\n}\n"), 0o644)
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, maxInputsFile+1); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := wfc("run", prog, "--runs-dir", dir, "--inputs", big)
	want := "wfc: --inputs: " + big + " is larger than 64 MiB; an inputs file holds at most 64 MiB\n"
	if code != exitFail || stdout != "" || !strings.HasSuffix(stderr, want) {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", code, stdout, stderr, want)
	}
}
