package webhook

import (
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/wfc-lang/wfc/runtime"
)

// A call's response text, parsed response and error message are masked
// with a runtime.Redactor for the task's secrets, the one the run uses for
// everything it writes, so both know the same spellings. A redactor is
// worth building once: redactor keeps one per set of values.

// redactor returns the redactor for secrets' values and the derived
// values extra; nil when there are no values.
func (e *Executor) redactor(secrets map[string]string, extra ...string) *runtime.Redactor {
	if len(secrets) == 0 && len(extra) == 0 {
		return nil
	}
	values := make([]string, 0, len(secrets)+len(extra))
	for _, v := range secrets {
		values = append(values, v)
	}
	sort.Strings(values)
	values = append(values, extra...)
	key := strings.Join(values, "\x00")
	if r, ok := e.redactors.Load(key); ok {
		return r.(*runtime.Redactor)
	}
	r, _ := e.redactors.LoadOrStore(key, runtime.NewRedactor(values...))
	return r.(*runtime.Redactor)
}

// scrubError replaces every secret in err's message with ***.
func scrubError(err error, r *runtime.Redactor) error {
	if !r.Active() {
		return err
	}
	switch x := err.(type) {
	case *Error:
		x.Msg = r.String(x.Msg)
		return x
	case *RenderError:
		x.Msg = r.String(x.Msg)
		return x
	}
	return &Error{Msg: r.String(err.Error()), cause: err}
}

// basicAuth moves the user info of req's url into an Authorization
// header, as httpx does for the connector: a user or a password makes
// the header "Basic " + base64(user:password), in place of any the task
// sets, and the user info is never sent otherwise. It returns the
// user:password pair, "" when there is none: with secrets in the url it is
// derived from one, and must be masked as one.
func basicAuth(req *http.Request) string {
	u := req.URL.User
	if u == nil {
		return ""
	}
	withoutUser := *req.URL
	withoutUser.User = nil
	req.URL = &withoutUser
	user := u.Username()
	password, _ := u.Password()
	if user == "" && password == "" {
		return ""
	}
	credential := user + ":" + password
	req.Header = req.Header.Clone() // it may be the task's shared one
	req.Header["Authorization"] = []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(credential))}
	return credential
}

// derivedSecrets returns what the request carries that is made from a
// secret but spelled unlike it, to be masked as secrets of their own:
//   - the user:password of the url's user info, sent base64-encoded as
//     basic auth, which an echoing server hands back;
//   - the url's host, when a secret put it there (a secret webhook url,
//     Slack's say): the transport's errors name it ("dial tcp HOST:PORT",
//     "lookup HOST: no such host"), lower-cased and without the url's
//     other parts.
func (p *prepared) derivedSecrets(u *url.URL, credential string) []string {
	var out []string
	if credential != "" {
		out = append(out, credential)
	}
	if p.spec.urlMarkers == nil {
		return out
	}
	if shown, err := parseHTTPURL(p.shownURL, p.shownURL); err == nil && shown.Host == u.Host {
		return out // the host is the rendering's own
	}
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	return append(out, u.Host, u.Hostname(), net.JoinHostPort(u.Hostname(), port))
}
