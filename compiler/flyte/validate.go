package flyte

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/lang"
)

// Validate applies Flyte's compiler rules to everything in b, the way
// flytepropeller's compiler checks entities at registration: task
// templates are complete; in each workflow, node ids are unique, every
// task reference resolves, every input is bound exactly once by a
// binding whose type casts to the input's, upstreamNodeIds agree with the
// nodes bindings read, promises name existing outputs, every node is
// reachable from the start-node without cycles, and every workflow output
// is bound; launch plans match their workflows. It reads only the emitted
// protos (the IR serves for source positions), so it checks the emitter as
// much as the program.
func Validate(b *Bundle) lang.Diagnostics {
	v := &validator{b: b}
	for _, name := range slices.Sorted(maps.Keys(b.tasks)) {
		v.task(name, b.tasks[name])
	}
	for _, name := range b.order {
		v.workflow(name, b.workflows[name])
	}
	for _, e := range b.Entities {
		if lp, ok := e.Spec.(*admin.LaunchPlan); ok {
			v.launchPlan(lp)
		}
	}
	return v.diags
}

type validator struct {
	b     *Bundle
	diags lang.Diagnostics

	// per workflow
	wf      *compiler.Workflow
	wfName  string
	graph   *graph
	outputs []*core.VariableMap // by graph index: a node's outputs; the start-node's are the workflow inputs
	reads   []string            // scratch for bindings
}

func (v *validator) errorf(r lang.Range, format string, args ...any) {
	v.diags.Errorf(r, format, args...)
}

func (v *validator) taskRange(name string) lang.Range {
	if v.b.prog != nil {
		if t := v.b.prog.Task(name); t != nil {
			return t.Range
		}
	}
	return lang.Range{}
}

// errAt reports an error in the current workflow at the node with id at,
// or at the workflow when at is empty or not a node of the IR. Ranges are
// looked up only for errors: validation runs over every node.
func (v *validator) errAt(at string, format string, args ...any) {
	v.errorf(v.rangeOf(at, ""), format, args...)
}

// errBinding reports an error about the binding of param at node at (the
// end-node for workflow outputs), at the bound value when the IR has it.
func (v *validator) errBinding(at, param string, format string, args ...any) {
	v.errorf(v.rangeOf(at, param), format, args...)
}

func (v *validator) rangeOf(at, param string) lang.Range {
	if v.wf == nil {
		return lang.Range{}
	}
	r := v.wf.Range
	bindings := v.wf.Results
	if n := nodeByID(v.wf, at); n != nil {
		r, bindings = n.Range, n.Inputs
	} else if at != EndNodeID {
		return r
	}
	for _, b := range bindings {
		if b.Var == param && b.Value != nil && b.Value.Range.IsValid() {
			return b.Value.Range
		}
	}
	return r
}

// nodeByID finds IR node "n<i>" by its index.
func nodeByID(w *compiler.Workflow, id string) *compiler.Node {
	i, err := strconv.Atoi(strings.TrimPrefix(id, "n"))
	if err == nil && strings.HasPrefix(id, "n") && i >= 0 && i < len(w.Nodes) && w.Nodes[i].ID == id {
		return w.Nodes[i]
	}
	return nil
}

func (v *validator) task(name string, ts *admin.TaskSpec) {
	r := v.taskRange(name)
	t := ts.GetTemplate()
	switch {
	case t == nil:
		v.errorf(r, "task %s: no template", name)
		return
	case t.GetId().GetResourceType() != core.ResourceType_TASK || t.GetId().GetName() != name:
		v.errorf(r, "task %s: identifier %s is not a task named %s", name, idString(t.GetId()), name)
	case t.GetType() == "":
		v.errorf(r, "task %s: no task type", name)
	}
	v.interfaceTypes(r, "task "+name, t.GetInterface())
	switch t.GetType() {
	case "raw-container":
		c := t.GetContainer()
		if c.GetImage() == "" || len(c.GetCommand()) == 0 {
			v.errorf(r, "task %s: a raw-container task needs a container with an image and a command", name)
		}
		if dc := c.GetDataConfig(); dc == nil || !dc.GetEnabled() {
			v.errorf(r, "task %s: a raw-container task needs its data config enabled", name)
		}
		v.resources(r, name, c.GetResources())
		v.secrets(r, name, t.GetSecurityContext())
	case "webhook", ConnectorWebhookType:
		for _, k := range []string{"url", "method", "headers", "data", "show_data", "show_url", "timeout_sec"} {
			if _, ok := t.GetCustom().GetFields()[k]; !ok {
				v.errorf(r, "task %s: webhook custom lacks %q", name, k)
			}
		}
		if t.GetTarget() != nil {
			v.errorf(r, "task %s: a webhook task runs in Flyte's connector and has no container", name)
		}
	}
}

func (v *validator) interfaceTypes(r lang.Range, what string, iface *core.TypedInterface) {
	if iface == nil {
		v.errorf(r, "%s: no interface", what)
		return
	}
	for _, vm := range []*core.VariableMap{iface.GetInputs(), iface.GetOutputs()} {
		for _, name := range slices.Sorted(maps.Keys(vm.GetVariables())) {
			if vm.GetVariables()[name].GetType().GetType() == nil {
				v.errorf(r, "%s: variable %s has no Flyte type", what, name)
			}
		}
	}
}

func (v *validator) workflow(name string, ws *admin.WorkflowSpec) {
	v.wfName = name
	v.wf = nil
	if v.b.prog != nil {
		v.wf = v.b.prog.Workflow(name)
	}
	wr := lang.Range{}
	if v.wf != nil {
		wr = v.wf.Range
	}
	t := ws.GetTemplate()
	if t.GetId().GetResourceType() != core.ResourceType_WORKFLOW || t.GetId().GetName() != name {
		v.errorf(wr, "workflow %s: identifier %s is not a workflow named %s", name, idString(t.GetId()), name)
	}
	v.interfaceTypes(wr, "workflow "+name, t.GetInterface())
	if len(t.GetNodes()) == 0 {
		// flytepropeller refuses workflows without nodes.
		v.errorf(wr, "workflow %s has no nodes: Flyte cannot run an empty workflow", name)
	}

	g := newGraph(t)
	v.graph = g
	v.outputs = make([]*core.VariableMap, len(g.ids))
	v.outputs[startIdx] = t.GetInterface().GetInputs()
	subs := map[*core.Node]calledWorkflow{} // the workflow nodes' callees, and the branch case nodes'
	for i, n := range t.GetNodes() {
		id := n.GetId()
		switch {
		case id == "" || id == StartNodeID || id == EndNodeID:
			v.errAt(id, "workflow %s: node id %q is reserved or empty", name, id)
			continue
		case !g.first(id, i+2):
			v.errAt(id, "workflow %s: node id %s is not unique", name, id)
			continue
		}
		if n.GetBranchNode() != nil {
			v.outputs[i+2] = v.branchOutputs(ws, n, where{wf: name, node: id, task: "if"}, subs)
			continue
		}
		if n.GetWorkflowNode() != nil {
			v.outputs[i+2] = &core.VariableMap{}
			if iface, callee := v.calledInterface(ws, n, id); iface != nil {
				v.outputs[i+2] = iface.GetOutputs()
				subs[n] = calledWorkflow{iface, callee}
			}
			continue
		}
		ref := taskRef(n)
		ts := v.b.tasks[ref.GetName()]
		if ref == nil || ts == nil || !sameID(ref, ts.GetTemplate().GetId()) {
			v.errAt(id, "workflow %s: node %s references %s, which is not in the bundle", name, id, idString(ref))
			v.outputs[i+2] = &core.VariableMap{}
			continue
		}
		v.outputs[i+2] = ts.GetTemplate().GetInterface().GetOutputs()
	}
	for _, n := range t.GetNodes() {
		if n.GetBranchNode() != nil {
			what := where{wf: name, node: n.GetId(), task: "if"}
			v.upstream(n, v.branchNode(n, what, v.reads[:0], subs), what)
			continue
		}
		if n.GetWorkflowNode() != nil {
			sub, ok := subs[n]
			if !ok {
				continue
			}
			what := where{wf: name, node: n.GetId(), task: sub.name}
			v.upstream(n, v.bindings(n.GetId(), what, n.GetId(), n.GetInputs(), sub.iface.GetInputs()), what)
			continue
		}
		ts := v.b.tasks[taskRef(n).GetName()]
		if ts == nil {
			continue
		}
		what := where{wf: name, node: n.GetId(), task: ts.GetTemplate().GetId().GetName()}
		if an := n.GetArrayNode(); an != nil {
			v.arrayNode(n, an, ts.GetTemplate(), what)
		}
		reads := v.bindings(n.GetId(), what, n.GetId(), n.GetInputs(), ts.GetTemplate().GetInterface().GetInputs())
		v.upstream(n, reads, what)
	}
	v.bindings(EndNodeID, where{wf: name}, EndNodeID, t.GetOutputs(), t.GetInterface().GetOutputs())
	v.reachable(name, wr, g)
	if fn := t.GetFailureNode(); fn != nil {
		v.failureNode(fn, name)
	}
}

// idString renders an identifier for messages (proto's text format varies
// its spacing from build to build).
func idString(id *core.Identifier) string {
	if id == nil {
		return "no identifier"
	}
	s := strings.ToLower(strings.ReplaceAll(id.GetResourceType().String(), "_", " ")) + " " + id.GetName()
	if id.GetProject() != "" || id.GetDomain() != "" || id.GetVersion() != "" {
		s += fmt.Sprintf(" (%s/%s, version %q)", id.GetProject(), id.GetDomain(), id.GetVersion())
	}
	return s
}

// where names the node (or, without one, the outputs) of a workflow that
// a message is about; it is formatted only when there is an error.
type where struct{ wf, node, task string }

func (w where) String() string {
	if w.node == "" {
		return "workflow " + w.wf + ": outputs"
	}
	return "workflow " + w.wf + ": node " + w.node + " (" + w.task + ")"
}

func sameID(a, b *core.Identifier) bool {
	return a.GetResourceType() == b.GetResourceType() && a.GetProject() == b.GetProject() &&
		a.GetDomain() == b.GetDomain() && a.GetName() == b.GetName() && a.GetVersion() == b.GetVersion()
}

// bindings checks one node's (or the end-node's) bindings against the
// variables they bind and returns the ids of the nodes they read.
func (v *validator) bindings(at string, what where, self string, bs []*core.Binding, params *core.VariableMap) []string {
	reads := v.reads[:0]
	defer func() { v.reads = reads[:0] }()
	vars := params.GetVariables()
	bound := 0
	for i, b := range bs {
		p := vars[b.GetVar()]
		switch {
		case p == nil:
			v.errAt(at, "%s: binds %s, which is not one of its inputs", what, b.GetVar())
			continue
		case boundBefore(bs[:i], b.GetVar()):
			v.errAt(at, "%s: %s is bound more than once", what, b.GetVar())
			continue
		case b.GetBinding() == nil:
			v.errAt(at, "%s: %s has no value", what, b.GetVar())
			continue
		}
		bound++
		reads = v.bindingData(at, what, self, b.GetVar(), b.GetBinding(), p.GetType(), reads)
	}
	if bound == len(vars) {
		return reads
	}
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		if !boundBefore(bs, name) && !optional(vars[name].GetType()) {
			v.errAt(at, "%s: %s is not bound", what, name)
		}
	}
	return reads
}

// boundBefore reports whether bs binds name (a binding without a value is
// reported as such, not again as missing). Nodes bind a handful of
// inputs; a linear scan is cheaper than a map.
func boundBefore(bs []*core.Binding, name string) bool {
	for _, b := range bs {
		if b.GetVar() == name {
			return true
		}
	}
	return false
}

func optional(t *core.LiteralType) bool {
	for _, x := range t.GetUnionType().GetVariants() {
		if isNone(x) {
			return true
		}
	}
	return false
}

func (v *validator) bindingData(at string, what where, self, param string, bd *core.BindingData, want *core.LiteralType, reads []string) []string {
	switch x := bd.GetValue().(type) {
	case *core.BindingData_Scalar:
		got := scalarType(x.Scalar)
		if !castable(got, want) {
			v.errBinding(at, param, "%s: %s: a literal of type %s cannot be bound to %s", what, param, TypeString(got), TypeString(want))
		}
	case *core.BindingData_Promise:
		ref := x.Promise
		id := ref.GetNodeId()
		if id == "" {
			id = StartNodeID
		}
		if id == self {
			v.errBinding(at, param, "%s: %s reads the node's own output", what, param)
			return reads
		}
		var outs *core.VariableMap
		if i, ok := v.graph.lookup(id); ok {
			outs = v.outputs[i]
		}
		if outs == nil {
			v.errBinding(at, param, "%s: %s reads node %s, which does not exist", what, param, id)
			return reads
		}
		reads = append(reads, id)
		src := outs.GetVariables()[ref.GetVar()]
		if src == nil {
			v.errBinding(at, param, "%s: %s reads %s.%s, which does not exist", what, param, id, ref.GetVar())
			return reads
		}
		got, missing := attrType(src.GetType(), ref.GetAttrPath())
		if got == nil {
			msg := fmt.Sprintf("%s: %s reads %s, which type %s does not have", what, param, promiseString(ref), TypeString(src.GetType()))
			if missing == "response" && src.GetType().GetStructure().GetDataclassType()["status_code"] != nil {
				msg += ` (info.response is wfc run's response = "json" extension; Flyte's webhook connector keeps the body as text in info.response_data)`
			}
			v.errBinding(at, param, "%s", msg)
			return reads
		}
		if !castable(got, want) {
			msg := fmt.Sprintf("%s: %s reads %s of type %s, which cannot be bound to %s", what, param, promiseString(ref), TypeString(got), TypeString(want))
			if len(ref.GetAttrPath()) > 0 && got.GetSimple() == core.SimpleType_STRUCT {
				msg += " (Flyte types an attribute of a dict as a dict: declare the output as map[str, T] to read typed values)"
			}
			v.errBinding(at, param, "%s", msg)
		}
	case *core.BindingData_Collection:
		if u := want.GetUnionType(); u != nil {
			return v.unionBinding(at, what, self, param, bd, u, reads)
		}
		if want.GetCollectionType() == nil {
			v.errBinding(at, param, "%s: %s: a list cannot be bound to %s", what, param, TypeString(want))
			return reads
		}
		for _, e := range x.Collection.GetBindings() {
			reads = v.bindingData(at, what, self, param, e, want.GetCollectionType(), reads)
		}
	case *core.BindingData_Map:
		if u := want.GetUnionType(); u != nil {
			return v.unionBinding(at, what, self, param, bd, u, reads)
		}
		if want.GetMapValueType() == nil {
			v.errBinding(at, param, "%s: %s: a map of bindings cannot be bound to %s", what, param, TypeString(want))
			return reads
		}
		for _, k := range slices.Sorted(maps.Keys(x.Map.GetBindings())) {
			reads = v.bindingData(at, what, self, param, x.Map.GetBindings()[k], want.GetMapValueType(), reads)
		}
	default:
		v.errBinding(at, param, "%s: %s has an empty binding", what, param)
	}
	return reads
}

// unionBinding checks a list or map binding against a union: exactly one
// variant must accept it.
func (v *validator) unionBinding(at string, what where, self, param string, bd *core.BindingData, u *core.UnionType, reads []string) []string {
	var match *core.LiteralType
	for _, vt := range u.GetVariants() {
		probe := &validator{b: v.b, wf: v.wf, graph: v.graph, outputs: v.outputs}
		probe.bindingData(at, what, self, param, bd, vt, nil)
		if !probe.diags.HasErrors() {
			if match != nil {
				v.errBinding(at, param, "%s: %s: the binding fits more than one variant of %s", what, param, TypeString(&core.LiteralType{Type: &core.LiteralType_UnionType{UnionType: u}}))
				return reads
			}
			match = vt
		}
	}
	if match == nil {
		v.errBinding(at, param, "%s: %s: the binding fits no variant of %s", what, param, TypeString(&core.LiteralType{Type: &core.LiteralType_UnionType{UnionType: u}}))
		return reads
	}
	return v.bindingData(at, what, self, param, bd, match, reads)
}

// attrType follows an attribute path as flytepropeller's compiler does:
// into a collection's elements, a map's values and a STRUCT's declared
// fields; anything else keeps its type. A field the STRUCT does not
// declare gives nil and the field's name.
func attrType(t *core.LiteralType, path []*core.PromiseAttribute) (*core.LiteralType, string) {
	for _, a := range path {
		switch {
		case t.GetCollectionType() != nil:
			t = t.GetCollectionType()
		case t.GetMapValueType() != nil:
			t = t.GetMapValueType()
		case t.GetStructure().GetDataclassType() != nil:
			f, ok := t.GetStructure().GetDataclassType()[a.GetStringValue()]
			if !ok {
				return nil, a.GetStringValue()
			}
			t = f
		}
	}
	return t, ""
}

func promiseString(ref *core.OutputReference) string {
	var b strings.Builder
	b.WriteString(ref.GetNodeId())
	b.WriteByte('.')
	b.WriteString(ref.GetVar())
	for _, a := range ref.GetAttrPath() {
		if s, ok := a.GetValue().(*core.PromiseAttribute_StringValue); ok {
			b.WriteString("." + s.StringValue)
		} else {
			fmt.Fprintf(&b, "[%d]", a.GetIntValue())
		}
	}
	return b.String()
}

// upstream checks that a node's upstreamNodeIds name existing nodes other
// than itself, without repeats, and include every node its bindings read,
// as flytekit writes them.
func (v *validator) upstream(n *core.Node, reads []string, what where) {
	at := n.GetId()
	ids := n.GetUpstreamNodeIds()
	for i, u := range ids {
		switch {
		case u == n.GetId():
			v.errAt(at, "%s: lists itself upstream", what)
		case u == StartNodeID || u == EndNodeID || !v.known(u):
			v.errAt(at, "%s: upstream node %s does not exist", what, u)
		case slices.Contains(ids[:i], u):
			v.errAt(at, "%s: upstream node %s is listed twice", what, u)
		}
	}
	for _, id := range reads {
		if id != StartNodeID && !slices.Contains(ids, id) {
			v.errAt(at, "%s: reads node %s, which is missing from its upstreamNodeIds", what, id)
		}
	}
}

func (v *validator) known(id string) bool {
	_, ok := v.graph.lookup(id)
	return ok
}

// reachable checks, on the edges flytepropeller would compute, that the
// graph has no cycle and every node is reachable from the start-node
// (Kahn's algorithm: a node is reached once all its upstream nodes are).
func (v *validator) reachable(name string, wr lang.Range, g *graph) {
	indeg := make([]int32, len(g.ids))
	for i := range g.ids {
		indeg[i] = int32(len(g.up(i)))
	}
	reached := make([]bool, len(g.ids))
	reached[startIdx] = true
	queue := []int32{startIdx}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, d := range g.down(int(i)) {
			indeg[d]--
			if indeg[d] == 0 && !reached[d] {
				reached[d] = true
				queue = append(queue, d)
			}
		}
	}
	var stuck []string
	for i := 2; i < len(g.ids); i++ {
		if !reached[i] {
			stuck = append(stuck, g.ids[i])
		}
	}
	if len(stuck) > 0 {
		if len(stuck) > 20 {
			stuck = append(stuck[:20], fmt.Sprintf("and %d more", len(stuck)-20))
		}
		v.errorf(wr, "workflow %s: nodes %s are in a cycle or unreachable from the start-node", name, strings.Join(stuck, ", "))
	}
}

func (v *validator) launchPlan(lp *admin.LaunchPlan) {
	name := lp.GetId().GetName()
	ws := v.b.workflows[lp.GetSpec().GetWorkflowId().GetName()]
	var wr lang.Range
	if v.b.prog != nil {
		if p := v.b.prog.LaunchPlan(name); p != nil {
			wr = p.Range
		} else if w := v.b.prog.Workflow(name); w != nil {
			wr = w.Range
		}
	}
	if lp.GetId().GetResourceType() != core.ResourceType_LAUNCH_PLAN || ws == nil || !sameID(lp.GetSpec().GetWorkflowId(), ws.GetTemplate().GetId()) {
		v.errorf(wr, "launch plan %s: does not reference a workflow of the bundle", name)
		return
	}
	inputs := ws.GetTemplate().GetInterface().GetInputs().GetVariables()
	params := lp.GetSpec().GetDefaultInputs().GetParameters()
	fixed := lp.GetSpec().GetFixedInputs().GetLiterals()
	for _, k := range slices.Sorted(maps.Keys(fixed)) {
		switch {
		case inputs[k] == nil:
			v.errorf(wr, "launch plan %s: fixed input %s is not a workflow input", name, k)
		case params[k] != nil:
			v.errorf(wr, "launch plan %s: input %s is both fixed and a parameter", name, k)
		case !literalFits(fixed[k], inputs[k].GetType()):
			v.errorf(wr, "launch plan %s: the fixed value of %s does not fit its type %s", name, k, TypeString(inputs[k].GetType()))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(inputs)) {
		p := params[k]
		if p == nil {
			if fixed[k] == nil {
				v.errorf(wr, "launch plan %s: workflow input %s is neither fixed nor a parameter", name, k)
			}
			continue
		}
		if !castable(p.GetVar().GetType(), inputs[k].GetType()) {
			v.errorf(wr, "launch plan %s: parameter %s has type %s, the workflow input %s", name, k, TypeString(p.GetVar().GetType()), TypeString(inputs[k].GetType()))
		}
		if d := p.GetDefault(); d != nil && !literalFits(d, inputs[k].GetType()) {
			v.errorf(wr, "launch plan %s: the default of %s does not fit its type %s", name, k, TypeString(inputs[k].GetType()))
		}
		if p.GetDefault() == nil && !p.GetRequired() {
			v.errorf(wr, "launch plan %s: parameter %s is neither required nor defaulted", name, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(params)) {
		if inputs[k] == nil {
			v.errorf(wr, "launch plan %s: parameter %s is not a workflow input", name, k)
		}
	}
	v.planMetadata(lp, wr)
}

// planMetadata applies flyteadmin's ValidateLaunchPlan to the schedule and
// notifications: a cron string ParseStandard takes, a kickoff input that
// is a free DATETIME parameter, every other required parameter fixed or
// defaulted, and notifications on terminal phases with recipients.
func (v *validator) planMetadata(lp *admin.LaunchPlan, wr lang.Range) {
	name := lp.GetId().GetName()
	md := lp.GetSpec().GetEntityMetadata()
	params := lp.GetSpec().GetDefaultInputs().GetParameters()
	if s := md.GetSchedule(); s != nil {
		if cs := s.GetCronSchedule(); cs != nil {
			if _, _, err := compiler.ParseCron(cs.GetSchedule()); err != nil {
				v.errorf(wr, "launch plan %s: schedule: %v", name, err)
			}
		} else if r := s.GetRate(); r == nil || r.GetValue() == 0 {
			v.errorf(wr, "launch plan %s: a schedule needs a cron expression or a positive rate", name)
		}
		kick := s.GetKickoffTimeInputArg()
		if kick != "" {
			if p := params[kick]; p == nil || p.GetVar().GetType().GetSimple() != core.SimpleType_DATETIME {
				v.errorf(wr, "launch plan %s: kickoff input %s is not a free datetime parameter", name, kick)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(params)) {
			if params[k].GetRequired() && k != kick {
				v.errorf(wr, "launch plan %s: scheduled, but input %s is required", name, k)
			}
		}
	}
	for _, n := range md.GetNotifications() {
		for _, ph := range n.GetPhases() {
			switch ph {
			case core.WorkflowExecution_SUCCEEDED, core.WorkflowExecution_FAILED, core.WorkflowExecution_TIMED_OUT, core.WorkflowExecution_ABORTED:
			default:
				v.errorf(wr, "launch plan %s: notification on %s, which is not a terminal phase", name, ph)
			}
		}
		recipients := append(append(n.GetEmail().GetRecipientsEmail(), n.GetSlack().GetRecipientsEmail()...), n.GetPagerDuty().GetRecipientsEmail()...)
		if len(recipients) == 0 || slices.Contains(recipients, "") {
			v.errorf(wr, "launch plan %s: a notification has no recipients, or an empty one", name)
		}
	}
}

// failureNode checks the failure node as Flyte's compiler does: it is
// validated like a node, every input without null allowed must be bound,
// and it is not part of the graph. flytekit names it fn0.
func (v *validator) failureNode(fn *core.Node, wf string) {
	id := fn.GetId()
	ref := taskRef(fn)
	ts := v.b.tasks[ref.GetName()]
	if ref == nil || ts == nil || !sameID(ref, ts.GetTemplate().GetId()) {
		v.errAt(id, "workflow %s: failure node %s references %s, which is not in the bundle", wf, id, idString(ref))
		return
	}
	if v.known(id) {
		v.errAt(id, "workflow %s: failure node id %s is also a node of the workflow", wf, id)
	}
	what := where{wf: wf, node: id, task: ts.GetTemplate().GetId().GetName()}
	v.bindings(id, what, id, fn.GetInputs(), ts.GetTemplate().GetInterface().GetInputs())
}

// calledWorkflow is the interface a workflow node is checked against.
type calledWorkflow struct {
	iface *core.TypedInterface
	name  string
}

// calledInterface returns the interface of what workflow node n of ws
// calls, and its name: a subworkflow's template's, or for a launch plan
// what Flyte's compiler gives its node — the plan's required parameters
// and those the node binds, and its workflow's outputs. id names n in
// messages: its path, for a branch's case node.
func (v *validator) calledInterface(ws *admin.WorkflowSpec, n *core.Node, id string) (*core.TypedInterface, string) {
	ref := n.GetWorkflowNode().GetLaunchplanRef()
	if ref == nil {
		sub := v.subworkflow(ws, n, id)
		if sub == nil {
			return nil, ""
		}
		return sub.GetInterface(), sub.GetId().GetName()
	}
	var lp *admin.LaunchPlan
	for _, e := range v.b.Entities {
		if p, ok := e.Spec.(*admin.LaunchPlan); ok && sameID(p.GetId(), ref) {
			lp = p
		}
	}
	if lp == nil {
		v.errAt(id, "workflow %s: node %s references %s, which is not in the bundle", v.wfName, id, idString(ref))
		return nil, ""
	}
	target := v.b.workflows[lp.GetSpec().GetWorkflowId().GetName()]
	if target == nil {
		return nil, "" // reported with the plan
	}
	inputs := &core.VariableMap{Variables: map[string]*core.Variable{}}
	for k, p := range lp.GetSpec().GetDefaultInputs().GetParameters() {
		if p.GetRequired() || slices.ContainsFunc(n.GetInputs(), func(b *core.Binding) bool { return b.GetVar() == k }) {
			inputs.Variables[k] = p.GetVar()
		}
	}
	return &core.TypedInterface{Inputs: inputs, Outputs: target.GetTemplate().GetInterface().GetOutputs()}, ref.GetName()
}

// subworkflow returns the template a workflow node of ws calls, which
// Flyte's compiler takes from ws.subWorkflows; it reports a reference that
// is not there, or not a workflow of the bundle.
func (v *validator) subworkflow(ws *admin.WorkflowSpec, n *core.Node, id string) *core.WorkflowTemplate {
	ref := n.GetWorkflowNode().GetSubWorkflowRef()
	if ref == nil {
		v.errAt(id, "workflow %s: node %s is a workflow node without a reference", v.wfName, id)
		return nil
	}
	if spec := v.b.workflows[ref.GetName()]; spec == nil || !sameID(ref, spec.GetTemplate().GetId()) {
		v.errAt(id, "workflow %s: node %s references %s, which is not in the bundle", v.wfName, id, idString(ref))
		return nil
	}
	for _, t := range ws.GetSubWorkflows() {
		if sameID(t.GetId(), ref) {
			return t
		}
	}
	v.errAt(id, "workflow %s: node %s calls %s, which is missing from its subWorkflows", v.wfName, id, idString(ref))
	return nil
}
