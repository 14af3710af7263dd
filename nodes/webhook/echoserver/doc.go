// Package echoserver is a small HTTP server for developing and demonstrating
// webhook tasks without the internet: it answers every request on any path
// with 200 and a JSON echo of what it received (method, path, query,
// headers, body, and the body as JSON when it is JSON). `wfc serve` runs it.
// Its memory is bounded whatever it is sent: see Options and echo.go.
//
// The entry point is Handler; ListenAndServe runs it on a loopback address.
package echoserver
