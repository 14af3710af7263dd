package lang

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// parser is built once; participle parsers are safe for concurrent use.
var parser = participle.MustBuild[File](
	participle.Lexer(lexerDef),
	participle.Union[Decl](&TaskDecl{}, &WorkflowDecl{}),
	participle.Union[Expr](&Chain{}),
	participle.Union[Operand](&StringLit{}, &NumberLit{}, &BoolLit{}, &NullLit{}, &ListLit{}, &DictLit{}, &NameExpr{}),
)

// Grammar returns the grammar in participle's EBNF, kept as a golden file so
// that every grammar change shows in review.
func Grammar() string { return parser.String() }

// Token types, looked up once.
var (
	symbols         = lexerDef.Symbols()
	tokComment      = symbols["Comment"]
	tokWhitespace   = symbols["Whitespace"]
	tokString       = symbols["String"]
	tokTripleString = symbols["TripleString"]
	tokBadString    = symbols["BadString"]
	tokBadTriple    = symbols["BadTripleString"]
	tokInvalid      = symbols["Invalid"]
	tokPunct        = symbols["Punct"]
	tokIdent        = symbols["Ident"]
	tokEOF          = lexer.EOF
)
