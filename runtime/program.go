package runtime

import (
	"bytes"
	"path/filepath"

	"github.com/wfc-lang/wfc/internal/capped"
)

// A run record keeps the text of the program it ran (source.wf, written
// from Options.Source): the one file's text, or each file's, imports
// first, after a line naming it. ProgramText writes that text and
// ReadProgram reads it back, split into its files.

// ProgramFile is one file of a program.
type ProgramFile struct {
	Name string
	Text []byte
}

// fileMarker heads each file of a program of several files.
const fileMarker = "# --- file "

// maxProgramText bounds the program text read back from a record.
const maxProgramText = 64 << 20

// ProgramText is the text a run record keeps of a program of files.
func ProgramText(files []ProgramFile) []byte {
	if len(files) == 1 {
		return files[0].Text
	}
	var b []byte
	for _, f := range files {
		b = append(b, fileMarker+f.Name+" ---\n"...)
		b = append(b, f.Text...)
		if len(f.Text) > 0 && f.Text[len(f.Text)-1] != '\n' {
			b = append(b, '\n')
		}
	}
	return b
}

// ReadProgram reads the program text the record in dir keeps, split into
// its files; a program of one file comes back named source.wf. A record
// without one gives an error satisfying errors.Is(err, fs.ErrNotExist).
func ReadProgram(dir string) ([]ProgramFile, error) {
	src, err := capped.ReadFile(filepath.Join(dir, sourceName), maxProgramText)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(src, []byte(fileMarker)) {
		return []ProgramFile{{Name: sourceName, Text: src}}, nil
	}
	var out []ProgramFile
	for len(src) > 0 {
		// src starts with a marker line: "# --- file NAME ---\n".
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		name := bytes.TrimSuffix(bytes.TrimPrefix(line, []byte(fileMarker)), []byte(" ---"))
		end := len(rest) // the next marker's line, or the end
		if bytes.HasPrefix(rest, []byte(fileMarker)) {
			end = 0 // an empty file
		} else if i := bytes.Index(rest, []byte("\n"+fileMarker)); i >= 0 {
			end = i + 1 // the file's text keeps its last newline
		}
		out = append(out, ProgramFile{Name: string(name), Text: rest[:end]})
		src = rest[end:]
	}
	return out, nil
}
