package taskcache

import (
	"crypto/sha256"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
)

// KeyOf returns the cache key of a call of task t with inputs: what
// Flyte's catalog keys on (the dataset "flyte_task-<name>", versioned by
// the discovery version and the hashes of the interface's inputs and
// outputs, and the artifact tag, a hash of the inputs without those in
// cacheIgnoreInputVars), so that wfc run and Flyte hit and miss alike.
// Flyte's dataset also carries the task's project and domain, which a
// local run has none of. The encoding is wfc's own: the cache is not
// shared with Flyte, only its notion of "the same call".
func KeyOf(t *compiler.Task, inputs map[string]any) (Key, error) {
	b := make([]byte, 0, 256)
	field := func(name, value string) {
		b = append(b, name...)
		b = append(b, 0)
		b = append(b, value...)
		b = append(b, 0)
	}
	field("wfc task cache", "1")
	field("dataset", "flyte_task-"+t.Name)
	field("version", strings.TrimSpace(t.EffectiveCacheVersion()))
	// The interface, descriptions included: Flyte hashes the whole
	// VariableMap.
	for _, p := range t.Inputs {
		field("input", p.Name+" "+p.Type.String()+" "+p.Doc)
	}
	for _, p := range t.Outputs {
		field("output", p.Name+" "+p.Type.String()+" "+p.Doc)
	}
	keep := make(map[string]any, len(inputs))
	for k, v := range inputs {
		if t.CacheIgnores(k) {
			continue
		}
		if p := t.Input(k); p != nil && p.Type.HasBlob() {
			v = blobContent(v, p.Type)
		}
		keep[k] = v
	}
	b = append(b, "inputs"...)
	b = append(b, 0)
	b, err := compiler.AppendJSON(b, keep)
	if err != nil {
		return Key{}, err
	}
	return sha256.Sum256(b), nil
}

func sortInfos(infos []Info) {
	slices.SortFunc(infos, func(a, b Info) int {
		if c := strings.Compare(a.Task, b.Task); c != 0 {
			return c
		}
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
}

// blobContent replaces each file or directory in v (of type t) by its
// content address: a stored value's path ends in the SHA-256 of its
// content, and the folder before it differs from run to run. Locally a
// file input is keyed on its content; Flyte keys a blob on its URI.
func blobContent(v any, t *compiler.Type) any {
	switch {
	case v == nil:
		return nil
	case t.IsBlob():
		if p, ok := v.(string); ok {
			return "sha256:" + filepath.Base(p)
		}
	case t.Kind == compiler.KindOptional:
		return blobContent(v, t.Elem)
	case t.Kind == compiler.KindList:
		xs, _ := v.([]any)
		out := make([]any, len(xs))
		for i, x := range xs {
			out[i] = blobContent(x, t.Elem)
		}
		return out
	case t.Kind == compiler.KindMap:
		m, _ := v.(map[string]any)
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[k] = blobContent(x, t.Elem)
		}
		return out
	}
	return v
}
