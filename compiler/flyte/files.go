package flyte

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// FileNames returns the file name of each entity as pyflyte serialize
// names them: the entity's position zero-padded to as many digits as the
// count needs (flytekit's ceil(log10(n)): 0…9 for ten entities, 00…10 for
// eleven), its name and its kind digit. Sorting the names keeps
// dependencies first, which flytectl register files relies on.
func (b *Bundle) FileNames(f Format) []string {
	width := 0
	for p := 1; p < len(b.Entities); p *= 10 {
		width++
	}
	names := make([]string, len(b.Entities))
	for i, e := range b.Entities {
		idx := strconv.Itoa(i)
		if pad := width - len(idx); pad > 0 {
			idx = strings.Repeat("0", pad) + idx
		}
		names[i] = fmt.Sprintf("%s_%s_%d.%s", idx, e.Name, int(e.Kind), f)
	}
	return names
}

// entityFile matches the names FileNames gives.
var entityFile = regexp.MustCompile(`^[0-9]+_.+_[123]\.(pb|json)$`)

// WriteFile writes one message to path in format f, streaming JSON.
func WriteFile(path string, m Message, f Format) error {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(file, 256<<10)
	err = encode(w, m, f)
	if err == nil {
		err = w.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	return err
}

func encode(w io.Writer, m Message, f Format) error {
	if f == JSON {
		return EncodeJSON(w, m)
	}
	data, err := Marshal(m, f)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// WriteDir writes every entity of b into dir, one file each, named as
// FileNames says. It is all or nothing: the files are written into a fresh
// directory beside dir, which then takes dir's place, so a failure leaves
// dir as it was. An existing dir may hold only files wfc writes (the
// previous compile's, which are replaced); anything else there is an error
// rather than lost.
func (b *Bundle) WriteDir(dir string, f Format) (err error) {
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	for i, name := range b.FileNames(f) {
		if err := WriteFile(filepath.Join(tmp, name), b.Entities[i].Spec, f); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	return replaceDir(tmp, dir)
}

// checkReplaceable refuses to replace a directory holding files wfc did
// not write.
func checkReplaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("%s exists and is not a directory", dir)
		}
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !entityFile.MatchString(e.Name()) {
			return fmt.Errorf("%s holds %s, which wfc did not write: choose an empty or new output directory", dir, e.Name())
		}
	}
	return nil
}

// replaceDir moves the finished directory tmp to dir, setting aside and
// then removing what was at dir.
func replaceDir(tmp, dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	old, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-")
	if err != nil {
		return err
	}
	os.Remove(old) // only its unique name is needed
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir) // put the previous output back
		return err
	}
	return os.RemoveAll(old)
}
