package lang

import "unicode/utf8"

// Token types. The lexer is total: every byte sequence lexes, so malformed
// input (an unterminated string, a stray character) becomes a positioned
// diagnostic from parseState.lex rather than an opaque lexer error.
type tokType uint8

const (
	tokEOF tokType = iota
	tokComment
	tokTripleString
	tokBadTriple
	tokString
	tokBadString
	tokDuration
	tokFloat
	tokInt
	tokIdent
	tokPunct
	tokInvalid
)

// token is one lexical token: its type, its text (a slice of the source)
// and where it starts.
type token struct {
	Type  tokType
	Value string
	Pos   tokenPos
}

func (t *token) EOF() bool { return t.Type == tokEOF }

// end returns the position just after t.
func (t *token) end() tokenPos { return t.Pos.plus(len(t.Value)) }

// scanner produces tokens from a source; whitespace is skipped, comments
// kept.
type scanner struct {
	file *source
	text string // the file's text as one string, which token values slice without copying
	off  int
}

func newScanner(file *source) *scanner {
	return &scanner{file: file, text: string(file.text), off: textStart(file.text)}
}

func (s *scanner) token(typ tokType, n int) token {
	t := token{Type: typ, Value: s.text[s.off : s.off+n], Pos: tokenPos{s.file, s.off}}
	s.off += n
	return t
}

func (s *scanner) Next() token {
	src := s.file.text
	i := s.off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r' || src[i] == '\n') {
		i++
	}
	s.off = i
	if i >= len(src) {
		return token{Type: tokEOF, Pos: tokenPos{s.file, i}}
	}
	c := src[i]
	switch {
	case c == '#':
		n := 0
		for i+n < len(src) && src[i+n] != '\n' {
			n++
		}
		return s.token(tokComment, n)
	case c == '"':
		if i+2 < len(src) && src[i+1] == '"' && src[i+2] == '"' {
			for j := i + 3; j+2 < len(src); j++ {
				if src[j] == '"' && src[j+1] == '"' && src[j+2] == '"' {
					return s.token(tokTripleString, j+3-i)
				}
			}
			return s.token(tokBadTriple, len(src)-i)
		}
		for j := i + 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				if j+1 < len(src) && src[j+1] != '\n' {
					j++
				}
			case '"':
				return s.token(tokString, j+1-i)
			case '\n':
				return s.token(tokBadString, j-i)
			}
		}
		return s.token(tokBadString, len(src)-i)
	case isDigit(c):
		if n := scanDuration(src[i:]); n > 0 {
			return s.token(tokDuration, n)
		}
		n := digits(src[i:])
		typ := tokInt
		if i+n+1 < len(src) && src[i+n] == '.' && isDigit(src[i+n+1]) {
			n += 1 + digits(src[i+n+1:])
			typ = tokFloat
		}
		if i+n < len(src) && (src[i+n] == 'e' || src[i+n] == 'E') {
			k := i + n + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < len(src) && isDigit(src[k]) {
				n = k - i + digits(src[k:])
				typ = tokFloat
			}
		}
		return s.token(typ, n)
	case isIdentStart(c):
		n := 1
		for i+n < len(src) && isIdentPart(src[i+n]) {
			n++
		}
		return s.token(tokIdent, n)
	case c == '-' && i+1 < len(src) && src[i+1] == '>', c == '>' && i+1 < len(src) && src[i+1] == '>':
		return s.token(tokPunct, 2)
	case (c == '=' || c == '!' || c == '<' || c == '>') && i+1 < len(src) && src[i+1] == '=':
		return s.token(tokPunct, 2) // a comparison: == != <= >=
	}
	switch c {
	case '(', ')', '{', '}', '[', ']', ',', ':', '=', '.', '?', '-', '<', '>':
		return s.token(tokPunct, 1)
	}
	_, size := utf8.DecodeRune(src[i:])
	return s.token(tokInvalid, size)
}

// scanDuration returns the length of a duration such as 10s, 1m30s or
// 250ms at the start of b, or 0. Like Go's time.ParseDuration it takes
// number-unit pairs; it must end where a name could not go on.
func scanDuration(b []byte) int {
	n := 0
	for {
		d := digits(b[n:])
		if d == 0 {
			break
		}
		k := n + d
		if k+1 < len(b) && b[k] == '.' && isDigit(b[k+1]) {
			k += 1 + digits(b[k+1:])
		}
		u := unitLen(b[k:])
		if u == 0 {
			break
		}
		n = k + u
	}
	if n == 0 || (n < len(b) && isIdentPart(b[n])) {
		return 0
	}
	return n
}

func unitLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case 'n', 'u', 0xc2, 'm', 'h', 's': // the first bytes of the units below ("µ" is 0xc2 0xb5)
	default:
		return 0 // most numbers are not durations
	}
	for _, u := range []string{"ns", "us", "µs", "ms", "h", "m", "s"} {
		if len(b) >= len(u) && string(b[:len(u)]) == u {
			return len(u)
		}
	}
	return 0
}

func digits(b []byte) int {
	n := 0
	for n < len(b) && isDigit(b[n]) {
		n++
	}
	return n
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) }
