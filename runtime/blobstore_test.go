package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBlobStoreFilesByContent(t *testing.T) {
	s := NewBlobStore(filepath.Join(t.TempDir(), "data"))
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "a.csv"), "x,1\n")
	writeFile(t, filepath.Join(src, "b.csv"), "x,1\n")
	writeFile(t, filepath.Join(src, "c.csv"), "x,2\n")
	a, err := s.Put(filepath.Join(src, "a.csv"), compiler.File)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Put(filepath.Join(src, "b.csv"), compiler.File)
	c, _ := s.Put(filepath.Join(src, "c.csv"), compiler.File)
	if a != b || a == c {
		t.Errorf("same content must share a path, different content not: %s %s %s", a, b, c)
	}
	if filepath.Dir(a) != s.Dir() {
		t.Errorf("%s is not in the store %s", a, s.Dir())
	}
	if got, _ := os.ReadFile(a); string(got) != "x,1\n" {
		t.Errorf("stored %q", got)
	}
	if fi, _ := os.Stat(a); fi.Mode().Perm()&0o222 != 0 {
		t.Errorf("stored file is writable: %v", fi.Mode())
	}
	// The source may change afterwards; the stored value does not.
	writeFile(t, filepath.Join(src, "a.csv"), "changed")
	if got, _ := os.ReadFile(a); string(got) != "x,1\n" {
		t.Errorf("stored file followed its source: %q", got)
	}
}

func TestBlobStoreDirectories(t *testing.T) {
	s := NewBlobStore(filepath.Join(t.TempDir(), "data"))
	one, two := t.TempDir(), t.TempDir()
	for _, d := range []string{one, two} {
		writeFile(t, filepath.Join(d, "x.txt"), "x")
		writeFile(t, filepath.Join(d, "sub", "y.txt"), "y")
	}
	p1, err := s.Put(one, compiler.Dir)
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := s.Put(two, compiler.Dir)
	if p1 != p2 {
		t.Errorf("equal trees stored apart: %s %s", p1, p2)
	}
	writeFile(t, filepath.Join(two, "sub", "y.txt"), "Y")
	p3, _ := s.Put(two, compiler.Dir)
	if p3 == p1 {
		t.Error("a changed file left the tree's address unchanged")
	}
	os.Rename(filepath.Join(two, "sub", "y.txt"), filepath.Join(two, "sub", "z.txt"))
	writeFile(t, filepath.Join(two, "sub", "z.txt"), "y")
	if p4, _ := s.Put(two, compiler.Dir); p4 == p1 {
		t.Error("a renamed file left the tree's address unchanged")
	}
	if got, _ := os.ReadFile(filepath.Join(p1, "sub", "y.txt")); string(got) != "y" {
		t.Errorf("stored tree holds %q", got)
	}
}

func TestBlobStoreRefuses(t *testing.T) {
	s := NewBlobStore(filepath.Join(t.TempDir(), "data"))
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "f"), "f")
	os.Symlink("/etc/passwd", filepath.Join(src, "link"))
	cases := []struct {
		path string
		t    *compiler.Type
		want string
	}{
		{filepath.Join(src, "f"), compiler.Dir, "is a file, not a directory"},
		{src, compiler.File, "is a directory, not a file"},
		{filepath.Join(src, "link"), compiler.File, "is a symbolic link, not a file"},
		{src, compiler.Dir, "link is a symbolic link; a directory value holds only directories and regular files"},
		{filepath.Join(src, "missing"), compiler.File, "no such file"},
	}
	for _, c := range cases {
		if _, err := s.Put(c.path, c.t); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Put(%s, %s) = %v, want %q", c.path, c.t, err, c.want)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(s.Dir(), ".put-*"))
	if len(leftovers) > 0 {
		t.Errorf("failed puts left %v", leftovers)
	}
}

// A task's copy is its own: writing it leaves the stored value alone.
func TestCopyBlobIsIndependent(t *testing.T) {
	s := NewBlobStore(filepath.Join(t.TempDir(), "data"))
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "d", "f.txt"), "orig")
	stored, err := s.Put(filepath.Join(src, "d"), compiler.Dir)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "in")
	if err := CopyBlob(stored, dst); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "f.txt"), []byte("vandal"), 0o644); err != nil {
		t.Fatalf("the copy is not writable: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(stored, "f.txt")); string(got) != "orig" {
		t.Errorf("writing the copy changed the store: %q", got)
	}
}

func TestStoreBlobsInLists(t *testing.T) {
	s := NewBlobStore(filepath.Join(t.TempDir(), "data"))
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "a"), "a")
	writeFile(t, filepath.Join(src, "b"), "b")
	in := []any{filepath.Join(src, "a"), filepath.Join(src, "b")}
	out, err := s.StoreBlobs(in, compiler.ListOf(compiler.File))
	if err != nil {
		t.Fatal(err)
	}
	xs := out.([]any)
	if len(xs) != 2 || filepath.Dir(xs[0].(string)) != s.Dir() || xs[0] == xs[1] {
		t.Errorf("stored %v", xs)
	}
	if in[0] != filepath.Join(src, "a") {
		t.Error("StoreBlobs modified its argument")
	}
}
