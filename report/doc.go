// Package report writes the HTML report of a recorded run (`wfc report`,
// `wfc run --report`): one self-contained file a person opens in a
// browser to see the run — the workflow's DAG coloured by state, a
// timeline of every attempt, each node's inputs, outputs, errors and log
// tail, and the run's totals.
//
// New reads a run record (runtime.LoadRun) and rebuilds the workflow's DAG
// from the program text the record keeps (source.wf), so a report needs
// nothing but the record. Render writes the page: Go's html/template over
// embedded assets, the data as one JSON document the page's script draws.
// The DAG's layout is computed here, in Go, so the page only paints it.
//
// The output depends on the record alone: the same record gives the same
// bytes. Values come from the record, whose secrets are already redacted;
// the report reads no other file but to see whether a node's log exists.
package report
