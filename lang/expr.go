package lang

import "time"

// Expr is an expression: a literal, a name, a call, or a `>>` chain.
//
// The parser makes a *Chain only of two or more operands; a lone operand
// stands for itself.
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
	Operands []Operand
}

// NameExpr is a reference to a name (`v`), a call (`hello(s = v)`), and
// either followed by attribute access (`r.status_code`, `t().o0`).
//
// A reference and a call both start with an identifier, so the grammar reads
// one production and Call tells them apart.
type NameExpr struct {
	span
	Name  *Ident
	Call  *ArgList
	Attrs []*Ident
}

// IsCall reports whether e calls its name.
func (e *NameExpr) IsCall() bool { return e.Call != nil }

// ArgList is the parenthesised keyword arguments of a call.
type ArgList struct {
	span
	Args []*Arg
}

// Arg is one keyword argument `name = value`.
type Arg struct {
	span
	Name  *Ident
	Value Expr
}

// StringLit is a quoted string "…" with escapes, or a triple-quoted
// multi-line string """…""" taken verbatim after removing its common
// indentation (see docs/language.md).
type StringLit struct {
	span
	Raw   string
	Value string // the decoded text, set by normalise
}

// RawRange returns the source range of s.Raw[i:j], the string as written:
// where a placeholder or an escape inside it is.
func (s *StringLit) RawRange(i, j int) Range {
	start := s.Pos.pos().advance(s.Raw[:i])
	return Range{Filename: s.Pos.filename(), Start: start, End: start.advance(s.Raw[i:j])}
}

// NumberLit is an int, a float or a duration, optionally negative.
type NumberLit struct {
	span
	Neg      bool
	Int      string
	Float    string
	Duration string

	// Set by normalise from the text above.
	IntValue      int64
	FloatValue    float64
	DurationValue time.Duration
}

// BoolLit is true or false.
type BoolLit struct {
	span
	Raw string
}

// Value is the literal's value.
func (b *BoolLit) Value() bool { return b.Raw == "true" }

// NullLit is null.
type NullLit struct {
	span
}

// ListLit is `[a, b, c]`.
type ListLit struct {
	span
	Elems []Expr
}

// DictLit is `{"key": value, ...}`; keys are strings.
type DictLit struct {
	span
	Entries []*DictEntry
}

// DictEntry is one `"key": value` of a DictLit.
type DictEntry struct {
	span
	Key   *StringLit
	Value Expr
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
