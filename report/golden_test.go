package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/wfc-lang/wfc/runtime"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGoldenData builds the report data of a recorded run kept in
// testdata/record (a resumed run: reused, failed, skipped, a map and an
// inlined subworkflow's conditional) and compares it with
// testdata/golden/report/record.json.
func TestGoldenData(t *testing.T) {
	rec, err := runtime.LoadRun(filepath.Join("testdata", "record"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(New(rec, Options{}), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("..", "testdata", "golden", "report", "record.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./report -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report data differs from %s (go test ./report -update refreshes it; review the diff):\n%s", golden, got)
	}
}
