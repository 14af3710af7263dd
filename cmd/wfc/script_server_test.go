package main

import (
	"net/http/httptest"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wfc-lang/wfc/nodes/webhook/echoserver"
)

// echoServerCmd implements "echoserver VAR": it starts the echo server of
// 'wfc serve' on a loopback port for the rest of the script and sets VAR
// to its url, for scripts whose webhooks need an answer.
func echoServerCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: echoserver VAR")
	}
	srv := httptest.NewServer(echoserver.Handler(echoserver.Options{}))
	ts.Defer(srv.Close)
	ts.Setenv(args[0], srv.URL)
}
