package flyte

// Options are the settings of one compilation, as pyflyte's serialization
// settings are for flytekit.
type Options struct {
	// Project, Domain and Version fill every identifier. pyflyte package
	// leaves them empty and flytectl register files fills them in at
	// registration, so empty is the default here too.
	Project string
	Domain  string
	Version string

	// Image is the container image of shell tasks that name none.
	Image string

	// SecretGroup is the Flyte secret group (with Kubernetes secrets, the
	// name of the Secret object) that every {secrets.NAME} is requested
	// from, NAME being the key.
	SecretGroup string

	// Connector says which connector runs webhooks with wfc's extensions
	// on the cluster: ConnectorWfc (the default, "") compiles them to type
	// wfc-webhook for `wfc connector serve`; ConnectorNone makes each an
	// error, for clusters that run only Flyte's own connector.
	Connector string

	// SDKVersion is recorded in each task's runtime metadata; the command
	// line passes wfc's version.
	SDKVersion string
}

// The values of Options.Connector.
const (
	ConnectorWfc  = "wfc"
	ConnectorNone = "none"
)

// Defaults for Options fields left empty.
const (
	// DefaultImage is flytekit's published Python image: it has the POSIX
	// /bin/sh that shell tasks run with, and Flyte clusters usually hold it
	// in their image cache already.
	DefaultImage       = "ghcr.io/flyteorg/flytekit:py3.11-latest"
	DefaultSecretGroup = "wfc"
	DefaultSDKVersion  = "dev"
)

func (o Options) withDefaults() Options {
	if o.Image == "" {
		o.Image = DefaultImage
	}
	if o.SecretGroup == "" {
		o.SecretGroup = DefaultSecretGroup
	}
	if o.SDKVersion == "" {
		o.SDKVersion = DefaultSDKVersion
	}
	return o
}
