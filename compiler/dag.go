package compiler

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dominikbraun/graph"
)

// linkUpstream fills every node's Upstream: the nodes its inputs read from
// and its `>>` predecessors, unique, by index.
func (s *wfScope) linkUpstream() {
	for _, n := range s.wf.Nodes {
		var up []*Node
		add := func(m *Node) {
			if m == nil || m == n {
				return
			}
			for _, u := range up { // upstream lists are short
				if u == m {
					return
				}
			}
			up = append(up, m)
		}
		for _, b := range n.Inputs {
			walkPromises(b.Value, func(p *Promise) { add(p.Node) })
		}
		for _, m := range n.After {
			add(m)
		}
		sort.Slice(up, func(i, j int) bool { return up[i].Index < up[j].Index })
		n.Upstream = up
	}
}

// walkPromises calls f for every promise inside b.
func walkPromises(b *BindingValue, f func(*Promise)) {
	if b == nil {
		return
	}
	if b.Promise != nil {
		f(b.Promise)
	}
	for _, x := range b.List {
		walkPromises(x, f)
	}
	for _, x := range b.Map {
		walkPromises(x, f)
	}
}

// WalkPromises calls f for every promise inside b, for the emitter and the
// runtime.
func WalkPromises(b *BindingValue, f func(*Promise)) { walkPromises(b, f) }

// findCycle returns the nodes of one cycle in w's dependency graph, in
// order, or nil when the graph is acyclic. It is an iterative depth-first
// search, O(V+E), that cannot overflow the stack on long chains.
func findCycle(w *Workflow) []*Node {
	// Edges point from a node to those that wait for it.
	down := make([][]*Node, len(w.Nodes))
	for _, n := range w.Nodes {
		for _, u := range n.Upstream {
			down[u.Index] = append(down[u.Index], n)
		}
	}
	const (
		white = iota
		grey
		black
	)
	color := make([]byte, len(w.Nodes))
	parent := make([]*Node, len(w.Nodes))
	type frame struct {
		n    *Node
		next int
	}
	for _, root := range w.Nodes {
		if color[root.Index] != white {
			continue
		}
		stack := []frame{{n: root}}
		color[root.Index] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == len(down[top.n.Index]) {
				color[top.n.Index] = black
				stack = stack[:len(stack)-1]
				continue
			}
			m := down[top.n.Index][top.next]
			top.next++
			switch color[m.Index] {
			case white:
				color[m.Index] = grey
				parent[m.Index] = top.n
				stack = append(stack, frame{n: m})
			case grey: // back edge top.n → m closes a cycle
				cycle := []*Node{m}
				for k := top.n; k != m; k = parent[k.Index] {
					cycle = append(cycle, k)
				}
				// cycle holds m, then the path back from top.n; put it in
				// execution order starting at m.
				for i, j := 1, len(cycle)-1; i < j; i, j = i+1, j-1 {
					cycle[i], cycle[j] = cycle[j], cycle[i]
				}
				return cycle
			}
		}
	}
	return nil
}

// reportCycle reports a dependency cycle, naming every member with its
// position, at the `>>` that closes it.
func (s *wfScope) reportCycle(cycle []*Node) {
	var names []string
	var detail strings.Builder
	at := cycle[0].Range
	for i, n := range cycle {
		names = append(names, nodeLabel(n))
		next := cycle[(i+1)%len(cycle)]
		if r, ok := s.orderRanges[edge{n, next}]; ok {
			at = r
		}
		fmt.Fprintf(&detail, "%s at %s\n", nodeLabel(n), n.Range)
	}
	names = append(names, nodeLabel(cycle[0]))
	d := s.c.diags.Errorf(at, "dependency cycle: %s", strings.Join(names, " → "))
	d.Detail = "Each of these must finish before the next can start:\n" + strings.TrimSpace(detail.String())
	d.Hint = "remove one of the `>>` orderings"
}

func nodeLabel(n *Node) string {
	if n.Name != "" {
		return fmt.Sprintf("`%s` (%s)", n.Name, n.Task.Name)
	}
	return fmt.Sprintf("`%s` (%s)", n.Task.Name, n.ID)
}

// TopoOrder returns w's nodes so that every node comes after its Upstream,
// ties broken by index; O(V+E) (Kahn's algorithm with a heap-free queue,
// since indexes already give a stable order within each wave).
func (w *Workflow) TopoOrder() []*Node {
	pending := make([]int, len(w.Nodes))
	down := make([][]*Node, len(w.Nodes))
	for _, n := range w.Nodes {
		pending[n.Index] = len(n.Upstream)
		for _, u := range n.Upstream {
			down[u.Index] = append(down[u.Index], n)
		}
	}
	order := make([]*Node, 0, len(w.Nodes))
	for _, n := range w.Nodes {
		if pending[n.Index] == 0 {
			order = append(order, n)
		}
	}
	for i := 0; i < len(order); i++ {
		for _, m := range down[order[i].Index] {
			if pending[m.Index]--; pending[m.Index] == 0 {
				order = append(order, m)
			}
		}
	}
	return order
}

// DAG returns the workflow's dependency graph as a dominikbraun/graph graph,
// keyed by node id, for structure queries and DOT output. Edges run from a
// node to the nodes that wait for it. It is built on demand: the checker's
// own order and cycle checks are O(V+E) and do not need it.
func (w *Workflow) DAG() (graph.Graph[string, *Node], error) {
	g := graph.New(func(n *Node) string { return n.ID }, graph.Directed(), graph.Acyclic())
	for _, n := range w.Nodes {
		if err := g.AddVertex(n, graph.VertexAttribute("label", n.Task.Name)); err != nil {
			return nil, err
		}
	}
	for _, n := range w.Nodes {
		for _, u := range n.Upstream {
			if err := g.AddEdge(u.ID, n.ID); err != nil {
				return nil, err
			}
		}
	}
	return g, nil
}
