package connector

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
)

func TestAllowlistRules(t *testing.T) {
	al, err := parseAllowlist("T.allow", `
# Slack's incoming webhooks
https://hooks.slack.com/services/
http://127.0.0.1:8080/api ; host api.github.com
project flytesnacks
domain production
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"https://hooks.slack.com/services/T0/B0/x", true},
		{"https://HOOKS.slack.com/services/a", true},
		{"https://hooks.slack.com:443/services/a", true},
		{"https://hooks.slack.com/services", false},          // the prefix ends in /
		{"https://hooks.slack.com/servicesX/a", false},       //
		{"https://hooks.slack.com/services/../admin", false}, // dot segments are removed first
		{"http://hooks.slack.com/services/a", false},         // scheme
		{"https://hooks.slack.com:8443/services/a", false},   // port
		{"https://hooks.slack.com.evil.example/services/a", false},
		{"https://hooks.slack.com@evil.example/services/a", false}, // user info, not the host
		{"http://127.0.0.1:8080/api", true},
		{"http://127.0.0.1:8080/api/v1", true},
		{"http://127.0.0.1:8080/apix", false},
		{"http://127.0.0.1/api", false},
		{"https://api.github.com/repos/x", true},
		{"http://api.github.com:81/", true},
		{"https://github.com/", false},
		{"ftp://api.github.com/", false},
	} {
		u, err := url.Parse(c.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := al.allowsURL(u); got != c.want {
			t.Errorf("%s: allowed %v, want %v", c.url, got, c.want)
		}
	}
	if strings.Join(al.projects, ",") != "flytesnacks" || strings.Join(al.domains, ",") != "production" {
		t.Errorf("projects %v, domains %v", al.projects, al.domains)
	}
	for _, bad := range []string{"", "# nothing\n", "project x", "https://user@h/", "https://h/?q=1", "hosts x", "host a b", "ftp://h/"} {
		if _, err := parseAllowlist("B.allow", bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// The connector's secrets: each goes only where its allowlist says, to
// the projects and domains it names; a refusal fails the task naming the
// rule, sends nothing, and never shows the value.
func TestSecretAllowlists(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	const token, hook = "tok-9f8e7d6c5b", "/hook/T00/B00/XyZsecretpath"
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("TOKEN", token+"\n")
	write("TOKEN.allow", srv.URL+"/allowed/\nproject flytesnacks\n")
	write("HOOK", srv.URL+hook)
	write("HOOK.allow", srv.URL+"/hook/")
	write("BARE", "no-allowlist-value")
	env := map[string]string{"WFC_SECRET_ENVTOKEN": "env-value-1234", "WFC_ALLOW_ENVTOKEN": "host 127.0.0.1; domain production"}
	conn := startConnector(t, Options{ServeWebhook: true, Secrets: Secrets{Dir: dir, Getenv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}})

	auth := func(u, secret string) *core.TaskTemplate {
		return webhookTemplate(TaskType, map[string]any{"url": u, "headers": map[string]any{"Authorization": "Bearer {secrets." + secret + "}"}})
	}
	cases := []struct {
		name            string
		tmpl            *core.TaskTemplate
		project, domain string
		ok              bool
		msg             string
	}{
		{"allowed", auth(srv.URL+"/allowed/x", "TOKEN"), "flytesnacks", "development", true, ""},
		{"other path", auth(srv.URL+"/elsewhere", "TOKEN"), "flytesnacks", "development", false,
			"secret TOKEN may not be sent to " + srv.URL + "/elsewhere: its allowlist TOKEN.allow allows " + srv.URL + "/allowed/"},
		{"other project", auth(srv.URL+"/allowed/x", "TOKEN"), "mallory", "development", false,
			`secret TOKEN may not be used by project "mallory": its allowlist TOKEN.allow names projects flytesnacks`},
		{"secret is the url", webhookTemplate(TaskType, map[string]any{"url": "{secrets.HOOK}"}), "p", "d", true, ""},
		{"url secret to another host", webhookTemplate(TaskType, map[string]any{"url": "http://localhost:1/{secrets.HOOK}"}), "p", "d", false,
			"secret HOOK may not be sent to http://localhost:1/***"},
		{"no allowlist", auth(srv.URL+"/", "BARE"), "p", "d", false, "secret BARE has no allowlist"},
		{"missing", auth(srv.URL+"/", "NOPE"), "p", "d", false, "secret NOPE is not set"},
		{"env allowlist", auth(srv.URL+"/any", "ENVTOKEN"), "p", "production", true, ""},
		{"env allowlist, other domain", auth(srv.URL+"/any", "ENVTOKEN"), "p", "development", false,
			`secret ENVTOKEN may not be used in domain "development": its allowlist WFC_ALLOW_ENVTOKEN names domains production`},
		{"flytekit type", func() *core.TaskTemplate {
			tm := auth(srv.URL+"/allowed/", "TOKEN")
			tm.Type = FlyteWebhookType
			return tm
		}(), "flytesnacks", "d", false,
			"secrets are a wfc extension, served for task type wfc-webhook only"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := hits.Load()
			res, err := execute(context.Background(), conn, header(c.tmpl, c.project, c.domain), strInputs("x"))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []string{token, hook, "XyZsecretpath", "no-allowlist-value", "env-value-1234"} {
				if strings.Contains(res.String(), v) {
					t.Errorf("the reply shows a secret's value: %v", res)
				}
			}
			sent := hits.Load() - before
			if c.ok {
				if res.GetPhase() != core.TaskExecution_SUCCEEDED || sent != 1 {
					t.Errorf("%v (%d requests)", res, sent)
				}
				return
			}
			if res.GetPhase() != core.TaskExecution_FAILED || !strings.Contains(res.GetMessage(), c.msg) || sent != 0 {
				t.Errorf("got %s %q (%d requests); want FAILED saying %q, nothing sent", res.GetPhase(), res.GetMessage(), sent, c.msg)
			}
		})
	}
}
