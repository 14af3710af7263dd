package runtime_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wfc-lang/wfc/runtime"
)

// TestProgramText writes the program text of one file and of several, as
// a run record keeps it, and reads it back split into the same files.
func TestProgramText(t *testing.T) {
	tests := []struct {
		name  string
		files []runtime.ProgramFile
		want  []runtime.ProgramFile // read back; nil: the same as files
	}{
		{"one file", []runtime.ProgramFile{{Name: "a.wf", Text: []byte("task t() {}\n")}},
			[]runtime.ProgramFile{{Name: "source.wf", Text: []byte("task t() {}\n")}}},
		{"several", []runtime.ProgramFile{
			{Name: "lib/hooks.wf", Text: []byte("# a comment\nwebhook h { url = \"http://x\" }\n")},
			{Name: "main.wf", Text: []byte("import \"lib/hooks.wf\"\n\nworkflow w() { h() }\n")},
		}, nil},
		{"a file without its last newline", []runtime.ProgramFile{
			{Name: "a.wf", Text: []byte("task t() {}")},
			{Name: "b.wf", Text: []byte("")},
			{Name: "c.wf", Text: []byte("workflow w() {}\n")},
		}, []runtime.ProgramFile{
			{Name: "a.wf", Text: []byte("task t() {}\n")},
			{Name: "b.wf", Text: []byte("")},
			{Name: "c.wf", Text: []byte("workflow w() {}\n")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "source.wf"), runtime.ProgramText(tt.files), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := runtime.ReadProgram(dir)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == nil {
				want = tt.files
			}
			if !slices.EqualFunc(got, want, func(a, b runtime.ProgramFile) bool { return a.Name == b.Name && string(a.Text) == string(b.Text) }) {
				t.Errorf("read back %q, want %q", got, want)
			}
		})
	}
	if _, err := runtime.ReadProgram(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a record without program text: %v, want fs.ErrNotExist", err)
	}
}
