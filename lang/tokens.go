package lang

// TokenKind classifies a lexical token for editors (syntax highlighting).
type TokenKind int

const (
	TokenComment TokenKind = iota
	TokenString
	TokenNumber  // an int, a float or a duration
	TokenKeyword // a reserved word; `import` and `launchplan` are plain names to the lexer
	TokenIdent
	TokenPunct
	TokenInvalid // a malformed string or a stray character
)

// A Token is one lexical token of a source file.
type Token struct {
	Kind  TokenKind
	Range Range
	Text  string
}

// Tokens returns every token of src in order, comments included. Like the
// lexer it never fails: malformed input yields TokenInvalid tokens.
func Tokens(filename string, src []byte) []Token {
	scan := newScanner(newSource(filename, src))
	var out []Token
	var end Pos // the previous token's; each start is found from it, in one pass
	for {
		t := scan.Next()
		if t.Type == tokEOF {
			return out
		}
		kind := TokenPunct
		switch t.Type {
		case tokComment:
			kind = TokenComment
		case tokString, tokTripleString:
			kind = TokenString
		case tokInt, tokFloat, tokDuration:
			kind = TokenNumber
		case tokIdent:
			kind = TokenIdent
			if Keywords[t.Value] {
				kind = TokenKeyword
			}
		case tokBadString, tokBadTriple, tokInvalid:
			kind = TokenInvalid
		}
		var start Pos
		if end.IsValid() {
			start = end.advance(scan.text[end.Offset:t.Pos.Offset])
		} else {
			start = t.Pos.pos()
		}
		end = start.advance(t.Value)
		out = append(out, Token{Kind: kind, Text: t.Value, Range: Range{Filename: filename, Start: start, End: end}})
	}
}
