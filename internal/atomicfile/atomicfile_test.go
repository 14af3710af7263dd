package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileReplacesWhole(t *testing.T) {
	for _, write := range []func(string, []byte, os.FileMode) error{WriteFile, WriteFileSync} {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.txt")
		if err := os.WriteFile(path, []byte("old contents, longer than the new"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := write(path, []byte("new"), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != "new" {
			t.Errorf("contents %q, %v; want %q", got, err, "new")
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, %v; want 0644", fi.Mode().Perm(), err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%d entries in the folder, want the file alone", len(entries))
		}
	}
}

// A rename that cannot happen (path is a folder) leaves the folder as it
// was and no temporary file behind.
func TestWriteFileFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(target, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(target, []byte("x"), 0o644)
	if err == nil {
		t.Fatal("writing over a non-empty folder succeeded")
	}
	// The error names the file asked for, not the temporary one.
	if pe, ok := err.(*fs.PathError); !ok || pe.Path != target || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("error %q (%T), want a *fs.PathError naming %s", err, err, target)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "taken" {
		t.Errorf("folder holds %v, want only taken", entries)
	}
}
