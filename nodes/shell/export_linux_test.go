package shell

import "testing"

// Isolations names the ways process_linux.go isolates a task, best first.
var Isolations = []struct {
	Name string
	Mode int32
}{{"pidns", isolatePIDNS}, {"userns", isolateUserPIDNS}, {"group", isolateGroup}}

// ForceIsolation makes tasks start isolated in mode until the test ends,
// and returns a function that reports whether the kernel refused it (and
// start stepped down).
func ForceIsolation(t testing.TB, mode int32) (refused func() bool) {
	old := isolation.Load()
	isolation.Store(mode)
	t.Cleanup(func() { isolation.Store(old) })
	return func() bool { return isolation.Load() != mode }
}
