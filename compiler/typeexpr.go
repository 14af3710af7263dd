package compiler

import (
	"sort"
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// typeNames are the names a type may start with, for "did you mean" hints.
var typeNames = func() []string {
	names := []string{"list", "map", "file", "dir"}
	for n := range SimpleTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}()

// resolveType turns a written type into a Type, reporting unknown names and
// wrong arity. It returns nil after reporting an error.
func (c *checker) resolveType(te *lang.TypeExpr) *Type {
	t := c.resolveBaseType(te)
	if t != nil && te.Optional {
		t = OptionalOf(t)
	}
	return t
}

func (c *checker) resolveBaseType(te *lang.TypeExpr) *Type {
	name := te.Name.Name
	r := lang.RangeOf(te)
	if te.Format != nil && name != "file" && name != "dir" {
		c.diags.Errorf(lang.RangeOf(te.Format), "only file and dir take a format, as in file[\"csv\"]")
		return nil
	}
	switch name {
	case "file", "dir":
		t := &Type{Kind: KindFile}
		if name == "dir" {
			t.Kind = KindDir
		}
		if len(te.Args) > 0 {
			c.diags.Errorf(r, "%s takes a format string, as in %s[\"csv\"], not a type", name, name)
			return nil
		}
		if te.Format != nil {
			// flytekit strips a leading dot: FlyteFile[".csv"] is "csv".
			t.Format = strings.TrimPrefix(te.Format.Value, ".")
			if t.Format == "" || strings.ContainsAny(t.Format, "\"[]\n") {
				c.diags.Errorf(lang.RangeOf(te.Format), "invalid format %q", te.Format.Value).Hint = `a format is a word such as "csv"`
				return nil
			}
		}
		return t
	case "list":
		if len(te.Args) != 1 {
			c.diags.Errorf(r, "list takes one type argument, as in list[int]")
			return nil
		}
		if elem := c.resolveType(te.Args[0]); elem != nil {
			return ListOf(elem)
		}
		return nil
	case "map":
		if len(te.Args) != 2 {
			c.diags.Errorf(r, "map takes a key and a value type, as in map[str, int]")
			return nil
		}
		if key := c.resolveType(te.Args[0]); key != nil && key.Kind != KindString {
			c.diags.Errorf(lang.RangeOf(te.Args[0]), "map keys must be str, not %s", key).Detail =
				"Flyte maps are keyed by strings."
			return nil
		}
		if elem := c.resolveType(te.Args[1]); elem != nil {
			return MapOf(elem)
		}
		return nil
	}
	t, ok := SimpleTypes[name]
	if !ok {
		d := c.diags.Errorf(lang.RangeOf(te.Name), "unknown type `%s`", name)
		d.Hint = hint(name, typeNames)
		if d.Hint == "" {
			d.Hint = "the types are str, int, float, bool, datetime, duration, dict, file, dir, list[T], map[str, T] and T?"
		}
		return nil
	}
	if len(te.Args) > 0 {
		c.diags.Errorf(r, "%s takes no type arguments", name)
		return nil
	}
	return t
}

// hint formats a "did you mean" suggestion, or "" when nothing is close.
func hint(name string, candidates []string) string {
	if s := lang.Suggest(name, candidates); s != "" {
		return "did you mean `" + s + "`?"
	}
	return ""
}
