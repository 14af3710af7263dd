package webhook

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/rangetable"
)

// The connector substitutes a placeholder that is part of a longer string
// with Python's str() of the value. These functions reproduce CPython's str()
// and repr() for the values rendering works on ("py values", see pyvalue.go):
// string, int64, float64, bool, nil, []any, map[string]any and Pending.

// pyStr is Python's str(v).
func pyStr(v any) string {
	switch x := v.(type) { // the common scalars without a builder
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return pyFloatRepr(x)
	case bool, nil:
		return pyRepr(x)
	}
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

// pyRepr is Python's repr(v): what str() of a list or dict shows for each
// element.
func pyRepr(v any) string {
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

func writeRepr(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(pyFloatRepr(x))
	case string:
		writeStrRepr(b, x)
	case Pending:
		b.WriteString(x.String())
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		// Python keeps insertion order; a Flyte literal map or Struct has
		// none to keep, so wfc renders keys sorted, deterministically.
		b.WriteByte('{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b.WriteString(", ")
			}
			writeStrRepr(b, k)
			b.WriteString(": ")
			writeRepr(b, x[k])
		}
		b.WriteByte('}')
	default:
		// pyValue converts every value first; this is a safety net.
		fmt.Fprint(b, x)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// writeStrRepr follows CPython's unicode_repr: single quotes unless the text
// holds a single quote and no double quote; backslash escapes for the quote,
// backslash, \t \n \r; \xhh for other ASCII controls and DEL; non-ASCII kept
// when printable, else \xhh, \uhhhh or \Uhhhhhhhh.
func writeStrRepr(b *strings.Builder, s string) {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Not reachable from Python (its strings are code points);
			// show the byte the way Python shows undecodable bytes.
			fmt.Fprintf(b, "\\x%02x", s[i])
			i++
			continue
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(b, "\\x%02x", r)
		case r < 0x7f:
			b.WriteRune(r)
		case pyPrintable(r):
			b.WriteRune(r)
		default:
			b.WriteString(pyEscape(r))
		}
	}
	b.WriteByte(quote)
}

// connectorUnicode is the Unicode version of the connector's Python: the
// stock connector image is built FROM python:3.10-slim-bookworm
// (flytekit's Dockerfile.connector), and Python 3.10's unicodedata is
// Unicode 13.0.0. Python 3.11 has 14.0.0, 3.12 15.0.0, 3.13 15.1.0.
var connectorUnicode = rangetable.Assigned("13.0.0")

// pyPrintable is str.isprintable() of one character in the connector's
// Python. Go's IsPrint has Python's rule (letters, marks, numbers,
// punctuation, symbols and the ASCII space; no other spaces, no format,
// private-use or unassigned characters) on Go's newer tables: characters
// assigned after Unicode 13 were unassigned, so not printable, there.
func pyPrintable(r rune) bool {
	return unicode.IsPrint(r) && unicode.Is(connectorUnicode, r)
}

// pyEscape is the escape Python writes for a character it does not show:
// \xhh, \uhhhh or \Uhhhhhhhh.
func pyEscape(r rune) string {
	switch {
	case r <= 0xff:
		return fmt.Sprintf("\\x%02x", r)
	case r <= 0xffff:
		return fmt.Sprintf("\\u%04x", r)
	}
	return fmt.Sprintf("\\U%08x", r)
}

// pyFloatRepr is Python's repr(float): the shortest digits that round-trip,
// positional notation when the decimal exponent is in [-4, 16), otherwise
// scientific with a signed, at least two-digit exponent; a positional value
// always shows a fractional part ("1.0").
func pyFloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	// 'e' with precision -1 gives the shortest round-tripping digits, the
	// same digits Python's repr chooses (both use the shortest-repr rule).
	e := strconv.FormatFloat(f, 'e', -1, 64) // "-d.dddde±xx"
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mant, expText, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expText)
	decpt := exp + 1 // the value is 0.digits × 10^decpt
	if decpt > -4 && decpt <= 16 {
		switch {
		case decpt <= 0:
			return sign + "0." + strings.Repeat("0", -decpt) + digits
		case decpt >= len(digits):
			return sign + digits + strings.Repeat("0", decpt-len(digits)) + ".0"
		default:
			return sign + digits[:decpt] + "." + digits[decpt:]
		}
	}
	out := sign + digits[:1]
	if len(digits) > 1 {
		out += "." + digits[1:]
	}
	x := exp
	esign := "+"
	if x < 0 {
		esign, x = "-", -x
	}
	xs := strconv.Itoa(x)
	if len(xs) < 2 {
		xs = "0" + xs
	}
	return out + "e" + esign + xs
}
