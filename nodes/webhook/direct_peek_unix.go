//go:build unix && !aix

package webhook

import (
	"errors"
	"net"
	"syscall"
)

// peekSupported: the direct way needs the peek (see direct.alive).
const peekSupported = true

// peekIdle reports whether nothing waits to be read on an idle connection:
// a non-blocking MSG_PEEK finds no data and no end of stream.
func peekIdle(nc net.Conn) bool {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	live := false
	var one [1]byte
	err = rc.Read(func(fd uintptr) bool {
		_, _, rerr := syscall.Recvfrom(int(fd), one[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		live = errors.Is(rerr, syscall.EAGAIN)
		return true // never wait
	})
	return err == nil && live
}
