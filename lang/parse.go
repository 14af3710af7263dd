package lang

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// MaxNesting bounds how deeply brackets may nest. The parser is recursive,
// so without a bound a hostile file of 100,000 "[" would exhaust the stack;
// no real workflow comes near it.
const MaxNesting = 200

// Parse parses one source file. It always returns a non-nil *File (empty
// when the text could not be parsed) together with the diagnostics found,
// sorted; the file is usable when Diagnostics.HasErrors is false.
//
// Lexical problems (invalid UTF-8, NUL bytes, unterminated strings, stray
// characters) and bracket problems are all reported; participle stops at the
// first syntax error beyond those, so at most one such error is reported.
func Parse(filename string, src []byte) (*File, Diagnostics) {
	f := &File{Name: filename, Source: src}
	p := &parseState{file: f}
	p.parse()
	p.diags.Sort()
	if len(p.diags) == 0 {
		return f, nil
	}
	return f, p.diags
}

type parseState struct {
	file     *File
	tokens   []lexer.Token // significant tokens, ending with EOF
	comments []lexer.Token
	diags    Diagnostics
}

func (p *parseState) parse() {
	src := p.file.Source
	if !p.checkEncoding(src) {
		return
	}
	if len(bytes.TrimSpace(src)) == 0 {
		p.errorAt(p.posAt(0), p.posAt(0), "empty file: declare a task or a workflow").Detail =
			"A .wf file holds task, webhook, echo and workflow declarations; see docs/language.md."
		return
	}
	lx := &checkingLexer{p: p, scan: newScanner(p.file.Name, src), ok: true}
	plex, err := lexer.Upgrade(lx)
	if err != nil {
		p.errorAt(p.posAt(0), p.posAt(0), "%v", err)
		return
	}
	// The peeking lexer holds the only copy of the tokens; borrow it.
	p.tokens = plex.Range(0, lexer.RawCursor(lx.count))
	if !lx.ok || !p.checkBrackets() {
		return
	}
	parsed, err := parser.ParseFromLexer(plex)
	if err != nil {
		var perr participle.Error
		if errors.As(err, &perr) {
			p.syntaxError(perr)
		} else {
			p.errorAt(p.posAt(0), p.posAt(0), "%v", err)
		}
		return
	}
	parsed.Name, parsed.Source = p.file.Name, p.file.Source
	*p.file = *parsed
	(&normaliser{p: p}).file(p.file)
	if len(p.file.Decls) == 0 {
		p.errorAt(p.posAt(0), p.posAt(0), "file declares nothing: declare a task or a workflow")
	}
}

// checkEncoding rejects text that is not UTF-8 or holds NUL bytes (a binary
// file), naming the first offending position.
func (p *parseState) checkEncoding(src []byte) bool {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		d := p.errorAt(p.posAt(i), p.posAt(i+1), "not a text file: NUL byte at offset %d", i)
		d.Detail = "wfc source files are UTF-8 text."
		return false
	}
	if utf8.Valid(src) {
		return true
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			d := p.errorAt(p.posAt(i), p.posAt(i+1), "invalid UTF-8: byte 0x%02x at offset %d", src[i], i)
			d.Detail = "wfc source files are UTF-8 text."
			return false
		}
		i += size
	}
	return true
}

// checkingLexer feeds the scanner's tokens to participle, setting comments
// aside for doc comments and reporting every malformed token.
type checkingLexer struct {
	p     *parseState
	scan  *scanner
	count int  // tokens passed on, EOF included
	ok    bool // no malformed token seen
}

func (l *checkingLexer) Next() (lexer.Token, error) {
	p := l.p
	for {
		t, _ := l.scan.Next()
		switch t.Type {
		case tokComment:
			p.comments = append(p.comments, t)
			continue
		case tokBadString:
			d := p.errorTok(t, "unterminated string")
			d.Detail = "A string must end with `\"` on the line where it starts."
			d.Hint = "for text that spans lines, use a triple-quoted string \"\"\"…\"\"\""
			l.ok = false
		case tokBadTriple:
			start := t.Pos
			end := start
			end.Advance(`"""`)
			p.errorPos(start, end, "unterminated multi-line string: no closing \"\"\" before the end of the file")
			l.ok = false
		case tokInvalid:
			p.invalidChar(t)
			l.ok = false
		}
		l.count++
		return t, nil
	}
}

func (p *parseState) invalidChar(t lexer.Token) {
	d := p.errorTok(t, "unexpected character %q", t.Value)
	switch t.Value {
	case "'":
		d.Hint = "strings are written in double quotes: \"…\""
	case ";":
		d.Hint = "statements need no `;`: put each on its own line"
	case "/":
		d.Hint = "comments start with #"
	}
}

// errorAt, errorPos and errorTok append an error diagnostic.
func (p *parseState) errorAt(start, end Pos, format string, args ...any) *Diagnostic {
	return p.diags.Errorf(Range{Filename: p.file.Name, Start: start, End: end}, format, args...)
}

func (p *parseState) errorPos(start, end lexer.Position, format string, args ...any) *Diagnostic {
	return p.errorAt(toPos(start), toPos(end), format, args...)
}

func (p *parseState) errorTok(t lexer.Token, format string, args ...any) *Diagnostic {
	return p.errorPos(t.Pos, tokenEnd(t), format, args...)
}

// posAt converts a byte offset of the source into a Pos.
func (p *parseState) posAt(offset int) Pos {
	src := p.file.Source
	if offset > len(src) {
		offset = len(src)
	}
	line := 1 + bytes.Count(src[:offset], []byte{'\n'})
	col := 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:offset], '\n')+1:offset])
	return Pos{Offset: offset, Line: line, Column: col}
}

func toPos(p lexer.Position) Pos { return Pos{Offset: p.Offset, Line: p.Line, Column: p.Column} }

// tokenEnd returns the position just after t.
func tokenEnd(t lexer.Token) lexer.Position {
	end := t.Pos
	end.Advance(t.Value)
	return end
}
