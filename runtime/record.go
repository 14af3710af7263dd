package runtime

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// Status is the state of a node or a run.
type Status string

const (
	StatusRunning   Status = "running" // a run whose process is still writing its record
	StatusSucceeded Status = "succeeded"
	StatusFailed    Status = "failed"
	StatusSkipped   Status = "skipped"   // a node whose upstream failed
	StatusCancelled Status = "cancelled" // stopped by Ctrl-C, a fail-fast failure or a record that cannot be written
	// StatusCached is a node whose outputs were taken from the task cache
	// (see CachedFrom) instead of running it.
	StatusCached     Status = "cached"
	StatusIncomplete Status = "incomplete" // a record without an end: the process died
)

// The run record is a directory .wfc/runs/<run-id>/ holding:
//
//	journal.jsonl  one JSON object per line: a "run" header, one "node"
//	               line per node that finished (succeeded, failed, skipped
//	               or cancelled), and an "end" line; locked (flock) by
//	               the process writing it while the run is in progress
//	run.json       the header and the end, written once the run is over
//	               (temp file + rename), so `wfc runs` need not read a
//	               100,000-line journal to list a run; it has the final
//	               word on how the run ended
//	source.wf      the program's text, as it was checked
//
// Why a journal and not a file per node: see journal, which also states
// the durability policy and why the record fails closed. One append per
// node is a few microseconds; a file per node would be an open, a write, a
// close and a rename each, and 100,000 directory entries to list.

const (
	journalName = "journal.jsonl"
	summaryName = "run.json"
	sourceName  = "source.wf"
)

// RunHeader is the first journal line.
type RunHeader struct {
	Type        string          `json:"type"` // "run"
	ID          string          `json:"id"`
	Workflow    string          `json:"workflow"`
	File        string          `json:"file,omitempty"`
	SourceSHA   string          `json:"source_sha256,omitempty"` // of source.wf beside the journal
	Started     time.Time       `json:"started"`
	Nodes       int             `json:"nodes"`
	MaxParallel int             `json:"max_parallel"`
	KeepGoing   bool            `json:"keep_going,omitempty"`
	PID         int             `json:"pid"`
	Inputs      json.RawMessage `json:"inputs"`
	ResumedFrom string          `json:"resumed_from,omitempty"` // the run this one resumed
}

// NodeRecord is a journal line for one node that finished.
type NodeRecord struct {
	Type  string `json:"type"` // "node"
	Node  string `json:"node"` // its id (see compiler.Node.ID): "n3", or a path such as "n2-n0" inside another node
	Index int    `json:"index"`
	Task  string `json:"task"`
	// TaskSHA is compiler.Task.DefinitionHash: what the task computes.
	TaskSHA string `json:"task_sha256,omitempty"`
	Name    string `json:"name,omitempty"`
	Pos     string `json:"pos,omitempty"`
	Status  Status `json:"status"`
	// CachedFrom is the run and node whose outputs a cached node reused.
	CachedFrom *CacheSource    `json:"cached_from,omitempty"`
	Inputs     json.RawMessage `json:"inputs,omitempty"`
	// InputsSHA is the hex SHA-256 of Inputs exactly as recorded (compact
	// JSON, keys sorted, secrets redacted): with TaskSHA, the key a cache
	// or a resumed run finds the node's outputs by.
	InputsSHA string          `json:"inputs_sha256,omitempty"`
	Outputs   json.RawMessage `json:"outputs,omitempty"`
	// Refs lists the values of Inputs and Outputs stored in files of the
	// run's directory rather than inline, keyed "inputs.NAME" or
	// "outputs.NAME"; the inline value is then null. Nothing is stored so
	// yet: large values and Flyte blobs (file, dir) will be.
	Refs     map[string]ValueRef `json:"refs,omitempty"`
	Attempts []AttemptRecord     `json:"attempts,omitempty"`
	Error    string              `json:"error,omitempty"`
	Reason   string              `json:"reason,omitempty"` // why skipped
}

// ValueRef is a value stored in a file of the run's directory.
type ValueRef struct {
	Path   string `json:"path"` // relative to the run's directory
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // of the file's bytes
}

// AttemptRecord is one attempt of a node.
type AttemptRecord struct {
	Attempt int       `json:"attempt"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Error   string    `json:"error,omitempty"`
	Log     []string  `json:"log,omitempty"` // the last lines an executor logged (a shell task's stderr)
	// HTTP is a webhook attempt's request and response, redacted and
	// capped; nil when the attempt sent no request.
	HTTP *HTTPExchange `json:"http,omitempty"`
}

// Duration is how long the attempt ran.
func (a AttemptRecord) Duration() time.Duration { return a.End.Sub(a.Start) }

// RunEnd is the last journal line.
type RunEnd struct {
	Type    string          `json:"type"` // "end"
	Status  Status          `json:"status"`
	Ended   time.Time       `json:"ended"`
	Outputs json.RawMessage `json:"outputs,omitempty"`
	Error   string          `json:"error,omitempty"`
	Summary Summary         `json:"summary"`
}

// NewRunID returns a new run id: a UTC timestamp to the millisecond, so
// ids sort by start time, and a random suffix, so two runs started in the
// same millisecond do not collide.
func NewRunID() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return time.Now().UTC().Format("20060102T150405.000Z") + "-" + hex.EncodeToString(b[:])
}

type runSummaryFile struct {
	Header RunHeader `json:"run"`
	End    RunEnd    `json:"end"`
}

// appendNodeLine encodes a node's journal line by hand: it runs once per
// node, in the workers, and encoding/json's reflection over NodeRecord
// costs several times more for the 100,000-node case. The shape is
// NodeRecord's.
func appendNodeLine(dst []byte, n *compiler.Node, taskHash string, st Status, inputs, outputs map[string]any, attempts []AttemptRecord, errMsg, reason string, from *CacheSource) []byte {
	if from != nil {
		st = StatusCached
	}
	dst = append(dst, `{"type":"node","node":`...)
	dst = compiler.AppendJSONString(dst, n.ID)
	dst = append(dst, `,"index":`...)
	dst = appendInt(dst, n.Index)
	dst = append(dst, `,"task":`...)
	task := ""
	switch {
	case n.Task != nil:
		task = n.Task.Name
	case n.Plan != nil: // a launch-plan call run nested, or a skipped branch's
		task = n.Plan.Name
	case n.Workflow != nil: // a workflow call run nested, or a skipped branch's
		task = n.Workflow.Name
	}
	dst = compiler.AppendJSONString(dst, task)
	if taskHash != "" {
		dst = append(dst, `,"task_sha256":"`...)
		dst = append(dst, taskHash...)
		dst = append(dst, '"')
	}
	if n.Name != "" {
		dst = append(dst, `,"name":`...)
		dst = compiler.AppendJSONString(dst, n.Name)
	}
	if n.Range.IsValid() {
		// Range.String's form, appended without building the string.
		// Only the file name needs escaping: the quoted name, its closing
		// quote moved after the line and column.
		dst = append(dst, `,"pos":`...)
		dst = compiler.AppendJSONString(dst, n.Range.Filename)
		dst = dst[:len(dst)-1]
		if n.Range.Filename != "" {
			dst = append(dst, ':')
		}
		dst = strconv.AppendInt(dst, int64(n.Range.Start.Line), 10)
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(n.Range.Start.Column), 10)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"status":`...)
	dst = compiler.AppendJSONString(dst, string(st))
	if from != nil {
		dst = append(dst, `,"cached_from":{"run":`...)
		dst = compiler.AppendJSONString(dst, from.Run)
		dst = append(dst, `,"node":`...)
		dst = compiler.AppendJSONString(dst, from.Node)
		dst = append(dst, '}')
	}
	if inputs != nil {
		dst = append(dst, `,"inputs":`...)
		start := len(dst)
		dst = appendValue(dst, inputs)
		sum := sha256.Sum256(dst[start:])
		dst = append(dst, `,"inputs_sha256":"`...)
		dst = hex.AppendEncode(dst, sum[:])
		dst = append(dst, '"')
	}
	if outputs != nil {
		dst = append(dst, `,"outputs":`...)
		dst = appendValue(dst, outputs)
	}
	if len(attempts) > 0 {
		dst = append(dst, `,"attempts":[`...)
		for i, a := range attempts {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"attempt":`...)
			dst = appendInt(dst, a.Attempt)
			dst = append(dst, `,"start":"`...)
			dst = a.Start.AppendFormat(dst, time.RFC3339Nano)
			dst = append(dst, `","end":"`...)
			dst = a.End.AppendFormat(dst, time.RFC3339Nano)
			dst = append(dst, '"')
			if a.Error != "" {
				dst = append(dst, `,"error":`...)
				dst = compiler.AppendJSONString(dst, a.Error)
			}
			if len(a.Log) > 0 {
				dst = append(dst, `,"log":[`...)
				for k, l := range a.Log {
					if k > 0 {
						dst = append(dst, ',')
					}
					dst = compiler.AppendJSONString(dst, l)
				}
				dst = append(dst, ']')
			}
			if a.HTTP != nil {
				dst = append(dst, `,"http":`...)
				dst = appendExchange(dst, a.HTTP)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if errMsg != "" {
		dst = append(dst, `,"error":`...)
		dst = compiler.AppendJSONString(dst, errMsg)
	}
	if reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = compiler.AppendJSONString(dst, reason)
	}
	return append(dst, "}\n"...)
}

func appendInt(dst []byte, n int) []byte {
	return strconv.AppendInt(dst, int64(n), 10)
}

// appendValue encodes a map of values; a value that cannot be encoded
// (which ConformValue has already ruled out) is recorded as its error.
func appendValue(dst []byte, m map[string]any) []byte {
	start := len(dst)
	out, err := compiler.AppendJSON(dst, m)
	if err != nil {
		return compiler.AppendJSONString(dst[:start], "unencodable: "+err.Error())
	}
	return out
}
