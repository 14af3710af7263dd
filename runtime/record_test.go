package runtime_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// TestMain doubles as the child process of TestSIGKILLLeavesReadableRecord,
// TestRecordFailsClosedOnFileSizeLimit and TestHeldLinesFailClosed.
func TestMain(m *testing.M) {
	if dir := os.Getenv("WFC_TEST_KILL_CHILD"); dir != "" {
		killChild(dir)
		return
	}
	if dir := os.Getenv("WFC_TEST_FSIZE_CHILD"); dir != "" {
		fsizeChild(dir, os.Getenv("WFC_TEST_URL"), os.Getenv("WFC_TEST_FSIZE"), os.Getenv("WFC_TEST_SHAPE"))
		return
	}
	os.Exit(m.Run())
}

const killFinished = 10

// killChild runs a workflow whose last node depends on ten quick ones and
// never finishes. When it starts, the ten are recorded; it says so on
// stdout and waits to be killed.
func killChild(runsDir string) {
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		fmt.Println("blocked")
		select {}
	}
	e := echoTask("e", 1)
	block := newTask("block", testKind, nil, nil)
	b := newWorkflow("killme")
	var ups []*compiler.Node
	for i := range killFinished {
		ups = append(ups, b.call(e, []arg{{"x0", lit(fmt.Sprint("v", i))}}))
	}
	b.call(block, nil, ups...)
	_, err := runtime.Run(context.Background(), b.wf, nil, runtime.Options{Registry: registry(fn), RunsDir: runsDir, RunID: "killed"})
	fmt.Fprintln(os.Stderr, "child run returned:", err)
	os.Exit(3)
}

func TestSIGKILLLeavesReadableRecord(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "WFC_TEST_KILL_CHILD="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "blocked\n" {
		cmd.Process.Kill()
		t.Fatalf("child said %q, %v", line, err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die of SIGKILL: %v", err)
	}

	runs, err := runtime.ListRuns(dir)
	if err != nil || len(runs) != 1 || runs[0].Status != runtime.StatusIncomplete || runs[0].Header.Workflow != "killme" {
		t.Fatalf("ListRuns = %+v, %v", runs, err)
	}
	rec, err := runtime.LoadRun(runs[0].Dir)
	if err != nil {
		t.Fatal(err)
	}
	if rec.End != nil || rec.Status != runtime.StatusIncomplete || rec.Torn != 0 {
		t.Fatalf("status %s, end %v, torn %d", rec.Status, rec.End, rec.Torn)
	}
	if len(rec.NodeRecords) != killFinished {
		t.Fatalf("%d node records, want %d", len(rec.NodeRecords), killFinished)
	}
	for i := range killFinished {
		n := rec.Node(fmt.Sprintf("n%d", i))
		want := fmt.Sprintf(`{"o0":"v%d"}`, i)
		if n == nil || n.Status != runtime.StatusSucceeded || string(n.Outputs) != want || len(n.Attempts) != 1 {
			t.Errorf("n%d: %+v", i, n)
		}
	}
}

func TestListAndFindRuns(t *testing.T) {
	dir := t.TempDir()
	e := echoTask("e", 1)
	b := newWorkflow("w")
	b.call(e, []arg{{"x0", lit("a")}})
	var ids []string
	for _, id := range []string{"20240101T000000.000Z-aaaaaa", "20240102T000000.000Z-bbbbbb", "20240102T000000.000Z-cccccc"} {
		res, err := runtime.Run(context.Background(), b.wf, nil, runtime.Options{Registry: registry(nil), RunsDir: dir, RunID: id, SourceFile: "w.wf"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.RunID)
	}
	os.MkdirAll(filepath.Join(dir, "not-a-run"), 0o755)
	runs, err := runtime.ListRuns(dir)
	if err != nil || len(runs) != 3 {
		t.Fatalf("%d runs, %v", len(runs), err)
	}
	if runs[0].Header.ID != ids[2] || runs[2].Header.ID != ids[0] || runs[0].Status != runtime.StatusSucceeded || runs[0].Header.File != "w.wf" {
		t.Fatalf("runs not newest first: %+v", runs)
	}
	for ref, want := range map[string]string{"latest": ids[2], "20240101": ids[0], ids[1]: ids[1]} {
		got, err := runtime.FindRun(dir, ref)
		if err != nil || filepath.Base(got) != want {
			t.Errorf("FindRun(%q) = %q, %v; want %s", ref, got, err, want)
		}
	}
	if _, err := runtime.FindRun(dir, "20240102"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ambiguous prefix: %v", err)
	}
	if _, err := runtime.FindRun(dir, "1999"); err == nil {
		t.Errorf("unknown run found")
	}
	if runs, err := runtime.ListRuns(filepath.Join(dir, "missing")); err != nil || runs != nil {
		t.Errorf("missing dir: %v %v", runs, err)
	}
}

func TestTornLastLineIgnored(t *testing.T) {
	dir := t.TempDir()
	e := echoTask("e", 1)
	b := newWorkflow("w")
	b.call(e, []arg{{"x0", lit("a")}})
	res, err := runtime.Run(context.Background(), b.wf, nil, runtime.Options{Registry: registry(nil), RunsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// Simulate a machine crash mid-write: drop the end and cut a line.
	path := filepath.Join(res.Dir, "journal.jsonl")
	data, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(data), "\n")
	cut := lines[0] + lines[1] + `{"type":"node","node":"n1","ind`
	os.WriteFile(path, []byte(cut), 0o644)
	os.Remove(filepath.Join(res.Dir, "run.json"))
	rec, err := runtime.LoadRun(res.Dir)
	if err != nil || rec.Torn != 1 || len(rec.NodeRecords) != 1 || rec.Status != runtime.StatusIncomplete {
		t.Fatalf("%+v %v", rec, err)
	}
}

// A node's success is reported, and its dependents start, only once its
// line is in the journal. Checked here by reading the journal when each
// success is reported and when each node starts.
func TestNodeReportedOnlyAfterItsLine(t *testing.T) {
	dir := t.TempDir()
	const id = "group"
	journal := filepath.Join(dir, id, "journal.jsonl")
	onDisk := func(node string) bool {
		b, err := os.ReadFile(journal)
		return err == nil && strings.Contains(string(b), `"node":"`+node+`"`)
	}
	var mu sync.Mutex
	var problems []string
	problem := func(format string, args ...any) {
		mu.Lock()
		problems = append(problems, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	b := newWorkflow("wide")
	e := echoTask("e", 1)
	for i := range 400 { // no dependents: held, more than heldMax together
		b.call(e, []arg{{"x0", lit(fmt.Sprint("v", i))}})
	}
	// Chains, so that nodes with dependents finish among them.
	step := newTask("step", testKind, nil, nil)
	var last *compiler.Node
	for range 4 {
		prev := b.call(step, nil)
		for range 10 {
			prev = b.call(step, nil, prev)
		}
		last = prev
	}
	dag, err := compiler.NewDAG(b.wf)
	if err != nil {
		t.Fatal(err)
	}
	b.wf.DAG = dag
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		for _, u := range dag.Upstream(c.Node.Index) {
			if id := b.wf.Nodes[u].ID; !onDisk(id) {
				problem("%s started before %s's line was written", c.Node.ID, id)
			}
		}
		return map[string]any{}, nil
	}
	obs := runtime.ObserverFunc(func(ev runtime.Event) {
		if ev.Kind == runtime.NodeSucceeded && !onDisk(ev.Node.ID) {
			problem("%s reported before its line was written", ev.Node.ID)
		}
	})
	o := runtime.Options{Registry: registry(fn), RunsDir: dir, RunID: id, MaxParallel: 8, Observer: obs}
	res, err := runtime.Run(context.Background(), b.wf, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	rec := load(t, res)
	if len(rec.NodeRecords) != len(b.wf.Nodes) || rec.Node(last.ID) == nil {
		t.Errorf("%d node lines, want %d", len(rec.NodeRecords), len(b.wf.Nodes))
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestSourceKeptWithRun checks that the program's text is copied into the
// run record and its hash written in the header.
func TestSourceKeptWithRun(t *testing.T) {
	dir := t.TempDir()
	e := echoTask("e", 1)
	b := newWorkflow("w")
	b.call(e, []arg{{"x0", lit("a")}})
	src := []byte("echo e(x0: str)\nworkflow w() { e(x0 = \"a\") }\n")
	res, err := runtime.Run(context.Background(), b.wf, nil, runtime.Options{Registry: registry(nil), RunsDir: dir, SourceFile: "w.wf", Source: src})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := os.ReadFile(filepath.Join(res.Dir, "source.wf"))
	if err != nil || string(kept) != string(src) {
		t.Fatalf("source.wf = %q, %v", kept, err)
	}
	runs, err := runtime.ListRuns(dir)
	if err != nil || len(runs) != 1 {
		t.Fatal(runs, err)
	}
	sum := sha256.Sum256(src)
	if got := runs[0].Header.SourceSHA; got != hex.EncodeToString(sum[:]) {
		t.Errorf("header source_sha256 = %q", got)
	}
}
