package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/wfc-lang/wfc/compiler"
)

// Resume is what a resumed run (wfc run --resume) may reuse from an
// earlier run: the outputs of every task call that succeeded there, found
// by what the call computed — its task's definition hash and the hash of
// its inputs — not by node id, so a program edited in between still finds
// what did not change, node by node and map item by map item.
type Resume struct {
	Run   string // the earlier run's id
	byKey map[resumeKey]*NodeRecord
}

type resumeKey struct{ task, inputs string }

// NewResume indexes the successful task calls of rec.
func NewResume(rec *RunRecord) *Resume {
	rs := &Resume{Run: rec.Header.ID, byKey: make(map[resumeKey]*NodeRecord)}
	for i := range rec.NodeRecords {
		n := &rec.NodeRecords[i]
		if n.TaskSHA == "" || n.InputsSHA == "" || n.Outputs == nil {
			continue // not a task call (a map or a conditional), or no outputs
		}
		if n.Status == StatusSucceeded || n.Status == StatusCached {
			rs.byKey[resumeKey{n.TaskSHA, n.InputsSHA}] = n
		}
	}
	return rs
}

// CheckResume says why rec cannot be resumed as a run of workflow wf, or
// returns nil.
func CheckResume(rec *RunRecord, wf *compiler.Workflow) error {
	switch {
	case rec.Status == StatusRunning:
		return fmt.Errorf("run %s is still in progress", rec.Header.ID)
	case rec.Header.Workflow != wf.Name:
		return fmt.Errorf("run %s ran workflow %s, not %s", rec.Header.ID, rec.Header.Workflow, wf.Name)
	}
	return nil
}

// reuse returns the outputs the resumed run recorded for this call, if
// it made the same call and it succeeded.
func (r *run) reuse(exec int, task *compiler.Task, inputs map[string]any) (taskResult, bool) {
	rs := r.opts.Resume
	if rs == nil || exec >= len(r.taskHash) {
		return taskResult{}, false
	}
	n, ok := rs.byKey[resumeKey{r.taskHash[exec], inputsHash(r.redact.Values(inputs))}]
	if !ok {
		return taskResult{}, false
	}
	var recorded map[string]json.RawMessage
	if err := json.Unmarshal(n.Outputs, &recorded); err != nil {
		return taskResult{}, false
	}
	outs, ok := r.decodeOutputs(recorded, task)
	if !ok {
		return taskResult{}, false
	}
	return taskResult{st: stSucceeded, outs: outs, from: &CacheSource{Run: rs.Run, Node: n.Node}}, true
}

// inputsHash is a node line's inputs_sha256 (see appendNodeLine): the
// SHA-256 of the inputs encoded as the record encodes them.
func inputsHash(inputs map[string]any) string {
	sum := sha256.Sum256(appendValue(nil, inputs))
	return hex.EncodeToString(sum[:])
}
