package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// The secrets of TestSecretsSealed. The password has what makes encoders
// differ: non-ASCII, a character above U+FFFF, "/", "+", "=", <&> and a
// quote. The pin is a number a server may return as one. The last two are
// used by no task, so the redactor does not know them: only keeping them
// from shell tasks keeps them out of the run.
const (
	sealedPassword = `pä/ss+wö=rd😀<&>"`
	sealedPin      = "84729163"
	sealedUnused   = "unused-file-secret-Zq81"
	sealedEnvOnly  = "env-only-secret-Kx42"
	// How CPython 3.11's json.dumps writes the password (ensure_ascii, the
	// default), and PHP's json_encode (the same, with "/" as "\/").
	pythonASCIIPassword = `p\u00e4/ss+w\u00f6=rd\ud83d\ude00<&>\"`
	phpPassword         = `p\u00e4\/ss+w\u00f6=rd\ud83d\ude00<&>\"`
)

// sealedServer echoes the secrets it is sent in the forms servers write
// them in, by path: /raw as text, /go as Go writes JSON, /python and /php
// as those write JSON, /number the pin as a JSON number, /auth the
// Authorization header back (in JSON), /base64 the credential and the
// password in base64 (standard, URL-safe without padding), /fail all of it
// with status 500. Every answer also echoes, in its headers, the token as
// sent, query-escaped and in base64, the pin, the Authorization header
// and the X-Api-Key header and the query sent (where the run record
// keeps the response's headers). It records what it received, to show the
// real values were sent.
type sealedServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen map[string]string // path → Authorization, or the body's token
}

func newSealedServer(t *testing.T) *sealedServer {
	s := &sealedServer{seen: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var sent struct{ Token, Pin string }
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &sent)
		auth := r.Header.Get("Authorization")
		s.mu.Lock()
		s.seen[r.URL.Path] = sent.Token + sent.Pin + auth
		s.mu.Unlock()
		credential, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(auth, "Basic "))
		goJSON, _ := json.Marshal(map[string]string{"token": sent.Token})
		echo := w.Header()
		echo["X-Echo-Token"] = []string{sent.Token, url.QueryEscape(sent.Token), base64.StdEncoding.EncodeToString([]byte(sent.Token))}
		echo["X-Echo-Pin"] = []string{sent.Pin}
		echo["X-Echo-Auth"] = []string{auth, base64.RawURLEncoding.EncodeToString(credential)}
		echo["X-Echo-Key"] = []string{r.Header.Get("X-Api-Key"), r.URL.Query().Get("key"), r.URL.RawQuery}
		if key := r.Header.Get("X-Api-Key"); key != "" {
			s.mu.Lock()
			s.seen[r.URL.Path] += key + r.URL.Query().Get("key")
			s.mu.Unlock()
		}
		switch r.URL.Path {
		case "/raw":
			io.WriteString(w, "you sent "+sent.Token)
		case "/go":
			w.Write(goJSON)
		case "/python":
			if sent.Token == sealedPassword {
				io.WriteString(w, `{"token": "`+pythonASCIIPassword+`"}`)
			}
		case "/php":
			if sent.Token == sealedPassword {
				io.WriteString(w, `{"token":"`+phpPassword+`"}`)
			}
		case "/number":
			fmt.Fprintf(w, `{"pin": %s, "as_float": %s.0}`, sent.Pin, sent.Pin)
		case "/auth":
			json.NewEncoder(w).Encode(map[string]string{"authorization": auth})
		case "/base64":
			fmt.Fprintf(w, "%s %s %s", base64.RawURLEncoding.EncodeToString(credential),
				base64.StdEncoding.EncodeToString([]byte(sent.Token)), base64.RawURLEncoding.EncodeToString([]byte(sent.Token)))
		case "/fail":
			w.WriteHeader(500)
			fmt.Fprintf(w, "denied %s %s %s %s", sent.Token, goJSON, pythonASCIIPassword, phpPassword)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// sealedProgram is a workflow of webhooks each fetching one form of a
// secret from srv, and a shell task that tries to read every secret there
// is.
func sealedProgram(srv string) string {
	host := strings.TrimPrefix(srv, "http://")
	hook := func(name, path, fields string) string {
		return fmt.Sprintf("webhook %s() {\n    url = %q\n    data = {\"token\": \"{secrets.PW}\"}\n    show_data = true\n    show_url = true\n%s}\n", name, srv+path, fields)
	}
	return hook("raw", "/raw", "") +
		hook("cached_raw", "/raw", "    cache = true\n") +
		hook("go_json", "/go", "    response = \"json\"\n") +
		hook("python", "/python", "    response = \"json\"\n") +
		hook("php", "/php", "    response = \"json\"\n") +
		`webhook number() {
    url = "` + srv + `/number"
    data = {"pin": "{secrets.PIN}"}
    response = "json"
}
webhook auth() {
    url = "http://ann:{secrets.PW}@` + host + `/auth"
    response = "json"
    show_url = true
}
webhook b64() {
    url = "http://ann:{secrets.PW}@` + host + `/base64"
    data = {"token": "{secrets.PW}"}
}
webhook keyed() {
    url = "` + srv + `/keyed"
    method = "GET"
    headers = {"X-Api-Key": "{secrets.PIN}"}
    data = {"key": "{secrets.PW}"}
    show_url = true
}
webhook rejected() {
    url = "` + srv + `/fail"
    data = {"token": "{secrets.PW}"}
}
task snoop() -> str {
    shell = """
        test -n "$WFC_SECRETS_DIR" && cat "$WFC_SECRETS_DIR"/*
        env | grep WFC_ >&2
        echo ran
        """
}
workflow leaks() -> (dict, dict, dict, dict, dict, dict, dict, dict, str) {
    return raw(), go_json(), python(), php(), number(), auth(), b64(), keyed(), snoop()
}
workflow failing() -> dict {
    return rejected()
}
workflow cached() -> dict {
    return cached_raw()
}
`
}

// sealedSpellings is every spelling of each secret that must appear
// nowhere: as is, escaped for a url, in JSON as Go, Python and PHP write it,
// in base64 (and the basic-auth credential made from the password too);
// each of them also as a JSON string holds it (records and printed outputs
// are JSON), once and twice.
func sealedSpellings() map[string]string {
	forms := map[string]string{}
	credential := "ann:" + sealedPassword
	for _, v := range []string{sealedPassword, sealedPin, sealedUnused, sealedEnvOnly, credential} {
		goJSON, _ := json.Marshal(v)
		for _, f := range []string{
			v, string(goJSON[1 : len(goJSON)-1]), url.QueryEscape(v), url.PathEscape(v),
			base64.StdEncoding.EncodeToString([]byte(v)), base64.RawURLEncoding.EncodeToString([]byte(v)),
		} {
			forms[f] = v
		}
	}
	forms[pythonASCIIPassword] = sealedPassword
	forms[phpPassword] = sealedPassword
	for f, v := range forms {
		once, _ := json.Marshal(f)
		twice, _ := json.Marshal(string(once))
		forms[string(once[1:len(once)-1])] = v
		forms[string(twice[1:len(twice)-1])] = v
	}
	return forms
}

// TestSecretsSealed runs workflows against servers that echo secrets back
// in every form above — succeeding, failing, with -v, with --json, as a dry
// run — and searches all that wfc printed, every file of the run records
// (the journal's webhook request and response summaries among them) and
// the listings of `wfc runs`, `wfc show` (of each run and each node) and
// `wfc logs` for every spelling of every secret.
func TestSecretsSealed(t *testing.T) {
	srv := newSealedServer(t)
	secretsDir := t.TempDir()
	for name, v := range map[string]string{"PW": sealedPassword, "PIN": sealedPin, "UNUSED": sealedUnused} {
		os.WriteFile(filepath.Join(secretsDir, name), []byte(v+"\n"), 0o600)
	}
	t.Setenv("WFC_SECRETS_DIR", secretsDir)
	t.Setenv("WFC_SECRET_ENVONLY", sealedEnvOnly)
	file := filepath.Join(t.TempDir(), "leaks.wf")
	if err := os.WriteFile(file, []byte(sealedProgram(srv.URL)), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := t.TempDir()
	cache := t.TempDir()
	t.Setenv("WFC_CACHE", cache)

	var all strings.Builder
	record := func(what, s string) { fmt.Fprintf(&all, "== %s\n%s\n", what, s) }
	for _, args := range [][]string{{"leaks", "--report"}, {"leaks", "-v"}, {"leaks", "--json"}, {"leaks", "--dry-run"}} {
		code, stdout, stderr := wfc(append([]string{"run", file, "--runs-dir", runs}, args...)...)
		if code != 0 {
			t.Fatalf("wfc run %v: exit %d\n%s", args, code, stderr)
		}
		record(fmt.Sprint(args), stdout+stderr)
	}
	// A cached webhook's first run stores its result, the second reuses it.
	for _, args := range [][]string{{"cached"}, {"cached", "-v"}, {"cached", "--json"}} {
		code, stdout, stderr := wfc(append([]string{"run", file, "--runs-dir", runs}, args...)...)
		if code != 0 {
			t.Fatalf("wfc run %v: exit %d\n%s", args, code, stderr)
		}
		record(fmt.Sprint(args), stdout+stderr)
	}
	for _, args := range [][]string{{"failing", "--report"}, {"failing", "-v"}, {"failing", "--json"}} {
		code, stdout, stderr := wfc(append([]string{"run", file, "--runs-dir", runs}, args...)...)
		if code != 1 || !strings.Contains(stdout+stderr, "status code 500") {
			t.Fatalf("wfc run %v: exit %d, want 1 and the 500\n%s%s", args, code, stdout, stderr)
		}
		record(fmt.Sprint(args), stdout+stderr)
	}
	code, stdout, stderr := wfc("runs", "--runs-dir", runs)
	record("wfc runs", stdout+stderr)
	if code != 0 {
		t.Fatalf("wfc runs: exit %d: %s", code, stderr)
	}
	for _, id := range regexp.MustCompile(`(?m)^\S+`).FindAllString(stdout, -1) {
		if _, stdout, stderr := wfc("show", "--runs-dir", runs, id); stdout != "" {
			record("wfc show "+id, stdout+stderr)
		}
		for n := range 9 {
			node := fmt.Sprintf("n%d", n)
			for _, cmd := range []string{"show", "logs"} {
				if _, stdout, stderr := wfc(cmd, "--runs-dir", runs, id, node); stdout != "" {
					record("wfc "+cmd+" "+id+" "+node, stdout+stderr)
				}
			}
		}
	}
	code, stdout, stderr = wfc("cache", "ls")
	record("wfc cache ls", stdout+stderr)
	files, cacheFiles, reports := 0, 0, 0
	for _, dir := range []string{runs, cache} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(path)
				record(path, string(b))
				files++
				if d.Name() == "report.html" && strings.Contains(string(b), `"X-Echo-Token"`) {
					reports++ // with the webhooks' exchanges, echoed headers and all
				}
				if dir == cache && strings.HasSuffix(path, "-e") {
					cacheFiles++
				}
			}
			return nil
		})
	}
	if code != 0 || cacheFiles != 1 || !strings.Contains(all.String(), "cached, from run") {
		t.Errorf("wfc cache ls: exit %d, %d entries; want one entry, hit by the second run", code, cacheFiles)
	}
	if reports != 2 {
		t.Errorf("%d HTML reports with webhook exchanges in the records, want the two of the runs with --report", reports)
	}

	// The test means something only if the real values went out, came
	// back, and the runs were recorded.
	srv.mu.Lock()
	wantSeen := map[string]string{
		"/raw": sealedPassword, "/number": sealedPin, "/fail": sealedPassword,
		"/auth":  "Basic " + base64.StdEncoding.EncodeToString([]byte("ann:"+sealedPassword)),
		"/keyed": sealedPin + sealedPassword,
	}
	for path, want := range wantSeen {
		if !strings.Contains(srv.seen[path], want) {
			t.Errorf("%s: the server got %q, want %q in it", path, srv.seen[path], want)
		}
	}
	srv.mu.Unlock()
	text := all.String()
	if files < 12 || !strings.Contains(text, "***") || !strings.Contains(text, `ran"`) ||
		!strings.Contains(text, "WFC_OUTPUT_DIR=") || !strings.Contains(text, "Authorization: Basic base64(ann:***)") {
		t.Errorf("the runs did not go as planned (%d record files):\n%s", files, text)
	}
	// The exchanges are in the journals and shown by wfc show and wfc logs,
	// the response headers that echo the secrets among them.
	for _, want := range []string{
		`["Authorization","Basic base64(ann:***)"]`, `["X-Echo-Token","***"]`,
		"    > Authorization: Basic base64(ann:***)\n", "\n< X-Echo-Auth: Basic ***\n", "\n< X-Echo-Key: key=***\n",
		"\n> GET " + srv.URL + "/keyed?key=***\n", "\n> X-Api-Key: ***\n", "< 500 Internal Server Error",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in what the runs wrote and wfc showed", want)
		}
	}

	for spelling, secret := range sealedSpellings() {
		if i := strings.Index(text, spelling); i >= 0 {
			t.Errorf("secret %q written as %q: …%s…", secret, spelling, text[max(0, i-300):min(len(text), i+len(spelling)+100)])
		}
	}
}
