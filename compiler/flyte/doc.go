// Package flyte emits a checked wfc program (compiler.Program) as Flyte
// entities, in the shapes pyflyte serialize writes: for each task an admin.TaskSpec, for each workflow an
// admin.WorkflowSpec and its default admin.LaunchPlan, and on demand the
// core.CompiledWorkflowClosure flytepropeller's compiler would produce.
//
// Entry points, as cmd/wfc uses them:
//
//	b, diags := flyte.Compile(prog, flyte.Options{Project: p, Domain: d, Version: v, Image: img})
//	b.WriteDir(dir, flyte.JSON)        // NNN_<name>_{1,2,3}.json|.pb, atomically
//	b.WritePackage("flyte-package.tgz") // the .pb files as pyflyte package lays them out
//	c, _ := b.Closure("wf")             // compiled closure with connections
//	flyte.EncodeJSON(os.Stdout, c)      // protojson, deterministic, streamed
//
// Compile ends with Validate, which applies Flyte's registration-time
// rules to what was emitted (every input bound once with a castable type,
// upstream ids consistent with bindings, no unreachable node or cycle,
// outputs bound, launch plans matching their workflows). Its diagnostics
// are errors for what Flyte would refuse and warnings for what compiles
// but runs differently on Flyte than under wfc run (webhook extensions,
// values Flyte cannot render into a shell command, …).
//
// Mapping decisions, each explained where it is made:
//
//   - Types (types.go): docs/language.md's table; T? is a union of T and NONE with
//     flytekit's structure tags; dict is a bare STRUCT; a webhook's info
//     output also lists its keys (dataclassType), so that Flyte types
//     info.status_code as an int.
//   - Shell tasks (shell.go): raw containers running /bin/sh -c; inputs
//     reach the script as positional parameters filled from
//     {{.inputs.x}} arguments, never pasted into the script text; outputs
//     are files in $WFC_OUTPUT_DIR (/var/flyte/outputs), a single output
//     may be standard output.
//   - Webhook tasks (webhook.go): flytekit's custom keys, timeout_sec a
//     number of seconds.
//   - Secrets (task.go): Flyte secret requests, group Options.SecretGroup,
//     key the name, mounted as $WFC_SECRET_NAME; values never appear.
//   - Identifiers: project, domain and version empty unless given, for
//     flytectl register files to fill in, as pyflyte package leaves them.
//   - Workflow inputs are promises of "start-node", which Flyte
//     reads as flytekit's empty node id.
//
// The messages are Go types of wfc's own mirroring flyteidl's
// (internal/idl: core, admin and the protobuf well-known types), so that
// the wfc binary does not link flyteidl's generated code; msgplan.go reads
// their field tags once per type for the two encoders. Output is
// deterministic: EncodeJSON (jsonenc.go) writes protojson's encoding with
// fixed two-space indentation (protojson varies its whitespace on
// purpose), map keys sorted; Marshal with Proto (wire.go) writes what
// protobuf's Go runtime writes with Deterministic set. The tests hold both
// encodings, and every type, to flyteidl's own.
package flyte
