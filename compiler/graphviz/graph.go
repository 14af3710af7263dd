package graphviz

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
)

// Ids of the nodes standing for the workflow's inputs and outputs.
// ("end" is a keyword in Mermaid.)
const (
	InputsID  = "inputs"
	OutputsID = "outputs"
)

// Graph is the picture of one workflow.
type Graph struct {
	Name  string
	Nodes []Node // the inputs node, the calls in order, the outputs node
	Edges []Edge // ordered by source node, then target node
}

// NodeKind says what a node stands for.
type NodeKind int

const (
	CallNode NodeKind = iota
	InputsNode
	OutputsNode
	FailureNode // the workflow's on_failure handler, run only after a failure
)

// Node is one box of the picture. Nodes holds the inputs node, the calls
// in order, the failure handler if there is one, then the outputs node.
type Node struct {
	ID    string
	Label string // the task's name for a call; may hold a line break
	Kind  NodeKind
}

// Edge joins two nodes. Labels name the values it carries, sorted; an
// edge with none is an ordering (`>>`) only.
type Edge struct {
	From, To string
	Labels   []string
}

// New builds the picture of w.
func New(w *compiler.Workflow) *Graph {
	g := &Graph{Name: w.Name}
	g.Nodes = make([]Node, 0, len(w.Nodes)+2)
	g.Nodes = append(g.Nodes, Node{ID: InputsID, Label: w.Name + " inputs", Kind: InputsNode})
	for _, n := range w.Nodes {
		label := n.Label() + "\n" + n.ID
		if n.Map != nil {
			label = "map " + label
		}
		if n.Name != "" {
			label = n.Name + " = " + label
		}
		g.Nodes = append(g.Nodes, Node{ID: n.ID, Label: label})
	}
	if fn := w.OnFailure; fn != nil {
		g.Nodes = append(g.Nodes, Node{ID: fn.ID, Label: "on failure: " + fn.Label() + "\n" + fn.ID, Kind: FailureNode})
	}
	g.Nodes = append(g.Nodes, Node{ID: OutputsID, Label: w.Name + " outputs", Kind: OutputsNode})

	// Edges are keyed by their endpoints' positions in Nodes, so that
	// sorting the keys orders them without comparing strings.
	type key struct{ from, to int }
	pos := func(n *compiler.Node) int {
		if n == nil {
			return 0
		}
		return n.Index + 1
	}
	edges := map[key]*Edge{}
	add := func(from, to int, label string) {
		k := key{from, to}
		e := edges[k]
		if e == nil {
			e = &Edge{From: g.Nodes[from].ID, To: g.Nodes[to].ID}
			edges[k] = e
		}
		if label != "" {
			e.Labels = append(e.Labels, label)
		}
	}
	// The edges between calls are the workflow's DAG; the bindings only
	// label them (an edge without a label is a `>>` ordering).
	dag := w.DAG
	if dag == nil { // a workflow built by hand, not by the checker
		dag, _ = compiler.NewDAG(w)
	}
	end := len(g.Nodes) - 1
	for i, n := range w.Nodes {
		if dag != nil {
			for _, u := range dag.Upstream(i) {
				add(int(u)+1, i+1, "")
			}
		}
		for _, b := range n.Inputs {
			walk(b.Value, b.Var, func(p *compiler.Promise, target string) {
				add(pos(p.Node), pos(n), source(p)+" → "+target)
			})
		}
	}
	if fn := w.OnFailure; fn != nil {
		// Bound to the workflow's inputs; err, filled by the engine with
		// the failure, binds no promise.
		for _, b := range fn.Inputs {
			walk(b.Value, b.Var, func(p *compiler.Promise, target string) {
				add(pos(p.Node), end-1, source(p)+" → "+target)
			})
		}
	}
	for _, b := range w.Results {
		walk(b.Value, b.Var, func(p *compiler.Promise, target string) {
			add(pos(p.Node), end, source(p)+" → "+target)
		})
	}
	keys := make([]key, 0, len(edges))
	for k := range edges {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].from != keys[j].from {
			return keys[i].from < keys[j].from
		}
		return keys[i].to < keys[j].to
	})
	g.Edges = make([]Edge, len(keys))
	for i, k := range keys {
		e := edges[k]
		sort.Strings(e.Labels)
		e.Labels = compactStrings(e.Labels)
		g.Edges[i] = *e
	}
	return g
}

// walk calls f for every promise in a binding value, with the name of the
// place it is bound to: the variable, or an element of a list or map
// written in the call.
func walk(v *compiler.BindingValue, target string, f func(*compiler.Promise, string)) {
	if v == nil {
		return
	}
	if v.Promise != nil {
		f(v.Promise, target)
	}
	for i, e := range v.List {
		walk(e, target+"["+strconv.Itoa(i)+"]", f)
	}
	for _, k := range slices.Sorted(maps.Keys(v.Map)) {
		walk(v.Map[k], target+"["+strconv.Quote(k)+"]", f)
	}
}

// source names the value a promise reads: the output (or workflow input)
// and any attribute path.
func source(p *compiler.Promise) string {
	if len(p.Path) == 0 {
		return p.Var
	}
	return p.Var + "." + strings.Join(p.Path, ".")
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Format is a picture language.
type Format string

const (
	DOT     Format = "dot"
	Mermaid Format = "mermaid"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case DOT, Mermaid:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown format %q (want dot or mermaid)", s)
}
