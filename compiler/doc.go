// Package compiler resolves names and checks types over parsed wfc files and
// builds the typed IR (Program, Task, Workflow, Node) with one DAG per
// workflow (dag.go), built once here and read by the scheduler, the Flyte
// emitter and the picture writer. The Flyte emitter (package
// compiler/flyte) and the local runtime read only this IR. The compiler
// knows nothing of Flyte's engine: what compiles but runs differently
// there is for compiler/flyte to say, from the IR's recorded ranges
// (Task.Fields, Task.NameRange).
//
// The entry point is Check, which turns parsed files into a *Program and a
// sorted lang.Diagnostics list collecting every error found.
//
// How a shell task runs is defined once, for both of its runners: package
// shellscript gives the script of its command line, /bin/sh -c SCRIPT NAME
// ARG…, which compiler/flyte puts in the raw container and nodes/shell
// executes; CommandText gives the argument text flytepropeller renders for
// each {{.inputs.x}}, which nodes/shell passes.
package compiler
