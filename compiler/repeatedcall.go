package compiler

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"maps"
	"slices"
	"strconv"
)

// warnRepeatedCalls warns about a call whose result is not used, written
// again with the same arguments as an earlier call. Each call is a node of
// its own, so the second runs the task again, and as its result is not
// used, it was most likely meant to be the first: the usual slip is a call
// made as a statement and then written again in a `>>` chain to order it,
// which orders a new call instead. Calls whose results are both used (two
// names assigned from one task) are left alone: asking twice can be meant.
func (s *wfScope) warnRepeatedCalls() {
	read := make([]bool, len(s.wf.Nodes)) // by Node.Index
	for _, n := range s.wf.Nodes {
		for _, in := range n.Inputs {
			markRead(read, in.Value)
		}
	}
	for _, r := range s.wf.Results {
		markRead(read, r.Value)
	}
	// The first call of each key, by the key's hash: a workflow may hold
	// 100,000 calls, and a string per call showed in checking's time.
	seed := maphash.MakeSeed()
	first := make(map[uint64]*Node, len(s.wf.Nodes))
	var key, prevKey []byte
	for _, n := range s.wf.Nodes {
		if n.Task == nil || n.Map != nil {
			continue // a conditional, or a map: not a plain call
		}
		key = appendCallKey(key[:0], n)
		h := maphash.Bytes(seed, key)
		prev, seen := first[h]
		if !seen {
			first[h] = n
			continue
		}
		if n.Name != "" || read[n.Index] {
			continue
		}
		if prevKey = appendCallKey(prevKey[:0], prev); !bytes.Equal(key, prevKey) {
			continue // another call whose key hashes alike
		}
		line := prev.Range.Start.Line
		d := s.c.diags.Warnf(n.Range, "`%s` is called again with the same arguments as on line %d: this second call runs the task again", n.Task.Name, line)
		if prev.Name != "" {
			d.Hint = fmt.Sprintf("to order or use the call on line %d, write `%s`, the name its result is assigned to", line, prev.Name)
		} else {
			d.Hint = fmt.Sprintf("to order or use the call on line %d, assign its result once (`r = %s(…)`) and write `r` here", line, n.Task.Name)
		}
	}
}

// markRead marks the nodes whose results v reads, by index.
func markRead(read []bool, v *BindingValue) {
	switch {
	case v.Promise != nil:
		if v.Promise.Node != nil {
			read[v.Promise.Node.Index] = true
		}
	case v.List != nil:
		for _, x := range v.List {
			markRead(read, x)
		}
	case v.Map != nil:
		for _, x := range v.Map {
			markRead(read, x)
		}
	}
}

// appendCallKey appends to b a text that two calls share exactly when they
// call the same task with the same values.
func appendCallKey(b []byte, n *Node) []byte {
	b = append(b, n.Task.Name...)
	for _, in := range n.Inputs {
		b = append(b, ' ')
		b = appendValueKey(b, in.Value)
	}
	return b
}

func appendValueKey(b []byte, v *BindingValue) []byte {
	switch {
	case v.Promise != nil:
		b = append(b, '<')
		if v.Promise.Node != nil {
			b = append(b, v.Promise.Node.ID...)
		}
		b = append(b, '.')
		b = append(b, v.Promise.Var...)
		for _, step := range v.Promise.Path {
			b = append(b, '.')
			b = append(b, step...)
		}
		return append(b, '>')
	case v.List != nil:
		b = append(b, '[')
		for _, x := range v.List {
			b = appendValueKey(b, x)
			b = append(b, ',')
		}
		return append(b, ']')
	case v.Map != nil:
		b = append(b, '{')
		for _, k := range slices.Sorted(maps.Keys(v.Map)) {
			b = strconv.AppendQuote(b, k)
			b = append(b, ':')
			b = appendValueKey(b, v.Map[k])
			b = append(b, ',')
		}
		return append(b, '}')
	}
	if j, err := AppendJSON(b, v.Literal); err == nil {
		return j
	}
	return fmt.Appendf(b, "%#v", v.Literal)
}
