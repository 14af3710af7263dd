package lang

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Program is the files of one program, read and parsed: the files named
// and, transitively, the files they import.
type Program struct {
	// Files holds each file once, whatever the paths it was reached by,
	// the files a file imports before it.
	Files []*File
	// Sources holds each file's text by the name its diagnostics use.
	Sources map[string][]byte
	Diags   Diagnostics // parse errors and import errors, sorted
	// Unread holds the errors of named files that could not be read;
	// an import that cannot be read is a diagnostic at the import.
	Unread []error
}

// Load reads and parses the files at paths and every file they import. An
// import's path is relative to the importing file; a file is read once,
// by its real path, so import cycles and a file named twice are harmless
// (declarations are global to the program). Parse errors in one file do
// not hide those of another.
func Load(paths []string) *Program { return LoadFrom(paths, ReadSource) }

// LoadFrom is Load reading each file with read, which reports a file it
// cannot read as ReadSource does ("name: reason"). An editor passes a read
// that prefers its unsaved buffers to the files on disk.
func LoadFrom(paths []string, read func(name string) ([]byte, error)) *Program {
	p := &Program{Sources: map[string][]byte{}}
	seen := map[string]bool{}
	var visit func(name string, from *Import)
	visit = func(name string, from *Import) {
		key := realPath(name)
		if seen[key] {
			return
		}
		seen[key] = true
		src, err := read(name)
		if err != nil {
			if from == nil {
				p.Unread = append(p.Unread, err)
				return
			}
			msg := strings.TrimPrefix(err.Error(), name+": ")
			p.Diags.Errorf(RangeOf(from), "cannot import %q: %s", from.Path, msg).Hint =
				fmt.Sprintf("the path is relative to this file's folder: %s", name)
			return
		}
		p.Sources[name] = src
		f, diags := Parse(name, src)
		p.Diags.Append(diags)
		for _, im := range f.Imports {
			if im.Path == "" {
				continue // reported by Parse
			}
			if !strings.HasSuffix(im.Path, ".wf") {
				p.Diags.Errorf(RangeOf(im), "cannot import %q: not a .wf file", im.Path).Hint = "an import names a file of wfc declarations, ending in .wf"
				continue
			}
			target := filepath.FromSlash(im.Path)
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(name), target)
			}
			visit(target, im)
		}
		p.Files = append(p.Files, f)
	}
	for _, path := range paths {
		visit(path, nil)
	}
	p.Diags.Sort()
	return p
}

// realPath is the path a file is known by once: absolute, symbolic links
// resolved. A path that does not resolve is its own key; reading it fails.
func realPath(name string) string {
	abs, err := filepath.Abs(name)
	if err != nil {
		return name
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}
