package compiler

import (
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// Warnings about webhook requests that fail, or do not say what they mean,
// the same way under wfc run and on Flyte: the connector's client (httpx
// 0.28) and its input conversion decide, and wfc run does as they do. See
// docs/webhook.md.

// warnGETQuery warns when a GET (or DELETE) url has a query string of its
// own: httpx replaces it with the data's parameters, so it is never sent.
func (c *checker) warnGETQuery(url *lang.StringLit, method string) {
	if method != "GET" && method != "DELETE" {
		return
	}
	text, _, _ := strings.Cut(connectorHoleRE.ReplaceAllString(url.Value, ""), "#")
	if !strings.Contains(text, "?") {
		return
	}
	d := c.diags.Warnf(lang.RangeOf(url), "the url's query string is never sent: a %s sends data as its query, replacing the url's (httpx 0.28, as Flyte's connector uses it)", method)
	d.Hint = `move the parameters into data, as in data = {"id": "{inputs.id}"}`
}

// warnEmptyDicts warns about each empty dict literal in e, a value of type
// t passed to a webhook task, at a place Flyte holds as a Struct literal
// of its own (t itself, a list's elements, a map's values, through
// optionals): the connector cannot convert an empty Struct and fails the
// task, even when no template uses the input.
func (c *checker) warnEmptyDicts(e lang.Expr, t *Type) {
	for t != nil && t.Kind == KindOptional {
		t = t.Elem
	}
	if t == nil {
		return
	}
	switch t.Kind {
	case KindDict:
		if d, ok := e.(*lang.DictLit); ok && len(d.Entries) == 0 {
			w := c.diags.Warnf(lang.RangeOf(d), "an empty dict passed to a webhook fails the task, locally as on Flyte: the connector cannot convert an empty Struct input, even one no template uses")
			w.Hint = "pass a dict with at least one key, or declare the input dict? and pass null"
		}
	case KindList:
		if l, ok := e.(*lang.ListLit); ok {
			for _, el := range l.Elems {
				c.warnEmptyDicts(el, t.Elem)
			}
		}
	case KindMap:
		if d, ok := e.(*lang.DictLit); ok {
			for _, en := range d.Entries {
				c.warnEmptyDicts(en.Value, t.Elem)
			}
		}
	}
}
