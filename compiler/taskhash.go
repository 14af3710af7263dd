package compiler

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
)

// DefinitionHash returns the hex SHA-256 of what defines what task t
// computes: its kind, its interface (names, types, defaults), its body (the
// script and image; a webhook's settings, placeholders as written), the
// names of its secrets and its cache version. Its name, documentation,
// position, retries and timeout are left out: they change how a task is
// called or how often it is tried, not what it returns. The run record
// stores it with each node, beside the hash of the node's inputs: a cache
// or a resumed run keys on the two.
//
// The encoding is wfc's own, with every map's keys sorted, so the hash is
// the same from run to run and from machine to machine.
func (t *Task) DefinitionHash() string {
	var b []byte
	field := func(name string) { b = append(b, '\n'); b = append(b, name...); b = append(b, '=') }
	str := func(s string) { b = strconv.AppendQuote(b, s) }
	value := func(v Value) {
		var err error
		if b, err = AppendJSON(b, v); err != nil {
			str("unencodable: " + err.Error())
		}
	}
	params := func(name string, ps []*Param) {
		for _, p := range ps {
			field(name)
			str(p.Name)
			b = append(b, ' ')
			str(p.Type.String())
			if p.HasDefault {
				b = append(b, " = "...)
				value(p.Default)
			}
		}
	}
	field("kind")
	str(string(t.Kind))
	params("input", t.Inputs)
	params("output", t.Outputs)
	for _, s := range t.Secrets {
		field("secret")
		str(s)
	}
	field("cache_version")
	str(t.CacheVersion)
	if s := t.Shell; s != nil {
		field("script")
		str(s.Script)
		field("image")
		str(s.Image)
		for _, e := range s.Env {
			field("env")
			str(e.Name)
			b = append(b, ' ')
			str(e.Value)
		}
	}
	if w := t.Webhook; w != nil {
		field("url")
		str(w.URL)
		field("method")
		str(w.Method)
		keys := make([]string, 0, len(w.Headers))
		for k := range w.Headers {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			field("header")
			str(k)
			b = append(b, ' ')
			str(w.Headers[k])
		}
		field("data")
		value(w.Data)
		field("show")
		b = strconv.AppendBool(b, w.ShowData)
		b = append(b, ' ')
		b = strconv.AppendBool(b, w.ShowURL)
		field("timeout")
		str(w.Timeout.String())
		for _, code := range w.Expect {
			field("expect")
			b = strconv.AppendInt(b, int64(code), 10)
		}
		field("response")
		str(w.Response)
		field("escape_values")
		b = strconv.AppendBool(b, w.EscapeValues)
		field("max_response_bytes")
		b = strconv.AppendInt(b, w.MaxResponseBytes, 10)
		if w.Rate != nil {
			field("rate")
			b = strconv.AppendInt(b, int64(w.Rate.N), 10)
			b = append(b, '/')
			str(w.Rate.Per.String())
		}
		field("http_retry")
		b = strconv.AppendBool(b, w.HTTPRetry)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
