//go:build unix

package runtime

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A work directory whose lock no process holds is a dead process's and
// goes; one whose lock is held, or that is still being made, stays.
func TestRemoveStaleWorkDirs(t *testing.T) {
	tmp := t.TempDir()
	mk := func(name string) string {
		dir := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Join(dir, "run-x-1", "n0-1"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, workLockName), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	dead, live, making, other := mk("wfc-work-123-a"), mk("wfc-work-456-b"), mk("wfc-work-new-c"), mk("unrelated-1")
	f, err := os.Open(filepath.Join(live, workLockName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	if err := removeStaleWorkDirs(tmp); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("%s: %v, want it removed", dead, err)
	}
	for _, dir := range []string{live, making, other} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s: %v, want it kept", dir, err)
		}
	}
}

// A run's work root lies in this process's directory, whose lock this
// process holds while it has a run there; the directory goes with the last
// root.
func TestWorkRootIsLocked(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	roots := make([]string, 2)
	for i := range roots {
		root, err := newWorkRoot("r" + strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		roots[i] = root
	}
	dir := filepath.Dir(roots[0])
	if want := workDirPrefix + strconv.Itoa(os.Getpid()) + "-"; !strings.HasPrefix(filepath.Base(dir), want) || filepath.Dir(roots[1]) != dir {
		t.Fatalf("roots %v are not in one directory %s*", roots, want)
	}
	for _, root := range roots {
		if release, ok := tryLock(filepath.Join(dir, workLockName)); ok {
			release()
			t.Fatal("a live process's work directory could be locked")
		}
		if err := removeStaleWorkDirs(filepath.Dir(dir)); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(root); err != nil {
			t.Fatalf("a live run's work root was removed: %v", err)
		}
		removeWorkRoot(root)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s outlived the last run: %v", dir, err)
	}
}
