package core

// ComparisonExpression is flyteidl.core.ComparisonExpression.
type ComparisonExpression struct {
	Operator   ComparisonExpression_Operator `pb:"1,operator"`
	LeftValue  *Operand                      `pb:"2,leftValue"`
	RightValue *Operand                      `pb:"3,rightValue"`
}

func (x *ComparisonExpression) GetOperator() ComparisonExpression_Operator {
	if x != nil {
		return x.Operator
	}
	return ComparisonExpression_EQ
}

func (x *ComparisonExpression) GetLeftValue() *Operand {
	if x != nil {
		return x.LeftValue
	}
	return nil
}

func (x *ComparisonExpression) GetRightValue() *Operand {
	if x != nil {
		return x.RightValue
	}
	return nil
}

// ComparisonExpression_Operator is flyteidl.core.ComparisonExpression.Operator.
type ComparisonExpression_Operator int32

const (
	ComparisonExpression_EQ  ComparisonExpression_Operator = 0
	ComparisonExpression_NEQ ComparisonExpression_Operator = 1
	ComparisonExpression_GT  ComparisonExpression_Operator = 2
	ComparisonExpression_GTE ComparisonExpression_Operator = 3
	ComparisonExpression_LT  ComparisonExpression_Operator = 4
	ComparisonExpression_LTE ComparisonExpression_Operator = 5
)

var ComparisonExpression_Operator_name = map[int32]string{
	0: "EQ",
	1: "NEQ",
	2: "GT",
	3: "GTE",
	4: "LT",
	5: "LTE",
}

func (x ComparisonExpression_Operator) String() string {
	return ComparisonExpression_Operator_name[int32(x)]
}

// Operand is flyteidl.core.Operand.
type Operand struct {
	Val isOperand_Val `pb:"oneof"`
}

type isOperand_Val interface{ isOperand_Val() }

type (
	Operand_Primitive struct {
		Primitive *Primitive `pb:"1,primitive"`
	}
	Operand_Var struct {
		Var string `pb:"2,var"`
	}
	Operand_Scalar struct {
		Scalar *Scalar `pb:"3,scalar"`
	}
)

func (*Operand_Primitive) isOperand_Val() {}
func (*Operand_Var) isOperand_Val()       {}
func (*Operand_Scalar) isOperand_Val()    {}

func (x *Operand) GetVal() isOperand_Val {
	if x != nil {
		return x.Val
	}
	return nil
}

func (x *Operand) GetPrimitive() *Primitive {
	if v, ok := x.GetVal().(*Operand_Primitive); ok {
		return v.Primitive
	}
	return nil
}

func (x *Operand) GetVar() string {
	if v, ok := x.GetVal().(*Operand_Var); ok {
		return v.Var
	}
	return ""
}

func (x *Operand) GetScalar() *Scalar {
	if v, ok := x.GetVal().(*Operand_Scalar); ok {
		return v.Scalar
	}
	return nil
}

// BooleanExpression is flyteidl.core.BooleanExpression.
type BooleanExpression struct {
	Expr isBooleanExpression_Expr `pb:"oneof"`
}

type isBooleanExpression_Expr interface{ isBooleanExpression_Expr() }

type (
	BooleanExpression_Conjunction struct {
		Conjunction *ConjunctionExpression `pb:"1,conjunction"`
	}
	BooleanExpression_Comparison struct {
		Comparison *ComparisonExpression `pb:"2,comparison"`
	}
)

func (*BooleanExpression_Conjunction) isBooleanExpression_Expr() {}
func (*BooleanExpression_Comparison) isBooleanExpression_Expr()  {}

func (x *BooleanExpression) GetExpr() isBooleanExpression_Expr {
	if x != nil {
		return x.Expr
	}
	return nil
}

func (x *BooleanExpression) GetConjunction() *ConjunctionExpression {
	if v, ok := x.GetExpr().(*BooleanExpression_Conjunction); ok {
		return v.Conjunction
	}
	return nil
}

func (x *BooleanExpression) GetComparison() *ComparisonExpression {
	if v, ok := x.GetExpr().(*BooleanExpression_Comparison); ok {
		return v.Comparison
	}
	return nil
}

// ConjunctionExpression is flyteidl.core.ConjunctionExpression.
type ConjunctionExpression struct {
	Operator        ConjunctionExpression_LogicalOperator `pb:"1,operator"`
	LeftExpression  *BooleanExpression                    `pb:"2,leftExpression"`
	RightExpression *BooleanExpression                    `pb:"3,rightExpression"`
}

func (x *ConjunctionExpression) GetOperator() ConjunctionExpression_LogicalOperator {
	if x != nil {
		return x.Operator
	}
	return ConjunctionExpression_AND
}

func (x *ConjunctionExpression) GetLeftExpression() *BooleanExpression {
	if x != nil {
		return x.LeftExpression
	}
	return nil
}

func (x *ConjunctionExpression) GetRightExpression() *BooleanExpression {
	if x != nil {
		return x.RightExpression
	}
	return nil
}

// ConjunctionExpression_LogicalOperator is
// flyteidl.core.ConjunctionExpression.LogicalOperator.
type ConjunctionExpression_LogicalOperator int32

const (
	ConjunctionExpression_AND ConjunctionExpression_LogicalOperator = 0
	ConjunctionExpression_OR  ConjunctionExpression_LogicalOperator = 1
)

var ConjunctionExpression_LogicalOperator_name = map[int32]string{
	0: "AND",
	1: "OR",
}

func (x ConjunctionExpression_LogicalOperator) String() string {
	return ConjunctionExpression_LogicalOperator_name[int32(x)]
}
