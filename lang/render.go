package lang

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ANSI colours, used only when the caller asks for colour.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[36m"
)

// Render writes ds for a person, in the style of go vet and rustc:
//
//	wf.wf:3:9: error: undefined task `helo`
//	    3 |     v = helo(s = s)
//	      |         ^^^^
//	    hint: did you mean `hello`?
//
// sources maps each file name to its text, for the quoted line; a file not
// in it is rendered without one.
func (ds Diagnostics) Render(w io.Writer, sources map[string][]byte, color bool) error {
	var b bytes.Buffer
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	for _, d := range ds {
		sev := paint(ansiRed, "error")
		if d.Severity == Warning {
			sev = paint(ansiYellow, "warning")
		}
		fmt.Fprintf(&b, "%s: %s: %s\n", paint(ansiBold, d.Range.String()), sev, d.Summary)
		if line, ok := sourceLine(sources[d.Range.Filename], d.Range.Start); ok {
			num := fmt.Sprintf("%d", d.Range.Start.Line)
			gutter := strings.Repeat(" ", len(num))
			line, r := window(line, d.Range)
			fmt.Fprintf(&b, " %s | %s\n", num, line)
			fmt.Fprintf(&b, " %s | %s\n", gutter, paint(ansiRed, underline(line, r)))
		}
		for _, l := range strings.Split(d.Detail, "\n") {
			if l != "" {
				fmt.Fprintf(&b, "    %s\n", l)
			}
		}
		if d.Hint != "" {
			fmt.Fprintf(&b, "    %s %s\n", paint(ansiCyan, "hint:"), d.Hint)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// sourceLine returns the text of the line holding pos, without its newline.
func sourceLine(src []byte, pos Pos) (string, bool) {
	if src == nil || !pos.IsValid() || pos.Offset > len(src) {
		return "", false
	}
	start := bytes.LastIndexByte(src[:pos.Offset], '\n') + 1
	end := bytes.IndexByte(src[pos.Offset:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += pos.Offset
	}
	if start == 0 {
		start = textStart(src)
	}
	line := strings.TrimRight(string(src[start:end]), "\r")
	// Control characters (a NUL in a binary file, say) would garble the
	// terminal; each becomes one replacement character, keeping columns.
	line = strings.Map(func(r rune) rune {
		if r == '\t' || (r >= ' ' && r != 0x7f) {
			return r
		}
		return '\uFFFD'
	}, strings.ToValidUTF8(line, "\uFFFD"))
	return line, true
}

// window cuts a long (generated or minified) line to about 120 characters
// around the range's start, marking the cuts with "…", and returns the
// range shifted to match.
func window(line string, r Range) (string, Range) {
	const width, before = 120, 40
	runes := []rune(line)
	if len(runes) <= width {
		return line, r
	}
	from := max(0, r.Start.Column-1-before)
	to := min(len(runes), from+width)
	out := string(runes[from:to])
	if from > 0 {
		out = "…" + out
		shift := from - 1 // one rune of "…" replaces from runes
		r.Start.Column -= shift
		if r.End.Line == r.Start.Line {
			r.End.Column -= shift
		}
	}
	if to < len(runes) {
		out += "…"
	}
	return out, r
}

// underline places carets under the part of line that r covers: from the
// start column to the end column, or to the end of the line when r spans
// lines. Tabs before the start are copied so the carets line up.
func underline(line string, r Range) string {
	runes := []rune(line)
	start := r.Start.Column - 1
	if start > len(runes) {
		start = len(runes)
	}
	end := len(runes)
	if r.End.Line == r.Start.Line && r.End.Column > r.Start.Column {
		end = min(r.End.Column-1, len(runes))
	}
	var b strings.Builder
	for _, c := range runes[:start] {
		if c == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString(strings.Repeat("^", max(1, end-start)))
	return b.String()
}

// jsonDiagnostic is the machine form of a Diagnostic.
type jsonDiagnostic struct {
	File     string   `json:"file"`
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
	Detail   string   `json:"detail,omitempty"`
	Hint     string   `json:"hint,omitempty"`
	Start    Pos      `json:"start"`
	End      Pos      `json:"end"`
}

// MarshalJSON writes a position as {"line", "column", "offset"}.
func (p Pos) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{"line":%d,"column":%d,"offset":%d}`, p.Line, p.Column, p.Offset)), nil
}

// JSON writes ds as a JSON array with one object per diagnostic, for editors
// and CI; an empty list is written as [].
func (ds Diagnostics) JSON(w io.Writer) error {
	out := make([]jsonDiagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, jsonDiagnostic{
			File: d.Range.Filename, Severity: d.Severity, Summary: d.Summary,
			Detail: d.Detail, Hint: d.Hint, Start: d.Range.Start, End: d.Range.End,
		})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
