package lang

import (
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types. The lexer is total: every byte sequence lexes, so malformed
// input (an unterminated string, a stray character) becomes a positioned
// diagnostic from parseState.lex rather than an opaque lexer error.
const (
	tokEOF     lexer.TokenType = lexer.EOF
	tokComment lexer.TokenType = iota
	tokWhitespace
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

// scanner produces tokens from src; whitespace is skipped, comments kept.
type scanner struct {
	src  []byte
	text string // src as one string, which token values slice without copying
	pos  lexer.Position
}

func newScanner(filename string, src []byte) *scanner {
	return &scanner{src: src, text: string(src), pos: lexer.Position{Filename: filename, Offset: textStart(src), Line: 1, Column: 1}}
}

// advance moves past n bytes, keeping line and column (in runes).
func (s *scanner) advance(n int) {
	end := s.pos.Offset + n
	for i := s.pos.Offset; i < end; {
		c := s.src[i]
		if c == '\n' {
			s.pos.Line++
			s.pos.Column = 1
			i++
			continue
		}
		if c < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRune(s.src[i:end])
			i += size
		}
		s.pos.Column++
	}
	s.pos.Offset = end
}

func (s *scanner) token(typ lexer.TokenType, n int) lexer.Token {
	start := s.pos
	t := lexer.Token{Type: typ, Value: s.text[start.Offset : start.Offset+n], Pos: start}
	s.advance(n)
	return t
}

// asciiToken is token for a token known to be ASCII on one line (a name,
// a plain number, punctuation): its end is n columns on.
func (s *scanner) asciiToken(typ lexer.TokenType, n int) lexer.Token {
	start := s.pos
	t := lexer.Token{Type: typ, Value: s.text[start.Offset : start.Offset+n], Pos: start}
	s.pos.Offset += n
	s.pos.Column += n
	return t
}

func (s *scanner) Next() (lexer.Token, error) {
	src := s.src
	// Blanks, counted here rather than by advance: between any two tokens
	// there are some, and a call per byte showed in the lexer's time.
	i, line, col := s.pos.Offset, s.pos.Line, s.pos.Column
	for ; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\r':
			col++
			continue
		case '\n':
			line++
			col = 1
			continue
		}
		break
	}
	s.pos.Offset, s.pos.Line, s.pos.Column = i, line, col
	if i >= len(src) {
		return lexer.EOFToken(s.pos), nil
	}
	c := src[i]
	switch {
	case c == '#':
		n := 0
		for i+n < len(src) && src[i+n] != '\n' {
			n++
		}
		return s.token(tokComment, n), nil
	case c == '"':
		if i+2 < len(src) && src[i+1] == '"' && src[i+2] == '"' {
			for j := i + 3; j+2 < len(src); j++ {
				if src[j] == '"' && src[j+1] == '"' && src[j+2] == '"' {
					return s.token(tokTripleString, j+3-i), nil
				}
			}
			return s.token(tokBadTriple, len(src)-i), nil
		}
		for j := i + 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				if j+1 < len(src) && src[j+1] != '\n' {
					j++
				}
			case '"':
				return s.token(tokString, j+1-i), nil
			case '\n':
				return s.token(tokBadString, j-i), nil
			}
		}
		return s.token(tokBadString, len(src)-i), nil
	case isDigit(c):
		if n := scanDuration(src[i:]); n > 0 {
			return s.token(tokDuration, n), nil
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
		return s.asciiToken(typ, n), nil
	case isIdentStart(c):
		n := 1
		for i+n < len(src) && isIdentPart(src[i+n]) {
			n++
		}
		return s.asciiToken(tokIdent, n), nil
	case c == '-' && i+1 < len(src) && src[i+1] == '>', c == '>' && i+1 < len(src) && src[i+1] == '>':
		return s.asciiToken(tokPunct, 2), nil
	case (c == '=' || c == '!' || c == '<' || c == '>') && i+1 < len(src) && src[i+1] == '=':
		return s.asciiToken(tokPunct, 2), nil // a comparison: == != <= >=
	}
	switch c {
	case '(', ')', '{', '}', '[', ']', ',', ':', '=', '.', '?', '-', '<', '>':
		return s.asciiToken(tokPunct, 1), nil
	}
	_, size := utf8.DecodeRune(src[i:])
	return s.token(tokInvalid, size), nil
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
