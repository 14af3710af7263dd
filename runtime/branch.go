package runtime

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// A conditional evaluates its conditions in order, as flytepropeller's
// branch handler does, and runs only the call of the first case that holds
// (or of the else). The other cases' calls are recorded as skipped, with
// the reason. The conditional's results are its chosen call's; an else
// that fails fails the node with its message. A workflow or launch plan
// called in a branch runs as a nested run (nested.go).

// runBranch runs conditional node i.
func (r *run) runBranch(i int, first time.Time) int32 {
	node := r.wf.Nodes[i]
	spec := node.Branch
	vals := make(map[string]any, len(node.Inputs))
	for _, b := range node.Inputs {
		v, err := r.resolve(b.Value)
		if err != nil {
			return r.finishNode(i, stFailed, vals, nil, nil, newNodeError(node, 0, Permanent(fmt.Errorf("input %s: %v", b.Var, err))), first)
		}
		vals[b.Var] = v
	}
	var chosen *compiler.BranchCase
	var skipped []*compiler.BranchCase
	var reasons []string
	for _, c := range spec.Cases {
		if chosen != nil {
			skipped, reasons = append(skipped, c), append(reasons, "condition "+chosen.Cond.Text+" was true")
			continue
		}
		holds, err := evalCond(c.Cond, vals)
		if err != nil {
			return r.finishNode(i, stFailed, vals, nil, nil, newNodeError(node, 0, Permanent(err)), first)
		}
		if holds {
			chosen = c
			continue
		}
		skipped, reasons = append(skipped, c), append(reasons, "condition "+c.Cond.Text+" was false")
	}
	if chosen == nil {
		chosen = spec.Else
	} else {
		skipped, reasons = append(skipped, spec.Else), append(reasons, "condition "+chosen.Cond.Text+" was true")
	}
	for k, c := range skipped {
		if c.Then != nil {
			r.writeNode(c.Then, stSkipped, nil, nil, nil, "", reasons[k], nil)
			r.emit(Event{Kind: NodeSkipped, Node: c.Then, Reason: reasons[k]})
		}
	}
	if chosen.Then == nil {
		return r.finishNode(i, stFailed, vals, nil, nil, newNodeError(node, 0, Permanent(errors.New(chosen.Fail))), first)
	}
	m := chosen.Then
	if m.Workflow != nil {
		_, st, outs, err := r.runNested(m)
		return r.finishNode(i, st, vals, outs, nil, err, first)
	}
	inputs, err := r.resolveInputs(m)
	if err != nil {
		return r.finishNode(i, stFailed, vals, nil, nil, newNodeError(m, 0, r.redact.Error(err)), first)
	}
	st, outs, _, err := r.runSub(m, r.caseIndex[m], inputs, first)
	return r.finishNode(i, st, vals, outs, nil, err, first)
}

// evalCond evaluates a condition over the branch's input values.
func evalCond(c *compiler.Cond, vals map[string]any) (bool, error) {
	if c.Left != nil {
		l, err := evalCond(c.Left, vals)
		if err != nil {
			return false, err
		}
		// Both sides are evaluated, as propeller does; neither has effects.
		r, err := evalCond(c.Right, vals)
		if err != nil {
			return false, err
		}
		if c.Op == "and" {
			return l && r, nil
		}
		return l || r, nil
	}
	l, r := operandValue(c.L, vals), operandValue(c.R, vals)
	cmp, err := compareValues(l, r)
	if err != nil {
		return false, fmt.Errorf("condition %s: %v", c.Text, err)
	}
	switch c.Op {
	case "==":
		return cmp == 0, nil
	case "!=":
		return cmp != 0, nil
	case "<":
		return cmp < 0, nil
	case "<=":
		return cmp <= 0, nil
	case ">":
		return cmp > 0, nil
	case ">=":
		return cmp >= 0, nil
	}
	return false, fmt.Errorf("condition %s: unknown operator %s", c.Text, c.Op)
}

func operandValue(o *compiler.Operand, vals map[string]any) any {
	if o.Var != "" {
		return vals[o.Var]
	}
	return o.Literal
}

// compareValues orders two values of one primitive type: -1, 0 or 1.
// Bools are only equal or not (the checker allows only == and != on
// them).
func compareValues(a, b any) (int, error) {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmpOrdered(x, y), nil
		}
	case float64:
		if y, ok := b.(float64); ok {
			return cmpOrdered(x, y), nil
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), nil
		}
	case bool:
		if y, ok := b.(bool); ok {
			if x == y {
				return 0, nil
			}
			return 1, nil
		}
	case time.Duration:
		if y, ok := b.(time.Duration); ok {
			return cmpOrdered(x, y), nil
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), nil
		}
	}
	return 0, fmt.Errorf("cannot compare %v (%T) with %v (%T)", a, a, b, b)
}

func cmpOrdered[T int64 | float64 | time.Duration](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
