//go:build unix

package taskcache

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// Lock takes the lock of key k, shared by every wfc process using this
// cache, waiting for it while ctx allows: cache_serialize's guard across
// concurrent runs. The lock is released by unlock or the process's end.
func (c *Cache) Lock(ctx context.Context, k Key) (unlock func(), err error) {
	p := c.path(k)
	p = p[:len(p)-len("-e")] + "-l"
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	// Polled, not a blocking flock: a blocked flock cannot be cancelled.
	wait := time.Millisecond
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) {
			f.Close()
			return nil, err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, context.Cause(ctx)
		case <-t.C:
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}
