package compiler

import (
	"cmp"
	"slices"

	"github.com/dominikbraun/graph"
)

// CallGraph is which declaration calls which: a vertex per task and
// workflow, keyed by name, and an edge from each workflow to every task it
// calls, weighted by the index of its first call so that callees can be
// listed in call order. It has one edge per caller and callee, not per
// call, so dominikbraun/graph's map store and algorithms serve it well.
// A subworkflow call is a workflow → workflow edge; the checker refuses
// recursion, so the graph is acyclic.
type CallGraph = graph.Graph[string, string]

// NewCallGraph builds p's call graph; Check sets Program.Calls to it.
func NewCallGraph(p *Program) CallGraph {
	g := graph.New(graph.StringHash, graph.Directed())
	for _, t := range p.Tasks {
		_ = g.AddVertex(t.Name) // a name seen twice is one vertex
	}
	for _, w := range p.Workflows {
		_ = g.AddVertex(w.Name)
		seen := map[*Task]bool{}
		seenWF := map[*Workflow]bool{}
		call := func(n *Node, i int) {
			name := ""
			switch {
			case n.Workflow != nil && !seenWF[n.Workflow]:
				seenWF[n.Workflow] = true
				name = n.Workflow.Name
			case n.Task != nil && !seen[n.Task]:
				seen[n.Task] = true
				name = n.Task.Name
			default:
				return
			}
			_ = g.AddVertex(name) // a callee the program does not list (a workflow built by hand)
			_ = g.AddEdge(w.Name, name, graph.EdgeWeight(i))
		}
		for i, n := range w.Nodes {
			if n.Branch != nil {
				for _, m := range n.Branch.Calls() {
					call(m, i)
				}
				continue
			}
			call(n, i)
		}
		if w.OnFailure != nil {
			call(w.OnFailure, len(w.Nodes))
		}
	}
	return g
}

// Callees returns the names of what caller calls, in the order of their
// first call, from g's adjacency map (graph.Graph.AdjacencyMap).
func Callees(adjacency map[string]map[string]graph.Edge[string], caller string) []string {
	edges := make([]graph.Edge[string], 0, len(adjacency[caller]))
	for _, e := range adjacency[caller] {
		edges = append(edges, e)
	}
	slices.SortFunc(edges, func(a, b graph.Edge[string]) int {
		return cmp.Or(cmp.Compare(a.Properties.Weight, b.Properties.Weight), cmp.Compare(a.Target, b.Target))
	})
	names := make([]string, len(edges))
	for i, e := range edges {
		names[i] = e.Target
	}
	return names
}
