package format

import "testing"

// FuzzFormat checks formatting on any input: what parses formats, to the
// same program with the same comments, and formatting again changes
// nothing; what does not parse is refused. The seeds are the repository's
// test programs and testdata/fuzz/FuzzFormat; fuzz with
//
//	go test ./format -fuzz FuzzFormat -fuzztime 5m
func FuzzFormat(f *testing.F) {
	for _, src := range testPrograms(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkSame(t, "fuzz.wf", src)
	})
}
