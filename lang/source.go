package lang

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// MaxSourceSize bounds the size of one source file. A generated workflow of
// 100,000 calls is about 3 MB; anything past this limit is far more likely a
// wrong file than a program, and reading it whole would only waste memory.
const MaxSourceSize = 8 << 20

// A file may start with a UTF-8 byte-order mark, which some editors write.
// Parse skips it: offsets still count bytes from the start of the file,
// but columns on the first line count from after the mark, as editors
// show them, and rendered source lines leave it out.
const byteOrderMark = "\uFEFF"

// textStart is the offset where the text of src begins, after any
// byte-order mark.
func textStart(src []byte) int {
	if bytes.HasPrefix(src, []byte(byteOrderMark)) {
		return len(byteOrderMark)
	}
	return 0
}

// ReadSource reads a source file for Parse, with a clear error for a path
// that is missing, a directory, unreadable or too large.
func ReadSource(path string) ([]byte, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no such file", path)
	case err != nil:
		return nil, fmt.Errorf("%s: %v", path, unwrapPathError(err))
	case info.IsDir():
		return nil, fmt.Errorf("%s: is a directory, not a .wf file", path)
	case !info.Mode().IsRegular() && info.Mode()&fs.ModeNamedPipe == 0 && info.Mode()&fs.ModeCharDevice == 0:
		return nil, fmt.Errorf("%s: not a regular file", path)
	case info.Size() > MaxSourceSize:
		return nil, fmt.Errorf("%s: file is %s; wfc reads source files of at most %s", path, byteSize(info.Size()), byteSize(MaxSourceSize))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	// Read at most one byte past the limit, in case the file grew (or is a
	// pipe whose size Stat cannot tell).
	buf := make([]byte, 0, min(info.Size(), MaxSourceSize)+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxSourceSize {
			return nil, fmt.Errorf("%s: file is larger than %s, the most wfc reads", path, byteSize(MaxSourceSize))
		}
		if err != nil {
			break
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
	return buf, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
