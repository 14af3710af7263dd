package flyte

import (
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// subworkflowTemplates lists the templates of every workflow w calls,
// directly (a branch's call included) or through others (a launch plan's workflow is not one: the
// plan runs as an execution of its own), as flytekit fills WorkflowSpec.subWorkflows:
// flattened, each once, sorted by id.
func subworkflowTemplates(w *compiler.Workflow, specs map[string]*admin.WorkflowSpec) []*core.WorkflowTemplate {
	seen := map[string]bool{}
	var visit func(w *compiler.Workflow)
	visit = func(w *compiler.Workflow) {
		call := func(n *compiler.Node) {
			if sub := n.Workflow; sub != nil && n.Plan == nil && !seen[sub.Name] {
				seen[sub.Name] = true
				visit(sub)
			}
		}
		for _, n := range w.Nodes {
			call(n)
			if n.Branch != nil {
				for _, m := range n.Branch.Calls() {
					call(m)
				}
			}
		}
	}
	visit(w)
	var out []*core.WorkflowTemplate
	for name := range seen {
		if spec := specs[name]; spec != nil {
			out = append(out, spec.GetTemplate())
		}
	}
	slices.SortFunc(out, func(a, b *core.WorkflowTemplate) int {
		return strings.Compare(a.GetId().GetName(), b.GetId().GetName())
	})
	return out
}
