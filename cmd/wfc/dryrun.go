package main

import (
	"fmt"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/nodes/shell"
	"github.com/wfc-lang/wfc/nodes/webhook"
	"github.com/wfc-lang/wfc/runtime"
)

// runDryRun is `wfc run --dry-run`: it prints, in node order, every request
// the workflow's webhook calls would send, byte for byte as the run writes
// it (request line, headers, blank line, body; lines end in CRLF, and a
// newline follows a body), and the exact command line of every shell task
// (/bin/sh -c SCRIPT NAME ARG…), and sends nothing and runs nothing.
// Secrets show as ***; values that only a run would produce show as the
// promise they come from: <n0.o0> is node n0's output o0,
// <n1.o0.status_code> a key of it. Other nodes are listed in one line each,
// so those promises can be read. A secret that would not resolve, or a
// request or command that cannot be rendered, is reported under its node
// and makes the exit status 1, as the run would have failed.
func runDryRun(e *env, wf *compiler.Workflow, inputs map[string]any, secrets runtime.SecretSource) int {
	code := exitOK
	for i, n := range wf.Nodes {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if n.Map != nil {
			// Items exist only once the lists do, at run time.
			fmt.Fprintf(e.stdout, "# %s %s: map of a %s task, its items are known only at run time, not planned\n", n.ID, n.Task.Name, n.Task.Kind)
			continue
		}
		if n.Branch != nil {
			// Which branch runs, and so what it sends, is known only at run time.
			fmt.Fprintf(e.stdout, "# %s if: a conditional, its branch is chosen only at run time, not planned\n", n.ID)
			continue
		}
		if n.Task != nil && n.Task.Kind == compiler.TaskShell {
			fmt.Fprintf(e.stdout, "# %s %s: shell\n", n.ID, n.Task.Name)
			line, err := shell.PlanNode(n, inputs)
			if err != nil {
				fmt.Fprintf(e.stdout, "! %v\n", err)
				code = exitFail
				continue
			}
			fmt.Fprintln(e.stdout, line)
			continue
		}
		if n.Task == nil || n.Task.Kind != compiler.TaskWebhook {
			name, kind := "", ""
			if n.Task != nil {
				name, kind = n.Task.Name, string(n.Task.Kind)
			}
			fmt.Fprintf(e.stdout, "# %s %s: %s task, not run\n", n.ID, name, kind)
			continue
		}
		fmt.Fprintf(e.stdout, "# %s %s: webhook\n", n.ID, n.Task.Name)
		req, err := webhook.PlanNode(n, inputs)
		if err != nil {
			fmt.Fprintf(e.stdout, "! %v\n", err)
			code = exitFail
			continue
		}
		fmt.Fprint(e.stdout, req.Raw)
		if !strings.HasSuffix(req.Raw, "\n") {
			fmt.Fprintln(e.stdout)
		}
		if err := webhook.CheckSecrets(n.Task, secrets); err != nil {
			fmt.Fprintf(e.stdout, "! %v\n", err)
			code = exitFail
		}
	}
	return code
}
