package compiler

import (
	"slices"
	"time"

	"github.com/wfc-lang/wfc/lang"
)

// Program is the typed IR of one or more checked source files: every task and
// workflow in declaration order. The Flyte emitter and the local runtime both
// read it; neither looks at the AST.
type Program struct {
	Tasks     []*Task
	Workflows []*Workflow
	// LaunchPlans holds the declared launch plans, not the default ones.
	LaunchPlans []*LaunchPlan
	// Files names the source files in the order they were checked, a file
	// after those it imports; declarations are in this order.
	Files []string
	Calls CallGraph // which workflow calls which task or workflow; NewCallGraph for a program built by hand
}

// Task returns the task named name, or nil.
func (p *Program) Task(name string) *Task {
	for _, t := range p.Tasks {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Workflow returns the workflow named name, or nil.
func (p *Program) Workflow(name string) *Workflow {
	for _, w := range p.Workflows {
		if w.Name == name {
			return w
		}
	}
	return nil
}

// TaskKind is how a task runs.
type TaskKind string

const (
	TaskShell   TaskKind = "shell"
	TaskEcho    TaskKind = "echo"
	TaskWebhook TaskKind = "webhook"
)

// FlyteType is the task type Flyte knows the kind by, and the key under which
// the runtime registers its executor.
func (k TaskKind) FlyteType() string {
	if k == TaskShell {
		return "raw-container"
	}
	return string(k)
}

// Param is a typed input or output of a task or workflow.
type Param struct {
	Name       string
	Type       *Type
	Default    any // a Value; meaningful only when HasDefault
	HasDefault bool
	Doc        string
	Range      lang.Range
}

// Task is a checked task declaration.
type Task struct {
	Name  string
	Kind  TaskKind
	Doc   string // from the doc comment or the description field
	Range lang.Range
	// NameRange is where the task is named in its declaration, and Fields
	// where each field of its body is set (the whole name = value).
	NameRange lang.Range
	Fields    map[string]lang.Range
	Inputs    []*Param
	Outputs   []*Param

	Retries      int           // extra attempts after the first
	Timeout      time.Duration // per attempt; 0 means none
	Cache        bool
	CacheVersion string // as written; see EffectiveCacheVersion
	// CacheSerialize runs concurrent identical misses once (Flyte's
	// cacheSerializable); CacheIgnoreInputs (sorted) are left out of the
	// cache key (cacheIgnoreInputVars).
	CacheSerialize    bool
	CacheIgnoreInputs []string
	Secrets           []string // names used as {secrets.NAME} or requested by `secrets`, sorted, unique

	Shell   *ShellSpec   // for TaskShell
	Webhook *WebhookSpec // for TaskWebhook
}

// Input returns the input named name, or nil.
func (t *Task) Input(name string) *Param { return findParam(t.Inputs, name) }

// Output returns the output named name, or nil.
func (t *Task) Output(name string) *Param { return findParam(t.Outputs, name) }

func findParam(ps []*Param, name string) *Param {
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// ShellSpec is the body of a shell task. Script holds {inputs.x}
// placeholders as written; the runtime substitutes them shell-quoted, and the
// Flyte emitter rewrites them to {{.inputs.x}}.
type ShellSpec struct {
	Script string
	Image  string // container image on Flyte; empty means the --image default

	Env              []EnvVar        // the task's own variables, in the order written
	Secrets          []SecretRequest // in the order written
	Requests, Limits Resources
}

// EnvVar is one variable of a shell task's environment.
type EnvVar struct{ Name, Value string }

// SecretRequest is a secret a shell script reads from the variable Name.
// wfc run resolves it as a {secrets.Name} (WFC_SECRET_<Name> or the
// secrets directory); on Flyte it is the secret Group/Key mounted as the
// variable Name.
type SecretRequest struct {
	Name  string
	Group string // "" means wfc compile's --secret-group
	Key   string // the Flyte key; Name unless given
	Range lang.Range
}

// Resources are the Kubernetes quantities a shell task asks for on Flyte,
// as written ("500m", "1Gi"); "" means not set.
type Resources struct {
	CPU, Memory, GPU, EphemeralStorage string
}

// IsZero reports whether no resource is set.
func (r Resources) IsZero() bool { return r == Resources{} }

// WebhookSpec is the body of a webhook task, in flytekit's terms. String
// values keep their {inputs.x} and {secrets.NAME} placeholders; the webhook
// executor renders them at run time.
type WebhookSpec struct {
	URL      string
	Method   string            // GET or POST (parity); PUT, PATCH, DELETE are extensions
	Headers  map[string]string // never nil
	Data     map[string]any    // never nil; values are Values with placeholders in strings
	ShowData bool
	ShowURL  bool
	Timeout  time.Duration // default 10s

	// Extensions beyond Flyte's connector; zero values mean parity.
	Expect           []int  // accepted status codes; nil means exactly 200
	Response         string // "" or "text" keeps the body as text; "json" also parses it into info.response
	EscapeValues     bool   // URL-escape values substituted into the url
	MaxResponseBytes int64  // 0 means the default cap (10 MiB)
	Rate             *Rate  // per-host request rate limit; nil means none
	// HTTPRetry makes retries HTTP-aware: only connection errors and the
	// statuses 429, 502, 503 and 504 are retried, honouring Retry-After.
	// Without it every failure is retried while attempts remain, as Flyte
	// retries a failed task.
	HTTPRetry bool
	// Deadline bounds a whole attempt (Timeout bounds each phase); 0 means
	// the executor's default.
	Deadline time.Duration
}

// Rate is a request rate: N requests per Per.
type Rate struct {
	N   int
	Per time.Duration
}

// Workflow is a checked workflow: its interface, its nodes in call order and
// the bindings of its outputs.
type Workflow struct {
	Name    string
	Doc     string
	Range   lang.Range
	Inputs  []*Param
	Outputs []*Param
	Nodes   []*Node    // in call order; Nodes[i].Index == i and ID == "n<i>"
	Results []*Binding // one per output, in output order
	DAG     *DAG       // which node waits for which; set by the checker, or by NewDAG for a workflow built by hand

	// OnFailure is the failure handler's node ("fn0"), not in Nodes: it
	// runs after the workflow failed. Its err input, if any, is bound to
	// null; the run passes the failure.
	OnFailure *Node
	// KeepGoing runs every node that does not depend on a failure before
	// the workflow fails (Flyte's FAIL_AFTER_EXECUTABLE_NODES_COMPLETE).
	KeepGoing bool
}

// Node is one call of a task or a workflow inside a workflow.
type Node struct {
	// ID names the node within a run: "n0", "n1", … in call order, as
	// Flyte numbers a workflow's nodes. A node inside another — an item of
	// a map, a node of a branch or of a subworkflow — is named by its path
	// from the top: the enclosing node's id, "-" and its own ("n2-n0",
	// "n2-3"). The scheduler, the record and the events treat ids as
	// opaque strings, so nested nodes need no other change there.
	ID     string
	Index  int // in its workflow's Nodes and DAG
	Task   *Task
	Name   string     // the variable the call was assigned to, if any
	Inputs []*Binding // one per task input, in the task's input order; defaults included as literals
	After  []*Node    // explicit `>>` predecessors; Workflow.DAG has every node this one waits for
	Range  lang.Range

	Map    *MapSpec    // non-nil for a map over lists (a Flyte ArrayNode)
	Branch *BranchSpec // non-nil for a conditional (a Flyte BranchNode), whose Task is nil
	// Workflow is the callee of a subworkflow call (a Flyte WorkflowNode),
	// whose Task is nil.
	Workflow *Workflow
	// Plan is the launch plan of a launch-plan call (a Flyte WorkflowNode
	// with a launchplanRef, a child execution), whose Workflow is the
	// plan's. Inputs then holds only the inputs the call binds: the plan
	// supplies its fixed and default values.
	Plan    *LaunchPlan
	Outputs []*Param // what the node produces when not its task's outputs (a map's lists); see OutputParams
}

// Binding binds a value to a named variable: a node input or a workflow output.
type Binding struct {
	Var   string
	Value *BindingValue
}

// BindingValue is exactly one of a literal, a promise, a list or a map of
// binding values (lists and dicts written with references inside them).
type BindingValue struct {
	Type    *Type
	Literal any // a Value, when Promise, List and Map are all nil
	Promise *Promise
	List    []*BindingValue
	Map     map[string]*BindingValue
	Range   lang.Range
}

// IsLiteral reports whether b is a plain literal value.
func (b *BindingValue) IsLiteral() bool { return b.Promise == nil && b.List == nil && b.Map == nil }

// Promise is a value that another node (or the workflow's inputs) produces.
type Promise struct {
	Node *Node    // nil means the workflow's inputs ("start-node" on Flyte)
	Var  string   // the output (or workflow input) read
	Path []string // attribute path into the value: r.status_code reads Path ["status_code"]
	Type *Type
}

// Values at run time and in literals are plain Go values:
//
//	str → string, int → int64, float → float64, bool → bool,
//	datetime → time.Time, duration → time.Duration, null → nil,
//	list[T] → []any, dict and map[str, T] → map[string]any.
//
// Value is a documentation alias for any.
type Value = any

// DeclaredBefore reports whether the declaration at a comes before the one
// at b in p's order: by file in Files (a file absent from it, as in a
// program built by hand, by name), then by position.
func (p *Program) DeclaredBefore(a, b lang.Range) bool {
	if a.Filename != b.Filename {
		i, j := slices.Index(p.Files, a.Filename), slices.Index(p.Files, b.Filename)
		if i >= 0 && j >= 0 {
			return i < j
		}
	}
	return a.Before(b)
}
