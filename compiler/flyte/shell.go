package flyte

import (
	"regexp"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/shellscript"
)

// A shell task is a Flyte raw container task: /bin/sh -c runs the script in
// the task's image, and Flyte's copilot sidecar moves data in and out of
// the container through the dataConfig directories.
const (
	InputDir  = "/var/flyte/inputs"
	OutputDir = "/var/flyte/outputs"

	// OutputDirEnv names the variable that holds OutputDir in the
	// container; a shell task writes one file per output there, named
	// after the output, and copilot reads them.
	OutputDirEnv = shellscript.OutputDirEnv
)

// container is the raw container of a shell task.
//
// Inputs are never pasted into the script, where flytepropeller's raw
// text substitution would let a value with a space split and one with a ;
// run a command. shellscript.PrepareTask turns each placeholder into a
// shell variable read from an argument of its own, {{.inputs.x}}, which
// flytepropeller substitutes whole; wfc run executes the same script with
// the same argument texts (compiler.CommandText).
//
// Outputs are files in $WFC_OUTPUT_DIR, the raw container's output data
// directory, from which Flyte's copilot reads them; a single output may
// instead be the script's standard output (see shellscript.PrepareTask).
func (e *emitter) container(t *compiler.Task) *core.Container {
	if t.Shell == nil {
		e.errorf(t.Range, "shell task %s has no script", t.Name)
		return nil
	}
	sh := shellscript.PrepareTask(t.Shell.Script, outputNames(t))
	args := make([]string, 0, 2+len(sh.Inputs))
	args = append(args, sh.Text, t.Name) // t.Name is $0, which sh names in its error messages
	for _, in := range sh.Inputs {
		if p := t.Input(in); p != nil && p.Type.HasBlob() {
			// Flyte would render the remote URI, which ContainerTask
			// forbids for blobs: the script gets the path where copilot
			// downloads the input (a list's elements as <name>/0, /1, …).
			args = append(args, BlobInputPath(in))
			continue
		}
		args = append(args, ShellArg(in))
	}
	image := t.Shell.Image
	if image == "" {
		image = e.opts.Image
	}
	e.checkShell(t, sh)
	// WFC_OUTPUT_DIR is always set, as wfc run does, so that any script
	// can write copilot's error file, $WFC_OUTPUT_DIR/_ERROR; the task's
	// own variables follow in the order written.
	env := make([]*core.KeyValuePair, 0, 1+len(t.Shell.Env))
	env = append(env, &core.KeyValuePair{Key: OutputDirEnv, Value: OutputDir})
	for _, v := range t.Shell.Env {
		env = append(env, &core.KeyValuePair{Key: v.Name, Value: v.Value})
	}
	return &core.Container{
		Image:     image,
		Command:   []string{"/bin/sh", "-c"},
		Args:      args,
		Resources: resources(t.Shell.Requests, t.Shell.Limits),
		Env:       env,
		DataConfig: &core.DataLoadingConfig{
			Enabled:    true,
			InputPath:  InputDir,
			OutputPath: OutputDir,
			Format:     core.DataLoadingConfig_JSON,
		},
	}
}

// resources are a container's requests and limits as flytekit writes
// them: entries in the order EPHEMERAL_STORAGE, CPU, GPU, MEMORY, values as
// written.
func resources(requests, limits compiler.Resources) *core.Resources {
	return &core.Resources{Requests: resourceEntries(requests), Limits: resourceEntries(limits)}
}

func resourceEntries(r compiler.Resources) []*core.Resources_ResourceEntry {
	var out []*core.Resources_ResourceEntry
	for _, e := range []struct {
		name  core.Resources_ResourceName
		value string
	}{
		{core.Resources_EPHEMERAL_STORAGE, r.EphemeralStorage},
		{core.Resources_CPU, r.CPU},
		{core.Resources_GPU, r.GPU},
		{core.Resources_MEMORY, r.Memory},
	} {
		if e.value != "" {
			out = append(out, &core.Resources_ResourceEntry{Name: e.name, Value: e.value})
		}
	}
	return out
}

// shellSecrets are a shell task's secret requests: each mounted as the
// variable the script reads, from its group (wfc compile's --secret-group
// unless the task names one) and key.
func (e *emitter) shellSecrets(t *compiler.Task) []*core.Secret {
	out := make([]*core.Secret, len(t.Shell.Secrets))
	for i, s := range t.Shell.Secrets {
		group := s.Group
		if group == "" {
			group = e.opts.SecretGroup
		}
		out[i] = &core.Secret{
			Group:            group,
			Key:              s.Key,
			MountRequirement: core.Secret_ENV_VAR,
			EnvVar:           s.Name,
		}
	}
	return out
}

// BlobInputPath is where copilot downloads the blob input name in the
// container: a file, a directory, or for a list a directory of its
// elements named 0, 1, ….
func BlobInputPath(name string) string { return InputDir + "/" + name }

// ShellArg is the container argument that passes the input reference ref
// (an entry of shellscript.Script.Inputs) to the script: the template
// flytepropeller replaces with the input's text. Flyte has no template
// for a key of a dict, so a dict path is passed as the placeholder's own
// text (and the emitter warns).
func ShellArg(ref string) string {
	if strings.Contains(ref, ".") {
		return "{inputs." + ref + "}"
	}
	return "{{.inputs." + ref + "}}"
}

// flyteTemplate matches the placeholders flytepropeller substitutes in a
// container's command line (plugins' template.Render).
var flyteTemplate = regexp.MustCompile(`(?i){{\s*[\.$](Input|InputPrefix|OutputPrefix|Inputs\.[^}\s]+|RawOutputDataPrefix|PerRetryUniqueKey|TaskTemplatePath|PrevCheckpointPrefix|CheckpointOutputPrefix|Namespace)\s*}}`)

// checkShell warns about what compiles but would not run on Flyte as it
// runs here.
func (e *emitter) checkShell(t *compiler.Task, sh shellscript.Script) {
	for _, in := range sh.Inputs {
		if p := t.Input(in); p != nil {
			if note := commandNote(p.Type); note != "" {
				e.warnf(p.Range, "shell task %s uses input %s of type %s in its script: %s", t.Name, in, p.Type, note)
			}
		}
	}
	for _, p := range t.Outputs {
		if p.Type.Kind == compiler.KindList || p.Type.Kind == compiler.KindMap || p.Type.Kind == compiler.KindOptional {
			e.warnf(p.Range, "shell task %s has output %s of type %s: Flyte's raw containers can return only simple types and dict", t.Name, p.Name, p.Type)
		}
	}
	for _, s := range sh.DictPaths {
		e.warnf(t.Range, "shell task %s uses %s: Flyte cannot render a key of a dict into a command, so on Flyte the script sees the text %s; wfc run passes the key's value", t.Name, s, s)
	}
	for _, s := range sh.Unexpanded {
		e.warnf(t.Range, "shell task %s uses %s inside a quoted here-document whose delimiter cannot be written unquoted: it stays as written, on Flyte and in wfc run", t.Name, s)
	}
	if m := flyteTemplate.FindString(t.Shell.Script); m != "" {
		e.warnf(t.Range, "shell task %s contains %s, which Flyte replaces in container commands and wfc run leaves as written", t.Name, m)
	}
}

// outputNames lists a task's outputs by name.
func outputNames(t *compiler.Task) []string {
	names := make([]string, len(t.Outputs))
	for i, p := range t.Outputs {
		names[i] = p.Name
	}
	return names
}

// commandNote returns "" when Flyte renders every value of type t into a
// command line as compiler.CommandText does, and otherwise what differs.
func commandNote(t *compiler.Type) string {
	switch t.Kind {
	case compiler.KindString, compiler.KindInt, compiler.KindFloat, compiler.KindBool, compiler.KindDatetime, compiler.KindFile, compiler.KindDir:
		return "" // a blob is passed as its local path, on Flyte and here
	case compiler.KindDuration:
		return "Flyte writes a duration in protobuf text format (seconds:90 nanos:500000000), as wfc run does, with one or two spaces between the fields depending on the build"
	case compiler.KindList:
		return commandNote(t.Elem)
	case compiler.KindOptional:
		return "Flyte cannot render an optional value (a union) into a command and fails the task; wfc run passes the value, or an empty argument for null"
	case compiler.KindNone:
		return "Flyte cannot render null into a command and fails the task; wfc run passes an empty argument"
	}
	return "Flyte cannot render a value of type " + t.String() + " into a command and fails the task; wfc run passes its JSON text"
}
