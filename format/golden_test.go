package format

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "refresh the golden files")

// TestGolden formats each testdata/golden/format/NAME.wf and compares the
// result with NAME.wf.golden; -update rewrites the golden files.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("../testdata/golden/format/*.wf")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			out := checkSame(t, in, src)
			if out == nil {
				t.Fatalf("%s does not parse", in)
			}
			golden := in + ".golden"
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./format -update)", err)
			}
			if string(out) != string(want) {
				t.Errorf("%s differs from %s:\n%s", in, golden, firstDiff(string(want), string(out)))
			}
			// The golden output is itself formatted.
			checkSame(t, golden, want)
		})
	}
}
