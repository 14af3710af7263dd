package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wfc-lang/wfc/internal/headless"
	"github.com/wfc-lang/wfc/report"
	wfcruntime "github.com/wfc-lang/wfc/runtime"
)

// reportProgram has what a report must show: a failed node with a retry
// and the node it stops (skipped), a cached task, a map, a conditional in
// an inlined subworkflow, a webhook (to SERVER, a loopback server of the
// test's), an edge over three layers, and a value that must stay text.
const reportProgram = `
task fetch(region: str) -> str {
    shell = "echo fetching {inputs.region} >&2; echo '</script><script>document.title=1</script>'"
}
task parse(raw: str) -> int {
    shell = "echo parsing >&2; echo 7"
    cache = true
}
task flaky(n: int) -> int {
    shell   = "echo 'connecting to the database' >&2; echo 'error: connection refused' >&2; exit 3"
    retries = 1
}
task square(x: int) -> int {
    shell = "echo $(( {inputs.x} * {inputs.x} ))"
}
echo total(xs: list[int])
task big(n: int) -> str {
    shell = "echo big {inputs.n}"
}
task small(n: int) -> str {
    shell = "echo small {inputs.n}"
}
workflow pick(n: int) -> str {
    v = if n > 5 { big(n = n) } else { small(n = n) }
    return v
}
task publish(n: int, raw: str) -> str {
    shell = "echo published {inputs.n}"
}
webhook ping(n: int) {
    url    = "SERVER/ping"
    method = "GET"
    data   = {"n": "{inputs.n}"}
}

workflow demo(xs: list[int] = [1, 2, 3, 4, 5]) -> (list[int], str) {
    raw = fetch(region = "eu")
    n   = parse(raw = raw)
    sq  = [square(x = v) for v in xs] with {concurrency = 2}
    total(xs = sq)
    p   = pick(n = n)
    f   = flaky(n = n)
    publish(n = f, raw = raw)
    ping(n = n)
    return sq, p
}
`

// TestReportInBrowser runs a workflow through wfc three times — the first
// fills the task cache, the second hits it, the third resumes the second
// — writes each later run's report with --report, and loads it in
// headless Chromium: the page must load without a console error or an
// exception, and show every node of the record in its recorded state.
// A screenshot of each is left in the test's temp dir.
func TestReportInBrowser(t *testing.T) {
	chromium := findChromium(t)
	dir := t.TempDir()
	t.Setenv("WFC_CACHE", filepath.Join(dir, "cache"))
	prog := filepath.Join(dir, "demo.wf")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"pong": true}`)
	}))
	defer srv.Close()
	if err := os.WriteFile(prog, []byte(strings.ReplaceAll(reportProgram, "SERVER", srv.URL)), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := filepath.Join(dir, "runs")
	wfc := func(args ...string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run(newEnv(strings.NewReader(""), &stdout, &stderr), args)
		if code != exitFail { // the flaky node fails every run
			t.Fatalf("wfc %s: exit %d, want 1\n%s", strings.Join(args, " "), code, stderr.String())
		}
	}
	wfc("run", "--runs-dir", runs, "--keep-going", prog, "demo")
	wfc("run", "--runs-dir", runs, "--keep-going", "--report", prog, "demo")
	cachedRun := latestRun(t, runs)
	wfc("run", "--runs-dir", runs, "--keep-going", "--report", "--resume", "latest", prog, "demo")
	resumedRun := latestRun(t, runs)

	ctx := startBrowser(t, chromium)
	for _, c := range []struct {
		name string
		dir  string
		want []string // states the report must show
	}{
		{"cached", cachedRun, []string{"succeeded", "failed", "cached", "skipped"}},
		{"resumed", resumedRun, []string{"reused", "failed", "skipped"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec, err := wfcruntime.LoadRun(c.dir)
			if err != nil {
				t.Fatal(err)
			}
			page := checkReportPage(t, ctx, filepath.Join(c.dir, "report.html"), c.name, "n7")
			wantRows, wantTotals := expectedStates(rec)
			if !mapsEqual(page.Rows, wantRows) {
				t.Errorf("rows shown (id: state):\n%v\nwant (from the record):\n%v", page.Rows, wantRows)
			}
			if !mapsEqual(page.Totals, wantTotals) {
				t.Errorf("totals shown %v, want %v", page.Totals, wantTotals)
			}
			for _, s := range c.want {
				if page.Totals[s] == 0 {
					t.Errorf("no %s node shown; totals %v", s, page.Totals)
				}
			}
			// The DAG has the workflow's nodes, the inlined subworkflow's
			// conditional among them.
			if page.Boxes != rec.Header.Nodes {
				t.Errorf("DAG shows %d boxes, want the run's %d nodes", page.Boxes, rec.Header.Nodes)
			}
			if page.Title != "demo · run "+rec.Header.ID+" · wfc" {
				t.Errorf("title %q: a value of the record ran as script, or the title is wrong", page.Title)
			}
			if !strings.Contains(page.Detail, "connection refused") {
				t.Errorf("the detail panel does not open on the failed node's error; it shows:\n%s", page.Detail)
			}
			if ping := page.Opened["n7"]; !strings.Contains(ping, "n7") || !strings.Contains(ping, `"status_code": 200`) {
				t.Errorf("the webhook node, clicked, shows:\n%s", ping)
			}
			// Where the webhook ran (not reused), its request and
			// response are shown, as the record keeps them.
			if ping := page.Opened["n7"]; c.name == "cached" && (!strings.Contains(ping, "GET "+srv.URL+"/ping?n=7") || !strings.Contains(ping, "attempt 1 · status 200")) {
				t.Errorf("the webhook's request and response are not shown; the panel has:\n%s", ping)
			}
		})
	}
	// A webhook's exchanges as the detail panel shows them: a failed
	// attempt with a response and one without, set on the failed row.
	t.Run("webhook", func(t *testing.T) {
		rec, err := wfcruntime.LoadRun(cachedRun)
		if err != nil {
			t.Fatal(err)
		}
		d := report.New(rec, report.Options{})
		for i := range d.Rows {
			if d.Rows[i].State == "failed" {
				d.Rows[i].Webhook = json.RawMessage(webhookExchanges)
			}
		}
		path := filepath.Join(t.TempDir(), "webhook.html")
		if err := report.WriteFile(path, d); err != nil {
			t.Fatal(err)
		}
		page := checkReportPage(t, ctx, path, "webhook")
		for _, want := range []string{"attempt 1 · status 503", "POST http://127.0.0.1:8000/hook?a=1", "response body (19 bytes)", "attempt 2 · no response", "connection refused"} {
			if !strings.Contains(page.Detail, want) {
				t.Errorf("the detail panel lacks %q; it shows:\n%s", want, page.Detail)
			}
		}
		if page.Title != "demo · run "+rec.Header.ID+" · wfc" {
			t.Errorf("title %q: a value ran as script", page.Title)
		}
	})
}

// webhookExchanges is two attempts of a webhook as the run record keeps
// them: one answered 503, one without a response.
const webhookExchanges = `[
 {"attempt": 1, "http": {"request": {"method": "POST", "url": "http://127.0.0.1:8000/hook?a=1",
   "headers": [["Content-Type", "application/json"], ["Authorization", "Bearer ***"]],
   "body": {"size": 17, "excerpt": "{\"text\": \"hello\"}"}},
  "response": {"status": 503, "headers": [["Retry-After", "1"]],
   "body": {"size": 19, "excerpt": "</script><b>x</b>!!"}}, "duration_ns": 12500000}},
 {"attempt": 2, "http": {"request": {"method": "POST", "url": "http://127.0.0.1:8000/hook?a=1", "body": {"size": 17}},
  "duration_ns": 300000, "error": "dial tcp 127.0.0.1:8000: connect: connection refused"}}
]`

// reportPage is what the loaded page shows.
type reportPage struct {
	Title  string
	Rows   map[string]string // node id → state, from the table's rows
	Totals map[string]int    // state → count, from the totals
	Boxes  int               // boxes drawn in the DAG
	Detail string            // the detail panel's text
	Opened map[string]string // node id → the detail panel's text once its row was clicked
}

// checkReportPage loads the report at path, fails the test on any console
// error or exception, reads what it shows and saves a screenshot.
// Each node in open is then clicked in the table, and the detail panel's
// text kept in reportPage.Opened.
func checkReportPage(t *testing.T, browser context.Context, path, name string, open ...string) reportPage {
	t.Helper()
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	// Every console message, exception and browser log entry (a load the
	// Content-Security-Policy blocked, say), until the tab closes.
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(tab)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1440, 1500),
		chromedp.Navigate("file://"+path),
		chromedp.WaitReady(chromedp.CSS(`html[data-ready]`)),
	)
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	var page reportPage
	read := func(expr string, v any) {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err == nil {
			err = json.Unmarshal([]byte(s), v)
		}
		if err != nil {
			t.Fatalf("reading the page (%s): %v", expr, err)
		}
	}
	read(`JSON.stringify(document.title)`, &page.Title)
	read(`JSON.stringify(Object.fromEntries([...document.querySelectorAll('#spacer .row')].map(e => [e.dataset.id, e.dataset.state])))`, &page.Rows)
	read(`JSON.stringify(Object.fromEntries([...document.querySelectorAll('.chip[data-state]')].map(e => [e.dataset.state, +e.dataset.count])))`, &page.Totals)
	read(`JSON.stringify(+document.getElementById('dag').dataset.boxes)`, &page.Boxes)
	read(`JSON.stringify(document.getElementById('detail').innerText)`, &page.Detail)
	page.Opened = map[string]string{}
	for _, id := range open {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#spacer .row[data-id="`+id+`"]`))); err != nil {
			t.Fatalf("clicking node %s: %v", id, err)
		}
		var text string
		read(`JSON.stringify(document.getElementById('detail').innerText)`, &text)
		page.Opened[id] = text
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	shot := filepath.Join(t.TempDir(), "report-"+name+".png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
	closeTab()
	<-done
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("%s: %s", path, p)
	}
	return page
}

// expectedStates is what the report of rec must show: every recorded node
// in its state (a cached node whose outputs came from the resumed run as
// reused), and the workflow's sub-workflow call as a group row.
func expectedStates(rec *wfcruntime.RunRecord) (map[string]string, map[string]int) {
	rows, totals := map[string]string{}, map[string]int{}
	for _, n := range rec.NodeRecords {
		s := string(n.Status)
		if n.CachedFrom != nil && n.CachedFrom.Run == rec.Header.ResumedFrom {
			s = "reused"
		}
		rows[n.Node] = s
		totals[s]++
	}
	// The subworkflow pick, inlined as n4's nodes, is a group: its
	// conditional succeeded.
	rows["n4"] = "succeeded"
	return rows, totals
}

func mapsEqual[V comparable](a, b map[string]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func latestRun(t *testing.T, runs string) string {
	t.Helper()
	dir, err := wfcruntime.FindRun(runs, "latest")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// findChromium returns Debian's chromium. Without it the test is skipped,
// unless CI is "true": CI installs it (.ci/run), so there its absence is
// a failure.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if p := "/usr/bin/chromium"; fileExists(p) {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found, and CI=true: the browser test must run in CI (.ci/run installs Debian's chromium)")
	}
	t.Skip("chromium not found: install it (apt-get install chromium) to run the browser test; with CI=true its absence fails the test")
	return ""
}

// startBrowser starts headless Chromium (headless.Start) and returns its
// context; the browser is stopped when the test ends.
func startBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	ctx, stop, err := headless.Start(path, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return ctx
}
