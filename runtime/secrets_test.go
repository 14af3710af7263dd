package runtime_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

func TestEnvSecrets(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "FILE_ONLY"), []byte("from-file\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "BOTH"), []byte("from-file"), 0o600)
	env := map[string]string{"WFC_SECRET_BOTH": "from-env", "WFC_SECRET_ENV_ONLY": "e"}
	s := runtime.EnvSecrets{Dir: dir, Getenv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	for name, want := range map[string]string{"FILE_ONLY": "from-file", "BOTH": "from-env", "ENV_ONLY": "e"} {
		if got, err := s.Secret(name); err != nil || got != want {
			t.Errorf("%s = %q, %v", name, got, err)
		}
	}
	_, err := s.Secret("NOPE")
	if err == nil || !strings.Contains(err.Error(), "set WFC_SECRET_NOPE or create "+filepath.Join(dir, "NOPE")) {
		t.Errorf("missing secret error: %v", err)
	}
	if _, err := s.Secret("../etc/passwd"); err == nil {
		t.Errorf("path in secret name accepted")
	}
}

func TestSecretsRedactedEverywhere(t *testing.T) {
	const secret = "hunter2-very-secret"
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		v, err := c.Secrets.Secret("TOKEN")
		if err != nil {
			return nil, err
		}
		c.Log("using " + v)
		if c.Attempt == 1 {
			return nil, errors.New("server said: bad token " + v)
		}
		return map[string]any{"r": "echoed " + v, "d": map[string]any{v: v}}, nil
	}
	task := newTask("t", testKind, nil, []string{"r", "d"})
	task.Outputs[1].Type = compiler.Dict
	task.Secrets = []string{"TOKEN"}
	task.Retries = 1
	b := newWorkflow("w", param("s", compiler.Str))
	n := b.call(task, nil)
	b.ret("r", compiler.Str, out(n, "r"))
	var events []string
	o := opts(t, registry(fn))
	o.Secrets = runtime.EnvSecrets{Getenv: func(k string) (string, bool) { return secret, k == "WFC_SECRET_TOKEN" }}
	o.Observer = runtime.ObserverFunc(func(e runtime.Event) {
		if e.Err != nil {
			events = append(events, e.Err.Error())
		}
		events = append(events, e.Line)
	})
	res, err := runtime.Run(context.Background(), b.wf, map[string]any{"s": "input " + secret}, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outputs["r"] != "echoed ***" {
		t.Errorf("outputs %v", res.Outputs)
	}
	if strings.Contains(strings.Join(events, "\n"), secret) {
		t.Errorf("events leak the secret: %q", events)
	}
	var files []string
	filepath.Walk(res.Dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 2 {
		t.Fatalf("record files %v", files)
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if strings.Contains(string(data), secret) || strings.Contains(string(data), "hunter2") {
			t.Errorf("%s leaks the secret:\n%s", f, data)
		}
	}
	rec := load(t, res).Node("n0")
	if rec.Attempts[0].Error != "server said: bad token ***" || rec.Attempts[0].Log[0] != "using ***" {
		t.Errorf("attempts %+v", rec.Attempts)
	}
}

func TestUndeclaredSecretRefused(t *testing.T) {
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		_, err := c.Secrets.Secret("OTHER")
		return nil, err
	}
	b := newWorkflow("w")
	b.call(newTask("t", testKind, nil, nil), nil)
	_, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(fn)))
	if err == nil || !strings.Contains(err.Error(), "does not declare secret OTHER") {
		t.Fatalf("err = %v", err)
	}
}

// A file in the secrets directory is read up to MaxSecretFileSize; past
// it the secret fails with an error naming the file and the cap, and the
// file is not read whole.
func TestEnvSecretsFileCap(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "FITS"), []byte(strings.Repeat("k", runtime.MaxSecretFileSize-1)+"\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "HUGE"), nil, 0o600)
	// A sparse file far over the cap: reading it whole would take a GiB.
	if err := os.Truncate(filepath.Join(dir, "HUGE"), 1<<30); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "OVER"), make([]byte, runtime.MaxSecretFileSize+1), 0o600)
	s := runtime.EnvSecrets{Dir: dir, Getenv: func(string) (string, bool) { return "", false }}
	if v, err := s.Secret("FITS"); err != nil || len(v) != runtime.MaxSecretFileSize-1 {
		t.Errorf("FITS: %d bytes, %v", len(v), err)
	}
	for _, name := range []string{"HUGE", "OVER"} {
		_, err := s.Secret(name)
		if err == nil || !strings.Contains(err.Error(), "secret "+name+": the file "+filepath.Join(dir, name)+" is larger than 64 KiB") ||
			!strings.Contains(err.Error(), "a secret file holds at most 64 KiB") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
