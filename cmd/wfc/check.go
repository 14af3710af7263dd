package main

import (
	"flag"

	"github.com/wfc-lang/wfc/compiler/flyte"
)

var checkCommand = &command{
	name:    "check",
	usage:   "wfc check [--json] FILE.wf...",
	summary: "report every error in workflow files",
	help: `
Check parses and type-checks the files as one program and reports every
problem it finds, each with file:line:col, the source line and, where it
can, a hint. It exits 0 when there are no errors (warnings are allowed),
1 when there are, and 2 on a usage error.

A program that checks may still be one Flyte's compiler would refuse at
registration (say, a workflow reading info.response, which only wfc run's
response = "json" fills in). Check compiles it as 'wfc compile' would and
reports each such refusal as a warning: the program runs here, but
'wfc compile' will fail on it.

With --json, diagnostics are written to standard output as a JSON array of
objects {file, severity, summary, detail, hint, start, end}, where start and
end are {line, column, offset}; columns count characters from 1.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		asJSON := fs.Bool("json", false, "write diagnostics as JSON to standard output")
		return func(e *env, args []string) int {
			if len(args) == 0 {
				return e.usagef("no files given")
			}
			l := load(args)
			if l.program != nil && !l.diags.HasErrors() {
				l.diags.Append(flyte.Rejections(l.program))
				l.diags.Sort()
			}
			return e.report(l, *asJSON)
		}
	},
}
