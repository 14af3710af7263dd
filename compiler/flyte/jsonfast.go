package flyte

import (
	"reflect"
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// Fast paths for the messages a large workflow has one of per node or
// binding. Each writes what the reflective encoder writes, field for field
// in declaration order, and handles only the shapes the emitter produces;
// any other shape (a field it does not know to be empty is set) goes the
// reflective way. encode_test.go compares the result with protojson.

var (
	nodeMetadataPlan = planOf(reflect.TypeFor[core.NodeMetadata]())
	taskNodePlan     = planOf(reflect.TypeFor[core.TaskNode]())
	bindingDataPlan  = planOf(reflect.TypeFor[core.BindingData]())
)

// fast encodes m, a message struct, if a fast path applies and reports
// whether it did.
func (e *jsonEncoder) fast(m reflect.Value, depth int) bool {
	switch x := m.Addr().Interface().(type) {
	case *core.Node:
		return e.node(x, depth)
	case *core.Binding:
		e.binding(x, depth)
		return true
	case *core.BindingData:
		return e.bindingData(x, depth)
	case *core.OutputReference:
		return e.outputReference(x, depth)
	case *core.ConnectionSet:
		e.connectionSet(x, depth)
		return true
	}
	return false
}

// key starts a field: the separator after a previous field, the line
// break and indentation, and the quoted name.
func (e *jsonEncoder) key(first *bool, depth int, name string) {
	if !*first {
		e.buf = append(e.buf, ',')
	}
	*first = false
	e.newline(depth)
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, '"', ':', ' ')
}

func (e *jsonEncoder) closeObject(first bool, depth int) {
	if !first {
		e.newline(depth)
	}
	e.buf = append(e.buf, '}')
}

func (e *jsonEncoder) node(n *core.Node, depth int) bool {
	if len(n.GetOutputAliases()) > 0 {
		return false
	}
	if _, ok := n.GetTarget().(*core.Node_TaskNode); !ok && n.GetTarget() != nil {
		return false
	}
	first := true
	e.buf = append(e.buf, '{')
	if n.GetId() != "" {
		e.key(&first, depth+1, "id")
		e.str(n.GetId())
	}
	if n.GetMetadata() != nil {
		e.key(&first, depth+1, "metadata")
		e.message(reflect.ValueOf(n.GetMetadata()).Elem(), nodeMetadataPlan, depth+1)
	}
	if len(n.GetInputs()) > 0 {
		e.key(&first, depth+1, "inputs")
		e.buf = append(e.buf, '[')
		for i, b := range n.GetInputs() {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.newline(depth + 2)
			e.binding(b, depth+2)
		}
		e.newline(depth + 1)
		e.buf = append(e.buf, ']')
	}
	if len(n.GetUpstreamNodeIds()) > 0 {
		e.key(&first, depth+1, "upstreamNodeIds")
		e.strings(n.GetUpstreamNodeIds(), depth+1)
	}
	if tn := n.GetTaskNode(); tn != nil {
		e.key(&first, depth+1, "taskNode")
		e.message(reflect.ValueOf(tn).Elem(), taskNodePlan, depth+1)
	}
	e.closeObject(first, depth)
	return true
}

func (e *jsonEncoder) strings(ss []string, depth int) {
	e.buf = append(e.buf, '[')
	for i, s := range ss {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.newline(depth + 1)
		e.str(s)
	}
	if len(ss) > 0 {
		e.newline(depth)
	}
	e.buf = append(e.buf, ']')
}

func (e *jsonEncoder) binding(b *core.Binding, depth int) {
	first := true
	e.buf = append(e.buf, '{')
	if b.GetVar() != "" {
		e.key(&first, depth+1, "var")
		e.str(b.GetVar())
	}
	if bd := b.GetBinding(); bd != nil {
		e.key(&first, depth+1, "binding")
		if !e.bindingData(bd, depth+1) {
			e.message(reflect.ValueOf(bd).Elem(), bindingDataPlan, depth+1)
		}
	}
	e.closeObject(first, depth)
}

func (e *jsonEncoder) bindingData(bd *core.BindingData, depth int) bool {
	p, ok := bd.GetValue().(*core.BindingData_Promise)
	if !ok || bd.GetUnion() != nil || p.Promise == nil {
		return false
	}
	if len(p.Promise.GetAttrPath()) > 0 {
		return false
	}
	e.buf = append(e.buf, '{')
	e.newline(depth + 1)
	e.buf = append(e.buf, `"promise": `...)
	e.outputReference(p.Promise, depth+1)
	e.newline(depth)
	e.buf = append(e.buf, '}')
	return true
}

// outputReference writes a promise without an attribute path.
func (e *jsonEncoder) outputReference(r *core.OutputReference, depth int) bool {
	if len(r.GetAttrPath()) > 0 {
		return false
	}
	first := true
	e.buf = append(e.buf, '{')
	if r.GetNodeId() != "" {
		e.key(&first, depth+1, "nodeId")
		e.str(r.GetNodeId())
	}
	if r.GetVar() != "" {
		e.key(&first, depth+1, "var")
		e.str(r.GetVar())
	}
	e.closeObject(first, depth)
	return true
}

func (e *jsonEncoder) connectionSet(cs *core.ConnectionSet, depth int) {
	first := true
	e.buf = append(e.buf, '{')
	for _, f := range []struct {
		name string
		m    map[string]*core.ConnectionSet_IdList
	}{{"downstream", cs.GetDownstream()}, {"upstream", cs.GetUpstream()}} {
		if len(f.m) == 0 {
			continue
		}
		e.key(&first, depth+1, f.name)
		keys := make([]string, 0, len(f.m))
		for k := range f.m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, strings.Compare)
		e.buf = append(e.buf, '{')
		for i, k := range keys {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.newline(depth + 2)
			e.str(k)
			e.buf = append(e.buf, ':', ' ', '{')
			if ids := f.m[k].GetIds(); len(ids) > 0 {
				e.newline(depth + 3)
				e.buf = append(e.buf, `"ids": `...)
				e.strings(ids, depth+3)
				e.newline(depth + 2)
			}
			e.buf = append(e.buf, '}')
			if len(e.buf) > 48<<10 && e.memoizing == 0 {
				e.flush()
			}
		}
		e.newline(depth + 1)
		e.buf = append(e.buf, '}')
	}
	e.closeObject(first, depth)
}
