package lang

// Inspect calls f for n and, while f returns true, for each node inside n in
// source order.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	switch n := n.(type) {
	case *File:
		for _, d := range n.Decls {
			Inspect(d, f)
		}
	case *TaskDecl:
		Inspect(n.Name, f)
		inspectOpt(n.Params, f)
		inspectOpt(n.Results, f)
		inspectOpt(n.Body, f)
	case *WorkflowDecl:
		Inspect(n.Name, f)
		inspectOpt(n.Params, f)
		inspectOpt(n.Results, f)
		inspectOpt(n.With, f)
		for _, s := range n.Stmts {
			Inspect(s, f)
		}
	case *LaunchPlanDecl:
		Inspect(n.Name, f)
		Inspect(n.Workflow, f)
		for _, fl := range n.Fields {
			Inspect(fl, f)
		}
	case *PlanField:
		Inspect(n.Name, f)
		inspectOpt(n.Inputs, f)
		if n.Value != nil {
			Inspect(n.Value, f)
		}
	case *ParamList:
		for _, p := range n.Params {
			Inspect(p, f)
		}
	case *Param:
		Inspect(n.Name, f)
		Inspect(n.Type, f)
		if n.Default != nil {
			Inspect(n.Default, f)
		}
	case *ResultList:
		inspectOpt(n.Single, f)
		for _, r := range n.Results {
			Inspect(r, f)
		}
	case *Result:
		inspectOpt(n.Name, f)
		Inspect(n.Type, f)
	case *TypeExpr:
		Inspect(n.Name, f)
		inspectOpt(n.Format, f)
		for _, a := range n.Args {
			Inspect(a, f)
		}
	case *FieldBlock:
		for _, fl := range n.Fields {
			Inspect(fl, f)
		}
	case *Field:
		Inspect(n.Name, f)
		if n.Block != nil {
			Inspect(n.Block, f)
		} else {
			Inspect(n.Value, f)
		}
	case *Stmt:
		if n.Return != nil {
			Inspect(n.Return, f)
			return
		}
		for _, e := range n.Exprs {
			Inspect(e, f)
		}
		if n.Value != nil {
			Inspect(n.Value, f)
		}
	case *ReturnStmt:
		for _, e := range n.Values {
			Inspect(e, f)
		}
	case *Chain:
		for _, op := range n.Operands {
			Inspect(op, f)
		}
	case *NameExpr:
		Inspect(n.Name, f)
		if n.Call != nil {
			Inspect(n.Call, f)
		}
		for _, a := range n.Attrs {
			Inspect(a, f)
		}
	case *ArgList:
		for _, a := range n.Args {
			Inspect(a, f)
		}
	case *Arg:
		Inspect(n.Name, f)
		Inspect(n.Value, f)
	case *ListLit:
		for _, e := range n.Elems {
			Inspect(e, f)
		}
	case *DictLit:
		for _, e := range n.Entries {
			Inspect(e, f)
		}
	case *IfExpr:
		Inspect(n.Cond, f)
		Inspect(n.Then, f)
		if n.Else != nil {
			Inspect(n.Else, f)
		}
	case *FailExpr:
		Inspect(n.Message, f)
	case *Comparison:
		Inspect(n.Left, f)
		Inspect(n.Right, f)
	case *Logical:
		Inspect(n.Left, f)
		Inspect(n.Right, f)
	case *MapExpr:
		Inspect(n.Body, f)
		for _, v := range n.Vars {
			Inspect(v, f)
		}
		for _, l := range n.Lists {
			Inspect(l, f)
		}
		inspectOpt(n.With, f)
	case *DictEntry:
		Inspect(n.Key, f)
		Inspect(n.Value, f)
	}
}

// inspectOpt inspects an optional child, skipping typed nil pointers.
func inspectOpt[T interface {
	Node
	comparable
}](n T, f func(Node) bool) {
	var zero T
	if n != zero {
		Inspect(n, f)
	}
}
