// Package compiler resolves names and checks types over parsed wfc files and
// builds the typed IR (Program, Task, Workflow, Node) with one DAG per
// workflow. The Flyte emitter (package compiler/flyte) and the local runtime
// read only this IR.
//
// The entry point is Check, which turns parsed files into a *Program and a
// sorted lang.Diagnostics list collecting every error found.
package compiler
