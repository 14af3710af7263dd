package shell_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/nodes/shell"
	"github.com/wfc-lang/wfc/runtime"
)

// runSpec executes a task with the given shell spec and one str output o0.
func runSpec(t *testing.T, e shell.Executor, spec *compiler.ShellSpec, sec secrets) (string, error) {
	t.Helper()
	task := &compiler.Task{Name: "t", Kind: compiler.TaskShell, Shell: spec, Outputs: []*compiler.Param{p("o0", compiler.Str)}}
	for _, s := range spec.Secrets {
		task.Secrets = append(task.Secrets, s.Name)
	}
	call := &runtime.Call{Task: task, Attempt: 1, Dir: t.TempDir(), Secrets: sec, Log: func(string) {}}
	got, err := e.Execute(context.Background(), call)
	if err != nil {
		return "", err
	}
	return got["o0"].(string), nil
}

func TestMinimalEnvironment(t *testing.T) {
	t.Setenv("WFC_TEST_UNRELATED", "from-wfc")
	t.Setenv("LANG", "C.UTF-8")
	spec := &compiler.ShellSpec{
		Script: `printf '%s|%s|%s|%s' "${WFC_TEST_UNRELATED:-unset}" "$REGION" "$LANG" "$(env | grep -c '^REGION=')"`,
		Env:    []compiler.EnvVar{{Name: "REGION", Value: "eu west"}},
	}
	for _, c := range []struct {
		name string
		e    shell.Executor
		want string
	}{
		{"minimal", shell.Executor{}, "unset|eu west|C.UTF-8|1"},
		{"inherit", shell.Executor{InheritEnv: true}, "from-wfc|eu west|C.UTF-8|1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := runSpec(t, c.e, spec, nil)
			if err != nil || got != c.want {
				t.Errorf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// TestTaskEnvReplaces checks that a task's variable replaces wfc's of the
// same name rather than adding a second entry, whose winner would depend
// on the shell.
func TestTaskEnvReplaces(t *testing.T) {
	t.Setenv("LANG", "C.UTF-8")
	spec := &compiler.ShellSpec{
		Script: `printf '%s %s' "$LANG" "$(env | grep -c '^LANG=')"`,
		Env:    []compiler.EnvVar{{Name: "LANG", Value: "de_DE.UTF-8"}},
	}
	got, err := runSpec(t, shell.Executor{InheritEnv: true}, spec, nil)
	if err != nil || got != "de_DE.UTF-8 1" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestMinimalEnvKeepsOnlyItsNames(t *testing.T) {
	got := shell.MinimalEnv([]string{"HOME=/h", "SECRETISH=x", "LANG=C", "TMPDIR=/t", "PATHX=y"})
	slices.Sort(got)
	want := []string{"HOME=/h", "LANG=C", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TMPDIR=/t"}
	if !slices.Equal(got, want) {
		t.Errorf("MinimalEnv = %q, want %q", got, want)
	}
	if got := shell.MinimalEnv([]string{"PATH=/only"}); !slices.Equal(got, []string{"PATH=/only"}) {
		t.Errorf("MinimalEnv kept PATH as %q", got)
	}
}

func TestSecretVariables(t *testing.T) {
	t.Setenv("WFC_SECRET_DEPLOY_KEY", "from-wfc-env")
	spec := &compiler.ShellSpec{
		Script:  `printf '%s|%s|%s' "$TOKEN" "$DEPLOY_KEY" "${WFC_SECRET_DEPLOY_KEY:-unset}"`,
		Secrets: []compiler.SecretRequest{{Name: "TOKEN", Key: "TOKEN"}, {Name: "DEPLOY_KEY", Group: "ci", Key: "deploy-key"}},
	}
	got, err := runSpec(t, shell.Executor{InheritEnv: true}, spec, secrets{"TOKEN": "t0k'en", "DEPLOY_KEY": "k3y"})
	if err != nil || got != "t0k'en|k3y|unset" {
		t.Errorf("got %q, %v", got, err)
	}
	_, err = runSpec(t, shell.Executor{}, spec, secrets{"TOKEN": "x"})
	if err == nil || !strings.Contains(err.Error(), "no secret DEPLOY_KEY") || retryable(err) {
		t.Errorf("missing secret: %v", err)
	}
}

func retryable(err error) bool {
	var h runtime.RetryHint
	return errors.As(err, &h) && h.Retryable()
}
