package flyte

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/flyte")

const (
	repoRoot  = "../.."
	goldenDir = repoRoot + "/testdata/golden/flyte"
)

// sourcePrograms lists the .wf programs compiled through the whole
// pipeline: every example and every golden input.
func sourcePrograms(t testing.TB) []string {
	var paths []string
	for _, pat := range []string{repoRoot + "/examples/*.wf", repoRoot + "/examples/*/*.wf", goldenDir + "/*.wf"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no .wf programs found")
	}
	return paths
}

// loadProgram loads (with its imports), parses and checks one .wf file as
// wfc compile does.
func loadProgram(t testing.TB, path string) *compiler.Program {
	t.Helper()
	lp := lang.Load([]string{path})
	if len(lp.Unread) > 0 {
		t.Fatal(lp.Unread[0])
	}
	if lp.Diags.HasErrors() {
		t.Fatalf("%s: %v", path, lp.Diags.Err())
	}
	p, diags := compiler.Check(lp.Files)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", path, diags.Err())
	}
	return p
}

func programName(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), ".wf")
	if strings.Contains(path, "examples") {
		name = "example-" + name
	}
	return name
}

// TestGolden compiles every program and compares each emitted file, each
// compiled closure and the diagnostics with testdata/golden/flyte/NAME/.
func TestGolden(t *testing.T) {
	for _, path := range sourcePrograms(t) {
		name := programName(path)
		t.Run(name, func(t *testing.T) {
			b, diags := Compile(loadProgram(t, path), Options{})
			got := map[string][]byte{}
			var diagText strings.Builder
			for _, d := range diags {
				// Diagnostics name files from the repository's root,
				// wherever the test runs.
				diagText.WriteString(strings.ReplaceAll(d.Error(), repoRoot+"/", "") + "\n")
			}
			got["diagnostics.txt"] = []byte(diagText.String())
			if diags.HasErrors() {
				// What Flyte would refuse is kept as its diagnostics alone.
				compareGolden(t, filepath.Join(goldenDir, name), got)
				return
			}
			for i, fn := range b.FileNames(JSON) {
				var buf bytes.Buffer
				if err := EncodeJSON(&buf, b.Entities[i].Spec); err != nil {
					t.Fatal(err)
				}
				got[fn] = buf.Bytes()
			}
			for _, w := range b.Workflows() {
				c, err := b.Closure(w)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := EncodeJSON(&buf, c); err != nil {
					t.Fatal(err)
				}
				got["closure-"+w+".json"] = buf.Bytes()
			}
			compareGolden(t, filepath.Join(goldenDir, name), got)
		})
	}
}

// compareGolden compares files with the directory dir, or with -update
// makes dir hold exactly them.
func compareGolden(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	if *update {
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%v (run go test -update to create the golden files)", err)
	}
	for _, e := range entries {
		if _, ok := files[e.Name()]; !ok {
			t.Errorf("%s/%s is no longer produced (run go test -update)", dir, e.Name())
		}
	}
	for name, data := range files {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s/%s: %v (run go test -update)", dir, name, err)
			continue
		}
		if !bytes.Equal(data, want) {
			t.Errorf("%s/%s differs from the golden file (run go test -update and review the diff):\n%s", dir, name, diffContext(data, want))
		}
	}
}

// The hand-built IR of the design example (examples/design.wf) is what the checker builds:
// both compile to the same entities.
func TestHandBuiltMatchesChecker(t *testing.T) {
	fromSource, _ := compileOK(t, loadProgram(t, goldenDir+"/design.wf"), Options{})
	byHand, _ := compileOK(t, designProgram(), Options{})
	if len(fromSource.Entities) != len(byHand.Entities) {
		t.Fatalf("%d entities from source, %d by hand", len(fromSource.Entities), len(byHand.Entities))
	}
	for i := range byHand.Entities {
		a, _ := Marshal(fromSource.Entities[i].Spec, JSON)
		b, _ := Marshal(byHand.Entities[i].Spec, JSON)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: from source and by hand differ:\n%s", byHand.Entities[i].Name, diffContext(a, b))
		}
	}
}
