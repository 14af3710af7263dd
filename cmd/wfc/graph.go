package main

import (
	"flag"

	"github.com/wfc-lang/wfc/compiler/graphviz"
)

var graphCommand = &command{
	name:    "graph",
	usage:   "wfc graph [--format dot|mermaid] FILE.wf... [WORKFLOW]",
	summary: "draw a workflow's graph as DOT or Mermaid",
	help: `
Graph checks the program and prints WORKFLOW's graph (WORKFLOW may be left out
when the file has only one): a box per call, labelled with its task and
node id, one for the workflow's inputs and one for its outputs, and an
arrow for every dependency, labelled with the values it carries
("o0 → s": output o0 bound to input s). Orderings written with >> that
carry no value are dashed.

--format dot writes Graphviz ('wfc graph x.wf | dot -Tsvg > x.svg');
--format mermaid a Mermaid flowchart, which GitHub renders in Markdown.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		format := fs.String("format", "dot", "dot or mermaid")
		return func(e *env, args []string) int {
			f, err := graphviz.ParseFormat(*format)
			if err != nil {
				return e.usagef("--format: %v", err)
			}
			files, wfName, code := splitArgs(e, args)
			if code != exitOK {
				return code
			}
			prog, code := e.loadProgram(files)
			if code != exitOK {
				return code
			}
			var names []string
			for _, w := range prog.Workflows {
				names = append(names, w.Name)
			}
			name, code := e.chooseWorkflow(names, wfName, "draw")
			if code != exitOK {
				return code
			}
			if err := graphviz.New(prog.Workflow(name)).Write(e.stdout, f); err != nil {
				return e.errorf("%v", err)
			}
			return exitOK
		}
	},
}
