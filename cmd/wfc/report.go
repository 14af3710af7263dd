package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/wfc-lang/wfc/report"
	"github.com/wfc-lang/wfc/runtime"
)

var reportCommand = &command{
	name:    "report",
	usage:   "wfc report [-o FILE] [--runs-dir DIR] RUN",
	summary: "write a recorded run's HTML report",
	help: `
Report writes one self-contained HTML file that shows RUN: the workflow's
DAG coloured by each node's state, a timeline of every attempt (retries
and cache hits marked), each node's inputs, outputs, error and last log
lines, and the run's totals. It loads nothing from the network: open it
in any browser, or send it to someone.

RUN is a run id as 'wfc runs' lists it, a unique prefix of one, or
"latest". The report goes to report.html in the run's folder unless -o
names another file (-o - writes it on standard output); the file is
written whole or not at all, and its path is printed. A run still in
progress can be reported: the report shows its state so far.

'wfc run --report' writes the same file when the run ends.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		out := fs.String("o", "", "write the report to `file` (default: report.html in the run's folder; - for standard output)")
		dir := fs.String("runs-dir", defaultRunsDir, "read runs from `dir`")
		return func(e *env, args []string) int {
			if len(args) != 1 {
				return e.usagef("want one run id")
			}
			run, err := runtime.FindRun(*dir, args[0])
			if err != nil {
				return e.errorf("%v", err)
			}
			path, err := writeReport(e.stdout, run, *out)
			if err != nil {
				return e.errorf("report: %v", err)
			}
			if path != "" {
				fmt.Fprintln(e.stdout, path)
			}
			return exitOK
		}
	},
}

// writeReport writes the report of the run recorded in dir to out ("" for
// report.html in the run's folder, "-" for w) and returns where it went.
func writeReport(w io.Writer, dir, out string) (string, error) {
	rec, err := runtime.LoadRun(dir)
	if err != nil {
		return "", err
	}
	if out == "-" {
		return "", report.Render(w, report.New(rec, report.Options{}))
	}
	if out == "" {
		out = filepath.Join(dir, report.DefaultName)
	}
	return out, report.WriteFile(out, report.New(rec, report.Options{Out: out}))
}
