package compiler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dominikbraun/graph"
)

// DAG is the dependency structure of one workflow's nodes, built once by
// the checker (NewDAG) and read by everything that needs it: the
// scheduler, the Flyte emitter and the picture writer. Nodes are named by
// their index in Workflow.Nodes.
//
// Adjacency is kept in compressed arrays (node i's upstream nodes are
// up[upOff[i]:upOff[i+1]]), a handful of allocations for a whole workflow
// of 100,000 nodes rather than a slice per node.
type DAG struct {
	upOff, up     []int32 // the nodes each node waits for, by index
	downOff, down []int32 // the nodes waiting for each node, by index
	order         []int32 // Kahn's order: every node after its upstream
}

// Len is the number of nodes.
func (d *DAG) Len() int { return len(d.upOff) - 1 }

// Edges is the number of dependencies.
func (d *DAG) Edges() int { return len(d.up) }

// Upstream returns the nodes node i waits for — those its inputs read and
// its `>>` predecessors — unique, by index. The slice is shared: do not
// modify it.
func (d *DAG) Upstream(i int) []int32 { return d.up[d.upOff[i]:d.upOff[i+1]] }

// Downstream returns the nodes that wait for node i, by index; shared.
func (d *DAG) Downstream(i int) []int32 { return d.down[d.downOff[i]:d.downOff[i+1]] }

// Order returns every node after those it waits for, ties broken by index:
// the sources in index order, then the nodes as their last upstream node
// comes out. Shared.
func (d *DAG) Order() []int32 { return d.order }

// NewDAG builds w's dependency graph from each node's inputs (the
// promises they read) and its After list, and orders it by Kahn's
// algorithm, O(V+E). When nodes are left over, they wait on each other:
// the error is a *CycleError naming every member of every cycle, and the
// DAG is returned too, without an order, for the caller to inspect.
func NewDAG(w *Workflow) (*DAG, error) {
	n := len(w.Nodes)
	d := &DAG{upOff: make([]int32, n+1), up: make([]int32, 0, n)}
	stamp := make([]int32, n) // stamp[j] == i+1: j already counted as upstream of i
	var bad error
	for i, node := range w.Nodes {
		start := len(d.up)
		add := func(u *Node) {
			if u == nil {
				return
			}
			j := u.Index
			if j < 0 || j >= n || w.Nodes[j] != u {
				if bad == nil {
					bad = fmt.Errorf("node %s depends on %s, which is not a node of workflow %s", node.ID, u.ID, w.Name)
				}
				return
			}
			if j != i && stamp[j] != int32(i+1) {
				stamp[j] = int32(i + 1)
				d.up = append(d.up, int32(j))
			}
		}
		for _, b := range node.Inputs {
			if b != nil {
				walkPromises(b.Value, func(p *Promise) { add(p.Node) })
			}
		}
		for _, u := range node.After {
			add(u)
		}
		slices.Sort(d.up[start:])
		d.upOff[i+1] = int32(len(d.up))
	}
	if bad != nil {
		return nil, bad
	}

	// Downstream lists are the upstream lists turned around: count, then
	// fill; filling in node order keeps each list sorted.
	d.downOff = make([]int32, n+1)
	for _, j := range d.up {
		d.downOff[j+1]++
	}
	for i := range n {
		d.downOff[i+1] += d.downOff[i]
	}
	d.down = make([]int32, len(d.up))
	fill := make([]int32, n)
	copy(fill, d.downOff[:n])
	for i := range n {
		for _, j := range d.Upstream(i) {
			d.down[fill[j]] = int32(i)
			fill[j]++
		}
	}

	// Kahn's algorithm, its pending counts reusing fill.
	pending := fill
	order := make([]int32, 0, n)
	for i := range n {
		if pending[i] = d.upOff[i+1] - d.upOff[i]; pending[i] == 0 {
			order = append(order, int32(i))
		}
	}
	for h := 0; h < len(order); h++ {
		for _, m := range d.Downstream(int(order[h])) {
			if pending[m]--; pending[m] == 0 {
				order = append(order, m)
			}
		}
	}
	if len(order) < n {
		return d, d.cycles(w, pending)
	}
	d.order = order
	return d, nil
}

// CycleError is a workflow whose nodes wait on each other.
type CycleError struct {
	Workflow string
	Cycles   []Cycle // by their first member's index
}

// Cycle is one strongly connected set of nodes: each of them waits, through
// the others, on itself.
type Cycle struct {
	Members []*Node // every node of the cycle, by index
	Path    []*Node // a shortest round through Members[0]: each waits for the one before, Path[0] for the last
}

func (e *CycleError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "workflow %s has a dependency cycle", e.Workflow)
	for i, c := range e.Cycles {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		for _, n := range c.Path {
			b.WriteString(n.ID)
			b.WriteString(" → ")
		}
		b.WriteString(c.Path[0].ID)
		if extra := len(c.Members) - len(c.Path); extra > 0 {
			fmt.Fprintf(&b, " (and %d more nodes)", extra)
		}
	}
	return b.String()
}

// cycles finds the cycles among the nodes Kahn's algorithm left over
// (pending[i] > 0): the strongly connected components of more than one
// node (Tarjan's algorithm, dominikbraun/graph, linear), which name every
// node that lies on a cycle. Nodes left over only because they wait on a
// cycle belong to none.
//
// Vertices are keyed by index+1: v0.23.0's Tarjan loses the component of a
// vertex whose key is the zero value.
func (d *DAG) cycles(w *Workflow, pending []int32) error {
	g := graph.New(graph.IntHash, graph.Directed())
	for i, p := range pending {
		if p > 0 {
			_ = g.AddVertex(i + 1) // a fresh vertex: cannot fail
		}
	}
	for i, p := range pending {
		if p == 0 {
			continue
		}
		for _, m := range d.Downstream(i) {
			if pending[m] > 0 {
				_ = g.AddEdge(i+1, int(m)+1) // both vertices exist, no edge twice
			}
		}
	}
	sccs, err := graph.StronglyConnectedComponents(g)
	if err != nil {
		return err
	}
	e := &CycleError{Workflow: w.Name}
	for _, scc := range sccs {
		if len(scc) < 2 {
			continue
		}
		for k := range scc {
			scc[k]--
		}
		slices.Sort(scc)
		c := Cycle{Members: make([]*Node, len(scc))}
		for k, i := range scc {
			c.Members[k] = w.Nodes[i]
		}
		c.Path = d.shortestRound(w, scc)
		e.Cycles = append(e.Cycles, c)
	}
	slices.SortFunc(e.Cycles, func(a, b Cycle) int { return a.Members[0].Index - b.Members[0].Index })
	return e
}

// shortestRound finds, by breadth-first search inside one strongly
// connected component, a shortest path from its first member back to it.
func (d *DAG) shortestRound(w *Workflow, scc []int) []*Node {
	in := make(map[int32]bool, len(scc))
	for _, i := range scc {
		in[int32(i)] = true
	}
	start := int32(scc[0])
	prev := map[int32]int32{}
	queue := []int32{start}
	for h := 0; h < len(queue); h++ {
		for _, m := range d.Downstream(int(queue[h])) {
			if m == start {
				path := []*Node{w.Nodes[queue[h]]}
				for k := queue[h]; k != start; {
					k = prev[k]
					path = append(path, w.Nodes[k])
				}
				slices.Reverse(path)
				return path
			}
			if _, seen := prev[m]; in[m] && !seen {
				prev[m] = queue[h]
				queue = append(queue, m)
			}
		}
	}
	return []*Node{w.Nodes[start]} // not reached: the component is strongly connected
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

// reportCycle reports a dependency cycle at the `>>` that closes it,
// naming the members of a shortest round with their positions, and every
// other member of the same cycle.
func (s *wfScope) reportCycle(c Cycle) {
	var names []string
	var detail strings.Builder
	at := c.Path[0].Range
	onPath := map[*Node]bool{}
	for i, n := range c.Path {
		onPath[n] = true
		names = append(names, nodeLabel(n))
		next := c.Path[(i+1)%len(c.Path)]
		if r, ok := s.orderRanges[edge{n, next}]; ok {
			at = r
		}
		fmt.Fprintf(&detail, "%s at %s\n", nodeLabel(n), n.Range)
	}
	names = append(names, nodeLabel(c.Path[0]))
	if len(c.Members) > len(c.Path) {
		detail.WriteString("These calls are caught in the same cycle:\n")
		for _, n := range c.Members {
			if !onPath[n] {
				fmt.Fprintf(&detail, "%s at %s\n", nodeLabel(n), n.Range)
			}
		}
	}
	d := s.c.diags.Errorf(at, "dependency cycle: %s", strings.Join(names, " → "))
	d.Detail = "Each of these must finish before the next can start:\n" + strings.TrimSpace(detail.String())
	d.Hint = "remove one of the `>>` orderings"
}

func nodeLabel(n *Node) string {
	if n.Name != "" {
		return fmt.Sprintf("`%s` (%s)", n.Name, n.Label())
	}
	return fmt.Sprintf("`%s` (%s)", n.Label(), n.ID)
}
