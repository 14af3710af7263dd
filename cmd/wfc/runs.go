package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wfc-lang/wfc/runtime"
)

var runsCommand = &command{
	name:    "runs",
	usage:   "wfc runs [--json] [--runs-dir DIR] | wfc runs prune [--keep N] [--older-than DURATION]",
	summary: "list recorded runs, newest first; prune old ones",
	help: `
Runs lists the runs recorded under .wfc/runs, newest first: id, workflow,
status, nodes done, failures, start time, wall time and file. A run still
in progress shows as running; a run whose process died before it ended
(killed, or the machine went down) shows as incomplete, and 'wfc show'
still reads every node it finished. A run stopped because its record could
not be written (a full disk) shows as failed, with the reason.

'wfc runs prune' removes the records of old runs: all but the newest
--keep N, and those started more than --older-than ago (say 168h); give
one or both. A run in progress is never removed.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		asJSON := fs.Bool("json", false, "write the list as JSON")
		dir := fs.String("runs-dir", defaultRunsDir, "read runs from `dir`")
		keep := fs.Int("keep", -1, "prune: keep the newest `n` runs")
		olderThan := fs.Duration("older-than", 0, "prune: remove runs started more than `duration` ago")
		return func(e *env, args []string) int {
			if len(args) == 1 && args[0] == "prune" {
				return pruneRuns(e, *dir, *keep, *olderThan)
			}
			if len(args) > 0 {
				return e.usagef("unexpected arguments: %s", strings.Join(args, " "))
			}
			if *keep >= 0 || *olderThan != 0 {
				return e.usagef("--keep and --older-than go with 'wfc runs prune'")
			}
			runs, err := runtime.ListRuns(*dir)
			if err != nil {
				return e.errorf("%v", err)
			}
			if *asJSON {
				type item struct {
					runtime.RunHeader
					Status runtime.Status  `json:"status"`
					End    *runtime.RunEnd `json:"end,omitempty"`
				}
				items := []item{}
				for _, r := range runs {
					items = append(items, item{r.Header, r.Status, r.End})
				}
				return writeJSON(e, items)
			}
			if len(runs) == 0 {
				fmt.Fprintf(e.stderr, "no runs recorded in %s\n", *dir)
				return exitOK
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "RUN\tWORKFLOW\tSTATUS\tDONE\tFAILED\tSTARTED\tWALL\tFILE")
			for _, r := range runs {
				done, failed, wall := "?", "?", "-"
				if r.End != nil {
					s := r.End.Summary
					done = fmt.Sprintf("%d/%d", s.Succeeded, s.Nodes)
					failed = fmt.Sprint(s.Failed)
					wall = runtime.RoundDuration(s.Wall).String()
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Header.ID, r.Header.Workflow, r.Status,
					done, failed, r.Header.Started.Local().Format("2006-01-02 15:04:05"), wall, r.Header.File)
			}
			tw.Flush()
			return exitOK
		}
	},
}

func pruneRuns(e *env, dir string, keep int, olderThan time.Duration) int {
	if keep < 0 && olderThan == 0 {
		return e.usagef("prune needs --keep N or --older-than DURATION")
	}
	if olderThan < 0 {
		return e.usagef("--older-than must be positive")
	}
	var cutoff time.Time
	if olderThan > 0 {
		cutoff = time.Now().Add(-olderThan)
	}
	removed, err := runtime.PruneRuns(dir, keep, cutoff)
	fmt.Fprintf(e.stderr, "removed %d runs from %s\n", len(removed), dir)
	if err != nil {
		return e.errorf("%v", err)
	}
	return exitOK
}

var showCommand = &command{
	name:    "show",
	usage:   "wfc show [--json] [--runs-dir DIR] RUN [NODE]",
	summary: "show a recorded run: status per node, timings, errors",
	help: `
Show prints a recorded run: its workflow, inputs, status, and for each node
its status, time, attempts and error; then the outputs. RUN is a run id as
'wfc runs' lists it, any unique prefix of one, or "latest".

Given a NODE id (n3), it prints that node in full: inputs, outputs and every
attempt with its timing, error and log (a shell task's stderr) or, for a
webhook, the request it sent ("> " lines) and the response it got ("< "
lines): method, url, headers and the first 4 KiB of each body, secrets
replaced by ***.

With --json it prints the record as JSON: {run, nodes, end}.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		asJSON := fs.Bool("json", false, "write the record as JSON")
		dir := fs.String("runs-dir", defaultRunsDir, "read runs from `dir`")
		return func(e *env, args []string) int {
			if len(args) == 0 || len(args) > 2 {
				return e.usagef("want a run id and optionally a node id")
			}
			path, err := runtime.FindRun(*dir, args[0])
			if err != nil {
				return e.errorf("%v", err)
			}
			rec, err := runtime.LoadRun(path)
			if err != nil {
				return e.errorf("%v", err)
			}
			sort.SliceStable(rec.NodeRecords, func(i, j int) bool { return rec.NodeRecords[i].Index < rec.NodeRecords[j].Index })
			if len(args) == 2 {
				n := rec.Node(args[1])
				if n == nil {
					return e.errorf("run %s has no record of node %s (it did not finish)", rec.Header.ID, args[1])
				}
				if *asJSON {
					return writeJSON(e, n)
				}
				showNode(e.stdout, n)
				return exitOK
			}
			if *asJSON {
				return writeJSON(e, struct {
					Run   runtime.RunHeader    `json:"run"`
					Nodes []runtime.NodeRecord `json:"nodes"`
					End   *runtime.RunEnd      `json:"end"`
				}{rec.Header, rec.NodeRecords, rec.End})
			}
			showRun(e.stdout, rec)
			return exitOK
		}
	},
}

func showRun(w io.Writer, rec *runtime.RunRecord) {
	h := rec.Header
	fmt.Fprintf(w, "run       %s\n", h.ID)
	fmt.Fprintf(w, "workflow  %s", h.Workflow)
	if h.File != "" {
		fmt.Fprintf(w, " (%s)", h.File)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "status    %s\n", rec.Status)
	fmt.Fprintf(w, "started   %s\n", h.Started.Local().Format(time.RFC3339))
	if rec.End != nil {
		fmt.Fprintf(w, "wall      %s\n", runtime.RoundDuration(rec.End.Summary.Wall))
	}
	fmt.Fprintf(w, "inputs    %s\n", compact(h.Inputs))
	if h.ResumedFrom != "" {
		fmt.Fprintf(w, "resumes   %s\n", h.ResumedFrom)
	}
	// Sub-nodes — a map's items (n3-0), a conditional's calls (n2-n0), the
	// failure handler (fn0) — have ids with a dash or do not start with n.
	top := 0
	for _, n := range rec.NodeRecords {
		if !strings.Contains(n.Node, "-") && strings.HasPrefix(n.Node, "n") {
			top++
		}
	}
	fmt.Fprintf(w, "nodes     %d recorded of %d", top, h.Nodes)
	if sub := len(rec.NodeRecords) - top; sub > 0 {
		fmt.Fprintf(w, " (and %d sub-nodes)", sub)
	}
	if rec.End != nil {
		s := rec.End.Summary
		fmt.Fprintf(w, ": %d succeeded, %d failed, %d skipped, %d cancelled, %d not started, %d retries", s.Succeeded, s.Failed, s.Skipped, s.Cancelled, s.NotStarted, s.Retries)
		if s.Cached > 0 {
			fmt.Fprintf(w, "; %d calls reused", s.Cached)
		}
	} else if rec.Status == runtime.StatusIncomplete {
		fmt.Fprintf(w, " (the run did not end: nodes without a record had not finished)")
	} else if rec.Status == runtime.StatusRunning {
		fmt.Fprintf(w, " (the run is in progress)")
	}
	fmt.Fprintln(w)
	if rec.Torn > 0 {
		fmt.Fprintf(w, "warning   %d unreadable journal line(s) skipped\n", rec.Torn)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tTASK\tSTATUS\tTIME\tATTEMPTS\tERROR")
	nodes := slices.Clone(rec.NodeRecords)
	slices.SortStableFunc(nodes, func(a, b runtime.NodeRecord) int { return runtime.CompareNodeIDs(a.Node, b.Node) })
	for i, n := range nodes {
		dur := "-"
		if start, end, ok := span(nodes[i:]); ok {
			dur = runtime.RoundDuration(end.Sub(start)).String()
		}
		msg := n.Error
		if msg == "" {
			msg = n.Reason
		}
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i] + " …"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", n.Node, n.Task, n.Status, dur, len(n.Attempts), msg)
	}
	tw.Flush()
	if rec.End != nil {
		fmt.Fprintln(w)
		if len(rec.End.Outputs) > 0 {
			fmt.Fprintf(w, "outputs   %s\n", compact(rec.End.Outputs))
		}
		if rec.End.Error != "" {
			fmt.Fprintf(w, "error     %s\n", strings.ReplaceAll(rec.End.Error, "\n", "\n          "))
		}
	}
}

// span is the time from the first attempt to the last of nodes[0] — or,
// for a node that ran none itself (a map, a conditional, a subworkflow),
// of its sub-nodes, which follow it in nodes.
func span(nodes []runtime.NodeRecord) (start, end time.Time, ok bool) {
	prefix := nodes[0].Node + "-"
	for k, n := range nodes {
		if k > 0 && !strings.HasPrefix(n.Node, prefix) {
			break
		}
		for _, a := range n.Attempts {
			if !ok || a.Start.Before(start) {
				start = a.Start
			}
			if !ok || a.End.After(end) {
				end = a.End
			}
			ok = true
		}
		if k == 0 && ok {
			break // its own attempts say it
		}
	}
	return start, end, ok
}

func showNode(w io.Writer, n *runtime.NodeRecord) {
	fmt.Fprintf(w, "node      %s\n", n.Node)
	fmt.Fprintf(w, "task      %s\n", n.Task)
	if n.Pos != "" {
		fmt.Fprintf(w, "at        %s\n", n.Pos)
	}
	fmt.Fprintf(w, "status    %s\n", n.Status)
	if c := n.CachedFrom; c != nil {
		fmt.Fprintf(w, "from      run %s, node %s\n", c.Run, c.Node)
	}
	if n.Reason != "" {
		fmt.Fprintf(w, "reason    %s\n", n.Reason)
	}
	fmt.Fprintf(w, "inputs    %s\n", compact(n.Inputs))
	if len(n.Outputs) > 0 {
		fmt.Fprintf(w, "outputs   %s\n", compact(n.Outputs))
	}
	for _, a := range n.Attempts {
		fmt.Fprintf(w, "attempt %d  %s  %s", a.Attempt, a.Start.Local().Format("15:04:05.000"), runtime.RoundDuration(a.Duration()))
		if a.Error != "" {
			fmt.Fprintf(w, "  error: %s", strings.ReplaceAll(a.Error, "\n", "\n    "))
		}
		fmt.Fprintln(w)
		for _, l := range a.Log {
			fmt.Fprintf(w, "    | %s\n", l)
		}
		if a.HTTP != nil {
			writeExchange(w, "    ", a.HTTP)
		}
	}
	if n.Error != "" {
		fmt.Fprintf(w, "error     %s\n", strings.ReplaceAll(n.Error, "\n", "\n          "))
	}
}

func compact(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "{}"
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

func writeJSON(e *env, v any) int {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return e.errorf("%v", err)
	}
	fmt.Fprintln(e.stdout, string(b))
	return exitOK
}
