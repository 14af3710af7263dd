package lang

import "github.com/alecthomas/participle/v2"

// parser is built once; participle parsers are safe for concurrent use.
var parser = participle.MustBuild[File](
	participle.Lexer(lexerDef),
	participle.Union[Decl](&TaskDecl{}, &WorkflowDecl{}),
	participle.ParseTypeWith(parseExpr),
)

// Grammar returns the grammar in participle's EBNF, kept as a golden file so
// that every grammar change shows in review.
func Grammar() string { return parser.String() + "\n" + exprGrammar }
