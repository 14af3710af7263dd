package flyte

import (
	"fmt"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/lang"
)

// EntityKind is the kind of a registrable entity, and the digit pyflyte
// ends its file names with.
type EntityKind int

const (
	TaskEntity       EntityKind = 1 // admin.TaskSpec
	WorkflowEntity   EntityKind = 2 // admin.WorkflowSpec
	LaunchPlanEntity EntityKind = 3 // admin.LaunchPlan
)

func (k EntityKind) String() string {
	switch k {
	case TaskEntity:
		return "task"
	case WorkflowEntity:
		return "workflow"
	case LaunchPlanEntity:
		return "launch plan"
	}
	return fmt.Sprintf("EntityKind(%d)", int(k))
}

// Entity is one registrable Flyte entity.
type Entity struct {
	Kind EntityKind
	Name string
	// Spec is *admin.TaskSpec, *admin.WorkflowSpec or *admin.LaunchPlan.
	Spec Message
}

// Bundle is a compiled program: its entities in the order pyflyte
// serialize writes them, dependencies first.
type Bundle struct {
	Entities []*Entity

	prog      *compiler.Program
	tasks     map[string]*admin.TaskSpec
	workflows map[string]*admin.WorkflowSpec
	order     []string // workflow names in declaration order
}

// Workflows returns the names of the compiled workflows in declaration
// order.
func (b *Bundle) Workflows() []string { return b.order }

// Task returns the compiled task named name, or nil.
func (b *Bundle) Task(name string) *admin.TaskSpec { return b.tasks[name] }

// Workflow returns the compiled workflow named name, or nil.
func (b *Bundle) Workflow(name string) *admin.WorkflowSpec { return b.workflows[name] }

// Compile emits the Flyte entities of a checked program, then applies
// Flyte's compiler rules to them (see Validate). The diagnostics hold
// warnings about what compiles but runs differently on Flyte, and errors
// for what Flyte would refuse; with errors the bundle must not be written.
func Compile(p *compiler.Program, opts Options) (*Bundle, lang.Diagnostics) {
	e := &emitter{opts: opts.withDefaults()}
	b := &Bundle{
		prog:      p,
		tasks:     make(map[string]*admin.TaskSpec, len(p.Tasks)),
		workflows: make(map[string]*admin.WorkflowSpec, len(p.Workflows)),
	}
	e.tasks = b.tasks
	for _, t := range p.Tasks {
		b.tasks[t.Name] = e.taskSpec(t)
	}
	for _, w := range p.Workflows {
		b.workflows[w.Name] = e.workflowSpec(w)
		b.order = append(b.order, w.Name)
	}
	for _, w := range p.Workflows {
		b.workflows[w.Name].SubWorkflows = subworkflowTemplates(w, b.workflows)
	}
	b.Entities = e.order(p, b)
	e.diags.Append(Validate(b))
	e.diags.Sort()
	return b, e.diags
}

// order lists the entities as pyflyte serialize does: declarations in
// source order, a workflow preceded by the tasks and workflows it calls
// that have not appeared yet and followed by its default launch plan and
// its declared launch plans.
func (e *emitter) order(p *compiler.Program, b *Bundle) []*Entity {
	out := make([]*Entity, 0, len(p.Tasks)+2*len(p.Workflows))
	done := make(map[string]bool, len(p.Tasks))
	addTask := func(name string) {
		if !done[name] {
			done[name] = true
			out = append(out, &Entity{Kind: TaskEntity, Name: name, Spec: b.tasks[name]})
		}
	}
	calls := p.Calls
	if calls == nil { // a program built by hand, not by the checker
		calls = compiler.NewCallGraph(p)
	}
	adjacency, _ := calls.AdjacencyMap() // cannot fail on the in-memory store
	ti := 0
	var addWorkflow func(w *compiler.Workflow)
	addWorkflow = func(w *compiler.Workflow) {
		if done["workflow "+w.Name] {
			return
		}
		done["workflow "+w.Name] = true
		for _, name := range compiler.Callees(adjacency, w.Name) {
			if sub := p.Workflow(name); sub != nil {
				addWorkflow(sub) // a callee is registered before its caller
			} else {
				addTask(name)
			}
		}
		for _, n := range w.Nodes {
			if n.Map != nil {
				addTask(arrayTaskName(n))
			}
		}
		out = append(out,
			&Entity{Kind: WorkflowEntity, Name: w.Name, Spec: b.workflows[w.Name]},
			&Entity{Kind: LaunchPlanEntity, Name: w.Name, Spec: e.launchPlan(w)})
		// The declared plans of w follow it: a workflow calling one is
		// registered after it, as admin needs the plan's interface.
		for _, lp := range p.LaunchPlans {
			if lp.Workflow == w {
				out = append(out, &Entity{Kind: LaunchPlanEntity, Name: lp.Name, Spec: e.declaredPlan(lp)})
			}
		}
	}
	for _, w := range p.Workflows {
		for ti < len(p.Tasks) && p.DeclaredBefore(p.Tasks[ti].Range, w.Range) {
			addTask(p.Tasks[ti].Name)
			ti++
		}
		addWorkflow(w)
	}
	for ; ti < len(p.Tasks); ti++ {
		addTask(p.Tasks[ti].Name)
	}
	return out
}

// emitter holds the options and collects diagnostics while building
// entities.
type emitter struct {
	opts  Options
	diags lang.Diagnostics
	slab  *slab                      // while a workflow is built
	tasks map[string]*admin.TaskSpec // the bundle's, which maps add derived tasks to
}

func (e *emitter) errorf(r lang.Range, format string, args ...any) {
	e.diags.Errorf(r, format, args...)
}

func (e *emitter) warnf(r lang.Range, format string, args ...any) {
	e.diags.Warnf(r, format, args...)
}

// taskID is the identifier task nodes reference.
func (e *emitter) taskID(t *compiler.Task) *core.Identifier {
	return e.id(core.ResourceType_TASK, t.Name)
}
