package lang

import "github.com/alecthomas/participle/v2/lexer"

// The declarations of the AST double as the participle grammar: each
// struct's tags are its production. Productions that need more than one
// token of lookahead are written in an LL(1) shape and normalised after
// parsing; the comments say where. Expressions and workflow bodies are
// parsed by hand (exprparse.go), so their structs carry no tags.

// Node is implemented by every AST node; RangeOf returns its source range.
type Node interface {
	nodeSpan() *span
}

// span is embedded in every node to carry its start and end. participle
// fills in Pos and EndPos by name, converting its lexer.Position to their
// type (tokenPos has the same layout for that reason); the hand-written
// parsers set them from tokens. Outside this package a node's positions
// are read with RangeOf, as a Range of lang's Pos.
type span struct {
	Pos    tokenPos
	EndPos tokenPos
}

func (s *span) nodeSpan() *span { return s }

// set sets the span from token positions.
func (s *span) set(start, end lexer.Position) { s.Pos, s.EndPos = tokenPos(start), tokenPos(end) }

// tokenPos is a position as the lexer reports it, file name included.
type tokenPos lexer.Position

func (p tokenPos) pos() Pos { return Pos{Offset: p.Offset, Line: p.Line, Column: p.Column} }

// RangeOf returns the source range of n.
func RangeOf(n Node) Range {
	s := n.nodeSpan()
	return Range{Filename: s.Pos.Filename, Start: s.Pos.pos(), End: s.EndPos.pos()}
}

// File is one parsed source file.
type File struct {
	span
	Imports []*Import `parser:"@@*"`
	Decls   []Decl    `parser:"@@*"`

	Name     string     // the file name as given to Parse
	Source   []byte     // the file's text, for rendering diagnostics
	Comments []*Comment // every comment, in source order, for tools (wfc fmt)
}

// Comment is one `# …` comment, running to the end of its line.
type Comment struct {
	span
	Text string // as written, from "#" to the end of the line
}

// Import is `import "path.wf"` at the top of a file.
type Import struct {
	span
	Quoted string `parser:"\"import\" @String"` // as written, quotes included
	Path   string // the path inside the quotes, relative to the importing file
}

// Decl is a top-level declaration: *TaskDecl, *WorkflowDecl or
// *LaunchPlanDecl.
type Decl interface {
	Node
	decl()
	DeclName() *Ident
}

// TaskDecl declares a task of one of the kinds "task" (shell), "echo" or
// "webhook".
//
//	task hello(s: str) -> str { shell = "printf 'Hello %s' {inputs.s}" }
//	webhook notify(msg: str) { url = "…" data = {"text": "{inputs.msg}"} }
//	echo pass(x: int)
type TaskDecl struct {
	span
	Doc     string
	Kind    string      `parser:"@(\"task\" | \"echo\" | \"webhook\")"`
	Name    *Ident      `parser:"@@"`
	Params  *ParamList  `parser:"@@?"`
	Results *ResultList `parser:"(\"->\" @@)?"`
	Body    *FieldBlock `parser:"@@?"`
}

// WorkflowDecl declares a workflow.
//
//	workflow wf(s: str) -> (dict, dict) { v = hello(s = s) return a(), b(x = v) }
type WorkflowDecl struct {
	span
	Doc     string
	Name    *Ident      `parser:"\"workflow\" @@"`
	Params  *ParamList  `parser:"@@?"`
	Results *ResultList `parser:"(\"->\" @@)?"`
	With    *FieldBlock `parser:"(\"with\" @@)?"`
	Body    *Block      `parser:"@@"`
	Stmts   []*Stmt     // the body's statements, parsed by normalise
}

// LaunchPlanDecl declares a launch plan of a workflow.
//
//	launchplan nightly = report { fixed = {regions = ["eu"]} schedule = "0 3 * * *" }
type LaunchPlanDecl struct {
	span
	Doc      string
	Name     *Ident       `parser:"\"launchplan\" @@"`
	Workflow *Ident       `parser:"\"=\" @@"`
	Fields   []*PlanField `parser:"\"{\" (@@ \",\"?)* \"}\""`
}

// PlanField is one setting of a launch plan: a field block keyed by input
// names (fixed, defaults) or a value.
type PlanField struct {
	span
	Name   *Ident      `parser:"@@ \"=\""`
	Inputs *FieldBlock `parser:"( @@"`
	Value  Expr        `parser:"| @@ )"`
}

func (*TaskDecl) decl()       {}
func (*WorkflowDecl) decl()   {}
func (*LaunchPlanDecl) decl() {}

// DeclName returns the declared name.
func (d *TaskDecl) DeclName() *Ident       { return d.Name }
func (d *WorkflowDecl) DeclName() *Ident   { return d.Name }
func (d *LaunchPlanDecl) DeclName() *Ident { return d.Name }

// Ident is a name with its position.
type Ident struct {
	span
	Name string `parser:"@Ident"`
}

// ParamList is a parenthesised list of typed parameters.
type ParamList struct {
	span
	Params []*Param `parser:"\"(\" (@@ (\",\" @@)* \",\"?)? \")\""`
}

// Param is `name: type` or `name: type = default`.
type Param struct {
	span
	Name    *Ident    `parser:"@@"`
	Type    *TypeExpr `parser:"\":\" @@"`
	Default Expr      `parser:"(\"=\" @@)?"`
}

// ResultList is what follows "->": one type, or a parenthesised list of
// results, each optionally named.
type ResultList struct {
	span
	Paren   bool      `parser:"( @\"(\""`
	Results []*Result `parser:"  (@@ (\",\" @@)* \",\"?)? \")\""`
	Single  *TypeExpr `parser:"| @@ )"`
}

// Result is one declared output: `type` or `name: type`.
//
// The grammar reads "a: b" as a type followed by ":" and a second type, since
// a name and a type both start with an identifier; normalise moves a lone
// first type into Name.
type Result struct {
	span
	Name *Ident
	Type *TypeExpr `parser:"@@"`
	Also *TypeExpr `parser:"(\":\" @@)?"`
}

// TypeExpr is a written type: `str`, `list[int]`, `map[str, dict]`, `int?`,
// or a blob type with a format annotation, `file["csv"]`.
type TypeExpr struct {
	span
	Name     *Ident      `parser:"@@"`
	Format   *StringLit  `parser:"( \"[\" ( @@"`
	Args     []*TypeExpr `parser:"      | @@ (\",\" @@)* ) \"]\")?"`
	Optional bool        `parser:"@\"?\"?"`
}

// FieldBlock is the body of a task: `{ name = value ... }`.
type FieldBlock struct {
	span
	Fields []*Field `parser:"\"{\" (@@ \",\"?)* \"}\""`
}

// Field is `name = value` inside a task body, or `name = { … }`: a block
// of settings keyed by name, as in `requests = {cpu = "500m"}`. Exactly
// one of Value and Block is set.
//
// A block and a dict both open with "{"; parseExpr declines a "{" followed
// by `name =`, so the grammar tries a block only then.
type Field struct {
	span
	Name  *Ident      `parser:"@@ \"=\""`
	Value Expr        `parser:"( @@"`
	Block *FieldBlock `parser:"| @@ )"`
}

// Block stands for a workflow body in the token stream participle sees:
// the whole `{ … }` is one Block token, parsed by parseBody (exprparse.go).
type Block struct {
	span
	Open string `parser:"@Block"`
}

// Stmt is one workflow statement: a return, an assignment `a, b = call(...)`,
// or an expression evaluated for its effect (a call, or `a >> b`).
//
// Assignments and expressions both start with an expression, so the grammar
// reads a list of expressions and an optional "= value"; the checker insists
// that assignment targets are plain names.
type Stmt struct {
	span
	Return *ReturnStmt
	Exprs  []Expr
	Value  Expr
}

// IsAssign reports whether s is an assignment.
func (s *Stmt) IsAssign() bool { return s.Return == nil && s.Value != nil }

// ReturnStmt is `return a, b, ...`.
type ReturnStmt struct {
	span
	Values []Expr
}
