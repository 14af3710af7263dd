package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

// InputError is one problem with the inputs given to a workflow.
type InputError struct {
	Input string
	Msg   string
	Hint  string // "did you mean …?", when there is a close name
}

func (e *InputError) Error() string {
	s := "input " + e.Input + ": " + e.Msg
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// ParseInputs builds a workflow's inputs from the command line: jsonDoc is
// the text of an --inputs file (a JSON object; nil for none) and pairs are
// the -i name=value arguments, which override the file. Values from pairs
// are text read by the declared type (compiler.ParseValue); values from the
// file are JSON decoded by it. The result is checked with PrepareInputs.
// Every problem is reported, joined into one error of *InputError.
func ParseInputs(wf *compiler.Workflow, pairs []string, jsonDoc []byte) (map[string]any, error) {
	given := map[string]any{}
	var errs []error
	if jsonDoc != nil {
		var obj map[string]json.RawMessage
		dec := json.NewDecoder(bytes.NewReader(jsonDoc))
		if err := dec.Decode(&obj); err != nil {
			return nil, fmt.Errorf("inputs file: want a JSON object of input values: %v", err)
		}
		for _, name := range slices.Sorted(maps.Keys(obj)) {
			p := param(wf.Inputs, name)
			if p == nil {
				errs = append(errs, unknownInput(wf, name))
				continue
			}
			v, err := compiler.DecodeJSON(obj[name], p.Type)
			if err != nil {
				errs = append(errs, &InputError{Input: name, Msg: fmt.Sprintf("want %s: %v", p.Type, err)})
				continue
			}
			given[name] = v
		}
	}
	for _, pair := range pairs {
		name, text, ok := strings.Cut(pair, "=")
		if !ok || name == "" {
			errs = append(errs, fmt.Errorf("-i %s: want name=value", pair))
			continue
		}
		p := param(wf.Inputs, name)
		if p == nil {
			errs = append(errs, unknownInput(wf, name))
			continue
		}
		v, err := compiler.ParseValue(text, p.Type)
		if err != nil {
			errs = append(errs, &InputError{Input: name, Msg: fmt.Sprintf("want %s: %v", p.Type, err)})
			continue
		}
		given[name] = v
	}
	for _, name := range slices.Sorted(maps.Keys(given)) {
		p := param(wf.Inputs, name)
		v, err := mapBlobs(given[name], p.Type, localPath)
		if err != nil {
			errs = append(errs, &InputError{Input: name, Msg: err.Error()})
			continue
		}
		given[name] = v
	}
	if len(errs) > 0 {
		// Still report missing inputs alongside the bad ones.
		for _, p := range wf.Inputs {
			if _, ok := given[p.Name]; !ok && !p.HasDefault && !mentioned(errs, p.Name) && p.Type.Kind != compiler.KindOptional {
				errs = append(errs, missingInput(p))
			}
		}
		return nil, errors.Join(errs...)
	}
	return PrepareInputs(wf, given)
}

// localPath checks that path (relative to the working directory) names an
// existing file or directory, as t asks, and returns it absolute.
func localPath(path string, t *compiler.Type) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("want %s: %s does not exist", t, path)
		}
		return "", fmt.Errorf("want %s: %v", t, err)
	}
	switch {
	case t.Kind == compiler.KindDir && !fi.IsDir():
		return "", fmt.Errorf("want %s: %s is not a directory", t, path)
	case t.Kind == compiler.KindFile && !fi.Mode().IsRegular():
		return "", fmt.Errorf("want %s: %s is not a regular file", t, path)
	}
	return abs, nil
}

// PrepareInputs checks given against the workflow's inputs: unknown names
// (with a did-you-mean), missing inputs and values of the wrong type are
// all reported. Defaults fill inputs not given; an optional input without
// a default is null. The returned map is new; given is not modified.
func PrepareInputs(wf *compiler.Workflow, given map[string]any) (map[string]any, error) {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(given)) {
		if param(wf.Inputs, name) == nil {
			errs = append(errs, unknownInput(wf, name))
		}
	}
	out := make(map[string]any, len(wf.Inputs))
	for _, p := range wf.Inputs {
		v, ok := given[p.Name]
		switch {
		case ok:
			w, err := compiler.ConformValue(v, p.Type)
			if err != nil {
				errs = append(errs, &InputError{Input: p.Name, Msg: fmt.Sprintf("want %s: %v", p.Type, err)})
				continue
			}
			out[p.Name] = w
		case p.HasDefault:
			out[p.Name] = p.Default
		case p.Type.Kind == compiler.KindOptional:
			out[p.Name] = nil
		default:
			errs = append(errs, missingInput(p))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func missingInput(p *compiler.Param) error {
	return &InputError{Input: p.Name, Msg: fmt.Sprintf("missing (%s); give it with -i %s=VALUE", p.Type, p.Name)}
}

func unknownInput(wf *compiler.Workflow, name string) error {
	e := &InputError{Input: name, Msg: "workflow " + wf.Name + " has no such input"}
	var names []string
	for _, p := range wf.Inputs {
		names = append(names, p.Name)
	}
	if s := lang.Suggest(name, names); s != "" {
		e.Hint = "did you mean " + s + "?"
	} else if len(names) == 0 {
		e.Hint = "it takes no inputs"
	} else {
		e.Hint = "inputs: " + strings.Join(names, ", ")
	}
	return e
}

func mentioned(errs []error, name string) bool {
	for _, err := range errs {
		var ie *InputError
		if errors.As(err, &ie) && ie.Input == name {
			return true
		}
	}
	return false
}

func param(ps []*compiler.Param, name string) *compiler.Param {
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	return nil
}
