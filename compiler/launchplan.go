package compiler

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/lang"
)

// LaunchPlan is a checked launch plan: a workflow with some inputs fixed
// or defaulted, and what Flyte does around its executions (a schedule,
// notifications, labels). Every workflow also has a default launch plan of
// its own name, which the Flyte emitter writes and this type does not hold.
type LaunchPlan struct {
	Name      string
	Doc       string
	Range     lang.Range
	NameRange lang.Range
	Workflow  *Workflow
	Fixed     []*PlanInput // in the workflow's input order
	Defaults  []*PlanInput // in the workflow's input order
	Schedule  *Schedule    // nil: not scheduled
	// KickoffInput names the datetime input Flyte's scheduler sets to the
	// scheduled time (cron schedules only).
	KickoffInput   string
	Notify         []*Notification
	Labels         map[string]string
	Annotations    map[string]string
	MaxParallelism int // 0: unset
}

// PlanInput is a value a launch plan gives one of its workflow's inputs.
type PlanInput struct {
	Param *Param
	Value Value
	Range lang.Range
}

// Schedule is a cron expression or a fixed rate, exactly one set.
type Schedule struct {
	Cron string
	Rate time.Duration // whole minutes
}

// Notification is one Flyte notification: on these phases of an
// execution, tell these recipients by this means.
type Notification struct {
	Phases     []string // Flyte's WorkflowExecution.Phase names: SUCCEEDED, FAILED, TIMED_OUT, ABORTED
	Kind       string   // "email", "slack" or "pagerduty"
	Recipients []string
}

// LaunchPlan returns the launch plan named name, or nil.
func (p *Program) LaunchPlan(name string) *LaunchPlan {
	for _, lp := range p.LaunchPlans {
		if lp.Name == name {
			return lp
		}
	}
	return nil
}

// Input returns the value lp fixes or defaults input name to, and whether
// it is fixed; nil when it gives none.
func (lp *LaunchPlan) Input(name string) (in *PlanInput, fixed bool) {
	for _, in := range lp.Fixed {
		if in.Param.Name == name {
			return in, true
		}
	}
	for _, in := range lp.Defaults {
		if in.Param.Name == name {
			return in, false
		}
	}
	return nil, false
}

var planFields = []string{"annotations", "defaults", "fixed", "kickoff_input", "labels", "max_parallelism", "notify", "schedule"}

// notifyPhases maps the phases a notification names to Flyte's.
var notifyPhases = map[string]string{"succeeded": "SUCCEEDED", "failed": "FAILED", "timed_out": "TIMED_OUT", "aborted": "ABORTED"}

// launchPlan checks a launch plan declaration.
func (c *checker) launchPlan(d *lang.LaunchPlanDecl) *LaunchPlan {
	mark := len(c.diags)
	lp := &LaunchPlan{Name: d.Name.Name, Doc: d.Doc, Range: lang.RangeOf(d), NameRange: lang.RangeOf(d.Name)}
	wname := d.Workflow.Name
	switch decl := c.decls[wname].(type) {
	case *lang.WorkflowDecl:
		lp.Workflow = c.workflows[wname]
		if lp.Workflow == nil {
			return nil // its errors are reported there
		}
	case nil:
		dg := c.diags.Errorf(lang.RangeOf(d.Workflow), "undefined workflow `%s`", wname)
		dg.Hint = hint(wname, c.workflowNames())
		return nil
	default:
		_ = decl
		c.diags.Errorf(lang.RangeOf(d.Workflow), "`%s` is not a workflow; a launch plan launches a workflow", wname)
		return nil
	}
	w := lp.Workflow
	seen := map[string]*lang.PlanField{}
	given := map[string]lang.Range{} // inputs fixed or defaulted
	var scheduleAt, kickoffAt lang.Range
	for _, f := range d.Fields {
		name := f.Name.Name
		if prev, dup := seen[name]; dup {
			c.diags.Errorf(lang.RangeOf(f.Name), "`%s` is set twice (first at %s)", name, lang.RangeOf(prev.Name).Start)
			continue
		}
		seen[name] = f
		switch name {
		case "fixed", "defaults":
			if f.Inputs == nil {
				d := c.diags.Errorf(lang.RangeOf(f), "`%s` is a block of the workflow's inputs", name)
				d.Hint = fmt.Sprintf("write %s = {input = value}, input names without quotes", name)
				continue
			}
			for _, in := range f.Inputs.Fields {
				p := findParam(w.Inputs, in.Name.Name)
				if p == nil {
					d := c.diags.Errorf(lang.RangeOf(in.Name), "workflow `%s` has no input `%s`", w.Name, in.Name.Name)
					if d.Hint = hint(in.Name.Name, paramNames(w.Inputs)); d.Hint == "" {
						d.Hint = "its inputs are " + strings.Join(paramNames(w.Inputs), ", ")
					}
					continue
				}
				if prev, dup := given[p.Name]; dup {
					c.diags.Errorf(lang.RangeOf(in.Name), "input `%s` is given twice (first at %s)", p.Name, prev.Start).Hint =
						"an input is either fixed or defaulted, once"
					continue
				}
				given[p.Name] = lang.RangeOf(in.Name)
				v, _, ok := c.literalFor(in.Value, p.Type, slot{kind: "input", name: p.Name, owner: w.Name})
				if !ok {
					continue
				}
				pi := &PlanInput{Param: p, Value: v, Range: lang.RangeOf(in)}
				if name == "fixed" {
					lp.Fixed = append(lp.Fixed, pi)
				} else {
					lp.Defaults = append(lp.Defaults, pi)
				}
			}
		case "schedule":
			scheduleAt = lang.RangeOf(f)
			lp.Schedule = c.schedule(f)
		case "kickoff_input":
			if s, ok := c.planString(f); ok {
				lp.KickoffInput, kickoffAt = s, lang.RangeOf(f.Value)
			}
		case "notify":
			lp.Notify = c.notifications(f)
		case "labels", "annotations":
			m := c.planStrings(f)
			if name == "labels" {
				lp.Labels = m
			} else {
				lp.Annotations = m
			}
		case "max_parallelism":
			v, _, ok := c.literalFor(planValue(c, f), Int, slot{kind: "field", name: name})
			if ok {
				if n := v.(int64); n < 1 {
					c.diags.Errorf(lang.RangeOf(f.Value), "max_parallelism must be at least 1")
				} else {
					lp.MaxParallelism = int(n)
				}
			}
		default:
			d := c.diags.Errorf(lang.RangeOf(f.Name), "unknown launch plan field `%s`", name)
			if d.Hint = hint(name, planFields); d.Hint == "" {
				d.Hint = "the fields are " + strings.Join(planFields, ", ")
			}
		}
	}
	sortPlanInputs(lp.Fixed, w)
	sortPlanInputs(lp.Defaults, w)
	if lp.KickoffInput != "" {
		p := findParam(w.Inputs, lp.KickoffInput)
		switch {
		case p == nil:
			c.diags.Errorf(kickoffAt, "workflow `%s` has no input `%s`", w.Name, lp.KickoffInput)
		case p.Type.Kind != KindDatetime:
			c.diags.Errorf(kickoffAt, "kickoff_input `%s` has type %s; the scheduled time is a datetime", p.Name, p.Type)
		case given[p.Name].IsValid():
			c.diags.Errorf(kickoffAt, "kickoff_input `%s` is also fixed or defaulted; the scheduler sets it", p.Name)
		case lp.Schedule == nil:
			c.diags.Errorf(kickoffAt, "kickoff_input needs a schedule").Hint = `add schedule = "0 3 * * *"`
		case lp.Schedule.Cron == "":
			d := c.diags.Errorf(kickoffAt, "kickoff_input needs a cron schedule: Flyte's scheduler fills it only for cron schedules, not a fixed rate")
			d.Hint = "write the schedule as cron, or drop kickoff_input"
		}
	}
	if lp.Schedule != nil {
		var missing []string
		for _, p := range w.Inputs {
			if !p.HasDefault && p.Type.Kind != KindOptional && !given[p.Name].IsValid() && p.Name != lp.KickoffInput {
				missing = append(missing, p.Name)
			}
		}
		if len(missing) > 0 {
			d := c.diags.Errorf(scheduleAt, "a scheduled launch plan must fix or default every required input; %s %s not", strings.Join(missing, ", "), map[bool]string{true: "is", false: "are"}[len(missing) == 1])
			d.Hint = fmt.Sprintf("add defaults = {%s = …}", missing[0])
		}
	}
	if c.errorsSince(mark) {
		return nil
	}
	return lp
}

func sortPlanInputs(ins []*PlanInput, w *Workflow) {
	sort.SliceStable(ins, func(i, j int) bool {
		return slices.Index(w.Inputs, ins[i].Param) < slices.Index(w.Inputs, ins[j].Param)
	})
}

func (c *checker) workflowNames() []string {
	var names []string
	for n, d := range c.decls {
		if _, ok := d.(*lang.WorkflowDecl); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// planValue returns f's value, reporting a field block where a value
// belongs.
func planValue(c *checker, f *lang.PlanField) lang.Expr {
	if f.Value == nil {
		c.diags.Errorf(lang.RangeOf(f), "`%s` takes a value, not a block of inputs", f.Name.Name)
	}
	return f.Value
}

func (c *checker) planString(f *lang.PlanField) (string, bool) {
	e := planValue(c, f)
	if e == nil {
		return "", false
	}
	v, _, ok := c.literalFor(e, Str, slot{kind: "field", name: f.Name.Name})
	if !ok {
		return "", false
	}
	return v.(string), true
}

// planStrings checks a dict of strings (labels, annotations).
func (c *checker) planStrings(f *lang.PlanField) map[string]string {
	e := planValue(c, f)
	if e == nil {
		return nil
	}
	v, _, ok := c.literalFor(e, MapOf(Str), slot{kind: "field", name: f.Name.Name})
	if !ok {
		return nil
	}
	out := map[string]string{}
	for k, x := range v.(map[string]any) {
		out[k] = x.(string)
	}
	return out
}

// notifications checks notify = [{"on": [phases], "email": [recipients]}, …].
func (c *checker) notifications(f *lang.PlanField) []*Notification {
	e := planValue(c, f)
	if e == nil {
		return nil
	}
	list, ok := e.(*lang.ListLit)
	if !ok {
		c.diags.Errorf(lang.RangeOf(e), "notify is a list of notifications").Hint = `write notify = [{"on": ["failed"], "email": ["oncall@example.com"]}]`
		return nil
	}
	var out []*Notification
	for _, item := range list.Elems {
		v, _, ok := c.literalFor(item, MapOf(ListOf(Str)), slot{kind: "field", name: "notify"})
		if !ok {
			continue
		}
		m := v.(map[string]any)
		n := &Notification{}
		on, _ := m["on"].([]any)
		for _, ph := range on {
			p, known := notifyPhases[ph.(string)]
			if !known {
				c.diags.Errorf(lang.RangeOf(item), "unknown phase %q; Flyte notifies on succeeded, failed, timed_out and aborted", ph)
				continue
			}
			n.Phases = append(n.Phases, p)
		}
		if len(on) == 0 {
			c.diags.Errorf(lang.RangeOf(item), "a notification needs \"on\": the phases it is sent on").Hint = `"on": ["failed", "timed_out"]`
			continue
		}
		for k, rs := range m {
			switch k {
			case "on":
			case "email", "slack", "pagerduty":
				if n.Kind != "" {
					c.diags.Errorf(lang.RangeOf(item), "a notification has one of email, slack and pagerduty").Hint = "write one notification per kind"
					continue
				}
				n.Kind = k
				for _, r := range rs.([]any) {
					if r.(string) == "" {
						c.diags.Errorf(lang.RangeOf(item), "an empty recipient")
					}
					n.Recipients = append(n.Recipients, r.(string))
				}
			default:
				c.diags.Errorf(lang.RangeOf(item), "unknown notification key %q", k).Hint = `the keys are "on" and one of "email", "slack", "pagerduty"`
			}
		}
		if len(n.Phases) < len(on) {
			continue // an unknown phase, reported
		}
		if n.Kind == "" || len(n.Recipients) == 0 {
			c.diags.Errorf(lang.RangeOf(item), "a notification needs recipients: \"email\", \"slack\" or \"pagerduty\" and a list of addresses")
			continue
		}
		out = append(out, n)
	}
	return out
}

// planParams returns the inputs a call of lp may bind: its workflow's, but
// the fixed ones, with the plan's defaults.
func planParams(lp *LaunchPlan) []*Param {
	var out []*Param
	for _, p := range lp.Workflow.Inputs {
		in, fixed := lp.Input(p.Name)
		switch {
		case fixed:
			continue
		case in != nil:
			q := *p
			q.Default, q.HasDefault = in.Value, true
			p = &q
		}
		out = append(out, p)
	}
	return out
}

// inputOf is Input on a plan that may be nil.
func (lp *LaunchPlan) inputOf(name string) (*PlanInput, bool) {
	if lp == nil {
		return nil, false
	}
	return lp.Input(name)
}
