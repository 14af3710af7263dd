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

// appendArgs appends "(name=value, …)" for the inputs of n at indexes. It
// runs for every progress line of such a node, so it appends in place
// rather than building strings.
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
		b = cutRunes(appendBindingText(b, in.Value), len(b), labelValueRunes)
		if utf8.RuneCount(b[start:]) > labelArgsRunes {
			b = cutRunes(b, start, labelArgsRunes)
			break
		}
	}
	return append(b, ')')
}

// appendBindingText appends a bound value as a person would read it: strings
// quoted, other literals as text, a value another node makes as its
// reference (n2.o0, or the workflow input's name).
func appendBindingText(b []byte, v *compiler.BindingValue) []byte {
	switch {
	case v.Promise != nil:
		if v.Promise.Node != nil {
			b = append(b, v.Promise.Node.ID...)
			b = append(b, '.')
		}
		b = append(b, v.Promise.Var...)
		for _, step := range v.Promise.Path {
			b = append(b, '.')
			b = append(b, step...)
		}
		return b
	case v.List != nil:
		b = append(b, '[')
		for i, x := range v.List {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendBindingText(b, x)
		}
		return append(b, ']')
	case v.Map != nil:
		return append(b, "{…}"...)
	}
	if s, ok := v.Literal.(string); ok {
		// Cut inside the quotes, so that the value still reads as a string.
		at := len(b)
		b = strconv.AppendQuote(b, s)
		if utf8.RuneCount(b[at:]) > labelValueRunes {
			b = append(cutRunes(b[:len(b)-1], at, labelValueRunes-1), '"')
		}
		return b
	}
	return append(b, compiler.FormatText(v.Literal)...)
}

// cutRunes shortens b[from:] to at most max runes, marking a cut with "…".
func cutRunes(b []byte, from, max int) []byte {
	if utf8.RuneCount(b[from:]) <= max {
		return b
	}
	n := 0
	for i := range string(b[from:]) {
		if n == max-1 {
			return append(b[:from+i], "…"...)
		}
		n++
	}
	return b
}
