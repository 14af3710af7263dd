package report

import "encoding/json"

// Data is what the page draws: the one JSON document embedded in it. Keys
// of the per-node types are short, since a run of 10,000 calls repeats
// them 10,000 times. Times are milliseconds since the run started.
type Data struct {
	Run    Run            `json:"run"`
	Totals map[string]int `json:"totals"` // rows by state, groups left out
	Rows   []Row          `json:"rows"`   // the node tree, depth first: a node's children follow it
	Graph  Graph          `json:"graph"`
	Notes  []string       `json:"notes,omitempty"` // what the report could not show, and why
}

// Run is the run as a whole.
type Run struct {
	ID          string          `json:"id"`
	Workflow    string          `json:"workflow"`
	File        string          `json:"file,omitempty"`
	Record      string          `json:"record"` // the run's folder
	Status      string          `json:"status"`
	Started     string          `json:"started"` // RFC 3339, UTC
	Ended       string          `json:"ended,omitempty"`
	Span        float64         `json:"span"` // the timeline's length: to the end, or the last attempt's end
	Inputs      string          `json:"inputs,omitempty"`
	Outputs     string          `json:"outputs,omitempty"`
	Error       string          `json:"error,omitempty"`
	ResumedFrom string          `json:"resumed_from,omitempty"`
	MaxParallel int             `json:"max_parallel"`
	KeepGoing   bool            `json:"keep_going,omitempty"`
	Summary     json.RawMessage `json:"summary,omitempty"` // runtime.Summary, as recorded at the end
}

// Row is one line of the node table: a node of the DAG, a node inside
// another (a map's item, a conditional's call, a nested run's node), or a
// group standing for an inlined subworkflow call.
type Row struct {
	ID     string `json:"id"`
	Parent int    `json:"p"` // index of the parent row; -1 at the top
	Depth  int    `json:"d"`
	Kind   string `json:"k"` // task, map, item, branch, call, workflow, group, failure
	Label  string `json:"l"` // the task's (or workflow's) name
	Name   string `json:"n,omitempty"`
	Pos    string `json:"pos,omitempty"`
	State  string `json:"s"`
	// Children counts the rows directly under this one; Items counts
	// them by state.
	Children int            `json:"c,omitempty"`
	Items    map[string]int `json:"items,omitempty"`
	Attempts []Attempt      `json:"a,omitempty"`
	// Span is [first start, last end] of the rows under a row that made
	// no attempt of its own (a map, a conditional, a group).
	Span *[2]float64 `json:"span,omitempty"`
	// Ready is when a cached or reused row's inputs were ready: the hit
	// took no time, and the record keeps none for it.
	Ready   *float64 `json:"t,omitempty"`
	From    string   `json:"from,omitempty"` // "run RUN, node NODE" whose outputs a cached row reused
	Inputs  string   `json:"in,omitempty"`
	Outputs string   `json:"out,omitempty"`
	Error   string   `json:"err,omitempty"`
	Reason  string   `json:"why,omitempty"`
	Log     []string `json:"log,omitempty"`  // the last lines of the last attempt's log
	LogPath string   `json:"logp,omitempty"` // the node's whole log, as a path from the working directory
	LogHref string   `json:"logh,omitempty"` // the same, relative to the report
	// Webhook is a webhook node's request and response summaries, one
	// per attempt, as the record keeps them; see webhookOf.
	Webhook json.RawMessage `json:"webhook,omitempty"`
}

// Attempt is one attempt of a node: [start, end) and its error.
type Attempt struct {
	Start float64 `json:"s"`
	End   float64 `json:"e"`
	Error string  `json:"err,omitempty"`
}

// Graph is the DAG picture, laid out (layout.go): boxes of BoxW×BoxH.
type Graph struct {
	Width  int `json:"w"`
	Height int `json:"h"`
	BoxW   int `json:"bw"`
	BoxH   int `json:"bh"`
	// Nodes holds three numbers per box: its row and its top-left x, y.
	Nodes []int `json:"nodes"`
	// Edges holds two numbers per edge: the boxes (by their place in
	// Nodes) it joins, upstream first.
	Edges []int `json:"edges"`
	// Bends routes the edges that cross layers between their ends: per
	// such edge, its place in Edges, the number of waypoints, and the
	// top-left x, y of the box-sized slot of each, which the edge crosses
	// at mid-height.
	Bends []int `json:"bends"`
}

// Row states. cached is a hit in the task cache; reused, the outputs of
// the run this one resumed.
const (
	stateSucceeded  = "succeeded"
	stateFailed     = "failed"
	stateCached     = "cached"
	stateReused     = "reused"
	stateSkipped    = "skipped"
	stateCancelled  = "cancelled"
	stateRunning    = "running"
	stateNotStarted = "not-started"
)
