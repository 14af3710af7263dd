//go:build unix

package runtime

import (
	"os"
	"syscall"
)

// holdLock creates path and locks it for as long as this process lives:
// the file stays open, and the kernel drops the lock at exit. (Go opens
// files close-on-exec, so no task inherits it.)
func holdLock(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return err
	}
	heldLock = f // kept reachable, so that no finalizer closes it
	return nil
}

var heldLock *os.File

// tryLock locks path if no live process holds it.
func tryLock(path string) (release func(), ok bool) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}
