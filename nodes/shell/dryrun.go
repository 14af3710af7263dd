package shell

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
)

// PlanNode returns the command line one shell node of a workflow would
// run, for `wfc run --dry-run`: /bin/sh -c SCRIPT NAME ARG…, after
// env KEY=value… when the task sets variables (secrets as ***), each word
// quoted as a shell reads it, so the line can be pasted into one. Values
// come from the node's literal bindings and from wfInputs. An argument
// that only the run would know shows, unquoted, as the promise it comes
// from: <start-node.s> for a workflow input not given, <n0.o0> for node
// n0's output o0, <n0.o0.key> for a key of it.
func PlanNode(node *compiler.Node, wfInputs map[string]any) (string, error) {
	task := node.Task
	if task == nil || task.Shell == nil {
		return "", fmt.Errorf("dry run: node %s is not a shell task", node.ID)
	}
	sh := prepare(task)
	var words []string
	if len(task.Shell.Env) > 0 || len(task.Shell.Secrets) > 0 {
		// The task's own variables, as env(1) would set them; secrets masked.
		words = append(words, "env")
		for _, v := range task.Shell.Env {
			words = append(words, quoteWord(v.Name+"="+v.Value))
		}
		for _, s := range task.Shell.Secrets {
			words = append(words, s.Name+"=***")
		}
	}
	words = append(words, "/bin/sh", "-c", Quote(sh.Text), quoteWord(task.Name))
	for _, ref := range sh.Inputs {
		path := strings.Split(ref, ".")
		if p := task.Input(path[0]); p != nil && p.Type.HasBlob() {
			// The run passes the path of the task's own copy, which only
			// the run knows; pasting the source's path would let the
			// script change the source.
			words = append(words, "<inputs/"+path[0]+">")
			continue
		}
		v, err := planInput(node, path[0], wfInputs)
		if err != nil {
			return "", err
		}
		if v, err = planLookup(v, path[1:]); err != nil {
			return "", fmt.Errorf("{inputs.%s}: %v", ref, err)
		}
		if !hasPromise(v) {
			text := compiler.CommandText(v)
			if strings.IndexByte(text, 0) >= 0 {
				return "", fmt.Errorf("{inputs.%s}: a command-line argument cannot hold a NUL byte", ref)
			}
			words = append(words, quoteWord(text))
			continue
		}
		var b strings.Builder
		writePlanText(&b, v)
		words = append(words, b.String())
	}
	return strings.Join(words, " "), nil
}

// promised is a value that only the run knows: the promise it comes from.
type promised string

// planInput is the value of one of node's inputs, with promised leaves
// where the run would fill them in.
func planInput(node *compiler.Node, name string, wfInputs map[string]any) (any, error) {
	for _, b := range node.Inputs {
		if b != nil && b.Var == name {
			return compiler.PlanValue(b.Value, wfInputs, func(ref string) any { return promised(ref) }), nil
		}
	}
	p := node.Task.Input(name)
	switch {
	case p == nil:
		return nil, fmt.Errorf("script refers to {inputs.%s}, but the task has no input %s", name, name)
	case p.HasDefault:
		return p.Default, nil
	case p.Type.Kind == compiler.KindOptional:
		return nil, nil
	}
	return nil, fmt.Errorf("input %s is not bound", name)
}

// planLookup reads the dict path of a {inputs.x.key} placeholder, which
// extends a promise it reaches.
func planLookup(v any, path []string) (any, error) {
	for i, key := range path {
		switch x := v.(type) {
		case promised:
			return promised(strings.Join(append([]string{string(x)}, path[i:]...), ".")), nil
		case map[string]any:
			var ok bool
			if v, ok = x[key]; !ok {
				return nil, fmt.Errorf("no key %q", key)
			}
		default:
			return compiler.LookupPath(v, path[i:])
		}
	}
	return v, nil
}

func hasPromise(v any) bool {
	switch x := v.(type) {
	case promised:
		return true
	case []any:
		return slices.ContainsFunc(x, hasPromise)
	case map[string]any:
		for _, e := range x {
			if hasPromise(e) {
				return true
			}
		}
	}
	return false
}

// writePlanText writes a value holding promises as CommandText would
// write it, each promise as <ref>; a dict as JSON, as webhook dry runs
// show bodies.
func writePlanText(b *strings.Builder, v any) {
	switch x := v.(type) {
	case promised:
		b.WriteString("<" + string(x) + ">")
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writePlanText(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range compiler.AppendSortedKeys(nil, x) {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(compiler.AppendJSONString(nil, k))
			b.WriteByte(':')
			if hasPromise(x[k]) {
				writePlanText(b, x[k])
			} else {
				j, _ := compiler.AppendJSON(nil, x[k])
				b.Write(j)
			}
		}
		b.WriteByte('}')
	default:
		b.WriteString(compiler.CommandText(v))
	}
}

// quoteWord quotes s for a shell unless it reads the same unquoted.
func quoteWord(s string) string {
	if s == "" || strings.TrimLeft(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-") != "" {
		return Quote(s)
	}
	return s
}
