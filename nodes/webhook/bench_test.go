package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/loadgen"
	"github.com/wfc-lang/wfc/runtime"
)

// The executor alone, in process, against a plain net/http loop: 2,000
// POST webhook calls to a loopback server that answers at once, at
// parallelism 32, the two sides measured in the same iteration. The
// targets themselves are whole-process (bench/webhook, docs/performance.md
// "Webhook"); this isolates the client's share of them.
//
//	go test -run '^$' -bench Post2000 -benchtime 20x ./nodes/webhook/
//
// Each iteration runs both sides back to back (alternating which goes
// first), each against its own counting server, so machine noise hits both
// alike. Reported: the median ms per 2,000 calls of each side, the median
// of the per-iteration ratios, and the most connections each server saw in
// one iteration (the baseline's idle pool alone does not bound them).
const (
	benchCalls    = 2000
	benchParallel = 32
)

func BenchmarkPost2000(b *testing.B) {
	execSrv := newCountingServer(b, okHandler)
	plainSrv := newCountingServer(b, okHandler)

	e := New(Options{MaxParallel: benchParallel})
	defer e.Close()
	task := hook(compiler.WebhookSpec{
		URL:     execSrv.URL + "/hook",
		Headers: map[string]string{"Content-Type": "application/json"},
		Data:    map[string]any{"text": "Hello {inputs.s}"},
	}, param("s", compiler.Str))

	// The baseline: a competent plain client, its idle pool sized to the
	// concurrency (DefaultTransport keeps 2 idle per host and would churn
	// connections, which would flatter wfc).
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = benchParallel
	plain := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()

	var execTimes, plainTimes, ratios []float64
	var maxConns, maxPlainConns int64
	b.ResetTimer()
	for i := range b.N {
		execSrv.conns.Store(0)
		plainSrv.conns.Store(0)
		var execTime, plainTime time.Duration
		sides := []func(){
			func() { execTime = timeIt(b, func(i int) error { return execCall(e, task, i) }) },
			func() { plainTime = timeIt(b, func(i int) error { return plainCall(plain, plainSrv.URL+"/hook", i) }) },
		}
		if i%2 == 1 { // alternate which side goes first
			sides[0], sides[1] = sides[1], sides[0]
		}
		sides[0]()
		sides[1]()
		execTimes = append(execTimes, float64(execTime.Microseconds())/1000)
		plainTimes = append(plainTimes, float64(plainTime.Microseconds())/1000)
		ratios = append(ratios, float64(execTime)/float64(plainTime))
		maxConns = max(maxConns, execSrv.conns.Load())
		maxPlainConns = max(maxPlainConns, plainSrv.conns.Load())
		if n := execSrv.conns.Load(); n > benchParallel {
			b.Errorf("the executor opened %d connections for %d calls at parallelism %d", n, benchCalls, benchParallel)
		}
	}
	b.StopTimer()
	// Medians: a shared machine's noise comes in bursts that a mean would
	// smear over both sides unevenly.
	b.ReportMetric(loadgen.Median(execTimes), "wfc-ms")
	b.ReportMetric(loadgen.Median(plainTimes), "nethttp-ms")
	b.ReportMetric(loadgen.Median(ratios), "ratio")
	b.ReportMetric(float64(maxConns), "wfc-conns")
	b.ReportMetric(float64(maxPlainConns), "nethttp-conns")
	b.ReportMetric(0, "ns/op") // the per-side figures above are the result
}

// timeIt runs call(0..benchCalls-1) on benchParallel workers.
func timeIt(b *testing.B, call func(i int) error) time.Duration {
	start := time.Now()
	err := loadgen.Run(benchCalls, benchParallel, call)
	d := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func execCall(e *Executor, task *compiler.Task, i int) error {
	_, err := e.Execute(context.Background(), &runtime.Call{
		Task: task, Inputs: map[string]any{"s": fmt.Sprintf("world %d", i)}, Attempt: 1, Secrets: secretMap{},
	})
	return err
}

func plainCall(c *http.Client, url string, i int) error {
	return loadgen.PlainPost(c, url, fmt.Sprintf(`{"text":"Hello world %d"}`, i))
}

// BenchmarkExchangeSummary is what the run record's summary of a call adds
// to the executor's work: building it from a request and response of the
// Post2000 workload (the encoding into the journal line is
// runtime.BenchmarkNodeLine/exchange). Set against the CPU time wfc run
// spends per call (docs/performance.md), it is the summary's share.
//
//	go test -run '^$' -bench ExchangeSummary ./nodes/webhook/
func BenchmarkExchangeSummary(b *testing.B) {
	srv := newCountingServer(b, okHandler)
	e := New(Options{})
	defer e.Close()
	task := hook(compiler.WebhookSpec{
		URL:     srv.URL + "/hook",
		Headers: map[string]string{"Content-Type": "application/json"},
		Data:    map[string]any{"text": "Hello {inputs.s}"},
	}, param("s", compiler.Str))
	var x *exchange
	_, err := e.Execute(context.Background(), &runtime.Call{
		Task: task, Inputs: map[string]any{"s": "world 1234"}, Attempt: 1, Secrets: secretMap{},
		HTTP: func(*runtime.HTTPExchange) {},
	})
	if err != nil {
		b.Fatal(err)
	}
	// The state the executor keeps for the summary, as one real call left it.
	c := e.compiled(task.Webhook)
	var p prepared
	if err := prepare(&p, task, c, map[string]any{"s": "world 1234"}, noSecrets); err != nil {
		b.Fatal(err)
	}
	var req http.Request
	var body bytes.Reader
	if err := p.buildRequest("wfc-webhook", &req, &body); err != nil {
		b.Fatal(err)
	}
	resp, err := e.roundTrip(&req)
	if err != nil {
		b.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	start := time.Now()
	x = &exchange{req: &req, start: start, end: start.Add(time.Millisecond), resp: resp, body: text, text: string(text), complete: true}
	b.ReportAllocs()
	for b.Loop() {
		p.record(x, nil)
	}
}
