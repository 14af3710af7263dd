package flyte

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"github.com/wfc-lang/wfc/lang"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
)

func TestFileNames(t *testing.T) {
	b, _ := compileOK(t, designProgram(), Options{})
	want := []string{"0_hello_1.json", "1_simple_get_1.json", "2_get_with_params_1.json", "3_invoke_slack_1.json", "4_wf_2.json", "5_wf_3.json"}
	if got := b.FileNames(JSON); !slices.Equal(got, want) {
		t.Errorf("FileNames = %q\nwant %q", got, want)
	}
	// flytekit pads to ceil(log10(n)) digits: 10 entities need one, 11 two.
	for n, width := range map[int]int{1: 1, 9: 1, 10: 1, 11: 2, 100: 2, 101: 3} {
		b := &Bundle{Entities: make([]*Entity, n)}
		for i := range b.Entities {
			b.Entities[i] = &Entity{Kind: TaskEntity, Name: "t"}
		}
		names := b.FileNames(Proto)
		if got := len(strings.SplitN(names[0], "_", 2)[0]); got != width {
			t.Errorf("%d entities: index width %d, want %d (%s)", n, got, width, names[0])
		}
		if !slices.IsSorted(names) {
			t.Errorf("%d entities: names do not sort in entity order", n)
		}
	}
}

func TestWriteDirReplacesOnlyItsOwnFiles(t *testing.T) {
	b, _ := compileOK(t, designProgram(), Options{})
	dir := filepath.Join(t.TempDir(), "out")
	if err := b.WriteDir(dir, JSON); err != nil {
		t.Fatal(err)
	}
	// A second compile, in the other format, replaces the first's files.
	if err := b.WriteDir(dir, Proto); err != nil {
		t.Fatal(err)
	}
	if got := listDir(t, dir); !slices.Equal(got, b.FileNames(Proto)) {
		t.Errorf("after rewrite: %q", got)
	}
	// A file wfc did not write stops it, and nothing changes.
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := b.WriteDir(dir, JSON)
	if err == nil || !strings.Contains(err.Error(), "notes.txt, which wfc did not write") {
		t.Errorf("WriteDir over a foreign file: %v", err)
	}
	if got := listDir(t, dir); len(got) != len(b.FileNames(Proto))+1 {
		t.Errorf("directory changed: %q", got)
	}
	// No temporary directories are left beside it.
	if got := listDir(t, filepath.Dir(dir)); !slices.Equal(got, []string{"out"}) {
		t.Errorf("left beside the output: %q", got)
	}
}

// A failure while writing leaves no partial output: here an entity that
// cannot be encoded (invalid UTF-8) after others that can.
func TestWriteDirIsAtomic(t *testing.T) {
	p := designProgram()
	p.Workflows[0].Doc = "bad \xff doc"
	b, _ := compileOK(t, p, Options{})
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	for _, f := range []Format{JSON, Proto} {
		if err := b.WriteDir(dir, f); err == nil {
			t.Fatalf("%s: WriteDir succeeded with invalid UTF-8", f)
		}
		if got := listDir(t, parent); len(got) != 0 {
			t.Errorf("%s: a failed write left %q", f, got)
		}
	}
}

func TestPackageLayout(t *testing.T) {
	b, _ := compileOK(t, designProgram(), Options{})
	path := filepath.Join(t.TempDir(), "flyte-package.tgz")
	if err := b.WritePackage(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if gz.Name != "" || !gz.ModTime.IsZero() {
		t.Errorf("gzip header carries name %q, time %v", gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	var names []string
	for i := 0; ; i++ {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, hdr.Name)
		if hdr.Typeflag != tar.TypeReg || hdr.Mode != 0o644 || !hdr.ModTime.Equal(packageTime) || hdr.Uid != 0 || hdr.Uname != "" {
			t.Errorf("%s: header %+v", hdr.Name, hdr)
		}
		body, _ := io.ReadAll(tr)
		want, _ := Marshal(b.Entities[i].Spec, Proto)
		if !bytes.Equal(body, want) {
			t.Errorf("%s: contents differ from the entity", hdr.Name)
		}
	}
	if !slices.Equal(names, b.FileNames(Proto)) {
		t.Errorf("entries %q, want %q at the top level", names, b.FileNames(Proto))
	}
	if got := listDir(t, filepath.Dir(path)); !slices.Equal(got, []string{"flyte-package.tgz"}) {
		t.Errorf("left beside the package: %q", got)
	}
}

// Entities come in source order, each workflow after the tasks it calls
// and before its launch plan; unused tasks keep their place.
func TestEntityOrder(t *testing.T) {
	p := designProgram()
	at := func(off int) (r lang.Range) { r.Start.Offset = off; r.End.Offset = off + 1; return }
	unused := &compiler.Task{Name: "unused", Kind: compiler.TaskEcho}
	late := &compiler.Task{Name: "late", Kind: compiler.TaskEcho}
	p.Tasks[0].Range, p.Tasks[1].Range, p.Tasks[2].Range, p.Tasks[3].Range = at(10), at(20), at(30), at(40)
	unused.Range, late.Range = at(5), at(90)
	p.Workflows[0].Range = at(50)
	p.Tasks = append([]*compiler.Task{unused}, append(p.Tasks, late)...)
	b, _ := compileOK(t, p, Options{})
	var got []string
	for _, e := range b.Entities {
		got = append(got, e.Name+"_"+strings.Fields(e.Kind.String())[0])
	}
	want := []string{"unused_task", "hello_task", "simple_get_task", "get_with_params_task", "invoke_slack_task", "wf_workflow", "wf_launch", "late_task"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q\nwant  %q", got, want)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
