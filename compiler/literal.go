package compiler

import (
	"errors"

	"github.com/wfc-lang/wfc/lang"
)

// literal evaluates a constant expression against the type it must have
// (want; nil means infer it). It reports what is wrong and returns ok=false.
// An int literal may stand for a float, and a string for a datetime
// (RFC 3339), since a literal has no other way to write those.
func (c *checker) literal(e lang.Expr, want *Type) (v Value, t *Type, ok bool) {
	return c.literalFor(e, want, slot{})
}

// slot names what a value is for, in messages: "argument `s` of `hello`",
// "field `url`". It is kept in parts and worded only when a message needs
// it: checking a workflow of 100,000 calls builds none.
type slot struct {
	kind  string // "argument", "field", "result", "the default of"; "" for none
	name  string
	owner string // the callee of an argument, the workflow of a result
}

func (s slot) String() string {
	switch s.kind {
	case "":
		return ""
	case "argument":
		return "argument `" + s.name + "` of `" + s.owner + "`"
	case "result":
		return "result " + s.name + " of workflow `" + s.owner + "`"
	}
	return s.kind + " `" + s.name + "`"
}

// literalFor is literal naming the slot the value is for in messages.
func (c *checker) literalFor(e lang.Expr, want *Type, what slot) (v Value, t *Type, ok bool) {
	v, t, ok = c.inferLiteral(e, want)
	if !ok {
		return nil, nil, false
	}
	if want != nil && !t.AssignableTo(want) {
		c.typeMismatch(e, t, want, what)
		return nil, nil, false
	}
	if want != nil {
		t = want
	}
	return v, t, true
}

func (c *checker) inferLiteral(e lang.Expr, want *Type) (Value, *Type, bool) {
	base := want
	if base != nil && base.Kind == KindOptional {
		base = base.Elem
	}
	switch e := e.(type) {
	case *lang.StringLit:
		if base != nil && base.Kind == KindDatetime {
			tm, err := ParseDatetime(e.Value)
			if errors.Is(err, errTimestampRange) {
				c.diags.Errorf(lang.RangeOf(e), "%v", err).Hint = "a datetime's instant in UTC must fall within years 1 to 9999"
				return nil, nil, false
			}
			if err != nil {
				c.diags.Errorf(lang.RangeOf(e), "invalid datetime %q", e.Value).Hint =
					`write datetimes in RFC 3339, as in "2024-05-01T12:00:00Z"`
				return nil, nil, false
			}
			return tm, Datetime, true
		}
		return e.Value, Str, true
	case *lang.NumberLit:
		switch {
		case e.Int != "":
			if base != nil && base.Kind == KindFloat {
				return float64(e.IntValue), Float, true
			}
			return e.IntValue, Int, true
		case e.Float != "":
			return e.FloatValue, Float, true
		default:
			return e.DurationValue, Duration, true
		}
	case *lang.BoolLit:
		return e.Value(), Bool, true
	case *lang.NullLit:
		return nil, None, true
	case *lang.ListLit:
		var elemWant *Type
		if base != nil && base.Kind == KindList {
			elemWant = base.Elem
		}
		out := make([]any, 0, len(e.Elems))
		var elemType *Type
		for _, x := range e.Elems {
			v, t, ok := c.literal(x, elemWant)
			if !ok {
				return nil, nil, false
			}
			if elemType == nil {
				elemType = t
			} else if !elemType.Equal(t) {
				if elemWant == nil {
					c.diags.Errorf(lang.RangeOf(x), "list elements must all have one type: this is %s, the first is %s", t, elemType)
					return nil, nil, false
				}
			}
			out = append(out, v)
		}
		if elemWant != nil {
			elemType = elemWant
		}
		if elemType == nil {
			elemType = Any
		}
		return out, ListOf(elemType), true
	case *lang.DictLit:
		out := make(map[string]any, len(e.Entries))
		var valWant *Type
		if base != nil && base.Kind == KindMap {
			valWant = base.Elem
		}
		seen := map[string]*lang.DictEntry{}
		for _, en := range e.Entries {
			if prev, dup := seen[en.Key.Value]; dup {
				c.diags.Errorf(lang.RangeOf(en.Key), "duplicate key %q in dict (first at %s)", en.Key.Value, lang.RangeOf(prev.Key).Start)
				return nil, nil, false
			}
			seen[en.Key.Value] = en
			v, _, ok := c.literal(en.Value, valWant)
			if !ok {
				return nil, nil, false
			}
			out[en.Key.Value] = v
		}
		if valWant != nil {
			return out, base, true
		}
		return out, Dict, true
	case *lang.Chain:
		c.diags.Errorf(lang.RangeOf(e), "a `>>` chain orders calls; it has no value")
	case *lang.NameExpr:
		if e.IsCall() {
			c.diags.Errorf(lang.RangeOf(e), "a call is not a constant: here only literal values are allowed")
		} else {
			c.diags.Errorf(lang.RangeOf(e), "`%s` is not a constant: here only literal values are allowed", e.Name.Name)
		}
	}
	return nil, nil, false
}

// typeMismatch reports that e has type got where want is needed; what names
// the slot ("argument `s` of `hello`") when known.
func (c *checker) typeMismatch(e lang.Node, got, want *Type, s slot) {
	what := s.String()
	if what == "" {
		c.diags.Errorf(lang.RangeOf(e), "type mismatch: expected %s, got %s", want, got)
		return
	}
	d := c.diags.Errorf(lang.RangeOf(e), "type mismatch: %s expects %s, got %s", what, want, got)
	if got.Kind == KindInt && want.Kind == KindFloat {
		d.Hint = "Flyte does not convert int to float; declare the value a float"
	}
}
