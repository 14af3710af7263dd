package main

import (
	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// loaded holds source files read, parsed and checked together.
type loaded struct {
	sources map[string][]byte
	program *compiler.Program // nil when a file could not be read or parsed
	diags   lang.Diagnostics  // parse and check diagnostics, sorted
	unread  []error           // files that could not be read
}

// load reads, parses and checks paths as one program. Parse errors in one
// file do not hide those of another; checking runs only when every file
// parsed, since the checker needs whole declarations.
func load(paths []string) *loaded {
	l := &loaded{sources: map[string][]byte{}}
	var files []*lang.File
	for _, path := range paths {
		src, err := lang.ReadSource(path)
		if err != nil {
			l.unread = append(l.unread, err)
			continue
		}
		l.sources[path] = src
		f, diags := lang.Parse(path, src)
		l.diags.Append(diags)
		files = append(files, f)
	}
	if len(l.unread) == 0 && !l.diags.HasErrors() {
		prog, diags := compiler.Check(files)
		l.diags.Append(diags)
		l.program = prog
	}
	l.diags.Sort()
	return l
}

// report prints unreadable files and diagnostics to stderr (or, with
// asJSON, diagnostics as JSON to stdout) and returns the exit code they
// call for.
func (e *env) report(l *loaded, asJSON bool) int {
	for _, err := range l.unread {
		e.errorf("%v", err)
	}
	if asJSON {
		if err := l.diags.JSON(e.stdout); err != nil {
			return e.errorf("%v", err)
		}
	} else if err := l.diags.Render(e.stderr, l.sources, e.color); err != nil {
		return exitFail
	}
	if len(l.unread) > 0 || l.diags.HasErrors() {
		return exitFail
	}
	return exitOK
}

// loadProgram loads paths and, if anything is wrong, reports it. It returns
// the program, or nil and the exit code to return. Warnings are printed and
// do not stop the caller.
func (e *env) loadProgram(paths []string) (*compiler.Program, int) {
	prog, _, code := e.loadProgramSources(paths)
	return prog, code
}

// loadProgramSources is loadProgram that also returns the text of each
// file read, by path, exactly as it was checked.
func (e *env) loadProgramSources(paths []string) (*compiler.Program, map[string][]byte, int) {
	l := load(paths)
	if code := e.report(l, false); code != exitOK {
		return nil, nil, code
	}
	return l.program, l.sources, exitOK
}
