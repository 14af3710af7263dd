package lang

import "github.com/alecthomas/participle/v2/lexer"

// The lexer is total: every byte sequence lexes, so that malformed input
// (an unterminated string, a stray character) becomes a positioned diagnostic
// from checkTokens rather than an opaque lexer error. The rules are tried in
// order; the Bad* and Invalid rules only match what the good rules reject.
var lexerDef = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `#[^\n]*`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	{Name: "TripleString", Pattern: `"""(?:[^"]|"[^"]|""[^"])*"""`},
	{Name: "BadTripleString", Pattern: `"""(?s:.*)`},
	{Name: "String", Pattern: `"(?:\\.|[^"\\\n])*"`},
	{Name: "BadString", Pattern: `"(?:\\.|[^"\\\n])*`},
	{Name: "Duration", Pattern: `(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|h|m|s))+\b`},
	{Name: "Float", Pattern: `[0-9]+(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)`},
	{Name: "Int", Pattern: `[0-9]+`},
	{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*`},
	{Name: "Punct", Pattern: `->|>>|[(){}\[\],:=.?\-]`},
	{Name: "Invalid", Pattern: `(?s:.)`},
})
