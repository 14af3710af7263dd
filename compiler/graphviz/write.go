package graphviz

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Write writes g in format f.
func (g *Graph) Write(w io.Writer, f Format) error {
	if f == Mermaid {
		return g.WriteMermaid(w)
	}
	return g.WriteDOT(w)
}

// WriteDOT writes g as a Graphviz digraph, top to bottom.
func (g *Graph) WriteDOT(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "digraph %s {\n", dotID(g.Name))
	b.WriteString("  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n")
	for _, n := range g.Nodes {
		attrs := "label=" + dotID(n.Label)
		switch n.Kind {
		case InputsNode, OutputsNode:
			attrs += ", shape=ellipse, style=dashed"
		case FailureNode:
			attrs += `, style="rounded,dashed", color=red`
		}
		fmt.Fprintf(b, "  %s [%s];\n", dotID(n.ID), attrs)
	}
	for _, e := range g.Edges {
		attrs := ""
		if len(e.Labels) == 0 {
			attrs = " [style=dashed]"
		} else {
			attrs = " [label=" + dotID(strings.Join(e.Labels, "\n")) + "]"
		}
		fmt.Fprintf(b, "  %s -> %s%s;\n", dotID(e.From), dotID(e.To), attrs)
	}
	b.WriteString("}\n")
	return b.Flush()
}

// dotID quotes s as a DOT string: backslashes and quotes escaped, line
// breaks as \n.
func dotID(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// WriteMermaid writes g as a Mermaid flowchart, top down.
func (g *Graph) WriteMermaid(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%%%% workflow %s\nflowchart TD\n", mermaidText(g.Name))
	for _, n := range g.Nodes {
		open, close := "[", "]"
		switch n.Kind {
		case InputsNode, OutputsNode:
			open, close = "([", "])"
		case FailureNode:
			open, close = "{{", "}}"
		}
		fmt.Fprintf(b, "  %s%s\"%s\"%s\n", n.ID, open, mermaidText(n.Label), close)
	}
	for _, e := range g.Edges {
		if len(e.Labels) == 0 {
			fmt.Fprintf(b, "  %s -.-> %s\n", e.From, e.To)
			continue
		}
		fmt.Fprintf(b, "  %s -->|\"%s\"| %s\n", e.From, mermaidText(strings.Join(e.Labels, "\n")), e.To)
	}
	return b.Flush()
}

// mermaidText escapes s for a quoted Mermaid label: quotes and the
// characters Mermaid reads as markup become entity codes, line breaks
// <br/>.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '|':
			b.WriteString("#124;")
		case '\n':
			b.WriteString("<br/>")
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
