package lang

import (
	"fmt"
	"strconv"
	"strings"
)

// Compact renders n as a one-line string that shows the tree's structure,
// for tests: (task hello (params (s str)) (results str) ...).
func Compact(n Node) string {
	var b strings.Builder
	compact(&b, n)
	return b.String()
}

func compact(b *strings.Builder, n Node) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	list := func(head string, items []Node) {
		w("(%s", head)
		for _, it := range items {
			b.WriteByte(' ')
			compact(b, it)
		}
		b.WriteByte(')')
	}
	switch n := n.(type) {
	case *File:
		list("file", nodes(n.Decls))
	case *TaskDecl:
		w("(%s %s", n.Kind, n.Name.Name)
		if n.Doc != "" {
			w(" (doc %q)", n.Doc)
		}
		if n.Params != nil {
			b.WriteByte(' ')
			compact(b, n.Params)
		}
		if n.Results != nil {
			b.WriteByte(' ')
			compact(b, n.Results)
		}
		if n.Body != nil {
			b.WriteByte(' ')
			list("body", nodes(n.Body.Fields))
		}
		b.WriteByte(')')
	case *WorkflowDecl:
		w("(workflow %s", n.Name.Name)
		if n.Doc != "" {
			w(" (doc %q)", n.Doc)
		}
		if n.Params != nil {
			b.WriteByte(' ')
			compact(b, n.Params)
		}
		if n.Results != nil {
			b.WriteByte(' ')
			compact(b, n.Results)
		}
		b.WriteByte(' ')
		list("body", nodes(n.Stmts))
		b.WriteByte(')')
	case *ParamList:
		list("params", nodes(n.Params))
	case *Param:
		w("(%s ", n.Name.Name)
		compact(b, n.Type)
		if n.Default != nil {
			b.WriteString(" = ")
			compact(b, n.Default)
		}
		b.WriteByte(')')
	case *ResultList:
		if n.Single != nil {
			list("results", []Node{n.Single})
		} else {
			list("results", nodes(n.Results))
		}
	case *Result:
		if n.Name != nil {
			w("%s: ", n.Name.Name)
		}
		compact(b, n.Type)
	case *TypeExpr:
		b.WriteString(typeText(n))
	case *Field:
		w("(%s = ", n.Name.Name)
		if n.Block != nil {
			list("with", nodes(n.Block.Fields))
		} else {
			compact(b, n.Value)
		}
		b.WriteByte(')')
	case *Stmt:
		switch {
		case n.Return != nil:
			list("return", nodes(n.Return.Values))
		case n.Value != nil:
			list("assign", append(nodes(n.Exprs), n.Value))
		default:
			list("expr", nodes(n.Exprs))
		}
	case *Chain:
		list(">>", nodes(n.Operands))
	case *NameExpr:
		if n.Call != nil {
			w("(call %s", n.Name.Name)
			for _, a := range n.Call.Args {
				w(" (%s = ", a.Name.Name)
				compact(b, a.Value)
				b.WriteByte(')')
			}
			b.WriteByte(')')
		} else {
			b.WriteString(n.Name.Name)
		}
		for _, a := range n.Attrs {
			w(".%s", a.Name)
		}
	case *StringLit:
		b.WriteString(strconv.Quote(n.Value))
	case *NumberLit:
		switch {
		case n.Int != "":
			w("%d", n.IntValue)
		case n.Float != "":
			w("%gf", n.FloatValue)
		default:
			w("%s", n.DurationValue)
		}
	case *BoolLit:
		b.WriteString(n.Raw)
	case *NullLit:
		b.WriteString("null")
	case *ListLit:
		list("list", nodes(n.Elems))
	case *IfExpr:
		b.WriteString("(if ")
		compact(b, n.Cond)
		b.WriteByte(' ')
		compact(b, n.Then)
		if n.Else != nil {
			b.WriteString(" else ")
			compact(b, n.Else)
		}
		b.WriteByte(')')
	case *FailExpr:
		w("(fail %q)", n.Message.Value)
	case *Comparison:
		w("(%s ", n.Op)
		compact(b, n.Left)
		b.WriteByte(' ')
		compact(b, n.Right)
		b.WriteByte(')')
	case *Logical:
		w("(%s ", n.Op)
		compact(b, n.Left)
		b.WriteByte(' ')
		compact(b, n.Right)
		b.WriteByte(')')
	case *MapExpr:
		b.WriteString("(map ")
		compact(b, n.Body)
		b.WriteString(" for")
		for _, v := range n.Vars {
			w(" %s", v.Name)
		}
		b.WriteString(" in ")
		if n.Zip != nil {
			list("zip", nodes(n.Lists))
		} else {
			compact(b, n.Lists[0])
		}
		if n.With != nil {
			b.WriteByte(' ')
			list("with", nodes(n.With.Fields))
		}
		b.WriteByte(')')
	case *DictLit:
		b.WriteString("(dict")
		for _, e := range n.Entries {
			w(" %q: ", e.Key.Value)
			compact(b, e.Value)
		}
		b.WriteByte(')')
	default:
		w("<%T>", n)
	}
}

func nodes[T Node](xs []T) []Node {
	out := make([]Node, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
