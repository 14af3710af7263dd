package compiler

import (
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// cacheFields checks a task's cache settings: Flyte's discoverable,
// discoveryVersion, cacheSerializable and cacheIgnoreInputVars.
func (c *checker) cacheFields(t *Task, fields map[string]checkedField) {
	if f, ok := fields["cache"]; ok {
		t.Cache = f.value.(bool)
	}
	needsCache := func(f checkedField) {
		c.diags.Warnf(lang.RangeOf(f.field.Name), "%s has no effect without cache = true", f.field.Name.Name).Hint =
			"add cache = true, or remove " + f.field.Name.Name
	}
	if f, ok := fields["cache_version"]; ok {
		t.CacheVersion = f.value.(string)
		if strings.TrimSpace(t.CacheVersion) == "" {
			// Flyte's catalog trims the version and rejects an empty one.
			c.diags.Errorf(lang.RangeOf(f.field.Value), "cache_version must not be empty").Hint =
				"leave cache_version out to key the cache on the task's definition"
		}
		if !t.Cache {
			needsCache(f)
		}
	}
	if f, ok := fields["cache_serialize"]; ok {
		t.CacheSerialize = f.value.(bool)
		if t.CacheSerialize && !t.Cache {
			// flytekit's TaskMetadata raises on this combination.
			c.diags.Errorf(lang.RangeOf(f.field.Name), "cache_serialize needs cache = true").Hint = "add cache = true"
		}
	}
	if f, ok := fields["cache_ignore_inputs"]; ok {
		names := make([]string, 0, len(t.Inputs))
		for _, p := range t.Inputs {
			names = append(names, p.Name)
		}
		for _, v := range f.value.([]any) {
			name := v.(string)
			switch {
			case t.Input(name) == nil:
				d := c.diags.Errorf(lang.RangeOf(f.field.Value), "cache_ignore_inputs names %q, which is not an input of %s", name, t.Name)
				if d.Hint = hint(name, names); d.Hint == "" && len(names) > 0 {
					d.Hint = "the inputs are " + strings.Join(names, ", ")
				}
			case slices.Contains(t.CacheIgnoreInputs, name):
				c.diags.Errorf(lang.RangeOf(f.field.Value), "cache_ignore_inputs names %q twice", name)
			default:
				t.CacheIgnoreInputs = append(t.CacheIgnoreInputs, name)
			}
		}
		slices.Sort(t.CacheIgnoreInputs)
		if !t.Cache {
			needsCache(f)
		}
	}
}

// EffectiveCacheVersion is the cache version a cached task is keyed on
// (Flyte's discoveryVersion): cache_version when given, otherwise the
// first 16 hex digits of DefinitionHash, so that editing the task's
// script, interface or settings starts a fresh cache. wfc run and the
// Flyte emitter use the same value, so both miss after an edit.
func (t *Task) EffectiveCacheVersion() string {
	if t.CacheVersion != "" {
		return t.CacheVersion
	}
	return t.DefinitionHash()[:16]
}

// CacheIgnores reports whether input name is left out of t's cache key.
func (t *Task) CacheIgnores(name string) bool {
	_, found := slices.BinarySearch(t.CacheIgnoreInputs, name)
	return found
}
