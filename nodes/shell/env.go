package shell

import (
	"os"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
	"github.com/wfc-lang/wfc/shellscript"
)

// minimalEnvNames are the variables of wfc's environment a script sees
// unless wfc run is given --inherit-env: what a shell needs to find
// programs, a home, a locale and a temporary directory, as a container's
// image would provide them.
var minimalEnvNames = []string{"PATH", "HOME", "LANG", "TMPDIR"}

// defaultPath is PATH when wfc's environment has none.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// MinimalEnv returns the variables of environ (KEY=value entries) a task
// gets by default: those named in minimalEnvNames, with a default PATH.
func MinimalEnv(environ []string) []string {
	out := make([]string, 0, len(minimalEnvNames))
	havePath := false
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		for _, n := range minimalEnvNames {
			if name == n {
				out = append(out, kv)
				havePath = havePath || n == "PATH"
			}
		}
	}
	if !havePath {
		out = append(out, "PATH="+defaultPath)
	}
	return out
}

// taskEnv is the environment of one attempt of a shell task: base without
// wfc's secrets, then WFC_OUTPUT_DIR, the task's env and its secrets,
// each replacing a variable of the same name in base.
func taskEnv(base []string, task *compiler.Task, outDir string, placeholderSecrets []string, secrets runtime.SecretSource) ([]string, error) {
	set := make([]string, 0, 1+len(task.Shell.Env)+len(task.Shell.Secrets)+len(placeholderSecrets))
	set = append(set, OutputDirEnv+"="+outDir)
	for _, v := range task.Shell.Env {
		set = append(set, v.Name+"="+v.Value)
	}
	for _, s := range task.Shell.Secrets {
		v, err := secrets.Secret(s.Name)
		if err != nil {
			return nil, err
		}
		set = append(set, s.Name+"="+v)
	}
	for _, name := range placeholderSecrets {
		v, err := secrets.Secret(name)
		if err != nil {
			return nil, err
		}
		set = append(set, SecretEnvPrefix+shellscript.SecretEnvName(name)+"="+v)
	}
	replaced := make(map[string]bool, len(set))
	for _, kv := range set {
		name, _, _ := strings.Cut(kv, "=")
		replaced[name] = true
	}
	env := make([]string, 0, len(base)+len(set))
	for _, kv := range withoutSecrets(base) {
		if name, _, _ := strings.Cut(kv, "="); !replaced[name] {
			env = append(env, kv)
		}
	}
	return append(env, set...), nil
}

// baseEnv is the environment a task starts from.
func (e Executor) baseEnv() []string {
	switch {
	case e.Env != nil:
		return e.Env
	case e.InheritEnv:
		return os.Environ()
	}
	return MinimalEnv(os.Environ())
}
