// Package graphviz draws a workflow's DAG as Graphviz DOT or as a Mermaid
// flowchart, for `wfc graph`: one node per call, labelled with its task
// (and node id), a node for the workflow's inputs and one for its outputs,
// and edges labelled with the values they carry ("o0 → s": output o0 of
// the upstream call is bound to input s). `>>` orderings that carry no
// value are dashed edges without a label.
//
// The entry points are New, which builds the picture of one workflow, and
// Graph's WriteDOT and WriteMermaid (or Write with a Format). Output is
// deterministic: nodes in call order, edges in the order of the nodes they
// join, labels sorted. dominikbraun/graph's own DOT writer ranges over Go
// maps (so its output changes from run to run) and does not escape
// labels, hence this package.
package graphviz
