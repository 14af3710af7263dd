package compiler

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/wfc-lang/wfc/lang"
)

// Check resolves and type-checks parsed files as one program and builds its
// IR. It collects every error it can find rather than stopping at the first;
// the program is complete only when the diagnostics hold no error. Warnings
// (unused results) do not stop compilation.
func Check(files []*lang.File) (*Program, lang.Diagnostics) {
	c := &checker{
		prog:      &Program{},
		decls:     map[string]lang.Decl{},
		tasks:     map[string]*Task{},
		workflows: map[string]*Workflow{},
		plans:     map[string]*LaunchPlan{},
	}
	for _, f := range files {
		c.prog.Files = append(c.prog.Files, f.Name)
	}
	c.collect(files)
	for _, f := range files {
		for _, d := range f.Decls {
			if td, ok := d.(*lang.TaskDecl); ok && c.decls[td.Name.Name] == d {
				if t := c.task(td); t != nil {
					c.prog.Tasks = append(c.prog.Tasks, t)
					c.tasks[t.Name] = t
				}
			}
		}
	}
	var wfDecls []*lang.WorkflowDecl
	for _, f := range files {
		for _, d := range f.Decls {
			if wd, ok := d.(*lang.WorkflowDecl); ok && c.decls[wd.Name.Name] == d {
				wfDecls = append(wfDecls, wd)
			}
		}
	}
	// Callees are checked first so that a call finds their IR; the
	// program lists workflows in declaration order.
	for _, wd := range c.workflowOrder(wfDecls) {
		if w := c.workflow(wd); w != nil {
			c.workflows[w.Name] = w
		}
	}
	for _, wd := range wfDecls {
		if w := c.workflows[wd.Name.Name]; w != nil {
			c.prog.Workflows = append(c.prog.Workflows, w)
		}
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if ld, ok := d.(*lang.LaunchPlanDecl); ok && c.decls[ld.Name.Name] == d {
				if lp := c.plan(ld); lp != nil {
					c.prog.LaunchPlans = append(c.prog.LaunchPlans, lp)
				}
			}
		}
	}
	c.prog.Calls = NewCallGraph(c.prog)
	c.diags.Sort()
	if len(c.diags) == 0 {
		return c.prog, nil
	}
	return c.prog, c.diags
}

// checker holds the state of one Check.
type checker struct {
	prog  *Program
	decls map[string]lang.Decl // every top-level name, first declaration wins
	tasks map[string]*Task     // tasks that checked without error
	// workflows that checked without error, callees before callers
	workflows map[string]*Workflow
	// plans holds the launch plans checked so far (nil: with errors); a
	// plan is checked when first called or after the workflows.
	plans map[string]*LaunchPlan
	diags lang.Diagnostics
}

// errorsSince reports whether an error was reported after the diagnostics
// list had length mark.
func (c *checker) errorsSince(mark int) bool {
	return c.diags[mark:].HasErrors()
}

// collect records every declaration's name, reporting duplicates.
func (c *checker) collect(files []*lang.File) {
	for _, f := range files {
		for _, d := range f.Decls {
			name := d.DeclName()
			if prev, dup := c.decls[name.Name]; dup {
				dd := d
				d := c.diags.Errorf(lang.RangeOf(name), "`%s` is declared twice", name.Name)
				d.Detail = "The first declaration is at " + lang.RangeOf(prev.DeclName()).String() + "."
				if isPlanAndWorkflow(prev, dd) {
					d.Detail += " A workflow's default launch plan has the workflow's name, so no other launch plan may take it."
				}
				continue
			}
			if isReserved(name.Name) {
				c.keywordError(name, "a declaration")
			}
			c.decls[name.Name] = d
		}
	}
}

func isReserved(name string) bool { return lang.Keywords[name] }

// keywordError reports a keyword used as a name; programs written before
// the control-flow keywords existed are told why their name stopped working.
func (c *checker) keywordError(id *lang.Ident, what string) {
	d := c.diags.Errorf(lang.RangeOf(id), "`%s` is a keyword and cannot name %s", id.Name, what)
	if lang.IsControlKeyword(id.Name) {
		d.Detail = "`if else and or for in with fail zip` are keywords of maps, conditionals and `with` settings."
		d.Hint = fmt.Sprintf("rename it, for example to %s_", id.Name)
	}
}

// declNames lists declared names for hints.
func (c *checker) declNames() []string {
	names := make([]string, 0, len(c.decls))
	for n := range c.decls {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// params checks a parameter list: names unique, types known, defaults
// constant and of the parameter's type.
func (c *checker) params(pl *lang.ParamList, what string) ([]*Param, bool) {
	if pl == nil {
		return nil, true
	}
	ok := true
	seen := map[string]*lang.Param{}
	out := make([]*Param, 0, len(pl.Params))
	for _, p := range pl.Params {
		if prev, dup := seen[p.Name.Name]; dup {
			c.diags.Errorf(lang.RangeOf(p.Name), "duplicate parameter `%s` of %s (first at %s)", p.Name.Name, what, lang.RangeOf(prev.Name).Start)
			ok = false
			continue
		}
		seen[p.Name.Name] = p
		if isReserved(p.Name.Name) {
			c.keywordError(p.Name, "a parameter")
			ok = false
		}
		t := c.resolveType(p.Type)
		if t == nil {
			ok = false
			continue
		}
		param := &Param{Name: p.Name.Name, Type: t, Range: lang.RangeOf(p)}
		if p.Default != nil && t.HasBlob() {
			c.diags.Errorf(lang.RangeOf(p.Default), "input %s of type %s cannot have a default", p.Name.Name, t).Hint =
				"a file or directory comes from a task or from the command line (-i name=./path)"
			ok = false
			continue
		}
		if p.Default != nil {
			v, _, good := c.literalFor(p.Default, t, slot{kind: "the default of", name: p.Name.Name})
			if !good {
				ok = false
				continue
			}
			param.Default, param.HasDefault = v, true
		}
		out = append(out, param)
	}
	return out, ok
}

// results checks a result list: either every result is named or none is;
// unnamed results are called o0, o1, … as Flyte names them.
func (c *checker) results(rl *lang.ResultList) ([]*Param, bool) {
	if rl == nil {
		return nil, true
	}
	if rl.Single != nil {
		t := c.resolveType(rl.Single)
		if t == nil {
			return nil, false
		}
		return []*Param{{Name: "o0", Type: t, Range: lang.RangeOf(rl.Single)}}, true
	}
	ok := true
	named := 0
	for _, r := range rl.Results {
		if r.Name != nil {
			named++
		}
	}
	if named != 0 && named != len(rl.Results) {
		c.diags.Errorf(lang.RangeOf(rl), "name every result or none of them")
		ok = false
	}
	seen := map[string]bool{}
	out := make([]*Param, 0, len(rl.Results))
	for i, r := range rl.Results {
		t := c.resolveType(r.Type)
		if t == nil {
			ok = false
			continue
		}
		name := "o" + strconv.Itoa(i)
		if r.Name != nil {
			name = r.Name.Name
			if seen[name] {
				c.diags.Errorf(lang.RangeOf(r.Name), "duplicate result name `%s`", name)
				ok = false
			}
			seen[name] = true
		}
		out = append(out, &Param{Name: name, Type: t, Range: lang.RangeOf(r)})
	}
	return out, ok
}

func isPlanAndWorkflow(a, b lang.Decl) bool {
	_, aw := a.(*lang.WorkflowDecl)
	_, bw := b.(*lang.WorkflowDecl)
	_, ap := a.(*lang.LaunchPlanDecl)
	_, bp := b.(*lang.LaunchPlanDecl)
	return aw && bp || ap && bw
}

// plan checks launch plan d once, when first needed.
func (c *checker) plan(d *lang.LaunchPlanDecl) *LaunchPlan {
	if lp, done := c.plans[d.Name.Name]; done {
		return lp
	}
	lp := c.launchPlan(d)
	c.plans[d.Name.Name] = lp
	return lp
}
