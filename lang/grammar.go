package lang

import (
	"sync"

	"github.com/alecthomas/participle/v2"
)

// parser returns the declaration parser, built once; participle parsers
// are safe for concurrent use.
//
// Building it takes participle most of a millisecond (it reflects over the
// AST's types and their grammar tags), the largest single part of starting
// wfc. The package's init starts the build on another goroutine, so it
// overlaps the packages initialised after this one and the start of main;
// the first Parse waits for it if it is not done (or builds it, if that
// goroutine has not run yet).
var parser = sync.OnceValue(func() *participle.Parser[File] {
	return participle.MustBuild[File](
		participle.Lexer(lexerDef),
		participle.Union[Decl](&TaskDecl{}, &WorkflowDecl{}, &LaunchPlanDecl{}),
		participle.ParseTypeWith(parseExpr),
	)
})

func init() { go parser() }
