package lang

import (
	"bytes"
	"unicode/utf8"
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
// characters) and bracket problems are all reported; the parser stops at the
// first syntax error beyond those, so at most one such error is reported.
func Parse(filename string, src []byte) (*File, Diagnostics) {
	f := &File{Name: filename, Source: src}
	p := &parseState{file: f, src: newSource(filename, src)}
	p.parse()
	p.diags.Sort()
	if len(p.diags) == 0 {
		return f, nil
	}
	return f, p.diags
}

type parseState struct {
	file     *File
	src      *source
	tokens   []token // significant tokens, ending with EOF
	match    []int32 // for each bracket token, the index of its partner
	comments []token
	diags    Diagnostics
}

func (p *parseState) parse() {
	src := p.file.Source
	if !p.checkEncoding(src) {
		return
	}
	if len(bytes.TrimSpace(src[textStart(src):])) == 0 {
		p.errorAt(p.posAt(0), p.posAt(0), "empty file: declare a task or a workflow").Detail =
			"A .wf file holds task, webhook, echo and workflow declarations; see docs/language.md."
		return
	}
	if !p.lex(src) || !p.checkBrackets() {
		return
	}
	// What parsed before a syntax error is kept: its imports are loaded,
	// and its literals checked, for a fuller report.
	err := p.parseFile()
	p.file.Comments = p.commentNodes()
	(&normaliser{p: p}).file(p.file)
	if err != nil {
		p.syntaxError(err)
		return
	}
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

// lex scans src into p.tokens and p.comments, reporting every malformed
// token. It returns false when it found one.
func (p *parseState) lex(src []byte) bool {
	scan := newScanner(p.src)
	p.tokens = make([]token, 0, len(src)/3+16) // about one token per 3 bytes in generated workflows
	ok := true
	for {
		t := scan.Next()
		switch t.Type {
		case tokComment:
			p.comments = append(p.comments, t)
			continue
		case tokBadString:
			d := p.errorTok(t, "unterminated string")
			d.Detail = "A string must end with `\"` on the line where it starts."
			d.Hint = "for text that spans lines, use a triple-quoted string \"\"\"…\"\"\""
			ok = false
		case tokBadTriple:
			p.errorPos(t.Pos, t.Pos.plus(len(`"""`)), "unterminated multi-line string: no closing \"\"\" before the end of the file")
			ok = false
		case tokInvalid:
			p.invalidChar(t)
			ok = false
		}
		p.tokens = append(p.tokens, t)
		if t.EOF() {
			return ok
		}
	}
}

// commentNodes returns the comments as AST nodes.
func (p *parseState) commentNodes() []*Comment {
	out := make([]*Comment, len(p.comments))
	nodes := make([]Comment, len(p.comments))
	for i, t := range p.comments {
		nodes[i].Text = t.Value
		nodes[i].set(t.Pos, t.end())
		out[i] = &nodes[i]
	}
	return out
}

func (p *parseState) invalidChar(t token) {
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

// errorAt, errorPos, errorNode and errorTok append an error diagnostic.
func (p *parseState) errorAt(start, end Pos, format string, args ...any) *Diagnostic {
	return p.diags.Errorf(Range{Filename: p.file.Name, Start: start, End: end}, format, args...)
}

func (p *parseState) errorPos(start, end tokenPos, format string, args ...any) *Diagnostic {
	return p.errorAt(start.pos(), end.pos(), format, args...)
}

func (p *parseState) errorNode(n Node, format string, args ...any) *Diagnostic {
	return p.diags.Errorf(RangeOf(n), format, args...)
}

func (p *parseState) errorTok(t token, format string, args ...any) *Diagnostic {
	return p.errorPos(t.Pos, t.end(), format, args...)
}

// posAt converts a byte offset of the source into a Pos.
func (p *parseState) posAt(offset int) Pos { return p.src.pos(offset) }
