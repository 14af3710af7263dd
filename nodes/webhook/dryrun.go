package webhook

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// Request is one HTTP request as a webhook task would send it, for
// `wfc run --dry-run`: secrets are ***, and values not known before the run
// show as the promise they come from (<n0.o0>).
type Request struct {
	Method string
	URL    string // the url as sent, with GET's query parameters
	// Raw is the request as the run writes it on the connection (HTTP/1.1,
	// lines ending in CRLF): request line, headers in net/http's order,
	// a blank line, the body. A Content-Length that depends on a promise
	// shows as <pending>.
	Raw string
}

// String is r.Raw.
func (r *Request) String() string { return r.Raw }

// DryRun renders the request task would send for inputs, sending nothing.
// Inputs may hold Pending values (at any depth) for what is not yet known.
// Secrets always show as ***; CheckSecrets tells whether they resolve.
func DryRun(task *compiler.Task, inputs map[string]any) (*Request, error) {
	if task == nil || task.Webhook == nil {
		return nil, fmt.Errorf("dry run: not a webhook task")
	}
	p := &prepared{}
	if err := prepare(p, task, compile(task.Webhook), inputs, nil); err != nil {
		return nil, err
	}
	req, err := p.newRequest(context.Background(), "wfc-webhook")
	if err == nil && !unknownOrigin(p.url) {
		raw, err := wireBytes(req)
		if err != nil {
			return nil, err
		}
		return &Request{Method: p.method, URL: unescapePending(urlAsSent(req.URL)), Raw: raw}, nil
	}
	if err != nil && !unknownOrigin(p.url) {
		return nil, err
	}
	// A url whose scheme or host is still a promise or a secret cannot be
	// parsed yet: show it as rendered, with the query it will get, in the
	// request line, and take the headers from a stand-in.
	target := p.url
	if dataInQuery(p.method) {
		target, _, _ = strings.Cut(target, "?")
		if q := encodeParams(p.data); q != "" {
			target += "?" + unescapePending(q)
		}
	}
	standIn := *p
	standIn.url = "http://pending.invalid/"
	if req, err = standIn.newRequest(context.Background(), "wfc-webhook"); err != nil {
		return nil, err
	}
	raw, err := wireBytes(req)
	if err != nil {
		return nil, err
	}
	_, rest, _ := strings.Cut(raw, "\r\n")                           // the stand-in's request line
	rest = strings.Replace(rest, "Host: pending.invalid\r\n", "", 1) // and Host
	return &Request{Method: p.method, URL: target, Raw: p.method + " " + target + " HTTP/1.1\r\n" + rest}, nil
}

// unknownOrigin reports whether the scheme, host or port of a rendered url
// holds a promise or a secret, which a dry run shows as <ref> or ***: then
// only the run can parse it. User info may hold them (it parses either
// way); the path and query may too.
func unknownOrigin(rendered string) bool {
	origin := rendered
	if scheme, rest, ok := strings.Cut(rendered, "://"); ok {
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			rest = rest[:i]
		}
		if i := strings.LastIndexByte(rest, '@'); i >= 0 {
			rest = rest[i+1:]
		}
		origin = scheme + "://" + rest
	}
	return pendingRE.MatchString(origin) || strings.Contains(origin, redacted)
}

// wireBytes is req as net/http's transport writes it for a direct
// connection: Request.Write's bytes, plus the Accept-Encoding: gzip the
// transport adds after the request's own headers when the request sets
// neither Accept-Encoding nor Range, plus basic auth from the url's user
// info as the executor adds it (basicAuth).
func wireBytes(req *http.Request) (string, error) {
	if credential := basicAuth(req); strings.Contains(credential, redacted) {
		// What a run sends is the base64 of the secret: show how it is
		// made instead.
		req.Header["Authorization"] = []string{"Basic base64(" + credential + ")"}
	}
	var b bytes.Buffer
	if err := req.Write(&b); err != nil {
		return "", &RenderError{Field: "request", Msg: err.Error()}
	}
	raw := b.String()
	head, body, _ := strings.Cut(raw, "\r\n\r\n")
	if req.Header.Get("Accept-Encoding") == "" && req.Header.Get("Range") == "" {
		head += "\r\nAccept-Encoding: gzip"
	}
	head = unescapePending(head)
	if pendingRE.MatchString(body) {
		head = contentLengthRE.ReplaceAllString(head, "Content-Length: <pending>")
	}
	return head + "\r\n\r\n" + body, nil
}

// urlAsSent is u as the request sends it (its Opaque, when set, is the
// path).
func urlAsSent(u *url.URL) string {
	if u.Opaque == "" {
		return u.String()
	}
	if strings.HasPrefix(u.Opaque, "//") {
		return u.Scheme + ":" + u.Opaque + queryPart(u)
	}
	return u.Scheme + "://" + u.Host + u.Opaque + queryPart(u)
}

func queryPart(u *url.URL) string {
	if u.ForceQuery || u.RawQuery != "" {
		return "?" + u.RawQuery
	}
	return ""
}

var contentLengthRE = regexp.MustCompile(`(?m)^Content-Length: \d+`)

var (
	pendingRE        = regexp.MustCompile(`<[A-Za-z0-9_.\-]+>`)
	escapedPendingRE = regexp.MustCompile(`%3C([A-Za-z0-9_.\-]+)%3E`)
)

// unescapePending shows percent-encoded pending markers as written.
func unescapePending(s string) string { return escapedPendingRE.ReplaceAllString(s, "<$1>") }

// CheckSecrets resolves every secret task uses, as a run does before it
// sends anything, and returns the first that does not resolve; the values
// are dropped.
func CheckSecrets(task *compiler.Task, src runtime.SecretSource) error {
	if task == nil || task.Webhook == nil {
		return nil
	}
	_, err := resolveSecrets(task, compile(task.Webhook), src)
	return err
}

// PlanNode dry-runs one webhook node of a workflow: its literal bindings
// as written, workflow inputs from wfInputs (a missing one, and any other
// node's output, as a Pending naming the promise: <start-node.s>,
// <n0.o0>, <n1.info.status_code>).
func PlanNode(node *compiler.Node, wfInputs map[string]any) (*Request, error) {
	if node.Task == nil || node.Task.Webhook == nil {
		return nil, fmt.Errorf("dry run: node %s is not a webhook call", node.ID)
	}
	inputs := make(map[string]any, len(node.Inputs))
	for _, b := range node.Inputs {
		inputs[b.Var] = compiler.PlanValue(b.Value, wfInputs, func(ref string) any { return Pending{Ref: ref} })
	}
	return DryRun(node.Task, inputs)
}
