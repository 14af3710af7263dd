package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/wfc-lang/wfc/runtime"
)

// writeExchange prints a webhook attempt's recorded request and response
// the way curl -v does: "> " before each line sent, "< " before each line
// received, each line after indent. The record holds only what is safe to
// show (redacted, capped), so it is printed as it is.
func writeExchange(w io.Writer, indent string, x *runtime.HTTPExchange) {
	q := x.Request
	fmt.Fprintf(w, "%s> %s %s\n", indent, q.Method, visible(q.URL))
	writeHeaders(w, indent+"> ", q.Headers, q.HeadersOmitted)
	writeBody(w, indent+"> ", &q.Body)
	if p := x.Response; p != nil {
		fmt.Fprintf(w, "%s< %d %s  (%s)\n", indent, p.Status, http.StatusText(p.Status), runtime.RoundDuration(x.Duration))
		writeHeaders(w, indent+"< ", p.Headers, p.HeadersOmitted)
		if p.Body != nil {
			writeBody(w, indent+"< ", p.Body)
		}
	}
	if x.Error != "" {
		fmt.Fprintf(w, "%s! %s  (after %s)\n", indent, visible(x.Error), runtime.RoundDuration(x.Duration))
	}
}

func writeHeaders(w io.Writer, prefix string, hs []runtime.HTTPHeader, omitted int) {
	for _, h := range hs {
		fmt.Fprintf(w, "%s%s: %s\n", prefix, visible(h.Name), visible(h.Value))
	}
	if omitted > 0 {
		fmt.Fprintf(w, "%s[%d more header lines, not recorded]\n", prefix, omitted)
	}
}

// writeBody prints a blank line and the body's excerpt, as the head and
// body are separated on the wire, and says when the record has only its
// beginning.
func writeBody(w io.Writer, prefix string, b *runtime.HTTPBody) {
	if b.Size == 0 {
		return
	}
	fmt.Fprintf(w, "%s\n", strings.TrimRight(prefix, " "))
	text := strings.TrimSuffix(b.Excerpt, "\n")
	for line := range strings.SplitSeq(text, "\n") {
		fmt.Fprintf(w, "%s%s\n", prefix, visible(strings.TrimSuffix(line, "\r")))
	}
	if b.Truncated {
		fmt.Fprintf(w, "%s[… %d bytes in all; the record keeps the first %d KiB]\n", prefix, b.Size, runtime.ExcerptBytes>>10)
	}
}

// visible writes the control characters of s but tab as \xNN, so that a
// body cannot move the cursor or recolour the terminal it is shown on.
func visible(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, `\x%02x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }
