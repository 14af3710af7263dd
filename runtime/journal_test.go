package runtime_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/nodes/webhook"
	"github.com/wfc-lang/wfc/runtime"
)

const chainLength = 10

// webhookChain checks a workflow of chainLength webhook calls to url, each
// waiting for the one before.
func webhookChain(url string) (*compiler.Workflow, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "webhook hook(prev: str) {\n    url = %q\n    data = {\"prev\": \"{inputs.prev}\"}\n}\n", url)
	b.WriteString("workflow chain() -> dict {\n    v0 = hook(prev = \"start\")\n")
	for i := 1; i < chainLength; i++ {
		fmt.Fprintf(&b, "    v%d = hook(prev = v%d.response_data)\n", i, i-1)
	}
	fmt.Fprintf(&b, "    return v%d\n}\n", chainLength-1)
	return checkWorkflow("chain", b.String())
}

// checkWorkflow parses and checks src and returns its workflow name.
func checkWorkflow(name, src string) (*compiler.Workflow, error) {
	f, diags := lang.Parse(name+".wf", []byte(src))
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	p, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	return p.Workflow(name), nil
}

// webhookFan checks a workflow of fanWidth independent webhook calls to
// url: no call depends on another, so their lines are held and written
// together (see runtime/held.go).
func webhookFan(url string) (*compiler.Workflow, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "webhook hook(i: int) {\n    url = %q\n    data = {\"i\": \"{inputs.i}\"}\n}\n", url)
	b.WriteString("workflow fan() {\n")
	for i := range fanWidth {
		fmt.Fprintf(&b, "    hook(i = %d)\n", i)
	}
	b.WriteString("}\n")
	return checkWorkflow("fan", b.String())
}

const fanWidth = 40

func mustWebhookChain(t *testing.T, url string) *compiler.Workflow {
	t.Helper()
	wf, err := webhookChain(url)
	if err != nil {
		t.Fatal(err)
	}
	return wf
}

// countingServer answers every request with 200 and counts them.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func webhookRegistry() *runtime.Registry {
	reg := runtime.NewRegistry()
	reg.Register(compiler.TaskWebhook.FlyteType(), webhook.New(webhook.Options{}))
	return reg
}

// fsizeChild is the child process of TestRecordFailsClosedOnFileSizeLimit
// and TestHeldLinesFailClosed: it runs the webhook chain, or with shape
// "fan" the independent calls, under a file-size limit of limit bytes, so
// the journal's write fails with EFBIG part-way (Go ignores SIGXFSZ, so
// the write returns the error rather than killing the process).
func fsizeChild(runsDir, url, limit, shape string) {
	n, err := strconv.ParseUint(limit, 10, 64)
	if err == nil {
		err = unix.Setrlimit(unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: n, Max: n})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "setrlimit:", err)
		os.Exit(2)
	}
	build := webhookChain
	if shape == "fan" {
		build = webhookFan
	}
	wf, err := build(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	_, err = runtime.Run(context.Background(), wf, nil, runtime.Options{Registry: webhookRegistry(), RunsDir: runsDir, RunID: "limited"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// runLimited runs fsizeChild with the given file-size limit and shape
// against url, expects it to fail with exit status 1 for the journal's
// reason, and returns the run as listed and as loaded.
func runLimited(t *testing.T, url, limit, shape string) (runtime.RunInfo, *runtime.RunRecord) {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "WFC_TEST_FSIZE_CHILD="+dir, "WFC_TEST_URL="+url, "WFC_TEST_FSIZE="+limit, "WFC_TEST_SHAPE="+shape)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("child: %v, want exit status 1\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "run record") || !strings.Contains(stderr.String(), "file too large") {
		t.Errorf("the error does not give the reason: %s", stderr.String())
	}
	runs, err := runtime.ListRuns(dir)
	if err != nil || len(runs) != 1 {
		t.Fatalf("ListRuns = %+v, %v", runs, err)
	}
	rec, err := runtime.LoadRun(runs[0].Dir)
	if err != nil {
		t.Fatal(err)
	}
	return runs[0], rec
}

// When the journal cannot be written — here a file-size limit cuts it
// short — the run stops at once: the node whose line failed does not
// count as done, nothing after it starts (the server sees no further
// request), the run fails with the reason, and the listing and the full
// record agree on it.
func TestRecordFailsClosedOnFileSizeLimit(t *testing.T) {
	srv, requests := countingServer(t)
	// Room for the header and a few node lines, not for ten.
	listed, rec := runLimited(t, srv.URL, "1500", "chain")
	if listed.Status != runtime.StatusFailed || rec.Status != runtime.StatusFailed {
		t.Fatalf("status: listed %s, loaded %s; want failed", listed.Status, rec.Status)
	}
	if rec.End == nil || !strings.Contains(rec.End.Error, "file too large") || rec.End.Outputs != nil {
		t.Fatalf("end = %+v", rec.End)
	}
	recorded := len(rec.NodeRecords)
	if recorded == 0 || recorded >= chainLength-1 {
		t.Fatalf("%d nodes recorded: the limit did not cut the run short (adjust WFC_TEST_FSIZE)", recorded)
	}
	for _, n := range rec.NodeRecords {
		if n.Status != runtime.StatusSucceeded {
			t.Errorf("%s recorded %s", n.Node, n.Status)
		}
	}
	// The node whose line failed made its request; none after it did.
	if got := int(requests.Load()); got != recorded+1 {
		t.Errorf("%d requests for %d recorded nodes: want %d", got, recorded, recorded+1)
	}
	want := runtime.Summary{Nodes: chainLength, Succeeded: recorded, Cancelled: 1, NotStarted: chainLength - recorded - 1}
	got := rec.End.Summary
	got.Wall = 0
	if got != want || listed.End.Summary != rec.End.Summary {
		t.Errorf("summary %+v (listed %+v), want %+v", got, listed.End.Summary, want)
	}
}

// Held lines fail closed as a node's own line does: when the write of a
// batch is cut short, the run stops and fails with the reason, the nodes
// whose lines were written whole count as succeeded and the others as
// cancelled, and the summary agrees with the lines on record.
func TestHeldLinesFailClosed(t *testing.T) {
	srv, requests := countingServer(t)
	// Room for the header and a few node lines, not for all of them.
	_, rec := runLimited(t, srv.URL, "3000", "fan")
	if rec.Status != runtime.StatusFailed || rec.End == nil || !strings.Contains(rec.End.Error, "file too large") {
		t.Fatalf("status %s, end %+v", rec.Status, rec.End)
	}
	recorded := len(rec.NodeRecords)
	for _, n := range rec.NodeRecords {
		if n.Status != runtime.StatusSucceeded {
			t.Errorf("%s recorded %s", n.Node, n.Status)
		}
	}
	sum := rec.End.Summary
	if sum.Succeeded != recorded || sum.Cancelled == 0 || sum.Succeeded+sum.Cancelled+sum.NotStarted != fanWidth {
		t.Errorf("summary %+v with %d node lines on record", sum, recorded)
	}
	// Every node on record made its request; a node that did not start
	// made none (a cancelled one may have, or not yet).
	if got := int(requests.Load()); recorded >= fanWidth || got < recorded || got > recorded+sum.Cancelled {
		t.Errorf("%d lines on record, %d requests, summary %+v", recorded, got, sum)
	}
}

// A held line waits for heldDelay at most while every worker is busy:
// here the two workers run nodes that finish only once the first node's
// success has been reported, which needs its line written.
func TestHeldLineWrittenWhileWorkersBusy(t *testing.T) {
	quick := newTask("quick", testKind, nil, nil)
	wait := newTask("wait", testKind, nil, nil)
	b := newWorkflow("busy")
	first := b.call(quick, nil)
	b.call(wait, nil)
	b.call(wait, nil)
	reported := make(chan struct{})
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if c.Task == wait {
			select {
			case <-reported:
			case <-time.After(10 * time.Second):
				return nil, runtime.Permanent(errors.New("the first node's success was not reported while the others ran"))
			}
		}
		return map[string]any{}, nil
	}
	obs := runtime.ObserverFunc(func(ev runtime.Event) {
		if ev.Kind == runtime.NodeSucceeded && ev.Node == first {
			close(reported)
		}
	})
	o := runtime.Options{Registry: registry(fn), RunsDir: t.TempDir(), MaxParallel: 2, Observer: obs}
	if _, err := runtime.Run(context.Background(), b.wf, nil, o); err != nil {
		t.Fatal(err)
	}
}

// A record directory that cannot be created fails the run before any node
// starts. A path through a regular file fails for root too, which ignores
// permission bits.
func TestRecordUncreatableFailsBeforeAnyNode(t *testing.T) {
	srv, requests := countingServer(t)
	wf := mustWebhookChain(t, srv.URL)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := runtime.Run(context.Background(), wf, nil, runtime.Options{Registry: webhookRegistry(), RunsDir: filepath.Join(file, "runs")})
	if err == nil || !strings.Contains(err.Error(), "run record") || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("err = %v", err)
	}
	if res.Status == runtime.StatusSucceeded || requests.Load() != 0 {
		t.Errorf("status %s after %d requests", res.Status, requests.Load())
	}
}

// The same with a read-only directory, for a user other than root.
func TestRecordReadOnlyDirFailsBeforeAnyNode(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories; TestRecordUncreatableFailsBeforeAnyNode covers this case for root")
	}
	srv, requests := countingServer(t)
	wf := mustWebhookChain(t, srv.URL)
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	_, err := runtime.Run(context.Background(), wf, nil, runtime.Options{Registry: webhookRegistry(), RunsDir: dir})
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("err = %v", err)
	}
	if requests.Load() != 0 {
		t.Errorf("%d requests", requests.Load())
	}
}

// A run in progress is listed as running — its process holds the
// journal's lock — and becomes succeeded when it ends; a run whose
// process died is incomplete (TestSIGKILLLeavesReadableRecord).
func TestRunningRunIsNotIncomplete(t *testing.T) {
	dir := t.TempDir()
	started, release := make(chan struct{}), make(chan struct{})
	fn := func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		close(started)
		<-release
		return map[string]any{}, nil
	}
	b := newWorkflow("w")
	b.call(newTask("wait", testKind, nil, nil), nil)
	done := make(chan error, 1)
	go func() {
		_, err := runtime.Run(context.Background(), b.wf, nil, runtime.Options{Registry: registry(fn), RunsDir: dir, RunID: "live"})
		done <- err
	}()
	<-started
	runs, err := runtime.ListRuns(dir)
	if err != nil || len(runs) != 1 || runs[0].Status != runtime.StatusRunning {
		t.Errorf("while running: ListRuns = %+v, %v", runs, err)
	}
	if rec, err := runtime.LoadRun(filepath.Join(dir, "live")); err != nil || rec.Status != runtime.StatusRunning {
		t.Errorf("while running: LoadRun status %v, %v", rec, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	runs, err = runtime.ListRuns(dir)
	if err != nil || len(runs) != 1 || runs[0].Status != runtime.StatusSucceeded {
		t.Errorf("after the run: ListRuns = %+v, %v", runs, err)
	}
}

// A finished run's listing carries its inputs (they were dropped from
// run.json once).
func TestListedRunHasInputs(t *testing.T) {
	dir := t.TempDir()
	b := newWorkflow("w", param("s", compiler.Str))
	b.call(echoTask("e", 1), []arg{{"x0", wfIn("s")}})
	if _, err := runtime.Run(context.Background(), b.wf, map[string]any{"s": "hi"}, runtime.Options{Registry: registry(nil), RunsDir: dir}); err != nil {
		t.Fatal(err)
	}
	runs, err := runtime.ListRuns(dir)
	if err != nil || len(runs) != 1 || runs[0].End == nil {
		t.Fatalf("ListRuns = %+v, %v", runs, err)
	}
	if got := string(runs[0].Header.Inputs); got != `{"s":"hi"}` {
		t.Errorf("listed inputs = %s", got)
	}
}

// Each node's line carries its task's definition hash and the hash of its
// inputs as recorded: equal for equal calls, different otherwise.
func TestNodeLinesCarryHashes(t *testing.T) {
	e := echoTask("e", 1)
	b := newWorkflow("w")
	b.call(e, []arg{{"x0", lit("a")}})
	b.call(e, []arg{{"x0", lit("a")}})
	b.call(e, []arg{{"x0", lit("b")}})
	res, err := runtime.Run(context.Background(), b.wf, nil, opts(t, registry(nil)))
	if err != nil {
		t.Fatal(err)
	}
	rec := load(t, res)
	n0, n1, n2 := rec.Node("n0"), rec.Node("n1"), rec.Node("n2")
	if n0 == nil || n1 == nil || n2 == nil {
		t.Fatalf("records %+v", rec.NodeRecords)
	}
	want := e.DefinitionHash()
	for _, n := range []*runtime.NodeRecord{n0, n1, n2} {
		if n.TaskSHA != want {
			t.Errorf("%s task_sha256 = %q, want %q", n.Node, n.TaskSHA, want)
		}
		sum := sha256.Sum256(n.Inputs)
		if n.InputsSHA != hex.EncodeToString(sum[:]) {
			t.Errorf("%s inputs_sha256 = %q is not the hash of %s", n.Node, n.InputsSHA, n.Inputs)
		}
	}
	if n0.InputsSHA != n1.InputsSHA || n0.InputsSHA == n2.InputsSHA {
		t.Errorf("inputs hashes %s %s %s: want the first two equal, the third different", n0.InputsSHA, n1.InputsSHA, n2.InputsSHA)
	}
}
