package report

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// Options shape a report.
type Options struct {
	// Out is where the report will be written; links to log files are
	// made relative to its folder. Empty: the run's folder.
	Out string
}

// New builds the report data of the run recorded in rec.
func New(rec *runtime.RunRecord, opts Options) *Data {
	b := &builder{rec: rec, opts: opts, byID: map[string]int{}, records: map[string]*runtime.NodeRecord{}}
	b.logged = runtime.LoggedNodes(rec.Dir)
	out := opts.Out
	if out == "" {
		out = filepath.Join(rec.Dir, DefaultName)
	}
	if dir, err := filepath.Abs(filepath.Dir(out)); err == nil {
		b.outDir = dir
	}
	for i := range rec.NodeRecords {
		n := &rec.NodeRecords[i]
		b.records[n.Node] = n
	}
	b.start = rec.Header.Started
	b.data.Run = b.runInfo()
	var wf *compiler.Workflow // as the run ran it: subworkflows inlined
	declared, err := workflowOf(rec.Dir, rec.Header.Workflow)
	if err == nil {
		wf = compiler.Inline(declared)
		if len(wf.Nodes) != rec.Header.Nodes || wf.DAG == nil {
			err = fmt.Errorf("the recorded program has %d nodes, the run %d", len(wf.Nodes), rec.Header.Nodes)
		}
	}
	if err != nil {
		b.note("The DAG's edges are not shown: %v. Nodes are placed in call order.", err)
		wf, declared = nil, nil
	}
	if rec.Torn > 0 {
		b.note("%d unreadable journal line(s) were skipped.", rec.Torn)
	}
	switch rec.Status {
	case runtime.StatusRunning:
		b.note("The run is in progress: this is its state when the report was written.")
	case runtime.StatusIncomplete:
		b.note("The run did not end (its process died): nodes without a record had not finished.")
	}
	b.build(wf, declared)
	return &b.data
}

type builder struct {
	rec     *runtime.RunRecord
	opts    Options
	start   time.Time
	data    Data
	records map[string]*runtime.NodeRecord
	byID    map[string]int // row index by id, while rows are collected
	rows    []*Row
	budget  int             // bytes of text per row for its values, error and log
	logged  map[string]bool // the nodes whose log the record keeps
	outDir  string          // the report's folder, absolute; "" when unknown
}

func (b *builder) note(format string, args ...any) {
	b.data.Notes = append(b.data.Notes, fmt.Sprintf(format, args...))
}

func (b *builder) ms(t time.Time) float64 {
	return roundMs(t.Sub(b.start))
}

// roundMs is d in milliseconds to a tenth.
func roundMs(d time.Duration) float64 {
	return float64(d.Round(100*time.Microsecond)/(100*time.Microsecond)) / 10
}

func (b *builder) runInfo() Run {
	h := b.rec.Header
	r := Run{
		ID: h.ID, Workflow: h.Workflow, File: h.File, Record: b.rec.Dir,
		Status: string(b.rec.Status), Started: h.Started.UTC().Format(time.RFC3339Nano),
		Inputs: excerpt(jsonText(h.Inputs), maxRunText), ResumedFrom: h.ResumedFrom,
		MaxParallel: h.MaxParallel, KeepGoing: h.KeepGoing,
	}
	if e := b.rec.End; e != nil {
		r.Ended = e.Ended.UTC().Format(time.RFC3339Nano)
		r.Outputs = excerpt(jsonText(e.Outputs), maxRunText)
		r.Error = excerpt(e.Error, maxRunText)
		r.Summary, _ = json.Marshal(e.Summary)
		r.Span = b.ms(e.Ended)
	}
	return r
}

// maxRunText bounds the run's inputs, outputs and error in the report.
const maxRunText = 16 << 10

// Per row, a budget that shrinks as rows grow in number, so that a run of
// 10,000 calls stays a few MB: the inputs, outputs, error, reason and log
// are each cut to a quarter of it, a webhook's attempts to the whole of it
// (webhookOf); `wfc show RUN NODE` has everything.
const (
	allRowsText = 6 << 20
	minRowText  = 512
	maxRowText  = 16 << 10
	logLines    = 8
	logLineText = 240
)

// build collects the rows — the nodes of wf (the workflow as it ran,
// subworkflows inlined), its failure handler, then every other recorded
// node, under its parent — orders them as a tree and fills them in. The
// groups standing for inlined calls are named from declared, the
// workflow as written.
func (b *builder) build(wf, declared *compiler.Workflow) {
	if wf != nil {
		for _, n := range wf.Nodes {
			b.addNode(n)
		}
		if fn := wf.OnFailure; fn != nil && b.records[fn.ID] != nil {
			b.addNode(fn)
		}
	}
	for i := range b.rec.NodeRecords {
		n := &b.rec.NodeRecords[i]
		if _, ok := b.byID[n.Node]; !ok {
			b.add(&Row{ID: n.Node, Label: n.Task})
		}
	}
	groups := map[string]string{}
	if declared != nil {
		describeGroups(declared, "", groups)
	}
	for _, r := range b.rows {
		if isSub(r.ID) {
			b.parentOf(r.ID, groups)
		}
	}
	order := b.treeOrder()
	b.budget = min(max(allRowsText/max(len(order), 1), minRowText), maxRowText)
	rows := make([]Row, len(order))
	at := make(map[string]int, len(order))
	for k, i := range order {
		at[b.rows[i].ID] = k
	}
	for k, i := range order {
		r := b.rows[i]
		r.Parent = -1
		if p, ok := at[parentID(r.ID)]; ok && isSub(r.ID) {
			r.Parent = p
			r.Depth = rows[p].Depth + 1
		}
		b.fill(r)
		rows[k] = *r
	}
	b.data.Rows = rows
	b.narrowRunning(wf, at)
	b.aggregate()
	b.times(wf, at)
	b.data.Graph = b.graph(wf, at)
	b.data.Totals = map[string]int{}
	for _, r := range rows {
		if r.Kind != "group" {
			b.data.Totals[r.State]++
		}
	}
	if b.data.Run.Span == 0 {
		for _, r := range rows {
			for _, a := range r.Attempts {
				b.data.Run.Span = max(b.data.Run.Span, a.End)
			}
		}
	}
}

func (b *builder) add(r *Row) {
	b.byID[r.ID] = len(b.rows)
	b.rows = append(b.rows, r)
}

func (b *builder) addNode(n *compiler.Node) {
	r := &Row{ID: n.ID, Label: n.Label(), Name: n.Name, Kind: "task"}
	switch {
	case n.ID == compiler.FailureNodeID:
		r.Kind = "failure"
	case n.Map != nil:
		r.Kind = "map"
	case n.Branch != nil:
		r.Kind = "branch"
	case n.Plan != nil:
		r.Kind, r.Label = "workflow", "launch plan "+n.Plan.Name
	case n.Workflow != nil:
		r.Kind, r.Label = "workflow", "workflow "+n.Workflow.Name
	}
	if n.Range.IsValid() {
		r.Pos = n.Range.String()
	}
	b.add(r)
}

// isSub reports whether id names a node inside another: a dash in it.
func isSub(id string) bool { return strings.Contains(id, "-") }

func parentID(id string) string {
	if i := strings.LastIndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return ""
}

// parentOf makes sure the row of id's parent exists, adding a group row
// — an inlined subworkflow call, or a nested run in a conditional, which
// the record has no line of — where none does.
func (b *builder) parentOf(id string, groups map[string]string) {
	p := parentID(id)
	if p == "" {
		return
	}
	if _, ok := b.byID[p]; ok {
		return
	}
	label := groups[p]
	if label == "" {
		label = "nested nodes"
	}
	b.add(&Row{ID: p, Label: label, Kind: "group"})
	if isSub(p) {
		b.parentOf(p, groups)
	}
}

// describeGroups names the calls of workflows in wf, by the id prefix
// their nodes carry once inlined or run nested: "workflow NAME".
func describeGroups(wf *compiler.Workflow, prefix string, out map[string]string) {
	for _, n := range wf.Nodes {
		calls := []*compiler.Node{n}
		if n.Branch != nil {
			calls = n.Branch.Calls()
		}
		for _, c := range calls {
			if c.Workflow == nil {
				continue
			}
			id := c.ID
			if !strings.HasPrefix(id, prefix) {
				id = prefix + id
			}
			if c.Plan != nil {
				out[id] = "launch plan " + c.Plan.Name
			} else {
				out[id] = "workflow " + c.Workflow.Name
			}
			describeGroups(c.Workflow, id+"-", out)
		}
	}
}

// treeOrder returns the rows depth first, siblings in the order
// runtime.CompareNodeIDs gives (n2 before n10, the failure handler last).
func (b *builder) treeOrder() []int {
	children := map[string][]int{}
	var top []int
	for i, r := range b.rows {
		if isSub(r.ID) {
			p := parentID(r.ID)
			children[p] = append(children[p], i)
		} else {
			top = append(top, i)
		}
	}
	less := func(x, y int) int { return runtime.CompareNodeIDs(b.rows[x].ID, b.rows[y].ID) }
	var order []int
	var walk func([]int)
	walk = func(ids []int) {
		slices.SortStableFunc(ids, less)
		for _, i := range ids {
			order = append(order, i)
			walk(children[b.rows[i].ID])
		}
	}
	walk(top)
	return order
}

// fill sets what a row shows from its node's record.
func (b *builder) fill(r *Row) {
	rec := b.records[r.ID]
	if rec == nil {
		if r.Kind != "group" {
			r.State = b.unrecordedState()
		}
		return
	}
	if r.Kind == "" { // a node the DAG does not have
		switch {
		case !isSub(r.ID): // the DAG could not be rebuilt
			r.Kind = "task"
		case isNumber(r.ID[strings.LastIndexByte(r.ID, '-')+1:]):
			r.Kind = "item"
		default:
			r.Kind = "call"
		}
	}
	if r.Label == "" {
		r.Label = rec.Task
	}
	if r.Name == "" {
		r.Name = rec.Name
	}
	if rec.Pos != "" {
		r.Pos = rec.Pos
	}
	r.State = string(rec.Status)
	if c := rec.CachedFrom; c != nil {
		if c.Run == b.rec.Header.ResumedFrom {
			r.State = stateReused
		}
		r.From = "run " + c.Run + ", node " + c.Node
	}
	share := b.budget / 4
	r.Inputs = excerpt(jsonText(rec.Inputs), share)
	r.Outputs = excerpt(jsonText(rec.Outputs), share)
	r.Error = excerpt(rec.Error, share)
	r.Reason = excerpt(rec.Reason, share)
	for _, a := range rec.Attempts {
		r.Attempts = append(r.Attempts, Attempt{Start: b.ms(a.Start), End: b.ms(a.End), Error: excerpt(firstLine(a.Error), logLineText)})
	}
	if k := len(rec.Attempts); k > 0 {
		r.Log = tail(rec.Attempts[k-1].Log, share)
	}
	if b.logged[r.ID] {
		r.LogPath = runtime.LogPath(b.rec.Dir, r.ID)
		r.LogHref = b.href(r.LogPath)
	}
	r.Webhook = webhookOf(rec, b.budget)
}

// webhookOf returns a webhook node's request and response summaries for
// the page: a JSON array with an object per attempt that sent a request,
// {"attempt": N, "http": EXCHANGE}, EXCHANGE as the run record keeps it
// (runtime.HTTPExchange); the page's detail panel shows them (webhook in
// report.js). The record keeps up to 150 KiB an attempt; here the url,
// each body excerpt, header value and error are cut to a quarter of the
// row's budget, and when the attempts together are still over the budget
// every attempt's header lines go (counted as omitted), so that a run of many webhook calls keeps
// within the report's size.
func webhookOf(rec *runtime.NodeRecord, budget int) json.RawMessage {
	type exchange struct {
		Attempt int                  `json:"attempt"`
		HTTP    runtime.HTTPExchange `json:"http"`
	}
	share := budget / 4
	var xs []exchange
	for _, a := range rec.Attempts {
		if a.HTTP == nil {
			continue
		}
		x := *a.HTTP
		x.Request.URL = excerpt(x.Request.URL, share)
		x.Request.Headers = cutHeaders(x.Request.Headers, share)
		x.Request.Body.Excerpt = excerpt(x.Request.Body.Excerpt, share)
		x.Error = excerpt(x.Error, share)
		if r := x.Response; r != nil {
			cp := *r
			cp.Headers = cutHeaders(r.Headers, share)
			if r.Body != nil {
				body := *r.Body
				body.Excerpt = excerpt(body.Excerpt, share)
				cp.Body = &body
			}
			x.Response = &cp
		}
		xs = append(xs, exchange{Attempt: a.Attempt, HTTP: x})
	}
	if len(xs) == 0 {
		return nil
	}
	b, err := json.Marshal(xs)
	if err == nil && len(b) > budget {
		for k := range xs {
			x := &xs[k].HTTP
			x.Request.HeadersOmitted += len(x.Request.Headers)
			x.Request.Headers = nil
			if r := x.Response; r != nil {
				r.HeadersOmitted += len(r.Headers)
				r.Headers = nil
			}
		}
		b, err = json.Marshal(xs)
	}
	if err != nil {
		return nil
	}
	return b
}

// cutHeaders returns a copy of hs with each name and value cut to max
// bytes.
func cutHeaders(hs []runtime.HTTPHeader, max int) []runtime.HTTPHeader {
	if hs == nil {
		return nil
	}
	out := make([]runtime.HTTPHeader, len(hs))
	for i, h := range hs {
		out[i] = runtime.HTTPHeader{Name: excerpt(h.Name, max), Value: excerpt(h.Value, max)}
	}
	return out
}

// unrecordedState is the state of a node the record has no line of: not
// started, or — while the run is in progress — perhaps running, which
// narrowRunning narrows to the nodes whose upstream nodes are all done.
func (b *builder) unrecordedState() string {
	if b.rec.Status == runtime.StatusRunning {
		return stateRunning
	}
	return stateNotStarted
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil && s != ""
}

// href is path relative to the report's folder, with forward slashes.
func (b *builder) href(path string) string {
	to, err := filepath.Abs(path)
	if err != nil || b.outDir == "" {
		return ""
	}
	rel, err := filepath.Rel(b.outDir, to)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

// narrowRunning keeps "running" for the nodes of a run in progress that
// could be running: those whose upstream nodes all finished well. The
// others are waiting: not started.
func (b *builder) narrowRunning(wf *compiler.Workflow, at map[string]int) {
	if wf == nil || b.rec.Status != runtime.StatusRunning {
		return
	}
	rows := b.data.Rows
	for _, i := range wf.DAG.Order() {
		k, ok := at[wf.Nodes[i].ID]
		if !ok || rows[k].State != stateRunning {
			continue
		}
		for _, u := range wf.DAG.Upstream(int(i)) {
			if s := rows[at[wf.Nodes[u].ID]].State; s != stateSucceeded && s != stateCached && s != stateReused {
				rows[k].State = stateNotStarted
				break
			}
		}
	}
}

// aggregate gives each row its children's count, their states and the
// span of their attempts, and a group the state its nodes add up to.
// Children follow their parent, so one pass from the end sees every row
// after all of its children.
func (b *builder) aggregate() {
	rows := b.data.Rows
	for k := len(rows) - 1; k >= 0; k-- {
		r := &rows[k]
		if r.Kind == "group" {
			r.State = groupState(r.Items)
		}
		span := r.Span
		if len(r.Attempts) > 0 {
			span = &[2]float64{r.Attempts[0].Start, r.Attempts[len(r.Attempts)-1].End}
		}
		if r.Parent < 0 {
			continue
		}
		p := &rows[r.Parent]
		p.Children++
		if p.Items == nil {
			p.Items = map[string]int{}
		}
		p.Items[r.State]++
		if span != nil {
			if p.Span == nil {
				p.Span = &[2]float64{span[0], span[1]}
			} else {
				p.Span[0], p.Span[1] = min(p.Span[0], span[0]), max(p.Span[1], span[1])
			}
		}
	}
	for k := range rows {
		if len(rows[k].Attempts) > 0 {
			rows[k].Span = nil // the attempts say it
		}
	}
}

// groupState is the state of nodes together: failed if one failed, else
// running, cancelled, then done if all are done well.
func groupState(items map[string]int) string {
	for _, s := range []string{stateFailed, stateRunning, stateCancelled} {
		if items[s] > 0 {
			return s
		}
	}
	total := 0
	for _, c := range items {
		total += c
	}
	switch {
	case items[stateSkipped] == total && total > 0:
		return stateSkipped
	case items[stateNotStarted] == total:
		return stateNotStarted
	case items[stateCached] == total:
		return stateCached
	case items[stateReused] == total:
		return stateReused
	}
	return stateSucceeded
}

// times sets when each row that made no attempt became ready: a DAG node
// when its last upstream node ended, a node inside another when its DAG
// node did. The record keeps no time for a cache hit, and a hit takes
// none, so the timeline marks it there.
func (b *builder) times(wf *compiler.Workflow, at map[string]int) {
	rows := b.data.Rows
	end := func(r *Row) float64 {
		switch {
		case len(r.Attempts) > 0:
			return r.Attempts[len(r.Attempts)-1].End
		case r.Span != nil:
			return r.Span[1]
		case r.Ready != nil:
			return *r.Ready
		}
		return 0
	}
	ready := make([]float64, len(rows))
	if wf != nil {
		for _, i := range wf.DAG.Order() {
			k := at[wf.Nodes[i].ID]
			for _, u := range wf.DAG.Upstream(int(i)) {
				ready[k] = max(ready[k], end(&rows[at[wf.Nodes[u].ID]]))
			}
			b.markReady(&rows[k], ready[k])
		}
	}
	for k := range rows {
		r := &rows[k]
		if r.Parent >= 0 {
			ready[k] = ready[r.Parent]
			if r.Span != nil {
				ready[k] = r.Span[0]
			}
			if p := &rows[r.Parent]; p.Span != nil {
				ready[k] = max(ready[k], p.Span[0])
			}
			b.markReady(r, ready[k])
		}
	}
}

func (b *builder) markReady(r *Row, t float64) {
	if len(r.Attempts) == 0 && r.Span == nil && r.Kind != "group" && r.State != stateSkipped && r.State != stateNotStarted {
		r.Ready = &t
	}
}

// graph lays out the DAG picture: the workflow's nodes and the failure
// handler, or, when the DAG could not be rebuilt, the top rows in a grid.
func (b *builder) graph(wf *compiler.Workflow, at map[string]int) Graph {
	g := Graph{BoxW: boxW, BoxH: boxH, Nodes: []int{}, Edges: []int{}, Bends: []int{}}
	var boxes []int
	var pic picture
	if wf != nil {
		for _, n := range wf.Nodes {
			boxes = append(boxes, at[n.ID])
		}
		extra := 0
		if fn := wf.OnFailure; fn != nil {
			if k, ok := at[fn.ID]; ok {
				boxes, extra = append(boxes, k), 1
			}
		}
		pic = layout(wf.DAG, extra)
		for i := range wf.Nodes {
			for _, u := range wf.DAG.Upstream(i) {
				if bends := pic.bends[len(g.Edges)/2]; len(bends) > 0 {
					g.Bends = append(g.Bends, len(g.Edges)/2, len(bends))
					for _, xy := range bends {
						g.Bends = append(g.Bends, xy[0], xy[1])
					}
				}
				g.Edges = append(g.Edges, int(u), i)
			}
		}
	} else {
		for k, r := range b.data.Rows {
			if r.Parent < 0 && r.Kind != "group" {
				boxes = append(boxes, k)
			}
		}
		pic = gridLayout(len(boxes))
	}
	g.Width, g.Height = pic.width, pic.height
	xy := pic.xy
	for i, k := range boxes {
		g.Nodes = append(g.Nodes, k, xy[i][0], xy[i][1])
	}
	return g
}
