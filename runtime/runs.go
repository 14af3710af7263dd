package runtime

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// RunInfo is one line of `wfc runs`: a run's header and, when it ended, its
// end. A run without an end is StatusRunning while its process holds the
// journal's lock, and StatusIncomplete once that process died.
type RunInfo struct {
	Dir    string
	Header RunHeader
	End    *RunEnd
	Status Status
}

// RunRecord is a whole run read back: header, every recorded node in the
// order they finished, and the end when there is one.
type RunRecord struct {
	RunInfo
	NodeRecords []NodeRecord
	// Torn counts lines that could not be parsed — at most a torn last line
	// after a machine crash.
	Torn int
}

// ListRuns returns the runs under runsDir, newest first. A missing runsDir
// is no runs, not an error.
func ListRuns(runsDir string) ([]RunInfo, error) {
	ents, err := os.ReadDir(runsDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var runs []RunInfo
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		info, err := loadInfo(filepath.Join(runsDir, e.Name()))
		if err != nil {
			continue // not a run directory (or an unreadable one): skip, don't fail the listing
		}
		runs = append(runs, *info)
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].Header.ID > runs[j].Header.ID })
	return runs, nil
}

// loadInfo reads run.json when the run ended, else the journal's first line.
func loadInfo(dir string) (*RunInfo, error) {
	if s, ok := readSummary(dir); ok {
		return &RunInfo{Dir: dir, Header: s.Header, End: &s.End, Status: s.End.Status}, nil
	}
	f, err := os.Open(filepath.Join(dir, journalName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	line, err := bufio.NewReader(io.LimitReader(f, maxHeaderLine)).ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return nil, fmt.Errorf("%s: empty journal", dir)
	}
	var h RunHeader
	if err := json.Unmarshal(line, &h); err != nil || h.Type != "run" {
		return nil, fmt.Errorf("%s: no run header", dir)
	}
	return &RunInfo{Dir: dir, Header: h, Status: liveStatus(dir)}, nil
}

// maxHeaderLine bounds the header line (and run.json, which repeats it)
// read to list a run: it holds the run's inputs, which may be large, but
// not without limit.
const maxHeaderLine = 64 << 20

// readSummary reads run.json, which exists once the run has ended.
func readSummary(dir string) (*runSummaryFile, bool) {
	f, err := os.Open(filepath.Join(dir, summaryName))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHeaderLine+1<<20))
	if err != nil {
		return nil, false
	}
	var s runSummaryFile
	if json.Unmarshal(b, &s) != nil {
		return nil, false
	}
	// run.json is indented for people; values read back are compact, as
	// in the journal.
	s.Header.Inputs = compactJSON(s.Header.Inputs)
	s.End.Outputs = compactJSON(s.End.Outputs)
	return &s, true
}

func compactJSON(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if len(raw) == 0 || json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// liveStatus is the status of a run without an end: running while its
// process holds the journal's lock, incomplete once that process is gone.
func liveStatus(dir string) Status {
	if lockedByOther(filepath.Join(dir, journalName)) {
		return StatusRunning
	}
	return StatusIncomplete
}

// FindRun resolves what a person typed for `wfc show`: a full run id, a
// unique prefix of one, or "latest"/"last" for the newest run.
func FindRun(runsDir, ref string) (string, error) {
	if ref == "" {
		return "", errors.New("no run id given")
	}
	if !strings.ContainsAny(ref, `/\`) && ref != "." && ref != ".." {
		if _, err := os.Stat(filepath.Join(runsDir, ref, journalName)); err == nil {
			return filepath.Join(runsDir, ref), nil
		}
	}
	runs, err := ListRuns(runsDir)
	if err != nil {
		return "", err
	}
	if len(runs) == 0 {
		return "", fmt.Errorf("no runs in %s", runsDir)
	}
	if ref == "latest" || ref == "last" {
		return runs[0].Dir, nil
	}
	var matches []string
	for _, r := range runs {
		if strings.HasPrefix(r.Header.ID, ref) {
			matches = append(matches, r.Dir)
		}
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("no run %q in %s (`wfc runs` lists them)", ref, runsDir)
	case 1:
		return matches[0], nil
	}
	return "", fmt.Errorf("run id %q is ambiguous: %d runs start with it", ref, len(matches))
}

// LoadRun reads the record in dir (as FindRun returns it). Node lines are
// kept in the order they were written, which is the order nodes finished.
func LoadRun(dir string) (*RunRecord, error) {
	f, err := os.Open(filepath.Join(dir, journalName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rec := &RunRecord{RunInfo: RunInfo{Dir: dir, Status: StatusIncomplete}}
	r := bufio.NewReaderSize(f, 1<<16)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			complete := line[len(line)-1] == '\n'
			if complete {
				rec.add(line)
			} else {
				rec.Torn++ // no newline: a write cut short
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if rec.Header.Type != "run" {
		return nil, fmt.Errorf("%s: not a run record (no header line)", dir)
	}
	// run.json, written last, has the final word: its end is the
	// journal's, or, when the journal could not be finished, the only one.
	if s, ok := readSummary(dir); ok {
		rec.End, rec.Status = &s.End, s.End.Status
	} else if rec.End == nil {
		rec.Status = liveStatus(dir)
	}
	return rec, nil
}

func (rec *RunRecord) add(line []byte) {
	var probe struct {
		Type string `json:"type"`
	}
	// Every line starts {"type":"…", so the kind is found without a full
	// parse; fall back to decoding if the writer ever changes that.
	switch {
	case bytes.HasPrefix(line, []byte(`{"type":"node"`)):
		probe.Type = "node"
	default:
		if err := json.Unmarshal(line, &probe); err != nil {
			rec.Torn++
			return
		}
	}
	switch probe.Type {
	case "run":
		if err := json.Unmarshal(line, &rec.Header); err != nil {
			rec.Torn++
		}
	case "node":
		var n NodeRecord
		if err := json.Unmarshal(line, &n); err != nil {
			rec.Torn++
			return
		}
		rec.NodeRecords = append(rec.NodeRecords, n)
	case "end":
		var e RunEnd
		if err := json.Unmarshal(line, &e); err != nil {
			rec.Torn++
			return
		}
		rec.End = &e
		rec.Status = e.Status
	default:
		rec.Torn++
	}
}

// Node returns the record of the node with the given id, or nil.
func (rec *RunRecord) Node(id string) *NodeRecord {
	for i := range rec.NodeRecords {
		if rec.NodeRecords[i].Node == id {
			return &rec.NodeRecords[i]
		}
	}
	return nil
}

// InProgress reports whether the run recorded in dir is still being
// written by a live process.
func InProgress(dir string) bool {
	return lockedByOther(filepath.Join(dir, journalName))
}

// JournalPath is the journal of the record in dir.
func JournalPath(dir string) string { return filepath.Join(dir, journalName) }
