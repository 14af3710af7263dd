package flyte

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// newForFile returns an empty message of flyteidl's type a serialize file
// name says it holds.
func newForFile(t *testing.T, name string) proto.Message {
	t.Helper()
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".pb")
	switch {
	case strings.HasSuffix(base, "_1"):
		return &admin.TaskSpec{}
	case strings.HasSuffix(base, "_2"):
		return &admin.WorkflowSpec{}
	case strings.HasSuffix(base, "_3"):
		return &admin.LaunchPlan{}
	}
	t.Fatalf("%s: not a serialize file name", name)
	return nil
}

// strict rejects unknown fields: every field written must be one the
// flyteidl types know.
var strict = protojson.UnmarshalOptions{DiscardUnknown: false}

// Every emitted file reads back, strictly, into the flyteidl type its name
// announces, and equals what was emitted; the same for protobuf binary and
// for closures.
func TestRoundTrip(t *testing.T) {
	eachProgram(t, func(t *testing.T, name string, b *Bundle) {
		for _, f := range []Format{JSON, Proto} {
			dir := filepath.Join(t.TempDir(), "out")
			if err := b.WriteDir(dir, f); err != nil {
				t.Fatal(err)
			}
			files := b.FileNames(f)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(files) {
				t.Fatalf("%s: %d files written, want %d", f, len(entries), len(files))
			}
			for i, fn := range files {
				data, err := os.ReadFile(filepath.Join(dir, fn))
				if err != nil {
					t.Fatal(err)
				}
				got := newForFile(t, fn)
				if f == JSON {
					err = strict.Unmarshal(data, got)
				} else {
					err = proto.Unmarshal(data, got)
				}
				if err != nil {
					t.Fatalf("%s: %v", fn, err)
				}
				if !proto.Equal(got, toFlyteidl(t, b.Entities[i].Spec)) {
					t.Errorf("%s: read back differs from what was emitted", fn)
				}
			}
		}
		for _, w := range b.Workflows() {
			c, err := b.Closure(w)
			if err != nil {
				t.Fatal(err)
			}
			data, err := Marshal(c, JSON)
			if err != nil {
				t.Fatal(err)
			}
			var got core.CompiledWorkflowClosure
			if err := strict.Unmarshal(data, &got); err != nil {
				t.Fatalf("closure %s: %v", w, err)
			}
			if !proto.Equal(&got, toFlyteidl(t, c)) {
				t.Errorf("closure %s: read back differs", w)
			}
		}
	})
}

// Output is byte for byte the same from one compile to the next.
func TestDeterministic(t *testing.T) {
	progs := testPrograms()
	for name := range progs {
		for _, f := range []Format{JSON, Proto} {
			var first [][]byte
			for run := 0; run < 3; run++ {
				b, _ := compileOK(t, testPrograms()[name], Options{})
				var out [][]byte
				for _, e := range b.Entities {
					data, err := Marshal(e.Spec, f)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, data)
				}
				pkg, err := b.Package()
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, pkg)
				if run == 0 {
					first = out
					continue
				}
				for i := range out {
					if string(out[i]) != string(first[i]) {
						t.Errorf("%s %s: output %d differs between runs", name, f, i)
					}
				}
			}
		}
	}
}
