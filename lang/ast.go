package lang

// The AST, built by the parsers (declparse.go, exprparse.go); their
// grammar is in testdata/golden/grammar.ebnf.

// Node is implemented by every AST node; RangeOf returns its source range.
type Node interface {
	nodeSpan() *span
}

// span is embedded in every node to carry its start and end, which the
// parsers set from tokens. Outside this package a node's positions are
// read with RangeOf, as a Range of lang's Pos.
type span struct {
	Pos    tokenPos
	EndPos tokenPos
}

func (s *span) nodeSpan() *span { return s }

// set sets the span from token positions.
func (s *span) set(start, end tokenPos) { s.Pos, s.EndPos = start, end }

// RangeOf returns the source range of n.
func RangeOf(n Node) Range {
	s := n.nodeSpan()
	return Range{Filename: s.Pos.filename(), Start: s.Pos.pos(), End: s.EndPos.pos()}
}

// File is one parsed source file.
type File struct {
	span
	Imports []*Import
	Decls   []Decl

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
	Quoted string // as written, quotes included
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
	Kind    string
	Name    *Ident
	Params  *ParamList
	Results *ResultList
	Body    *FieldBlock
}

// WorkflowDecl declares a workflow.
//
//	workflow wf(s: str) -> (dict, dict) { v = hello(s = s) return a(), b(x = v) }
type WorkflowDecl struct {
	span
	Doc     string
	Name    *Ident
	Params  *ParamList
	Results *ResultList
	With    *FieldBlock
	Body    *Block
	Stmts   []*Stmt // the body's statements
}

// LaunchPlanDecl declares a launch plan of a workflow.
//
//	launchplan nightly = report { fixed = {regions = ["eu"]} schedule = "0 3 * * *" }
type LaunchPlanDecl struct {
	span
	Doc      string
	Name     *Ident
	Workflow *Ident
	Fields   []*PlanField
}

// PlanField is one setting of a launch plan: a field block keyed by input
// names (fixed, defaults) or a value.
type PlanField struct {
	span
	Name   *Ident
	Inputs *FieldBlock
	Value  Expr
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
	Name string
}

// ParamList is a parenthesised list of typed parameters.
type ParamList struct {
	span
	Params []*Param
}

// Param is `name: type` or `name: type = default`.
type Param struct {
	span
	Name    *Ident
	Type    *TypeExpr
	Default Expr
}

// ResultList is what follows "->": one type, or a parenthesised list of
// results, each optionally named.
type ResultList struct {
	span
	Paren   bool
	Results []*Result
	Single  *TypeExpr
}

// Result is one declared output: `type` or `name: type`.
type Result struct {
	span
	Name *Ident // nil when the result is not named
	Type *TypeExpr
}

// TypeExpr is a written type: `str`, `list[int]`, `map[str, dict]`, `int?`,
// or a blob type with a format annotation, `file["csv"]`.
type TypeExpr struct {
	span
	Name     *Ident
	Format   *StringLit
	Args     []*TypeExpr
	Optional bool
}

// FieldBlock is the body of a task: `{ name = value ... }`.
type FieldBlock struct {
	span
	Fields []*Field
}

// Field is `name = value` inside a task body, or `name = { … }`: a block
// of settings keyed by name, as in `requests = {cpu = "500m"}`. Exactly
// one of Value and Block is set.
//
// A block and a dict both open with "{"; a "{" followed by `name =` opens a
// block.
type Field struct {
	span
	Name  *Ident
	Value Expr
	Block *FieldBlock
}

// Block is the braces of a workflow's body, whose statements are the
// WorkflowDecl's Stmts.
type Block struct {
	span
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
