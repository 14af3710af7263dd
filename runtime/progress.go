package runtime

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/wfc-lang/wfc/compiler"
)

// Progress renders a run's events for a person. On a terminal (live) it
// keeps a status block at the bottom — the running nodes with their
// elapsed time and a line of counts — redrawn at most ten times a second,
// and prints lasting lines above it for failures, retries, skips and (for
// runs of up to LiveNodeLines nodes) finished nodes. Otherwise it prints
// one plain line per event, which reads well in CI logs and files; those
// are buffered and flushed every 200ms, so a 100,000-node run is not a
// write per node. Both end with a one-line summary.
type Progress struct {
	Verbose bool // also print the lines executors log (a shell task's stderr)
	// Workflow is the workflow being run, if known: calls of one task are
	// then labelled with the arguments that tell them apart (nodelabel.go).
	Workflow *compiler.Workflow

	mu      sync.Mutex
	w       *bufio.Writer
	live    bool
	width   int
	nodes   int
	running map[*compiler.Node]runningNode
	sum     Summary
	drawn   int // lines of the status block currently on screen
	dirty   bool
	stop    chan struct{}
	stopped chan struct{}
	started time.Time
	closed  bool
	scratch []byte
	args    map[*compiler.Task][]int // inputs shown in labels, from Workflow
}

// LiveNodeLines is the largest run for which the live display prints a
// line for every finished node; bigger runs show only counts and problems.
const LiveNodeLines = 200

type runningNode struct {
	since   time.Time
	attempt int
}

// NewProgress renders to w. live selects the terminal display; width is
// the terminal's width in columns (0 means 80), used to keep status lines
// from wrapping. Call Close when the run is over.
func NewProgress(w io.Writer, live bool, width int) *Progress {
	if width <= 0 {
		width = 80
	}
	p := &Progress{
		w: bufio.NewWriterSize(w, 32<<10), live: live, width: width,
		running: map[*compiler.Node]runningNode{},
		stop:    make(chan struct{}), stopped: make(chan struct{}),
		started: time.Now(),
	}
	go p.tick()
	return p
}

func (p *Progress) tick() {
	defer close(p.stopped)
	period := 200 * time.Millisecond
	if p.live {
		period = 100 * time.Millisecond
	}
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			if p.live {
				p.redraw()
			}
			if p.dirty {
				p.w.Flush()
				p.dirty = false
			}
			p.mu.Unlock()
		}
	}
}

// Close stops the display and flushes what is left. The summary line is
// printed when the RunFinished event arrives, before Close.
func (p *Progress) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.mu.Unlock()
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live {
		p.clearBlock()
	}
	p.w.Flush()
}

// Observe implements Observer.
func (p *Progress) Observe(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	switch e.Kind {
	case RunStarted:
		p.nodes = e.Summary.Nodes
		if p.Workflow != nil {
			p.args = distinguishingInputs(p.Workflow)
		}
		p.started = e.Time
		if !p.live {
			p.printf("run %s: %d nodes\n", e.RunID, e.Summary.Nodes)
		}
	case NodeStarted:
		if p.live { // only the status block shows what is running
			p.running[e.Node] = runningNode{since: e.Time, attempt: e.Attempt}
		}
		if !p.live {
			// The two commonest lines are appended by hand: fmt costs more
			// than the rest of a 100,000-node echo run's bookkeeping.
			b := p.appendLabel(p.scratch[:0], e.Node)
			if e.Attempt > 1 {
				b = append(b, ": attempt "...)
				b = strconv.AppendInt(b, int64(e.Attempt), 10)
				b = append(b, " started\n"...)
			} else {
				b = append(b, ": started\n"...)
			}
			p.write(b)
		}
	case NodeRetrying:
		p.sum.Retries++
		p.lasting("%s: attempt %d failed, retrying in %s: %s\n", p.label(e.Node), e.Attempt, RoundDuration(e.Delay), errText(e.Err))
	case NodeSucceeded:
		if p.live {
			delete(p.running, e.Node)
		}
		p.sum.Succeeded++
		if !p.live || p.nodes <= LiveNodeLines {
			if p.live {
				p.clearBlock()
			}
			b := p.appendLabel(p.scratch[:0], e.Node)
			if e.CachedFrom != nil {
				b = append(b, ": cached, from run "...)
				b = append(b, e.CachedFrom.Run...)
			} else {
				b = append(b, ": succeeded in "...)
				b = append(b, RoundDuration(e.Elapsed).String()...)
			}
			b = append(b, '\n')
			p.write(b)
		}
	case NodeFailed:
		if p.live {
			delete(p.running, e.Node)
		}
		p.sum.Failed++
		p.lasting("%s: failed: %s\n", p.label(e.Node), errText(e.Err))
		p.w.Flush()
	case NodeSkipped:
		p.sum.Skipped++
		p.lasting("%s: skipped: %s\n", p.label(e.Node), e.Reason)
	case NodeCancelled:
		if p.live {
			delete(p.running, e.Node)
		}
		p.sum.Cancelled++
		p.lasting("%s: cancelled\n", p.label(e.Node))
	case NodeLog:
		if p.Verbose {
			p.lasting("%s | %s\n", p.label(e.Node), e.Line)
		}
	case RunFinished:
		if p.live {
			p.clearBlock()
		}
		p.printf("%s\n", SummaryLine(e.RunID, e.Status, e.Summary))
		p.w.Flush()
		p.dirty = false
	}
}

// SummaryLine is the one line that ends a run's progress output.
func SummaryLine(runID string, st Status, s Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d/%d done", st, s.Succeeded, s.Nodes)
	if s.Cached > 0 {
		fmt.Fprintf(&b, " (%d cached)", s.Cached)
	}
	fmt.Fprintf(&b, ", %d failed", s.Failed)
	if s.Skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", s.Skipped)
	}
	if s.Cancelled > 0 {
		fmt.Fprintf(&b, ", %d cancelled", s.Cancelled)
	}
	if s.NotStarted > 0 {
		fmt.Fprintf(&b, ", %d not started", s.NotStarted)
	}
	fmt.Fprintf(&b, ", %d retried, wall %s", s.Retries, RoundDuration(s.Wall))
	if runID != "" {
		fmt.Fprintf(&b, " (run %s)", runID)
	}
	return b.String()
}

func (p *Progress) printf(format string, args ...any) {
	fmt.Fprintf(p.w, format, args...)
	p.dirty = true
}

// lasting prints a line that stays: on a terminal it goes above the status
// block, which is redrawn at once below it.
func (p *Progress) lasting(format string, args ...any) {
	if p.live {
		p.clearBlock()
		p.printf(format, args...)
		p.redraw()
		return
	}
	p.printf(format, args...)
}

func (p *Progress) write(b []byte) {
	p.w.Write(b)
	p.scratch = b[:0]
	p.dirty = true
}

// appendLabel appends the name of n in progress lines: its id, its task
// and, for a task called more than once, the arguments that tell its calls
// apart.
func (p *Progress) appendLabel(b []byte, n *compiler.Node) []byte {
	if n == nil {
		return append(b, '?')
	}
	b = append(b, n.ID...)
	if n.Branch != nil {
		b = append(b, " if"...)
	}
	switch { // a nested run's calling node
	case n.Plan != nil:
		b = append(b, ' ')
		b = append(b, n.Plan.Name...)
	case n.Workflow != nil:
		b = append(b, ' ')
		b = append(b, n.Workflow.Name...)
	}
	if n.Task != nil {
		b = append(b, ' ')
		b = append(b, n.Task.Name...)
		// A map's items carry no bindings of their own: their id tells
		// them apart.
		if args := p.args[n.Task]; len(args) > 0 && len(n.Inputs) > 0 {
			b = appendArgs(b, n, args)
		}
	}
	return b
}

func (p *Progress) label(n *compiler.Node) string { return string(p.appendLabel(nil, n)) }

func (p *Progress) clearBlock() {
	if p.drawn > 0 {
		// Cursor up to the block's first line, then clear to the end of the
		// screen.
		fmt.Fprintf(p.w, "\x1b[%dA\r\x1b[J", p.drawn)
		p.drawn = 0
		p.dirty = true
	}
}

const maxRunningShown = 8

func (p *Progress) redraw() {
	p.clearBlock()
	now := time.Now()
	type entry struct {
		n *compiler.Node
		r runningNode
	}
	var es []entry
	for n, r := range p.running {
		es = append(es, entry{n, r})
	}
	// Longest-running first: those are the ones a person is waiting on.
	sort.Slice(es, func(i, j int) bool {
		if !es[i].r.since.Equal(es[j].r.since) {
			return es[i].r.since.Before(es[j].r.since)
		}
		return es[i].n.Index < es[j].n.Index
	})
	lines := 0
	for k, e := range es {
		if k == maxRunningShown {
			p.line(fmt.Sprintf("  … and %d more running", len(es)-k))
			lines++
			break
		}
		s := fmt.Sprintf("  ▸ %s  %s", p.label(e.n), RoundDuration(now.Sub(e.r.since)))
		if e.r.attempt > 1 {
			s += fmt.Sprintf("  (attempt %d)", e.r.attempt)
		}
		p.line(s)
		lines++
	}
	done := p.sum.Succeeded + p.sum.Failed + p.sum.Skipped + p.sum.Cancelled
	s := fmt.Sprintf("[%d/%d] %d running · %d succeeded · %d failed", done, p.nodes, len(p.running), p.sum.Succeeded, p.sum.Failed)
	if p.sum.Skipped > 0 {
		s += fmt.Sprintf(" · %d skipped", p.sum.Skipped)
	}
	s += fmt.Sprintf(" · %d retried · %s", p.sum.Retries, RoundDuration(now.Sub(p.started)))
	p.line(s)
	lines++
	p.drawn = lines
	p.dirty = true
}

// line writes one status line cut to the terminal width, so the block's
// height in lines is exactly what clearBlock moves back over.
func (p *Progress) line(s string) {
	if utf8.RuneCountInString(s) >= p.width {
		rs := []rune(s)
		s = string(rs[:p.width-2]) + "…"
	}
	p.w.WriteString(s)
	p.w.WriteByte('\n')
}

// errText shows a node error without repeating the node it is printed
// next to, but with its position.
func errText(err error) string {
	if err == nil {
		return ""
	}
	var ne *NodeError
	if errors.As(err, &ne) && ne.Err != nil {
		msg := progressText(ne.Err.Error())
		if ne.Attempts > 1 {
			msg = fmt.Sprintf("after %d attempts: %s", ne.Attempts, msg)
		}
		if ne.Pos != "" {
			msg += " (" + ne.Pos + ")"
		}
		return msg
	}
	return progressText(err.Error())
}

// maxProgressText bounds an error shown in a progress line, which gives its
// first line only: the message in full (a 502's HTML page, say) is
// printed once, when the run ends, and kept in the run record.
const maxProgressText = 200

func progressText(msg string) string {
	line, _, cut := strings.Cut(msg, "\n")
	if len(line) > maxProgressText {
		n := maxProgressText
		for n > 0 && !utf8.RuneStart(line[n]) {
			n--
		}
		line, cut = line[:n], true
	}
	if cut {
		line += " …"
	}
	return line
}

// RoundDuration rounds d for people: to a tenth of a second past ten
// seconds, to the hundredth past one, and so on down to microseconds.
func RoundDuration(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
