package report

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// excerpt is s cut to at most max bytes, on a character boundary, with a
// marker saying how much was left out.
func excerpt(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return fmt.Sprintf("%s…[%d more bytes]", s[:n], len(s)-n)
}

// tail is the last logLines lines of log, each cut to logLineText,
// together at most max bytes.
func tail(log []string, max int) []string {
	if len(log) > logLines {
		log = log[len(log)-logLines:]
	}
	out := make([]string, 0, len(log))
	size := 0
	for i := len(log) - 1; i >= 0; i-- {
		l := excerpt(log[i], logLineText)
		if size += len(l); size > max && len(out) > 0 {
			break
		}
		out = append(out, l)
	}
	slices.Reverse(out)
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// jsonText is a recorded value as text, "" for none. The record writes
// values compact (the journal's lines, run.json as read back), so they are
// shown as written.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	return string(raw)
}
