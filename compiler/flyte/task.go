package flyte

import (
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/admin"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/wkt"
	"github.com/wfc-lang/wfc/shellscript"
)

// RuntimeFlavor names wfc in each task's runtime metadata. The runtime type
// is OTHER: FLYTE_SDK would claim the task was written with flytekit.
const RuntimeFlavor = "wfc"

// SecretEnvPrefix starts the environment variable a secret is mounted as
// in a task's container: {secrets.token} is $WFC_SECRET_token.
const SecretEnvPrefix = shellscript.SecretEnvPrefix

// taskSpec builds the admin.TaskSpec of t: what pyflyte serialize writes as
// NNN_<name>_1.
func (e *emitter) taskSpec(t *compiler.Task) *admin.TaskSpec {
	tmpl := &core.TaskTemplate{
		Id:        e.id(core.ResourceType_TASK, t.Name),
		Type:      t.Kind.FlyteType(),
		Metadata:  e.taskMetadata(t),
		Interface: e.taskInterface(t),
	}
	switch t.Kind {
	case compiler.TaskShell:
		tmpl.Target = &core.TaskTemplate_Container{Container: e.container(t)}
	case compiler.TaskWebhook:
		tmpl.Type = e.webhookType(t)
		tmpl.Custom = e.webhookCustom(t)
	case compiler.TaskEcho:
		e.checkEcho(t)
	default:
		e.errorf(t.Range, "task %s has unknown kind %q", t.Name, t.Kind)
	}
	if secrets := e.taskSecrets(t); len(secrets) > 0 {
		tmpl.SecurityContext = &core.SecurityContext{Secrets: secrets}
	}
	if t.Cache {
		// The same version wfc run keys its local cache on, so an edit
		// misses in both.
		tmpl.Metadata.Discoverable = true
		tmpl.Metadata.DiscoveryVersion = t.EffectiveCacheVersion()
		tmpl.Metadata.CacheSerializable = t.CacheSerialize
		tmpl.Metadata.CacheIgnoreInputVars = t.CacheIgnoreInputs
	}
	return &admin.TaskSpec{Template: tmpl, Description: description(t.Doc)}
}

func (e *emitter) id(rt core.ResourceType, name string) *core.Identifier {
	return &core.Identifier{
		ResourceType: rt,
		Project:      e.opts.Project,
		Domain:       e.opts.Domain,
		Name:         name,
		Version:      e.opts.Version,
	}
}

func (e *emitter) taskMetadata(t *compiler.Task) *core.TaskMetadata {
	md := &core.TaskMetadata{
		Runtime: &core.RuntimeMetadata{
			Type:    core.RuntimeMetadata_OTHER,
			Version: e.opts.SDKVersion,
			Flavor:  RuntimeFlavor,
		},
		Retries: &core.RetryStrategy{Retries: uint32(max(t.Retries, 0))},
	}
	if t.Timeout > 0 {
		md.Timeout = wkt.NewDuration(t.Timeout)
	}
	return md
}

func (e *emitter) taskInterface(t *compiler.Task) *core.TypedInterface {
	outputs := variables(t.Outputs)
	if t.Kind == compiler.TaskWebhook && t.Webhook != nil {
		// The connector's info dict always has the same keys; saying so
		// lets Flyte's compiler type r.status_code as an int.
		if v := outputs.Variables[WebhookOutput]; v != nil && v.Type.GetSimple() == core.SimpleType_STRUCT {
			v.Type = webhookInfoType(t.Webhook)
		}
	}
	return &core.TypedInterface{Inputs: variables(t.Inputs), Outputs: outputs}
}

// variables builds a variable map. A parameter without a doc comment is
// described by its name, as flytekit does.
func variables(ps []*compiler.Param) *core.VariableMap {
	vm := &core.VariableMap{Variables: make(map[string]*core.Variable, len(ps))}
	for _, p := range ps {
		vm.Variables[p.Name] = variable(p)
	}
	return vm
}

func variable(p *compiler.Param) *core.Variable {
	desc := p.Doc
	if desc == "" {
		desc = p.Name
	}
	return &core.Variable{Type: LiteralType(p.Type), Description: desc}
}

// description turns a doc comment into Flyte's description entity: the
// first line is the short description and a longer comment is kept whole as
// the long one.
func description(doc string) *admin.DescriptionEntity {
	doc = strings.TrimSpace(doc)
	if doc == "" {
		return nil
	}
	first, _, multi := strings.Cut(doc, "\n")
	d := &admin.DescriptionEntity{ShortDescription: strings.TrimSpace(first)}
	if multi {
		d.LongDescription = &admin.Description{
			Content: &admin.Description_Value{Value: doc},
			Format:  admin.DescriptionFormat_DESCRIPTION_FORMAT_MARKDOWN,
		}
	}
	return d
}

// taskSecrets are the secret requests of t: a shell task's `secrets`,
// each mounted as the variable the script reads, then every other
// {secrets.NAME} it uses.
func (e *emitter) taskSecrets(t *compiler.Task) []*core.Secret {
	var out []*core.Secret
	declared := map[string]bool{}
	if t.Shell != nil {
		out = e.shellSecrets(t)
		for _, s := range t.Shell.Secrets {
			declared[s.Name] = true
		}
	}
	var names []string
	for _, n := range t.Secrets {
		if !declared[n] {
			names = append(names, n)
		}
	}
	return append(out, e.secrets(names)...)
}

// secrets declares the {secrets.NAME} a task uses as Flyte secret
// requests: group from the options, key NAME, mounted as an environment
// variable (the shell script reads it from there). Values never appear.
func (e *emitter) secrets(names []string) []*core.Secret {
	out := make([]*core.Secret, len(names))
	for i, n := range names {
		out[i] = &core.Secret{
			Group:            e.opts.SecretGroup,
			Key:              n,
			MountRequirement: core.Secret_ENV_VAR,
			EnvVar:           SecretEnvPrefix + shellscript.SecretEnvName(n),
		}
	}
	return out
}
