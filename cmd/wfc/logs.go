package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

var logsCommand = &command{
	name:    "logs",
	usage:   "wfc logs [-f] [--runs-dir DIR] RUN NODE",
	summary: "print a node's log; -f follows it while the run is live",
	help: `
Logs prints what NODE of RUN wrote on stdout and stderr (a shell task's
output, line by line, secrets replaced by ***), as the run record keeps it
in logs/NODE.log: every attempt, each after the first headed by a
"--- wfc: attempt N ---" line, up to the record's limits (see 'wfc help
run'). For a webhook node it prints each attempt's request and response
as the record keeps them, as 'wfc show RUN NODE' does. RUN is an id, a unique prefix of one, or latest; NODE a node id
as 'wfc show RUN' lists them (n3, n3-1).

With -f, logs keeps printing lines as the node writes them, until the node
has finished or its run is no longer in progress (like tail -f).`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		follow := fs.Bool("f", false, "follow the log while the run is in progress")
		dir := fs.String("runs-dir", defaultRunsDir, "read runs from `dir`")
		return func(e *env, args []string) int {
			if len(args) != 2 {
				return e.usagef("want a run and a node")
			}
			run, err := runtime.FindRun(*dir, args[0])
			if err != nil {
				return e.errorf("%v", err)
			}
			return printLog(e, run, args[1], *follow)
		}
	},
}

// followPoll is how often -f looks for new lines and for the node's end.
const followPoll = 100 * time.Millisecond

func printLog(e *env, run, node string, follow bool) int {
	path := runtime.LogPath(run, node)
	var off int64
	var journalOff int64
	nodeDone := []byte(`{"type":"node","node":` + string(compiler.AppendJSONString(nil, node)) + `,`)
	for {
		// Whether to stop is decided before copying, so the last copy
		// has every line written before the node finished.
		finished := !follow || !runtime.InProgress(run)
		if !finished {
			var done bool
			journalOff, done = scanJournal(runtime.JournalPath(run), journalOff, nodeDone)
			finished = done
		}
		n, err := copyFrom(e.stdout, path, off)
		off += n
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return e.errorf("%v", err)
		}
		if finished {
			if off == 0 && errors.Is(err, fs.ErrNotExist) {
				return noLog(e, run, node)
			}
			return exitOK
		}
		time.Sleep(followPoll)
	}
}

// noLog explains an absent log: a node that wrote nothing, or no such
// node. A webhook node's log is its recorded requests and responses.
func noLog(e *env, run, node string) int {
	rec, err := runtime.LoadRun(run)
	if err != nil {
		return e.errorf("%v", err)
	}
	n := rec.Node(node)
	if n == nil {
		return e.errorf("run %s has no node %s ('wfc show %s' lists them)", rec.Header.ID, node, rec.Header.ID)
	}
	exchanges := 0
	for _, a := range n.Attempts {
		if a.HTTP == nil {
			continue
		}
		if a.Attempt > 1 {
			fmt.Fprintf(e.stdout, "--- wfc: attempt %d ---\n", a.Attempt)
		}
		writeExchange(e.stdout, "", a.HTTP)
		exchanges++
	}
	if exchanges == 0 {
		fmt.Fprintf(e.stderr, "wfc: node %s of run %s wrote no log\n", node, rec.Header.ID)
	}
	return exitOK
}

func copyFrom(w io.Writer, path string, off int64) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, io.NewSectionReader(f, off, 1<<62))
}

// scanJournal reads the journal from off and reports whether a line
// starts with prefix; it returns the offset of the first unfinished line.
func scanJournal(path string, off int64, prefix []byte) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return off, false
	}
	defer f.Close()
	buf := make([]byte, 1<<16)
	found := false
	for {
		n, err := f.ReadAt(buf, off)
		chunk := buf[:n]
		last := bytes.LastIndexByte(chunk, '\n')
		if last < 0 {
			if n == len(buf) {
				// One line longer than the buffer: step over it.
				off += int64(n)
				continue
			}
			return off, found
		}
		for _, line := range bytes.Split(chunk[:last], []byte("\n")) {
			if bytes.HasPrefix(line, prefix) {
				found = true
			}
		}
		off += int64(last + 1)
		if err != nil {
			return off, found
		}
	}
}
