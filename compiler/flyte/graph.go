package flyte

import (
	"slices"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
)

// Indices of the two sentinel nodes in a graph.
const (
	startIdx = 0
	endIdx   = 1
)

// graph is a workflow's nodes and edges by index: 0 is the start-node, 1
// the end-node, i+2 the template's node i. Ids unknown to the workflow
// (which validation reports) get no edges. Edge lists live in two flat
// arrays, each node's a span of them, so that a workflow of 100,000 nodes
// costs a handful of allocations rather than two per node.
type graph struct {
	ids     []string
	index   map[string]int32
	upSpan  []span
	upFlat  []int32
	downSpn []span
	down1   []int32
	unknown []string // ids read or listed upstream that no node has
}

type span struct{ off, n int32 }

func (g *graph) up(i int) []int32 {
	s := g.upSpan[i]
	return g.upFlat[s.off : s.off+s.n]
}

func (g *graph) down(i int) []int32 {
	s := g.downSpn[i]
	return g.down1[s.off : s.off+s.n]
}

func newGraph(t *core.WorkflowTemplate) *graph {
	nodes := t.GetNodes()
	n := len(nodes) + 2
	g := &graph{
		ids:     make([]string, n),
		upSpan:  make([]span, n),
		upFlat:  make([]int32, 0, 2*n),
		downSpn: make([]span, n),
	}
	g.ids[startIdx], g.ids[endIdx] = StartNodeID, EndNodeID
	conventional := true
	for i, nd := range nodes {
		g.ids[i+2] = nd.GetId()
		conventional = conventional && seqID(nd.GetId()) == i
	}
	if !conventional {
		// Ids other than n0, n1, … in order need a map (and may repeat,
		// which validation reports; the first one wins).
		g.index = make(map[string]int32, n)
		g.index[StartNodeID], g.index[EndNodeID] = startIdx, endIdx
		for i := n - 1; i >= 2; i-- {
			g.index[g.ids[i]] = int32(i)
		}
	}
	hasDown := make([]bool, n)
	var scratch []int32
	// reads collects, sorted and unique, the nodes that bindings and
	// upstream ids name.
	reads := func(bindings []*core.Binding, upstream []string) []int32 {
		scratch = scratch[:0]
		for _, id := range upstream {
			scratch = g.appendID(scratch, id)
		}
		for _, b := range bindings {
			scratch = g.appendReads(scratch, b.GetBinding())
		}
		slices.Sort(scratch)
		return slices.Compact(scratch)
	}
	for i, nd := range nodes {
		froms := reads(nd.GetInputs(), nd.GetUpstreamNodeIds())
		if len(froms) == 0 {
			froms = append(froms, startIdx)
		}
		g.upSpan[i+2] = span{int32(len(g.upFlat)), int32(len(froms))}
		g.upFlat = append(g.upFlat, froms...)
		for _, f := range froms {
			hasDown[f] = true
		}
	}
	// The end-node waits for what the outputs read and for every node
	// nothing else waits for.
	outs := reads(t.GetOutputs(), nil)
	for _, f := range outs {
		hasDown[f] = true
	}
	endOff := len(g.upFlat)
	g.upFlat = append(g.upFlat, outs...)
	for i := 2; i < n; i++ {
		if !hasDown[i] {
			g.upFlat = append(g.upFlat, int32(i))
		}
	}
	endUp := g.upFlat[endOff:]
	slices.Sort(endUp)
	g.upSpan[endIdx] = span{int32(endOff), int32(len(endUp))}

	// Downstream lists are the upstream lists turned around: count, then
	// fill.
	deg := make([]int32, n)
	for i := 1; i < n; i++ {
		for _, f := range g.up(i) {
			deg[f]++
		}
	}
	off := int32(0)
	for i := range deg {
		g.downSpn[i] = span{off, 0}
		off += deg[i]
	}
	g.down1 = make([]int32, off)
	for i := 1; i < n; i++ {
		for _, f := range g.up(i) {
			s := &g.downSpn[f]
			g.down1[s.off+s.n] = int32(i)
			s.n++
		}
	}
	return g
}

// first reports whether position i holds the first node with its id.
func (g *graph) first(id string, i int) bool {
	j, ok := g.lookup(id)
	return ok && int(j) == i
}

func (g *graph) appendID(ids []int32, id string) []int32 {
	i, ok := g.lookup(id)
	if !ok {
		g.unknown = append(g.unknown, id)
		return ids
	}
	return append(ids, i)
}

// lookup finds a node by id; "" is the start-node.
func (g *graph) lookup(id string) (int32, bool) {
	switch id {
	case "", StartNodeID:
		return startIdx, true
	case EndNodeID:
		return endIdx, true
	}
	if g.index != nil {
		i, ok := g.index[id]
		return i, ok
	}
	// Every node is n<i> at position i: no map needed.
	if i := seqID(id); i >= 0 && i+2 < len(g.ids) {
		return int32(i + 2), true
	}
	return 0, false
}

// seqID returns i for an id n<i> (decimal, no leading zeros), else -1.
func seqID(id string) int {
	if len(id) < 2 || id[0] != 'n' || (id[1] == '0' && len(id) > 2) || len(id) > 11 {
		return -1
	}
	i := 0
	for _, c := range id[1:] {
		if c < '0' || c > '9' {
			return -1
		}
		i = i*10 + int(c-'0')
	}
	return i
}

// appendReads appends the nodes bd reads from; an empty id is the
// start-node, as flytepropeller reads it.
func (g *graph) appendReads(ids []int32, bd *core.BindingData) []int32 {
	switch v := bd.GetValue().(type) {
	case *core.BindingData_Promise:
		ids = g.appendID(ids, v.Promise.GetNodeId())
	case *core.BindingData_Collection:
		for _, e := range v.Collection.GetBindings() {
			ids = g.appendReads(ids, e)
		}
	case *core.BindingData_Map:
		for _, e := range v.Map.GetBindings() {
			ids = g.appendReads(ids, e)
		}
	}
	return ids
}

// names returns the ids of idx sorted as strings, without duplicates, as
// flytepropeller's string sets list them.
func (g *graph) names(idx []int32) []string {
	out := make([]string, len(idx))
	for i, x := range idx {
		out[i] = g.ids[x]
	}
	if len(out) > 1 {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out
}
