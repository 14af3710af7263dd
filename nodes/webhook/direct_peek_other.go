//go:build !unix

package webhook

import "net"

// peekIdle cannot look without blocking here: an idle connection is taken
// as live, and a replayable request that finds it closed is sent again
// (direct.roundTrip).
func peekIdle(net.Conn) bool { return true }
