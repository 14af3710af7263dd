package webhook

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// Request is one HTTP request as a webhook task would send it, for
// `wfc run --dry-run`: secrets are ***, and values not known before the run
// show as the promise they come from (<n0.o0>).
type Request struct {
	Method string
	URL    string      // with GET's query parameters
	Header [][2]string // name, value; sorted by name
	Body   string      // the JSON body; empty when data goes in the query
}

// String renders r like an HTTP message: the request line with the full
// URL, the headers, a blank line and the body.
func (r *Request) String() string {
	var b strings.Builder
	b.WriteString(r.Method + " " + r.URL + "\n")
	for _, h := range r.Header {
		b.WriteString(h[0] + ": " + h[1] + "\n")
	}
	if r.Body != "" {
		b.WriteString("\n" + r.Body + "\n")
	}
	return b.String()
}

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
	r := &Request{Method: p.method}
	req, err := p.newRequest(context.Background(), "wfc-webhook")
	if err == nil {
		r.URL = unescapePending(req.URL.String())
	} else {
		if !pendingRE.MatchString(p.url) {
			return nil, err
		}
		// A url whose scheme or host is still a promise cannot be parsed
		// yet: show it as rendered, with the query it will get, and take
		// the headers from a stand-in.
		r.URL = p.url
		if dataInQuery(p.method) && len(p.data) > 0 {
			q := &queryParams{vals: map[string][]string{}}
			q.mergeData(p.data)
			sep := "?"
			if strings.Contains(r.URL, "?") {
				sep = "&"
			}
			r.URL += sep + unescapePending(q.encode())
		}
		standIn := *p
		standIn.url = "http://pending.invalid/"
		if req, err = standIn.newRequest(context.Background(), "wfc-webhook"); err != nil {
			return nil, err
		}
		req.Host = ""
	}
	if req.Host != "" && req.Host != req.URL.Host { // a task's own Host header
		r.Header = append(r.Header, [2]string{"Host", req.Host})
	}
	for name, vs := range req.Header {
		for _, v := range vs {
			r.Header = append(r.Header, [2]string{name, v})
		}
	}
	sort.SliceStable(r.Header, func(i, j int) bool { return r.Header[i][0] < r.Header[j][0] })
	if !dataInQuery(p.method) {
		body, err := pyJSON(p.data)
		if err != nil {
			return nil, &RenderError{Field: "data", Msg: err.Error()}
		}
		r.Body = string(body)
	}
	return r, nil
}

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
		inputs[b.Var] = bindingValue(b.Value, wfInputs)
	}
	return DryRun(node.Task, inputs)
}

func bindingValue(b *compiler.BindingValue, wfInputs map[string]any) any {
	switch {
	case b == nil:
		return nil
	case b.Promise != nil:
		pr := b.Promise
		if pr.Node == nil {
			if v, ok := wfInputs[pr.Var]; ok {
				if got, err := walk(v, pr.Path); err == nil {
					return got
				}
			}
			return Pending{Ref: promiseRef("start-node", pr)}
		}
		return Pending{Ref: promiseRef(pr.Node.ID, pr)}
	case b.List != nil:
		out := make([]any, len(b.List))
		for i, e := range b.List {
			out[i] = bindingValue(e, wfInputs)
		}
		return out
	case b.Map != nil:
		out := make(map[string]any, len(b.Map))
		for k, e := range b.Map {
			out[k] = bindingValue(e, wfInputs)
		}
		return out
	}
	return b.Literal
}

func promiseRef(node string, pr *compiler.Promise) string {
	return strings.Join(append([]string{node, pr.Var}, pr.Path...), ".")
}
