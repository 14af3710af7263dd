package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/nodes/echo"
	"github.com/wfc-lang/wfc/nodes/shell"
	"github.com/wfc-lang/wfc/nodes/webhook"
	"github.com/wfc-lang/wfc/runtime"
)

// A program with every kind of row: a map, a conditional inside an
// inlined subworkflow, a failure with a retry and the node it stops, and
// an output that is markup.
const testProgram = `
task fail_once(n: int) -> int {
    shell   = "echo 'about to fail' >&2; exit 3"
    retries = 1
}
task markup() -> str {
    shell = "echo '</script><script>alert(1)</script><b>bold</b>'"
}
echo step(x: int)
echo after(x: int)
workflow pick(n: int) -> int {
    v = if n > 1 { step(x = n) } else { step(x = 0) }
    return v
}
workflow w(xs: list[int] = [1, 2, 3]) -> list[int] {
    m = markup()
    ys = [step(x = v) for v in xs]
    p = pick(n = 2)
    f = fail_once(n = p)
    after(x = f)
    return ys
}
`

// checkedWorkflow parses and checks src and returns its workflow w.
func checkedWorkflow(t *testing.T, src string) *compiler.Workflow {
	t.Helper()
	f, diags := lang.Parse("test.wf", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	prog, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return prog.Workflow("w")
}

// runProgram checks src and runs its workflow w, recording under dir;
// it returns the record.
func runProgram(t *testing.T, dir, src string, resume *runtime.RunRecord) *runtime.RunRecord {
	t.Helper()
	wf := checkedWorkflow(t, src)
	reg := runtime.NewRegistry()
	reg.Register(shell.TaskType, shell.Executor{})
	reg.Register(echo.TaskType, echo.Executor{})
	reg.Register(compiler.TaskWebhook.FlyteType(), webhook.New(webhook.Options{MaxParallel: 4}))
	opts := runtime.Options{Registry: reg, RunsDir: dir, KeepGoing: true, Source: []byte(src), SourceFile: "test.wf",
		Backoff: runtime.Backoff{Base: 1, Max: 1}}
	if resume != nil {
		opts.Resume = runtime.NewResume(resume)
	}
	inputs, err := runtime.ParseInputs(wf, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := runtime.Run(context.Background(), wf, inputs, opts)
	rec, err := runtime.LoadRun(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func rowByID(d *Data, id string) *Row {
	for i := range d.Rows {
		if d.Rows[i].ID == id {
			return &d.Rows[i]
		}
	}
	return nil
}

func TestNewShowsEveryNode(t *testing.T) {
	rec := runProgram(t, t.TempDir(), testProgram, nil)
	d := New(rec, Options{})
	if len(d.Notes) > 0 {
		t.Errorf("notes: %q", d.Notes)
	}
	// Every recorded node is a row in its recorded state.
	for _, n := range rec.NodeRecords {
		r := rowByID(d, n.Node)
		if r == nil {
			t.Errorf("node %s has no row", n.Node)
			continue
		}
		if r.State != string(n.Status) {
			t.Errorf("row %s: state %s, want %s", n.Node, r.State, n.Status)
		}
	}
	// The tree: items under their map, the subworkflow's nodes under a
	// group named for it, each row after its parent.
	for k, r := range d.Rows {
		if r.Parent >= k {
			t.Errorf("row %s comes before its parent", r.ID)
		}
	}
	m := rowByID(d, "n1")
	if m == nil || m.Kind != "map" || m.Children != 3 || m.Items["succeeded"] != 3 || m.Span == nil {
		t.Errorf("map row: %+v", m)
	}
	if it := rowByID(d, "n1-2"); it == nil || it.Kind != "item" || d.Rows[it.Parent].ID != "n1" {
		t.Errorf("item row: %+v", it)
	}
	if g := rowByID(d, "n2"); g == nil || g.Kind != "group" || g.Label != "workflow pick" || g.State != "succeeded" {
		t.Errorf("subworkflow group: %+v", g)
	}
	if c := rowByID(d, "n2-n0-n1"); c == nil || c.State != "skipped" || c.Reason == "" {
		t.Errorf("the branch not taken: %+v", c)
	}
	f := rowByID(d, "n3")
	if f == nil || f.State != "failed" || len(f.Attempts) != 2 || f.Attempts[0].Error == "" || !strings.Contains(strings.Join(f.Log, "\n"), "about to fail") {
		t.Fatalf("failed row: %+v", f)
	}
	if f.LogPath != runtime.LogPath(rec.Dir, "n3") || f.LogHref != "logs/n3.log" {
		t.Errorf("log path %q, href %q", f.LogPath, f.LogHref)
	}
	if s := rowByID(d, "n4"); s == nil || s.State != "skipped" {
		t.Errorf("downstream of the failure: %+v", s)
	}
	if d.Totals["failed"] != 1 || d.Totals["skipped"] != 2 {
		t.Errorf("totals %v", d.Totals)
	}
	// The picture: one box per node of the run's DAG, every edge read
	// left to right, no two boxes on each other.
	g := d.Graph
	if len(g.Nodes)/3 != rec.Header.Nodes {
		t.Errorf("%d boxes, want %d", len(g.Nodes)/3, rec.Header.Nodes)
	}
	if len(g.Edges) == 0 {
		t.Error("no edges")
	}
	for k := 0; k < len(g.Edges); k += 2 {
		a, b := g.Edges[k]*3, g.Edges[k+1]*3
		if g.Nodes[a+1] >= g.Nodes[b+1] {
			t.Errorf("edge %s → %s points left", d.Rows[g.Nodes[a]].ID, d.Rows[g.Nodes[b]].ID)
		}
	}
	seen := map[[2]int]bool{}
	for k := 0; k < len(g.Nodes); k += 3 {
		at := [2]int{g.Nodes[k+1], g.Nodes[k+2]}
		if seen[at] {
			t.Errorf("two boxes at %v", at)
		}
		seen[at] = true
		if at[0]+g.BoxW > g.Width || at[1]+g.BoxH > g.Height {
			t.Errorf("box at %v outside the %dx%d picture", at, g.Width, g.Height)
		}
	}
}

func TestNewMarksReusedAndCached(t *testing.T) {
	dir := t.TempDir()
	first := runProgram(t, dir, testProgram, nil)
	resumed := runProgram(t, dir, testProgram, first)
	d := New(resumed, Options{})
	for _, id := range []string{"n0", "n1-0", "n2-n0-n0"} {
		r := rowByID(d, id)
		if r == nil || r.State != "reused" || !strings.Contains(r.From, first.Header.ID) || r.Ready == nil {
			t.Errorf("row %s: %+v, want reused from %s at a time", id, r, first.Header.ID)
		}
	}
	if r := rowByID(d, "n3"); r == nil || r.State != "failed" {
		t.Errorf("the failed node runs again: %+v", r)
	}
	if d.Totals["reused"] == 0 || d.Totals["cached"] != 0 {
		t.Errorf("totals %v", d.Totals)
	}
}

func TestRenderIsDeterministicAndEscaped(t *testing.T) {
	rec := runProgram(t, t.TempDir(), testProgram, nil)
	var a, b bytes.Buffer
	if err := Render(&a, New(rec, Options{})); err != nil {
		t.Fatal(err)
	}
	again, err := runtime.LoadRun(rec.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := Render(&b, New(again, Options{})); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same record gave different pages")
	}
	page := a.String()
	// The markup output is data: it neither ends the data element nor
	// becomes an element.
	if strings.Contains(page, "alert(1)</script>") || strings.Contains(page, "<b>bold") {
		t.Error("a value of the record is in the page as markup")
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" id="wfc-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no data element")
	}
	var d Data
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil {
		t.Fatalf("the data element is not JSON: %v", err)
	}
	if r := rowByID(&d, "n0"); r == nil || !strings.Contains(r.Outputs, "</script><script>alert(1)</script><b>bold</b>") {
		t.Errorf("the markup output did not come through as text: %+v", r)
	}
	// The policy allows the page's one script, by its hash, and nothing
	// from elsewhere.
	s := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(page)
	if s == nil {
		t.Fatal("no script")
	}
	sum := sha256.Sum256([]byte(s[1]))
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no Content-Security-Policy")
	}
	want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if policy := html.UnescapeString(csp[1]); !strings.Contains(policy, want) || !strings.Contains(policy, "default-src 'none'") {
		t.Errorf("policy %q does not hold %q and default-src 'none'", policy, want)
	}
	if regexp.MustCompile(`(?i)(src|href)="https?:`).MatchString(page) {
		t.Error("the page loads something from the network")
	}
}

func TestNewWithoutProgramText(t *testing.T) {
	rec := runProgram(t, t.TempDir(), testProgram, nil)
	if err := os.Remove(filepath.Join(rec.Dir, "source.wf")); err != nil {
		t.Fatal(err)
	}
	d := New(rec, Options{})
	if len(d.Notes) == 0 || !strings.Contains(d.Notes[0], "edges are not shown") {
		t.Errorf("notes %q", d.Notes)
	}
	for _, n := range rec.NodeRecords {
		if rowByID(d, n.Node) == nil {
			t.Errorf("node %s has no row", n.Node)
		}
	}
	if r := rowByID(d, "n3"); r == nil || r.Kind != "task" || r.State != "failed" {
		t.Errorf("a top node without the DAG: %+v", r)
	}
	if len(d.Graph.Edges) != 0 || len(d.Graph.Nodes) == 0 {
		t.Errorf("graph without a program: %d boxes, %d edges", len(d.Graph.Nodes)/3, len(d.Graph.Edges)/2)
	}
}

func TestWriteFileReplacesWhole(t *testing.T) {
	rec := runProgram(t, t.TempDir(), testProgram, nil)
	out := filepath.Join(t.TempDir(), "r.html")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(out, New(rec, Options{Out: out})); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) || !bytes.HasSuffix(b, []byte("</html>\n")) {
		t.Errorf("report: %.40q…, %v", b, err)
	}
	ents, _ := os.ReadDir(filepath.Dir(out))
	if len(ents) != 1 {
		t.Errorf("left behind: %v", ents)
	}
	// A folder that does not exist: an error, nothing written.
	if err := WriteFile(filepath.Join(out+".d", "r.html"), New(rec, Options{})); err == nil {
		t.Error("no error for a missing folder")
	}
}

func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"0123456789abc", 10, "0123456789…[3 more bytes]"},
		{"ééééé", 5, "éé…[6 more bytes]"}, // not inside a character
	} {
		if got := excerpt(c.in, c.max); got != c.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
	if got := tail([]string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}, 1000); strings.Join(got, "") != "cdefghij" {
		t.Errorf("tail = %q", got)
	}
}

// An edge over several layers passes through a slot of its own in each
// layer between, not through a box; every box and slot has its own place.
func TestLayoutRoutesLongEdges(t *testing.T) {
	wf := checkedWorkflow(t, `
echo step(x: int)
echo join(a: int, b: int)
workflow w() {
    a = step(x = 1)
    b = step(x = a)
    c = step(x = b)
    join(a = a, b = c)
}
`)
	pic := layout(wf.DAG, 0)
	taken := map[[2]int]string{}
	for i, xy := range pic.xy {
		taken[xy] = wf.Nodes[i].ID
	}
	e := 0
	var long [][2]int
	for i := range wf.Nodes {
		for _, u := range wf.DAG.Upstream(i) {
			if wf.Nodes[u].ID == "n0" && wf.Nodes[i].ID == "n3" {
				long = pic.bends[e]
			} else if len(pic.bends[e]) > 0 {
				t.Errorf("edge %s → %s, over one layer, has waypoints", wf.Nodes[u].ID, wf.Nodes[i].ID)
			}
			e++
		}
	}
	if len(long) != 2 {
		t.Fatalf("the edge n0 → n3 over three layers has waypoints %v, want 2", long)
	}
	for k, xy := range long {
		if id, ok := taken[xy]; ok {
			t.Errorf("waypoint %v is on box %s", xy, id)
		}
		if want := pic.xy[1][0] + k*pitchX; xy[0] != want { // the layers of n1 and n2
			t.Errorf("waypoint %d at x %d, want %d", k, xy[0], want)
		}
	}
}

// A webhook node's row holds its request and response as the record keeps
// them, cut to the row's budget.
func TestWebhookExchange(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Reply", strings.Repeat("h", 2000))
		io.WriteString(w, strings.Repeat("x", 10000))
	}))
	defer srv.Close()
	src := strings.ReplaceAll(`
webhook hook(n: int) {
    url    = "SERVER/big"
    method = "GET"
    data   = {"n": "{inputs.n}"}
}
workflow w() -> dict {
    return hook(n = 7)
}
`, "SERVER", srv.URL)
	rec := runProgram(t, t.TempDir(), src, nil)
	r := rowByID(New(rec, Options{}), "n0")
	if r == nil || r.State != "succeeded" {
		t.Fatalf("row n0: %+v", r)
	}
	type exchange struct {
		Attempt int
		HTTP    runtime.HTTPExchange
	}
	var xs []exchange
	if err := json.Unmarshal(r.Webhook, &xs); err != nil || len(xs) != 1 {
		t.Fatalf("webhook %s: %v", r.Webhook, err)
	}
	x := xs[0].HTTP
	if xs[0].Attempt != 1 || x.Request.Method != "GET" || x.Request.URL != srv.URL+"/big?n=7" || x.Response == nil || x.Response.Status != 200 {
		t.Errorf("exchange %+v", x)
	}
	if b := x.Response.Body; b == nil || b.Size != 10000 || !b.Truncated || len(b.Excerpt) > maxRowText/4+40 {
		t.Errorf("response body: size %d, truncated %v, %d bytes kept", b.Size, b.Truncated, len(b.Excerpt))
	}
	if h := x.Response.Headers; len(h) == 0 || !strings.Contains(fmt.Sprint(h), "X-Reply") {
		t.Errorf("response headers: %v", h)
	}
	// A small budget keeps the url, the bodies' beginnings and the
	// status; the header lines go, counted.
	small := webhookOf(rec.Node("n0"), 600)
	var cut []exchange
	if err := json.Unmarshal(small, &cut); err != nil || len(cut) != 1 {
		t.Fatalf("%s: %v", small, err)
	}
	x = cut[0].HTTP
	if len(small) > 1200 || x.Request.Headers != nil || x.Request.HeadersOmitted == 0 || x.Response.HeadersOmitted == 0 || x.Response.Status != 200 {
		t.Errorf("%d bytes: %s", len(small), small)
	}
}
