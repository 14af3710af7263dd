package flyte

import (
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

func TestValidateAcceptsEveryProgram(t *testing.T) {
	eachProgram(t, func(t *testing.T, name string, b *Bundle) {
		if diags := Validate(b); len(diags) > 0 {
			t.Errorf("Validate: %v", diags)
		}
	})
}

// Each case breaks one of Flyte's rules in the emitted protos of the
// design example (examples/design.wf) and expects Validate to say so.
func TestValidateRejects(t *testing.T) {
	cases := []struct {
		name   string
		breakf func(b *Bundle)
		want   string
	}{
		{"unbound input", func(b *Bundle) {
			n := wfNode(b, "wf", "n2")
			n.Inputs = n.Inputs[1:] // drop item_id
		}, "node n2 (get_with_params): item_id is not bound"},
		{"bound twice", func(b *Bundle) {
			n := wfNode(b, "wf", "n0")
			n.Inputs = append(n.Inputs, n.Inputs[0])
		}, "node n0 (hello): s is bound more than once"},
		{"unknown input", func(b *Bundle) {
			n := wfNode(b, "wf", "n0")
			n.Inputs = append(n.Inputs, &core.Binding{Var: "nope", Binding: n.Inputs[0].Binding})
		}, "binds nope, which is not one of its inputs"},
		{"literal type", func(b *Bundle) {
			n := wfNode(b, "wf", "n2")
			n.Inputs[0].Binding = &core.BindingData{Value: &core.BindingData_Scalar{Scalar: &core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_StringValue{StringValue: "10"}}}}}}
		}, "item_id: a literal of type STRING cannot be bound to INTEGER"},
		{"promise type", func(b *Bundle) {
			n := wfNode(b, "wf", "n2")
			n.Inputs[0].Binding = &core.BindingData{Value: &core.BindingData_Promise{Promise: &core.OutputReference{NodeId: "n0", Var: "o0"}}}
		}, "item_id reads n0.o0 of type STRING, which cannot be bound to INTEGER"},
		{"missing output var", func(b *Bundle) {
			n := wfNode(b, "wf", "n3")
			n.Inputs[0].Binding.GetPromise().Var = "o9"
		}, "reads n0.o9, which does not exist"},
		{"missing node", func(b *Bundle) {
			n := wfNode(b, "wf", "n3")
			n.Inputs[0].Binding.GetPromise().NodeId = "n42"
		}, "reads node n42, which does not exist"},
		{"upstream missing", func(b *Bundle) {
			wfNode(b, "wf", "n3").UpstreamNodeIds = nil
		}, "reads node n0, which is missing from its upstreamNodeIds"},
		{"upstream unknown", func(b *Bundle) {
			n := wfNode(b, "wf", "n3")
			n.UpstreamNodeIds = append(n.UpstreamNodeIds, "n77")
		}, "upstream node n77 does not exist"},
		{"upstream self", func(b *Bundle) {
			n := wfNode(b, "wf", "n3")
			n.UpstreamNodeIds = append(n.UpstreamNodeIds, "n3")
		}, "lists itself upstream"},
		{"cycle", func(b *Bundle) {
			n := wfNode(b, "wf", "n0")
			n.UpstreamNodeIds = []string{"n3"}
		}, "nodes n0, n2, n3 are in a cycle or unreachable"},
		{"duplicate id", func(b *Bundle) {
			wfNode(b, "wf", "n3").Id = "n2"
		}, "node id n2 is not unique"},
		{"unknown task", func(b *Bundle) {
			wfNode(b, "wf", "n1").Target = &core.Node_TaskNode{TaskNode: &core.TaskNode{Reference: &core.TaskNode_ReferenceId{ReferenceId: &core.Identifier{ResourceType: core.ResourceType_TASK, Name: "ghost"}}}}
		}, "node n1 references task ghost, which is not in the bundle"},
		{"output unbound", func(b *Bundle) {
			tmpl := b.workflows["wf"].Template
			tmpl.Outputs = tmpl.Outputs[:2]
		}, "outputs: o2 is not bound"},
		{"output type", func(b *Bundle) {
			b.workflows["wf"].Template.Outputs[0].Binding.GetPromise().NodeId = "n0"
			b.workflows["wf"].Template.Outputs[0].Binding.GetPromise().Var = "o0"
		}, "o0 reads n0.o0 of type STRING, which cannot be bound to STRUCT"},
		{"empty workflow", func(b *Bundle) {
			tmpl := b.workflows["wf"].Template
			tmpl.Nodes = nil
			tmpl.Outputs = nil
			tmpl.Interface.Outputs = &core.VariableMap{}
		}, "workflow wf has no nodes"},
		{"launch plan type", func(b *Bundle) {
			lp := launchPlan(b, "wf")
			lp.Spec.DefaultInputs.Parameters["s"].Var.Type = simpleLiteralType(core.SimpleType_INTEGER)
		}, "parameter s has type INTEGER"},
		{"launch plan default", func(b *Bundle) {
			lp := launchPlan(b, "wf")
			lp.Spec.DefaultInputs.Parameters["s"].Behavior = &core.Parameter_Default{Default: scalarLiteral(&core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_Integer{Integer: 1}}}})}
		}, "the default of s does not fit its type STRING"},
		{"webhook custom", func(b *Bundle) {
			delete(b.tasks["simple_get"].Template.Custom.Fields, "timeout_sec")
		}, `webhook custom lacks "timeout_sec"`},
		{"raw container", func(b *Bundle) {
			b.tasks["hello"].Template.GetContainer().DataConfig = nil
		}, "needs its data config enabled"},
		{"resource quantity", func(b *Bundle) {
			b.tasks["hello"].Template.GetContainer().Resources = &core.Resources{
				Requests: []*core.Resources_ResourceEntry{{Name: core.Resources_MEMORY, Value: "1GB"}}}
		}, `task hello: requests MEMORY = "1GB" is not a Kubernetes quantity`},
		{"resource named twice", func(b *Bundle) {
			b.tasks["hello"].Template.GetContainer().Resources = &core.Resources{
				Limits: []*core.Resources_ResourceEntry{{Name: core.Resources_CPU, Value: "1"}, {Name: core.Resources_CPU, Value: "2"}}}
		}, "task hello: limits names CPU twice"},
		{"limit below request", func(b *Bundle) {
			b.tasks["hello"].Template.GetContainer().Resources = &core.Resources{
				Requests: []*core.Resources_ResourceEntry{{Name: core.Resources_MEMORY, Value: "2Gi"}},
				Limits:   []*core.Resources_ResourceEntry{{Name: core.Resources_MEMORY, Value: "1Gi"}}}
		}, "task hello: MEMORY request 2Gi exceeds its limit 1Gi"},
		{"gpu request and limit", func(b *Bundle) {
			b.tasks["hello"].Template.GetContainer().Resources = &core.Resources{
				Requests: []*core.Resources_ResourceEntry{{Name: core.Resources_GPU, Value: "1"}},
				Limits:   []*core.Resources_ResourceEntry{{Name: core.Resources_GPU, Value: "2"}}}
		}, "task hello: GPU request 1 differs from its limit 2"},
		{"secret without group", func(b *Bundle) {
			b.tasks["hello"].Template.SecurityContext = &core.SecurityContext{Secrets: []*core.Secret{{Key: "TOKEN", EnvVar: "TOKEN"}}}
		}, `task hello: a secret needs a group and a key (group "", key "TOKEN")`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, _ := compileOK(t, designProgram(), Options{})
			c.breakf(b)
			diags := Validate(b)
			if !strings.Contains(diags.Err().Error(), c.want) {
				t.Errorf("Validate: %v\nwant an error containing %q", diags.Err(), c.want)
			}
		})
	}
}

func wfNode(b *Bundle, wf, id string) *core.Node {
	for _, n := range b.workflows[wf].Template.Nodes {
		if n.Id == id {
			return n
		}
	}
	panic("no node " + id)
}

func launchPlan(b *Bundle, name string) *admin.LaunchPlan {
	for _, e := range b.Entities {
		if lp, ok := e.Spec.(*admin.LaunchPlan); ok && lp.Id.Name == name {
			return lp
		}
	}
	panic("no launch plan " + name)
}

// Flyte types an attribute of a plain dict as a dict: binding one to an
// int is refused, with advice; webhook info declares its keys, so
// info.status_code is an int.
func TestValidateAttributePaths(t *testing.T) {
	p := featureProgram()
	b, _ := compileOK(t, p, Options{})
	if d := Validate(b); d.HasErrors() {
		t.Fatalf("features: %v", d.Err())
	}
	p.Tasks[0].Outputs[0].Type = compiler_Dict()
	p.Tasks[0].Kind = "echo" // no webhook info structure
	p.Tasks[0].Webhook = nil
	p.Tasks[0].Inputs = p.Tasks[0].Inputs[:1]
	_, diags := Compile(p, Options{})
	want := "n reads n0.info.status_code of type STRUCT, which cannot be bound to INTEGER (Flyte types an attribute of a dict as a dict"
	if !strings.Contains(diags.Err().Error(), want) {
		t.Errorf("got %v\nwant %q", diags.Err(), want)
	}
	if !strings.Contains(diags.Err().Error(), "status reads n0.info.status_code") {
		t.Errorf("workflow output through an attribute path not checked: %v", diags.Err())
	}
	// A key info does not have.
	b, _ = compileOK(t, featureProgram(), Options{})
	wfNode(b, "features", "n1").Inputs[0].Binding.GetPromise().AttrPath[0].Value = &core.PromiseAttribute_StringValue{StringValue: "status"}
	if d := Validate(b); !strings.Contains(d.Err().Error(), "reads n0.info.status, which type STRUCT{response_data, status_code, url} does not have") {
		t.Errorf("unknown info key: %v", d.Err())
	}
}

func TestValidateUnionBindings(t *testing.T) {
	opt := LiteralType(compilerOptionalListInt())
	list := &core.BindingData{Value: &core.BindingData_Collection{Collection: &core.BindingDataCollection{Bindings: []*core.BindingData{
		{Value: &core.BindingData_Scalar{Scalar: &core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_Integer{Integer: 1}}}}}},
	}}}}
	v := &validator{b: &Bundle{}, graph: &graph{index: map[string]int32{}}}
	v.bindingData("", where{wf: "t", node: "n0"}, "n0", "x", list, opt, nil)
	if v.diags.HasErrors() {
		t.Errorf("list bound to list[int]?: %v", v.diags.Err())
	}
	bad := clone(list)
	bad.GetCollection().Bindings[0] = &core.BindingData{Value: &core.BindingData_Scalar{Scalar: &core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_StringValue{StringValue: "x"}}}}}}
	v.bindingData("", where{wf: "t", node: "n0"}, "n0", "x", bad, opt, nil)
	if !strings.Contains(v.diags.Err().Error(), "fits no variant") {
		t.Errorf("got %v", v.diags.Err())
	}
}
