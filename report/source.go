package report

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/runtime"
)

// workflowOf rebuilds the workflow a record ran from the program text the
// record keeps: the checked program's workflow of that name. The files of
// a program of several are checked together, as they were; their imports
// are dropped, since every file is already there.
func workflowOf(dir, name string) (*compiler.Workflow, error) {
	parts, err := runtime.ReadProgram(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errors.New("the record keeps no program text (source.wf)")
		}
		return nil, err
	}
	var files []*lang.File
	for _, part := range parts {
		f, diags := lang.Parse(part.Name, part.Text)
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

func firstError(diags lang.Diagnostics) string {
	for _, d := range diags {
		if d.Severity == lang.Error {
			return d.Error()
		}
	}
	return "no error reported"
}
