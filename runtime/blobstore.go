package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/wfc-lang/wfc/compiler"
)

// BlobStore keeps the files and directories (file and dir values) of one
// run, content-addressed: each under the hex SHA-256 of its content (for
// a directory, of its tree), so that the same data is stored once and a
// cache hit or a resumed run finds it by value. A value of type file or
// dir is the path of its copy here, never into a task's scratch directory.
//
// Stored files are made read-only, but their owner can undo that: a task
// never gets a stored path to write to; the shell executor gives it a copy
// (CopyBlob).
type BlobStore struct {
	dir  string
	once sync.Once
	err  error
}

// NewBlobStore returns the store in dir, created when first used.
func NewBlobStore(dir string) *BlobStore { return &BlobStore{dir: dir} }

// Dir returns the store's directory.
func (s *BlobStore) Dir() string { return s.dir }

func (s *BlobStore) ensure() error {
	s.once.Do(func() { s.err = os.MkdirAll(s.dir, 0o755) })
	return s.err
}

// Put copies the file (t is file) or directory (t is dir) at src into the
// store and returns the path of the stored copy. src must be a regular
// file or a directory holding only directories and regular files: a
// symbolic link could name anything on this machine, and a device or a
// pipe has no content to store.
func (s *BlobStore) Put(src string, t *compiler.Type) (string, error) {
	if err := s.ensure(); err != nil {
		return "", err
	}
	fi, err := os.Lstat(src)
	if err != nil {
		return "", err
	}
	switch {
	case t.Kind == compiler.KindFile && !fi.Mode().IsRegular():
		return "", fmt.Errorf("%s is %s, not a file", src, describeMode(fi.Mode()))
	case t.Kind == compiler.KindDir && !fi.IsDir():
		return "", fmt.Errorf("%s is %s, not a directory", src, describeMode(fi.Mode()))
	}
	if fi.IsDir() {
		return s.putDir(src)
	}
	tmp, err := os.CreateTemp(s.dir, ".put-*")
	if err != nil {
		return "", err
	}
	h := sha256.New()
	err = copyFileInto(tmp, src, h)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), readOnly(fi.Mode()))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return s.commit(tmp.Name(), h)
}

// putDir stores a directory tree: its copy is made in a temporary
// directory of the store while the tree's digest is computed, over each
// entry's relative path, kind, executable bit and content digest, in
// lexical order.
func (s *BlobStore) putDir(src string) (string, error) {
	tmp, err := os.MkdirTemp(s.dir, ".put-*")
	if err != nil {
		return "", err
	}
	tree := sha256.New()
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		dst := filepath.Join(tmp, rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case fi.IsDir():
			fmt.Fprintf(tree, "d %q\n", rel)
			return os.Mkdir(dst, 0o755)
		case fi.Mode().IsRegular():
			f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
			if err != nil {
				return err
			}
			h := sha256.New()
			err = copyFileInto(f, path, h)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(tree, "f %q %t %x\n", rel, fi.Mode()&0o111 != 0, h.Sum(nil))
			return os.Chmod(dst, readOnly(fi.Mode()))
		}
		return fmt.Errorf("%s is %s; a directory value holds only directories and regular files", path, describeMode(fi.Mode()))
	})
	if err == nil {
		err = os.Chmod(tmp, 0o755) // MkdirTemp made it private
	}
	if err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return s.commit(tmp, tree)
}

// commit moves tmp to its content address; when that exists already the
// data is the same and tmp goes.
func (s *BlobStore) commit(tmp string, h hash.Hash) (string, error) {
	final := filepath.Join(s.dir, hex.EncodeToString(h.Sum(nil)))
	if _, err := os.Lstat(final); err == nil {
		os.RemoveAll(tmp)
		return final, nil
	}
	if err := os.Rename(tmp, final); err != nil {
		os.RemoveAll(tmp)
		if _, serr := os.Lstat(final); serr == nil {
			return final, nil // stored by another node at the same time
		}
		return "", err
	}
	return final, nil
}

// CopyBlob copies the stored file or directory src to dst, writable, for a
// task that may change its copy without changing the stored value. A file
// is cloned (a reflink) where the filesystem can, else copied.
func CopyBlob(src, dst string) error {
	fi, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return copyFile(src, dst, fi.Mode())
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("%s is %s", path, describeMode(info.Mode()))
		}
		return copyFile(path, target, info.Mode())
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, writable(mode))
	if err != nil {
		return err
	}
	err = cloneFile(out, src)
	if errors.Is(err, errNoClone) {
		err = copyFileInto(out, src, nil)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// copyFileInto copies the file src into out, feeding h when not nil.
func copyFileInto(out *os.File, src string, h hash.Hash) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	var w io.Writer = out
	if h != nil {
		w = io.MultiWriter(out, h)
	}
	_, err = io.Copy(w, in)
	return err
}

func readOnly(m fs.FileMode) fs.FileMode {
	if m&0o111 != 0 {
		return 0o555
	}
	return 0o444
}

func writable(m fs.FileMode) fs.FileMode {
	if m&0o111 != 0 {
		return 0o755
	}
	return 0o644
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m.IsRegular():
		return "a file"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// StoreBlobs stores every file and directory in v, a value of type t, and
// returns v with each replaced by its stored path (v is not modified).
func (s *BlobStore) StoreBlobs(v any, t *compiler.Type) (any, error) {
	return mapBlobs(v, t, func(path string, bt *compiler.Type) (string, error) { return s.Put(path, bt) })
}

// mapBlobs returns v (of type t) with each file or directory path p
// replaced by f(p): a copy where anything changed.
func mapBlobs(v any, t *compiler.Type, f func(string, *compiler.Type) (string, error)) (any, error) {
	if v == nil || !t.HasBlob() {
		return v, nil
	}
	switch {
	case t.IsBlob():
		p, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("a %s value is a path, not %T", t, v)
		}
		return f(p, t)
	case t.Kind == compiler.KindOptional:
		return mapBlobs(v, t.Elem, f)
	case t.Kind == compiler.KindList:
		xs, _ := v.([]any)
		out := make([]any, len(xs))
		for i, x := range xs {
			y, err := mapBlobs(x, t.Elem, f)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = y
		}
		return out, nil
	case t.Kind == compiler.KindMap:
		m, _ := v.(map[string]any)
		out := make(map[string]any, len(m))
		for k, x := range m {
			y, err := mapBlobs(x, t.Elem, f)
			if err != nil {
				return nil, fmt.Errorf("[%q]: %w", k, err)
			}
			out[k] = y
		}
		return out, nil
	}
	return v, nil
}
