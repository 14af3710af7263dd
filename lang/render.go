package lang

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
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
			fmt.Fprintf(&b, " %s | %s\n", num, line)
			fmt.Fprintf(&b, " %s | %s\n", gutter, paint(ansiRed, underline(line, d.Range)))
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
	line := strings.TrimRight(string(src[start:end]), "\r")
	if !utf8.ValidString(line) {
		line = strings.ToValidUTF8(line, "\uFFFD")
	}
	const maxLine = 200
	if len(line) > maxLine {
		// Keep long (generated or minified) lines readable; the caret is
		// computed on the same cut text.
		line = line[:maxLine]
		for !utf8.ValidString(line) {
			line = line[:len(line)-1]
		}
	}
	return line, true
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
