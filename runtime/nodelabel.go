package runtime

import (
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/wfc-lang/wfc/compiler"
)

// Progress lines name a node by its id and task ("n4 fetch"). When a task
// is called more than once — a fan-out over regions, say — the lines of
// its calls would read alike, so the label adds the arguments that tell
// the calls apart, each value shortened: n4 fetch(region="eu").

// Limits on the arguments shown, in runes: a value, and all of them.
const (
	labelValueRunes = 24
	labelArgsRunes  = 60
)

// distinguishingInputs returns, per task called more than once in wf, the
// indexes of the inputs whose bound values differ among its calls.
func distinguishingInputs(wf *compiler.Workflow) map[*compiler.Task][]int {
	first := map[*compiler.Task]*compiler.Node{}
	differs := map[*compiler.Task][]bool{}
	for _, n := range wf.Nodes {
		f, ok := first[n.Task]
		if !ok {
			first[n.Task] = n
			continue
		}
		d := differs[n.Task]
		if d == nil {
			d = make([]bool, len(n.Inputs))
			differs[n.Task] = d
		}
		for i, in := range n.Inputs {
			if i < len(f.Inputs) && !d[i] && !sameBinding(in.Value, f.Inputs[i].Value) {
				d[i] = true
			}
		}
	}
	out := map[*compiler.Task][]int{}
	for t, d := range differs {
		for i, yes := range d {
			if yes {
				out[t] = append(out[t], i)
			}
		}
	}
	return out
}

func sameBinding(a, b *compiler.BindingValue) bool {
	switch {
	case a.Promise != nil || b.Promise != nil:
		if a.Promise == nil || b.Promise == nil {
			return false
		}
		p, q := a.Promise, b.Promise
		return p.Node == q.Node && p.Var == q.Var && reflect.DeepEqual(p.Path, q.Path)
	case a.List != nil || b.List != nil:
		if len(a.List) != len(b.List) {
			return false
		}
		for i := range a.List {
			if !sameBinding(a.List[i], b.List[i]) {
				return false
			}
		}
		return a.List != nil && b.List != nil
	case a.Map != nil || b.Map != nil:
		if len(a.Map) != len(b.Map) || a.Map == nil || b.Map == nil {
			return false
		}
		for k, x := range a.Map {
			y, ok := b.Map[k]
			if !ok || !sameBinding(x, y) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Literal, b.Literal)
}

// appendArgs appends "(name=value, …)" for the inputs of n at indexes.
func appendArgs(b []byte, n *compiler.Node, indexes []int) []byte {
	start := len(b)
	b = append(b, '(')
	for k, i := range indexes {
		if i >= len(n.Inputs) {
			continue
		}
		if k > 0 {
			b = append(b, ", "...)
		}
		in := n.Inputs[i]
		b = append(b, in.Var...)
		b = append(b, '=')
		b = appendShort(b, bindingText(in.Value), labelValueRunes)
		if utf8.RuneCount(b[start:]) > labelArgsRunes {
			b = appendShort(b[:start], string(b[start:]), labelArgsRunes)
			break
		}
	}
	return append(b, ')')
}

// bindingText writes a bound value as a person would read it: strings
// quoted, other literals as text, a value another node makes as its
// reference (n2.o0, or the workflow input's name).
func bindingText(v *compiler.BindingValue) string {
	switch {
	case v.Promise != nil:
		s := v.Promise.Var
		if v.Promise.Node != nil {
			s = v.Promise.Node.ID + "." + s
		}
		for _, step := range v.Promise.Path {
			s += "." + step
		}
		return s
	case v.List != nil:
		s := "["
		for i, x := range v.List {
			if i > 0 {
				s += ", "
			}
			s += bindingText(x)
		}
		return s + "]"
	case v.Map != nil:
		return "{…}"
	}
	if s, ok := v.Literal.(string); ok {
		// Cut inside the quotes, so that the value still reads as a string.
		return strconv.Quote(string(appendShort(nil, s, labelValueRunes-2)))
	}
	return compiler.FormatText(v.Literal)
}

// appendShort appends s, cut to at most max runes with "…" marking a cut.
func appendShort(b []byte, s string, max int) []byte {
	if utf8.RuneCountInString(s) <= max {
		return append(b, s...)
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return append(append(b, s[:i]...), "…"...)
		}
		n++
	}
	return append(b, s...)
}
