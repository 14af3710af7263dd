package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/capped"
	"github.com/wfc-lang/wfc/shellscript"
)

// SecretEnvPrefix prefixes the environment variable that holds a secret:
// {secrets.TOKEN} reads WFC_SECRET_TOKEN.
const SecretEnvPrefix = shellscript.SecretEnvPrefix

// SecretsDirEnv names the environment variable that gives `wfc run` its
// default secrets directory.
const SecretsDirEnv = "WFC_SECRETS_DIR"

// MaxSecretFileSize caps a file in the secrets directory: a token, a key
// or a certificate fits; a file past it is a mistake, read no further.
const MaxSecretFileSize = 64 << 10

// EnvSecrets resolves a secret NAME from the environment variable
// WFC_SECRET_<NAME> and, failing that, from the file <Dir>/<NAME> (one
// trailing newline removed, since editors add one). The variable wins so a
// CI job can override a developer's directory.
type EnvSecrets struct {
	Dir    string                      // "" means environment only
	Getenv func(string) (string, bool) // nil means os.LookupEnv
}

// Secret implements SecretSource.
func (s EnvSecrets) Secret(name string) (string, error) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("invalid secret name %q", name)
	}
	getenv := s.Getenv
	if getenv == nil {
		getenv = os.LookupEnv
	}
	if v, ok := getenv(SecretEnvPrefix + name); ok {
		return v, nil
	}
	if s.Dir != "" {
		b, err := capped.ReadFile(filepath.Join(s.Dir, name), MaxSecretFileSize)
		if err == nil {
			v := strings.TrimSuffix(string(b), "\n")
			return strings.TrimSuffix(v, "\r"), nil
		}
		var tooLarge *capped.TooLargeError
		if errors.As(err, &tooLarge) {
			return "", fmt.Errorf("secret %s: the file %v; a secret file holds at most %s", name, err, capped.Size(MaxSecretFileSize))
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("secret %s: %v", name, err)
		}
		return "", fmt.Errorf("secret %s is not set: set %s%s or create %s", name, SecretEnvPrefix, name, filepath.Join(s.Dir, name))
	}
	return "", fmt.Errorf("secret %s is not set: set %s%s (or give a secrets directory holding a file %s)", name, SecretEnvPrefix, name, name)
}

// resolveSecrets resolves every secret the workflow's tasks use, once,
// before any node starts: a missing secret fails the run before a single
// request is sent, and the set of values to redact is fixed from then on.
func resolveSecrets(nodes []*compiler.Node, src SecretSource) (map[string]string, error) {
	users := map[string][]string{} // secret → tasks using it
	seen := map[*compiler.Task]bool{}
	seenWF := map[*compiler.Workflow]bool{}
	var visit func(n *compiler.Node)
	visit = func(n *compiler.Node) {
		switch {
		case n.Task != nil && !seen[n.Task]:
			seen[n.Task] = true
			for _, s := range n.Task.Secrets {
				users[s] = append(users[s], n.Task.Name)
			}
		case n.Workflow != nil && !seenWF[n.Workflow]:
			// A nested run's callee: its secrets are checked before any
			// node starts, as the caller's are.
			seenWF[n.Workflow] = true
			for _, m := range n.Workflow.Nodes {
				visit(m)
				if m.Branch != nil {
					for _, c := range m.Branch.Calls() {
						visit(c)
					}
				}
			}
			if fn := n.Workflow.OnFailure; fn != nil {
				visit(fn)
			}
		}
	}
	for _, n := range nodes {
		visit(n)
	}
	if len(users) == 0 {
		return nil, nil
	}
	names := make([]string, 0, len(users))
	for s := range users {
		names = append(names, s)
	}
	sort.Strings(names)
	vals := make(map[string]string, len(names))
	var errs []error
	for _, name := range names {
		v, err := src.Secret(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%v (used by %s)", err, strings.Join(users[name], ", ")))
			continue
		}
		vals[name] = v
	}
	return vals, errors.Join(errs...)
}

// taskSecrets is the SecretSource a call sees: only the task's own
// secrets, already resolved.
type taskSecrets struct {
	task *compiler.Task
	vals *map[string]string // the run's resolved secrets, filled in after setup
}

func (s *taskSecrets) Secret(name string) (string, error) {
	for _, n := range s.task.Secrets {
		if n == name {
			return (*s.vals)[name], nil
		}
	}
	return "", fmt.Errorf("task %s does not declare secret %s", s.task.Name, name)
}
