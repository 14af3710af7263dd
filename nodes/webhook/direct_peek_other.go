//go:build !unix || aix

package webhook

import "net"

// peekSupported is false: without a way to look at an idle connection
// without blocking, a server's close of a kept-alive connection would only
// show when a request is sent on it — which the transport notices from its
// read loop, and a non-replayable request could not survive. Plain-http
// calls go through the transport here.
const peekSupported = false

func peekIdle(net.Conn) bool { return false }
