package connector

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/internal/capped"
	"github.com/wfc-lang/wfc/runtime"
)

// A connector is shared by everyone who can register a task on the
// cluster, and any of them could write {secrets.SLACK} into a url of their
// own. So every secret the connector holds has an allowlist, configured
// next to it, naming where it may be sent and, optionally, which projects
// and domains may use it. A secret without one is never used.
//
// The allowlist of secret NAME is the variable WFC_ALLOW_NAME or the file
// NAME.allow in the secrets directory (the variable wins, as the secret's
// own variable does). One rule per line (or separated by ";"), "#" starts
// a comment:
//
//	https://hooks.slack.com/services/   a url prefix: scheme, host, port and leading path segments
//	host api.github.com                 any http or https url on that host
//	project flytesnacks                 only tasks running in one of the named projects
//	domain production                   only tasks running in one of the named domains

// AllowEnvPrefix prefixes the variable holding a secret's allowlist.
const AllowEnvPrefix = "WFC_ALLOW_"

// AllowFileSuffix ends the name of a secret's allowlist file.
const AllowFileSuffix = ".allow"

// Secrets is where the connector finds secrets and their allowlists: the
// variables WFC_SECRET_NAME and WFC_ALLOW_NAME, then the files NAME and
// NAME.allow in Dir (a mounted Kubernetes Secret).
type Secrets struct {
	Dir    string                      // "" means the environment only
	Getenv func(string) (string, bool) // nil means os.LookupEnv
}

func (s Secrets) getenv(k string) (string, bool) {
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return os.LookupEnv(k)
}

// allowlist is one secret's rules.
type allowlist struct {
	source   string     // where it was read, for messages
	prefixes []*url.URL // url prefixes
	hosts    []string   // lower-cased host names
	projects []string
	domains  []string
}

func (s Secrets) allowlist(name string) (*allowlist, error) {
	if text, ok := s.getenv(AllowEnvPrefix + name); ok {
		return parseAllowlist(AllowEnvPrefix+name, text)
	}
	if s.Dir != "" {
		file := name + AllowFileSuffix
		b, err := capped.ReadFile(filepath.Join(s.Dir, file), runtime.MaxSecretFileSize)
		if err == nil {
			return parseAllowlist(file, string(b))
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("secret %s: its allowlist %s: %v", name, file, err)
		}
		return nil, fmt.Errorf("secret %s has no allowlist, and a connector sends a secret only where its allowlist says: create %s next to it (or set %s%s) listing the url prefixes it may be sent to",
			name, file, AllowEnvPrefix, name)
	}
	return nil, fmt.Errorf("secret %s has no allowlist, and a connector sends a secret only where its allowlist says: set %s%s to the url prefixes it may be sent to",
		name, AllowEnvPrefix, name)
}

func parseAllowlist(source, text string) (*allowlist, error) {
	al := &allowlist{source: source}
	lines := strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ';' })
	for i, line := range lines {
		if c := strings.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(why string) error {
			return fmt.Errorf("allowlist %s, rule %d (%q): %s", source, i+1, line, why)
		}
		if strings.HasPrefix(line, "https://") || strings.HasPrefix(line, "http://") {
			u, err := url.Parse(line)
			switch {
			case err != nil:
				return nil, bad(err.Error())
			case u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
				return nil, bad("a url prefix is scheme://host[:port][/path], without user, query or fragment")
			}
			al.prefixes = append(al.prefixes, u)
			continue
		}
		word, arg, _ := strings.Cut(line, " ")
		arg = strings.TrimSpace(arg)
		if arg == "" || strings.ContainsAny(arg, " \t") {
			return nil, bad(`expected a url prefix, "host NAME", "project NAME" or "domain NAME"`)
		}
		switch word {
		case "host":
			al.hosts = append(al.hosts, strings.ToLower(arg))
		case "project":
			al.projects = append(al.projects, arg)
		case "domain":
			al.domains = append(al.domains, arg)
		default:
			return nil, bad(`expected a url prefix, "host NAME", "project NAME" or "domain NAME"`)
		}
	}
	if len(al.prefixes) == 0 && len(al.hosts) == 0 {
		return nil, fmt.Errorf("allowlist %s names no url prefix or host, so the secret may be sent nowhere", source)
	}
	return al, nil
}

// allowsURL reports whether u matches a prefix or host rule.
func (al *allowlist) allowsURL(u *url.URL) bool {
	if u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if slices.Contains(al.hosts, host) {
		return true
	}
	// Compared after removing dot segments, which the server would remove.
	p := cleanPath(u.Path)
	for _, pre := range al.prefixes {
		if pre.Scheme != u.Scheme || strings.ToLower(pre.Hostname()) != host || port(pre) != port(u) {
			continue
		}
		pp := pre.Path
		if pp == "" || pp == "/" || p == pp || strings.HasPrefix(p, pp) && strings.HasSuffix(pp, "/") || strings.HasPrefix(p, pp+"/") {
			return true
		}
	}
	return false
}

func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// describe lists the destination rules, for a refusal.
func (al *allowlist) describe() string {
	var rules []string
	for _, p := range al.prefixes {
		rules = append(rules, p.String())
	}
	for _, h := range al.hosts {
		rules = append(rules, "host "+h)
	}
	return strings.Join(rules, ", ")
}

// callSecrets is the secret source of one task attempt: it resolves from
// the connector's Secrets, applies the project and domain rules at once
// and the destination rules when the executor asks (CheckDestination).
type callSecrets struct {
	store           Secrets
	project, domain string
	allow           map[string]*allowlist
}

func (c *callSecrets) Secret(name string) (string, error) {
	v, err := runtime.EnvSecrets{Dir: c.store.Dir, Getenv: c.store.Getenv}.Secret(name)
	if err != nil {
		return "", err
	}
	al, err := c.store.allowlist(name)
	if err != nil {
		return "", err
	}
	if len(al.projects) > 0 && !slices.Contains(al.projects, c.project) {
		return "", fmt.Errorf("secret %s may not be used by project %q: its allowlist %s names projects %s", name, c.project, al.source, strings.Join(al.projects, ", "))
	}
	if len(al.domains) > 0 && !slices.Contains(al.domains, c.domain) {
		return "", fmt.Errorf("secret %s may not be used in domain %q: its allowlist %s names domains %s", name, c.domain, al.source, strings.Join(al.domains, ", "))
	}
	if c.allow == nil {
		c.allow = map[string]*allowlist{}
	}
	c.allow[name] = al
	return v, nil
}

// CheckDestination implements webhook.DestinationChecker.
func (c *callSecrets) CheckDestination(u *url.URL, names []string) error {
	for _, name := range names {
		al := c.allow[name]
		if al == nil {
			return fmt.Errorf("secret %s was not resolved through its allowlist", name)
		}
		if !al.allowsURL(u) {
			shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
			return fmt.Errorf("secret %s may not be sent to %s: its allowlist %s allows %s", name, shown.String(), al.source, al.describe())
		}
	}
	return nil
}

// noSecrets is the secret source of flytekit's webhook type, which has no
// secrets: flytekit's connector never shipped them.
type noSecrets struct{}

func (noSecrets) Secret(name string) (string, error) {
	return "", fmt.Errorf("secret %s: secrets are a wfc extension, served for task type %s only; this task is flytekit's %s type", name, TaskType, FlyteWebhookType)
}
