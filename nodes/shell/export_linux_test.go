package shell

import "testing"

// Isolations names the ways process_linux.go isolates a task, best first.
var Isolations = []struct {
	Name string
	Mode int32
}{{"pidns", isolatePIDNS}, {"userns", isolateUserPIDNS}, {"group", isolateGroup}}

// ForceIsolation makes tasks start isolated in mode until the test ends,
// and returns a function that reports the way tasks are isolated now:
// another than mode if the kernel refused it and start stepped down.
func ForceIsolation(t testing.TB, mode int32) (now func() string) {
	old := isolation.Load()
	isolation.Store(mode)
	t.Cleanup(func() { isolation.Store(old) })
	return func() string {
		for _, iso := range Isolations {
			if iso.Mode == isolation.Load() {
				return iso.Name
			}
		}
		return "unknown"
	}
}
