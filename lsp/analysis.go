package lsp

import (
	"cmp"
	"path/filepath"
	"slices"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/compiler/flyte"
	"github.com/wfc-lang/wfc/lang"
)

// analysis is the program rooted at one open document, loaded, parsed and
// checked as `wfc check` does, with an index of its names.
type analysis struct {
	root    string
	sources map[string][]byte     // every file read, by name
	tried   map[string]bool       // every file it tried to read, found or not
	files   map[string]*lang.File // every file parsed, by name
	prog    *compiler.Program     // nil unless every file parsed; holds what checked
	diags   lang.Diagnostics      // parse, check and Flyte diagnostics, sorted
	unread  []error               // the root could not be read
	parseOK map[string]bool       // the files that parsed without error
	parsed  []*lang.File          // every file, imports first
	index   *index                // built when first asked for: publishing diagnostics needs none
	lineIdx map[string]*lineIndex
	// nodeAt finds a workflow's node by where its call starts, built
	// when first asked for.
	nodeAt map[string]map[int]*compiler.Node
}

// analyse loads the program rooted at the file at root, reading files with
// read (open buffers first, then disk), and checks it.
func analyse(root string, read func(string) ([]byte, error)) *analysis {
	tried := map[string]bool{}
	lp := lang.LoadFrom([]string{root}, func(name string) ([]byte, error) {
		tried[filepath.Clean(name)] = true
		return read(name)
	})
	a := &analysis{root: root, sources: lp.Sources, tried: tried, files: map[string]*lang.File{}, diags: lp.Diags, unread: lp.Unread, lineIdx: map[string]*lineIndex{}}
	a.parseOK = map[string]bool{}
	for _, f := range lp.Files {
		a.files[f.Name] = f
		a.parseOK[f.Name] = true
	}
	for _, d := range lp.Diags {
		delete(a.parseOK, d.Range.Filename)
	}
	if len(lp.Unread) == 0 && !lp.Diags.HasErrors() {
		prog, diags := compiler.Check(lp.Files)
		a.prog = prog
		a.diags.Append(diags)
		if !diags.HasErrors() {
			a.diags.Append(flyte.Rejections(prog))
		}
		a.diags.Sort()
	}
	a.parsed = lp.Files
	return a
}

// names returns the index of the program's names.
func (a *analysis) names() *index {
	if a.index == nil {
		a.index = buildIndex(a.parsed)
	}
	return a.index
}

// node returns the node of the checked workflow named wf whose call
// starts at offset, or nil.
func (a *analysis) node(wf string, r lang.Range) *compiler.Node {
	if a.prog == nil {
		return nil
	}
	if a.nodeAt == nil {
		a.nodeAt = map[string]map[int]*compiler.Node{}
	}
	nodes, ok := a.nodeAt[wf]
	if !ok {
		nodes = map[int]*compiler.Node{}
		if w := a.prog.Workflow(wf); w != nil {
			for _, n := range w.Nodes {
				if n.Range.Filename == r.Filename {
					nodes[n.Range.Start.Offset] = n
				}
			}
		}
		a.nodeAt[wf] = nodes
	}
	return nodes[r.Start.Offset]
}

// reads reports whether the analysis read, or tried to read, the file at
// path: a change there changes the analysis, even an import that was
// missing and now exists.
func (a *analysis) reads(path string) bool { return a.tried[path] }

// lines returns the line index of a file the analysis read.
func (a *analysis) lines(path string) *lineIndex {
	if x, ok := a.lineIdx[path]; ok {
		return x
	}
	x := newLineIndex(a.sources[path])
	a.lineIdx[path] = x
	return x
}

// protocolRange converts a lang range to the protocol's.
func (a *analysis) protocolRange(r lang.Range) protocol.Range {
	return a.lines(r.Filename).rangeOf(r.Start.Offset, r.End.Offset)
}

func (a *analysis) location(r lang.Range) protocol.Location {
	return protocol.Location{URI: uriOf(r.Filename), Range: a.protocolRange(r)}
}

func sortBy[T any, K cmp.Ordered](s []T, key func(T) K) {
	slices.SortStableFunc(s, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
}
