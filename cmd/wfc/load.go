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
	files   []*lang.File      // every file of the program, imports first; nil when program is
}

// load reads, parses and checks paths, and the files they import, as one
// program (lang.Load); checking runs only when every file parsed, since
// the checker needs whole declarations.
func load(paths []string) *loaded {
	lp := lang.Load(paths)
	l := &loaded{sources: lp.Sources, diags: lp.Diags, unread: lp.Unread}
	if len(l.unread) == 0 && !l.diags.HasErrors() {
		prog, diags := compiler.Check(lp.Files)
		l.diags.Append(diags)
		l.program = prog
		l.files = lp.Files
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
	l := load(paths)
	if code := e.report(l, false); code != exitOK {
		return nil, code
	}
	return l.program, exitOK
}
