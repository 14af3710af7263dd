package flyte

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"testing"

	fadmin "github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	fcore "github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/protobuf/proto"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// The reference samples are real pyflyte serialize output and closures
// compiled by flytepropeller (see their README). These tests hold wfc's
// output to their shapes and wfc's connections and validation to
// flytepropeller's behaviour on them.

const samplesDir = "../../../shared/reference/flyte-samples"

// readSample reads a sample into x, flyteidl's type of it.
func readSample(t *testing.T, name string, x proto.Message) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samplesDir, name))
	if os.IsNotExist(err) {
		t.Skipf("reference samples not found at %s", samplesDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := strict.Unmarshal(data, x); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// readAs reads a sample into x, flyteidl's type of it, and returns it as
// wfc's type M.
func readAs[M any](t *testing.T, name string, x proto.Message) *M {
	t.Helper()
	readSample(t, name, x)
	m := new(M)
	fromFlyteidl(t, x, m)
	return m
}

func readSpec(t *testing.T, name string) *admin.WorkflowSpec {
	return readAs[admin.WorkflowSpec](t, name, &fadmin.WorkflowSpec{})
}

func readClosure(t *testing.T, name string) *core.CompiledWorkflowClosure {
	return readAs[core.CompiledWorkflowClosure](t, name, &fcore.CompiledWorkflowClosure{})
}

var sampleWorkflows = []struct{ spec, closure string }{
	{"010_core.containerization.raw_container.wf_2.json", "010_core.containerization.raw_container.wf_2_wf.json"},
	{"085_core.flyte_basics.basic_workflow.my_wf_2.json", "085_core.flyte_basics.basic_workflow.my_wf_2_wf.json"},
}

// Connections computed from a sample's WorkflowSpec equal those
// flytepropeller computed for it, and the closure wfc would build has the
// same node list shape.
func TestConnectionsMatchFlytepropeller(t *testing.T) {
	for _, s := range sampleWorkflows {
		spec, closure := readSpec(t, s.spec), readClosure(t, s.closure)
		got := Connections(spec.Template)
		if !sameMessage(got, closure.Primary.Connections) {
			t.Errorf("%s: connections\ngot  %v\nwant %v", s.spec, got, closure.Primary.Connections)
		}
		b := sampleBundle(spec, closure)
		c, err := b.Closure(spec.Template.Id.Name)
		if err != nil {
			t.Fatal(err)
		}
		want := closure.Primary.Template.Nodes
		gotNodes := c.Primary.Template.Nodes
		if len(gotNodes) != len(want) {
			t.Fatalf("%s: %d closure nodes, want %d", s.spec, len(gotNodes), len(want))
		}
		for i := range want {
			if gotNodes[i].Id != want[i].Id {
				t.Errorf("%s: closure node %d is %s, want %s", s.spec, i, gotNodes[i].Id, want[i].Id)
			}
		}
		if !sameMessage(&core.Node{Id: EndNodeID, Inputs: c.Primary.Template.Outputs}, want[1]) {
			t.Errorf("%s: end-node differs from flytepropeller's", s.spec)
		}
	}
}

// sampleBundle wraps sample entities so Validate and Closure can read
// them.
func sampleBundle(spec *admin.WorkflowSpec, closure *core.CompiledWorkflowClosure) *Bundle {
	name := spec.Template.Id.Name
	b := &Bundle{
		tasks:     map[string]*admin.TaskSpec{},
		workflows: map[string]*admin.WorkflowSpec{name: spec},
		order:     []string{name},
	}
	for _, ct := range closure.Tasks {
		b.tasks[ct.Template.Id.Name] = &admin.TaskSpec{Template: ct.Template}
	}
	return b
}

// wfc's validation accepts what flytepropeller accepted.
func TestValidateAcceptsSamples(t *testing.T) {
	for _, s := range sampleWorkflows {
		if diags := Validate(sampleBundle(readSpec(t, s.spec), readClosure(t, s.closure))); len(diags) > 0 {
			t.Errorf("%s: %v", s.spec, diags)
		}
	}
}

// The structure of wfc's workflow matches pyflyte's: node ids in call
// order, node metadata with a name and retries, task nodes referencing a
// full task identifier with (empty) overrides, workflow inputs read as
// promises of the start-node (flytekit writes an empty id, which Flyte
// reads as the start-node; wfc writes the explicit one), and
// upstreamNodeIds listing exactly the other nodes a node's bindings read.
func TestWorkflowShapeMatchesSamples(t *testing.T) {
	sample := readSpec(t, "085_core.flyte_basics.basic_workflow.my_wf_2.json")
	b, _ := compileOK(t, designProgram(), Options{})
	for _, spec := range []*admin.WorkflowSpec{sample, b.Workflow("wf")} {
		what := spec.Template.Id.Name
		if spec.Template.Metadata == nil || spec.Template.MetadataDefaults == nil {
			t.Errorf("%s: template metadata or metadataDefaults missing", what)
		}
		for i, n := range spec.Template.Nodes {
			if want := "n" + strconv.Itoa(i); n.Id != want {
				t.Errorf("%s: node %d has id %s, want %s", what, i, n.Id, want)
			}
			if n.Metadata.GetName() == "" || n.Metadata.GetRetries() == nil {
				t.Errorf("%s: node %s metadata lacks a name or retries: %v", what, n.Id, n.Metadata)
			}
			ref := n.GetTaskNode().GetReferenceId()
			if ref.GetResourceType() != core.ResourceType_TASK || ref.GetName() == "" || n.GetTaskNode().GetOverrides() == nil {
				t.Errorf("%s: node %s task node %v", what, n.Id, n.GetTaskNode())
			}
			var reads []string
			for _, bnd := range n.Inputs {
				p := bnd.Binding.GetPromise()
				if p == nil {
					continue
				}
				id := p.NodeId
				if id == "" || id == StartNodeID {
					if spec.Template.Interface.Inputs.Variables[p.Var] == nil {
						t.Errorf("%s: node %s reads workflow input %s, which does not exist", what, n.Id, p.Var)
					}
					continue
				}
				reads = append(reads, id)
			}
			slices.Sort(reads)
			reads = slices.Compact(reads)
			up := slices.Clone(n.UpstreamNodeIds)
			slices.Sort(up)
			if !slices.Equal(reads, up) {
				t.Errorf("%s: node %s upstreamNodeIds %v, bindings read %v", what, n.Id, up, reads)
			}
		}
	}
}

// Every JSON path pyflyte writes in a sample appears in wfc's entity of the
// same kind, but for the listed, documented differences. Map keys that
// name variables are wildcards.
func TestEntityPathsCoverSamples(t *testing.T) {
	b, _ := compileOK(t, designProgram(), Options{})
	lps := map[string]*admin.LaunchPlan{}
	for _, e := range b.Entities {
		if lp, ok := e.Spec.(*admin.LaunchPlan); ok {
			lps[e.Name] = lp
		}
	}
	closure, err := b.Closure("wf")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		sample string
		msg    proto.Message
		ours   Message
		except []string
	}{
		// wfc's runtime type is OTHER, the enum's zero, which JSON omits.
		{"004_ellipse-area-metadata-shell_1.json", &fadmin.TaskSpec{}, b.Task("hello"), []string{"template.metadata.runtime.type"}},
		{"085_core.flyte_basics.basic_workflow.my_wf_2.json", &fadmin.WorkflowSpec{}, b.Workflow("wf"), nil},
		{"086_core.flyte_basics.basic_workflow.my_wf_3.json", &fadmin.LaunchPlan{}, lps["wf"], nil},
		// Python tasks' containers and flytekit's runtime type are not wfc's.
		{"085_core.flyte_basics.basic_workflow.my_wf_2_wf.json", &fcore.CompiledWorkflowClosure{}, closure, []string{
			"tasks[].template.container.args[]", "tasks[].template.container.config", "tasks[].template.container.config[]", "tasks[].template.container.config[].key",
			"tasks[].template.container.config[].value", "tasks[].template.metadata.runtime.type",
		}},
	}
	for _, c := range cases {
		readSample(t, c.sample, c.msg)
		want := jsonPaths(t, protojsonOf(t, c.msg))
		ours, err := Marshal(c.ours, JSON)
		if err != nil {
			t.Fatal(err)
		}
		got := jsonPaths(t, ours)
		for _, p := range want {
			if !slices.Contains(got, p) && !slices.Contains(c.except, p) {
				t.Errorf("%s: wfc's entity lacks %s", c.sample, p)
			}
		}
	}
}

var wildcardParents = regexp.MustCompile(`(variables|parameters|upstream|downstream|literals)\.[^.\[]+`)

func jsonPaths(t *testing.T, data []byte) []string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				p = wildcardParents.ReplaceAllString(p, "$1.*")
				set[p] = true
				walk(p, e)
			}
		case []any:
			for _, e := range x {
				set[prefix+"[]"] = true
				walk(prefix+"[]", e)
			}
		}
	}
	walk("", v)
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
