package lang

import "github.com/alecthomas/participle/v2/lexer"

// The AST doubles as the participle grammar: each struct's tags are its
// production. Pos and EndPos are filled in by participle (EndPos is then
// narrowed to the end of the node's last token by fixEnds), and Range turns
// them into a Range. Productions that need more than one token of lookahead
// are written in an LL(1) shape and normalised after parsing; the comments
// say where.

// Node is implemented by every AST node.
type Node interface {
	Span() (start, end lexer.Position)
}

// span is embedded in every node to carry its positions.
type span struct {
	Pos    lexer.Position
	EndPos lexer.Position
}

// Span returns the node's start and end positions.
func (s *span) Span() (lexer.Position, lexer.Position) { return s.Pos, s.EndPos }

// RangeOf returns the source range of n.
func RangeOf(n Node) Range {
	start, end := n.Span()
	return Range{
		Filename: start.Filename,
		Start:    Pos{Offset: start.Offset, Line: start.Line, Column: start.Column},
		End:      Pos{Offset: end.Offset, Line: end.Line, Column: end.Column},
	}
}

// File is one parsed source file.
type File struct {
	span
	Decls []Decl `parser:"@@*"`

	Name   string `parser:""` // the file name as given to Parse
	Source []byte `parser:""` // the file's text, for rendering diagnostics
}

// Decl is a top-level declaration: *TaskDecl or *WorkflowDecl.
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
	Doc     string      `parser:""`
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
	Doc     string      `parser:""`
	Name    *Ident      `parser:"\"workflow\" @@"`
	Params  *ParamList  `parser:"@@?"`
	Results *ResultList `parser:"(\"->\" @@)?"`
	Body    *Block      `parser:"@@"`
	Stmts   []*Stmt     `parser:""` // the body's statements, parsed by normalise
}

func (*TaskDecl) decl()     {}
func (*WorkflowDecl) decl() {}

// DeclName returns the declared name.
func (d *TaskDecl) DeclName() *Ident     { return d.Name }
func (d *WorkflowDecl) DeclName() *Ident { return d.Name }

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
	Name *Ident    `parser:""`
	Type *TypeExpr `parser:"@@"`
	Also *TypeExpr `parser:"(\":\" @@)?"`
}

// TypeExpr is a written type: `str`, `list[int]`, `map[str, dict]`, `int?`.
type TypeExpr struct {
	span
	Name     *Ident      `parser:"@@"`
	Args     []*TypeExpr `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
	Optional bool        `parser:"@\"?\"?"`
}

// FieldBlock is the body of a task: `{ name = value ... }`.
type FieldBlock struct {
	span
	Fields []*Field `parser:"\"{\" @@* \"}\""`
}

// Field is `name = value` inside a task body.
type Field struct {
	span
	Name  *Ident `parser:"@@ \"=\""`
	Value Expr   `parser:"@@"`
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
	Return *ReturnStmt `parser:"  @@"`
	Exprs  []Expr      `parser:"| @@ (\",\" @@)*"`
	Value  Expr        `parser:"  (\"=\" @@)?"`
}

// IsAssign reports whether s is an assignment.
func (s *Stmt) IsAssign() bool { return s.Return == nil && s.Value != nil }

// ReturnStmt is `return a, b, ...`.
type ReturnStmt struct {
	span
	Values []Expr `parser:"\"return\" (@@ (\",\" @@)*)?"`
}
