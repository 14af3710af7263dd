package capped

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	at := filepath.Join(dir, "at")
	over := filepath.Join(dir, "over")
	os.WriteFile(at, []byte("0123456789"), 0o644)
	os.WriteFile(over, []byte("0123456789A"), 0o644)
	if b, err := ReadFile(at, 10); err != nil || string(b) != "0123456789" {
		t.Errorf("at the cap: %q, %v", b, err)
	}
	// Regular files are refused by their size, anything else as it is
	// read: /dev/zero never ends.
	for _, path := range []string{over, "/dev/zero"} {
		_, err := ReadFile(path, 10)
		var tooLarge *TooLargeError
		if !errors.As(err, &tooLarge) || tooLarge.Path != path || err.Error() != path+" is larger than 10 bytes" {
			t.Errorf("%s: err = %v", path, err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 10); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: err = %v", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{100: "100 bytes", 64 << 10: "64 KiB", 1536: "1.5 KiB", 64 << 20: "64 MiB", 3 << 19: "1.5 MiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %s, want %s", n, got, want)
		}
	}
}
