package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// planWorkflow returns the workflow launch plan lp runs, with the plan's
// fixed and default values as its inputs' defaults; fixedGiven has already
// refused a fixed input given on the command line.
func planWorkflow(lp *compiler.LaunchPlan) *compiler.Workflow {
	w := *lp.Workflow
	w.Inputs = make([]*compiler.Param, len(lp.Workflow.Inputs))
	for i, p := range lp.Workflow.Inputs {
		if in, _ := lp.Input(p.Name); in != nil {
			q := *p
			q.Default, q.HasDefault = in.Value, true
			p = &q
		}
		w.Inputs[i] = p
	}
	return &w
}

// fixedGiven returns an input lp fixes that -i pairs or the --inputs
// document set, or "".
func fixedGiven(lp *compiler.LaunchPlan, pairs []string, doc []byte) string {
	var obj map[string]json.RawMessage
	_ = json.Unmarshal(doc, &obj) // a bad document is reported when the inputs are read
	for _, in := range lp.Fixed {
		if _, ok := obj[in.Param.Name]; ok {
			return in.Param.Name
		}
		for _, pair := range pairs {
			if name, _, _ := strings.Cut(pair, "="); name == in.Param.Name {
				return name
			}
		}
	}
	return ""
}

// planPhase is the Flyte execution phase a local run's status stands for.
func planPhase(st runtime.Status) string {
	switch st {
	case runtime.StatusSucceeded:
		return "SUCCEEDED"
	case runtime.StatusCancelled:
		return "ABORTED"
	}
	return "FAILED"
}

// reportNotifications says on stderr which of lp's notifications Flyte
// would send for a run that ended in status st; sending them is Flyte's.
func (e *env) reportNotifications(lp *compiler.LaunchPlan, st runtime.Status) {
	phase := planPhase(st)
	for _, n := range lp.Notify {
		for _, p := range n.Phases {
			if p == phase {
				fmt.Fprintf(e.stderr, "notify: on Flyte, launch plan %s would send %s to %s (%s); wfc run sends nothing\n",
					lp.Name, n.Kind, strings.Join(n.Recipients, ", "), strings.ToLower(phase))
			}
		}
	}
}
