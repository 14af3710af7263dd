package lang

import "time"

// Expr is an expression: a literal, a name, a call, or a `>>` chain.
//
// The grammar reads every expression as a *Chain; normalise replaces a chain
// of one operand with the operand itself, so a *Chain in a parsed AST always
// has two or more operands.
type Expr interface {
	Node
	expr()
}

// Operand is an expression that may stand in a `>>` chain.
type Operand interface {
	Expr
	operand()
}

// Chain is `a >> b >> c`: each operand runs after the one before it.
type Chain struct {
	span
	Operands []Operand `parser:"@@ (\">>\" @@)*"`
}

// NameExpr is a reference to a name (`v`), a call (`hello(s = v)`), and
// either followed by attribute access (`r.status_code`, `t().o0`).
//
// A reference and a call both start with an identifier, so the grammar reads
// one production and Call tells them apart.
type NameExpr struct {
	span
	Name  *Ident   `parser:"@@"`
	Call  *ArgList `parser:"@@?"`
	Attrs []*Ident `parser:"(\".\" @@)*"`
}

// IsCall reports whether e calls its name.
func (e *NameExpr) IsCall() bool { return e.Call != nil }

// ArgList is the parenthesised keyword arguments of a call.
type ArgList struct {
	span
	Args []*Arg `parser:"\"(\" (@@ (\",\" @@)* \",\"?)? \")\""`
}

// Arg is one keyword argument `name = value`.
type Arg struct {
	span
	Name  *Ident `parser:"@@ \"=\""`
	Value Expr   `parser:"@@"`
}

// StringLit is a quoted string "…" with escapes, or a triple-quoted
// multi-line string """…""" taken verbatim after removing its common
// indentation (see docs/language.md).
type StringLit struct {
	span
	Raw   string `parser:"@(String | TripleString)"`
	Value string `parser:""` // the decoded text, set by normalise
}

// NumberLit is an int, a float or a duration, optionally negative.
type NumberLit struct {
	span
	Neg      bool   `parser:"@\"-\"?"`
	Int      string `parser:"( @Int"`
	Float    string `parser:"| @Float"`
	Duration string `parser:"| @Duration )"`

	// Set by normalise from the text above.
	IntValue      int64         `parser:""`
	FloatValue    float64       `parser:""`
	DurationValue time.Duration `parser:""`
}

// BoolLit is true or false.
type BoolLit struct {
	span
	Raw string `parser:"@(\"true\" | \"false\")"`
}

// Value is the literal's value.
func (b *BoolLit) Value() bool { return b.Raw == "true" }

// NullLit is null.
type NullLit struct {
	span
	Null bool `parser:"@\"null\""`
}

// ListLit is `[a, b, c]`.
type ListLit struct {
	span
	Elems []Expr `parser:"\"[\" (@@ (\",\" @@)* \",\"?)? \"]\""`
}

// DictLit is `{"key": value, ...}`; keys are strings.
type DictLit struct {
	span
	Entries []*DictEntry `parser:"\"{\" (@@ (\",\" @@)* \",\"?)? \"}\""`
}

// DictEntry is one `"key": value` of a DictLit.
type DictEntry struct {
	span
	Key   *StringLit `parser:"@@"`
	Value Expr       `parser:"\":\" @@"`
}

func (*Chain) expr()     {}
func (*NameExpr) expr()  {}
func (*StringLit) expr() {}
func (*NumberLit) expr() {}
func (*BoolLit) expr()   {}
func (*NullLit) expr()   {}
func (*ListLit) expr()   {}
func (*DictLit) expr()   {}

func (*NameExpr) operand()  {}
func (*StringLit) operand() {}
func (*NumberLit) operand() {}
func (*BoolLit) operand()   {}
func (*NullLit) operand()   {}
func (*ListLit) operand()   {}
func (*DictLit) operand()   {}
