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

func TestRedactor(t *testing.T) {
	r := runtime.NewRedactor("s3cr3t", "a b/c", "")
	if got := r.String("token=s3cr3t&x=a+b%2Fc path a%20b%2Fc raw a b/c"); got != "token=***&x=*** path *** raw ***" {
		t.Errorf("String = %q", got)
	}
	v := r.Value(map[string]any{"k": []any{"xs3cr3tx", int64(1)}, "s3cr3t": true})
	got, _ := compiler.EncodeJSON(v)
	if string(got) != `{"***":true,"k":["x***x",1]}` {
		t.Errorf("Value = %s", got)
	}
	err := r.Error(errors.Join(errors.New("auth s3cr3t failed"), context.Canceled))
	if strings.Contains(err.Error(), "s3cr3t") || !errors.Is(err, context.Canceled) {
		t.Errorf("Error = %v", err)
	}
	if runtime.NewRedactor("").Active() {
		t.Errorf("empty secret would redact everything")
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

// TestRedactorSpellings checks that the forms a secret takes when a server
// echoes it back are masked too.
func TestRedactorSpellings(t *testing.T) {
	secret := `Zm9v+YmFy/YmF6==<&>"\`
	r := runtime.NewRedactor(secret)
	for _, echoed := range []string{
		secret,
		"Zm9v YmFy/YmF6==<&>\"\\",                       // a raw query value, "+" decoded as a space
		`Zm9v+YmFy/YmF6==\u003c\u0026\u003e\"\\`,        // JSON with Go's HTML escapes
		`Zm9v+YmFy/YmF6==<&>\"\\`,                       // JSON without them
		`Zm9v+YmFy/YmF6==\\u003c\\u0026\\u003e\\\"\\\\`, // JSON inside JSON
		`Zm9v+YmFy/YmF6==&lt;&amp;&gt;&#34;\`,           // HTML
	} {
		if got := r.String("x " + echoed + " y"); got != "x *** y" {
			t.Errorf("Redact(%q) = %q", echoed, got)
		}
	}
}
