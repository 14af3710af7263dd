// Package atomicfile replaces files whole, for the outputs and records wfc
// writes: WriteFile and WriteFileSync are its entry points.
package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile replaces the file at path with data and permissions perm. It
// writes a temporary file in the same folder and renames it over path, so
// a reader sees the old contents or the new, never a mixture, and a
// failure leaves the old file whole and no temporary file behind. Its
// error is a *fs.PathError naming path, not the temporary file.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return write(path, data, perm, false)
}

// WriteFileSync is WriteFile, with the data on disk before the rename, so
// that a crash cannot leave an empty or partial file at path either.
func WriteFileSync(path string, data []byte, perm fs.FileMode) error {
	return write(path, data, perm, true)
}

func write(path string, data []byte, perm fs.FileMode, sync bool) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return pathError(path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return pathError(path, err)
	}
	return nil
}

// pathError is err, which names the temporary file, naming path instead.
func pathError(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &fs.PathError{Op: "write", Path: path, Err: err}
}
