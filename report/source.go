package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/capped"
	"github.com/wfc-lang/wfc/lang"
)

// sourceName is the program text a run record keeps (see runtime's
// record.go).
const sourceName = "source.wf"

// maxSource bounds the program text read back from a record.
const maxSource = 64 << 20

// fileMarker heads each file of a program of several files in source.wf
// (cmd/wfc's programText).
var fileMarker = regexp.MustCompile(`(?m)^# --- file (.+) ---\n`)

// workflowOf rebuilds the workflow a record ran from the program text the
// record keeps: the checked program's workflow of that name. The files of
// a program of several are checked together, as they were; their imports
// are dropped, since every file is already there.
func workflowOf(dir, name string) (*compiler.Workflow, error) {
	src, err := capped.ReadFile(filepath.Join(dir, sourceName), maxSource)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("the record keeps no program text (%s)", sourceName)
		}
		return nil, err
	}
	var files []*lang.File
	for _, part := range splitFiles(src) {
		f, diags := lang.Parse(part.name, part.text)
		if diags.HasErrors() {
			return nil, fmt.Errorf("the recorded program does not parse: %s", firstError(diags))
		}
		f.Imports = nil
		files = append(files, f)
	}
	prog, diags := compiler.Check(files)
	if diags.HasErrors() || prog == nil {
		return nil, fmt.Errorf("the recorded program does not check: %s", firstError(diags))
	}
	wf := prog.Workflow(name)
	if wf == nil {
		return nil, fmt.Errorf("the recorded program has no workflow %s", name)
	}
	return wf, nil
}

type sourceFile struct {
	name string
	text []byte
}

// splitFiles cuts source.wf at its file markers; a single file has none.
func splitFiles(src []byte) []sourceFile {
	locs := fileMarker.FindAllSubmatchIndex(src, -1)
	if len(locs) == 0 || !bytes.HasPrefix(src, []byte("# --- file ")) {
		return []sourceFile{{name: sourceName, text: src}}
	}
	var out []sourceFile
	for k, loc := range locs {
		end := len(src)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		out = append(out, sourceFile{name: string(src[loc[2]:loc[3]]), text: src[loc[1]:end]})
	}
	return out
}

func firstError(diags lang.Diagnostics) string {
	for _, d := range diags {
		if d.Severity == lang.Error {
			return d.Error()
		}
	}
	return "no error reported"
}
