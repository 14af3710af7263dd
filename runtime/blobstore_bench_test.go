package runtime

import (
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
)

// The cost of storing a file (copy and SHA-256) and of a task's copy of
// it, against a plain copy of the same file as the baseline in the same
// run: docs/performance.md, "Files and directories".
const benchBlobSize = 16 << 20

func benchSource(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "src")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.CopyN(f, rand.Reader, benchBlobSize); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

func BenchmarkBlobPlainCopy(b *testing.B) {
	src, dir := benchSource(b), b.TempDir()
	b.SetBytes(benchBlobSize)
	for i := 0; b.Loop(); i++ {
		out, err := os.Create(filepath.Join(dir, strconv.Itoa(i)))
		if err != nil {
			b.Fatal(err)
		}
		if err := copyFileInto(out, src, nil); err != nil {
			b.Fatal(err)
		}
		out.Close()
	}
}

func BenchmarkBlobPut(b *testing.B) {
	src := benchSource(b)
	b.SetBytes(benchBlobSize)
	for i := 0; b.Loop(); i++ {
		// A fresh store each time: a second Put of the same content
		// would find it stored and only hash.
		s := NewBlobStore(filepath.Join(b.TempDir(), strconv.Itoa(i)))
		if _, err := s.Put(src, compiler.File); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBlobTaskCopy(b *testing.B) {
	src, dir := benchSource(b), b.TempDir()
	b.SetBytes(benchBlobSize)
	for i := 0; b.Loop(); i++ {
		if err := CopyBlob(src, filepath.Join(dir, strconv.Itoa(i))); err != nil {
			b.Fatal(err)
		}
	}
}
