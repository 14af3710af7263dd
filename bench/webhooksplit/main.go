// Command webhooksplit splits the cost of `wfc run` on the webhook
// benchmark (docs/performance.md, "## Webhook") into layers, in one
// process: the same 2,000 POST calls at concurrency 32 made by
//
//	plain          a plain net/http loop (bench/webhook's baseline)
//	executor       webhook.Executor.Execute from 32 goroutines
//	run bare       runtime.Run with the webhook executor: no record, no progress
//	run +progress  the same with the plain progress renderer (to io.Discard)
//	run +record    the same with the run record instead
//	run +both      record and progress, as `wfc run` does (minus starting
//	               the process and parsing and checking the file)
//	run -http      the same without the record's request and response
//	               summaries (Call.HTTP dropped), to measure what they cost
//
// each measured by wall time and this process's CPU time, the layers
// interleaved round by round, medians printed. The server runs as a child
// process (this program re-run with -serve), so its CPU time is not
// counted. Parsing and checking happen once, before the rounds.
//
//	go run ./bench/webhooksplit -rounds 20
//
// -delay D makes the server answer each request after D (10ms for the
// latency-bound target); -only NAME,… runs only those layers; -cpuprofile FILE
// profiles the rounds.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"github.com/wfc-lang/wfc/internal/loadgen"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	goruntime "runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
	"github.com/wfc-lang/wfc/nodes/webhook"
	"github.com/wfc-lang/wfc/runtime"
)

const (
	calls    = 2000
	parallel = 32
)

func main() {
	rounds := flag.Int("rounds", 20, "rounds; each runs every layer once")
	only := flag.String("only", "", "run only the layers with these `names`, comma-separated")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the rounds to `file`")
	memprofile := flag.String("memprofile", "", "write an allocation profile of the rounds to `file`")
	delay := flag.Duration("delay", 0, "the server answers each request after this long")
	serve := flag.Bool("serve", false, "internal: be the server, print its address")
	flag.Parse()
	if *serve {
		server(*delay)
		return
	}
	if err := split(*rounds, *delay, *only, *cpuprofile, *memprofile); err != nil {
		fmt.Fprintln(os.Stderr, "bench/webhooksplit:", err)
		os.Exit(1)
	}
}

// server answers every request "ok" after reading its body and waiting
// delay, as bench/webhook's server does.
func server(delay time.Duration) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(l.Addr())
	http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if delay > 0 {
			time.Sleep(delay)
		}
		io.WriteString(w, "ok")
	}))
}

func split(rounds int, delay time.Duration, only, cpuprofile, memprofile string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	srv := exec.Command(self, "-serve", "-delay", delay.String())
	out, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Process.Kill()
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("server: %v", err)
	}
	url := "http://" + strings.TrimSpace(addr) + "/hook"

	// The workflow bench/webhook runs: 2,000 independent calls of one task.
	var src bytes.Buffer
	fmt.Fprintf(&src, "webhook hook(i: int) {\n    url = %q\n    headers = {\"Content-Type\": \"application/json\"}\n    data = {\"text\": \"Hello {inputs.i}\"}\n}\n\nworkflow bench() {\n", url)
	for i := range calls {
		fmt.Fprintf(&src, "    hook(i = %d)\n", i)
	}
	src.WriteString("}\n")
	f, diags := lang.Parse("bench.wf", src.Bytes())
	if diags.HasErrors() {
		return fmt.Errorf("parse: %v", diags)
	}
	prog, diags := compiler.Check([]*lang.File{f})
	if diags.HasErrors() {
		return fmt.Errorf("check: %v", diags)
	}
	wf := prog.Workflows[0]
	task := wf.Nodes[0].Task
	dir, err := os.MkdirTemp("", "wfc-webhooksplit")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	ex := webhook.New(webhook.Options{MaxParallel: parallel})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = parallel
	client := &http.Client{Transport: tr}

	plain := func(i int) error {
		body := fmt.Sprintf(`{"text":"Hello %d"}`, i)
		req, err := http.NewRequest("POST", url, strings.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		return err
	}
	inputs := make([]map[string]any, calls)
	for i := range inputs {
		inputs[i] = map[string]any{"i": int64(i)}
	}
	execute := func(i int) error {
		_, err := ex.Execute(context.Background(), &runtime.Call{Task: task, Inputs: inputs[i], Attempt: 1, Secrets: runtime.EnvSecrets{}})
		return err
	}
	runWith := func(ex runtime.Executor, record, progress bool) func() error {
		return func() error {
			reg := runtime.NewRegistry()
			reg.Register(compiler.TaskWebhook.FlyteType(), ex)
			o := runtime.Options{Registry: reg, MaxParallel: parallel}
			var p *runtime.Progress
			if progress {
				p = runtime.NewProgress(io.Discard, false, 0)
				o.Observer = p
			}
			if record {
				o.RunsDir = dir
			}
			_, err := runtime.Run(context.Background(), wf, map[string]any{}, o)
			if p != nil {
				p.Close()
			}
			return err
		}
	}
	run := func(record, progress bool) func() error {
		return runWith(ex, record, progress)
	}
	layers := []layer{
		{"plain", loop(plain)},
		{"executor", loop(execute)},
		{"run bare", run(false, false)},
		{"run +progress", run(false, true)},
		{"run +record", run(true, false)},
		{"run +both", run(true, true)},
		{"run -http", runWith(noSummaries{ex}, true, true)},
	}
	if only != "" {
		var chosen []layer
		for name := range strings.SplitSeq(only, ",") {
			k := slices.IndexFunc(layers, func(l layer) bool { return l.name == name })
			if k < 0 {
				return fmt.Errorf("no layer %q", name)
			}
			chosen = append(chosen, layers[k])
		}
		layers = chosen
	}
	if cpuprofile != "" {
		pf, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}

	if memprofile != "" {
		goruntime.MemProfileRate = 512
		defer func() {
			if pf, err := os.Create(memprofile); err == nil {
				pprof.Lookup("allocs").WriteTo(pf, 0)
				pf.Close()
			}
		}()
	}

	walls := make([][]float64, len(layers))
	cpus := make([][]float64, len(layers))
	for r := range rounds + 1 { // round 0 warms up connections and caches
		for k, l := range layers {
			c0, t0 := loadgen.CPUTime(), time.Now()
			if err := l.fn(); err != nil {
				return fmt.Errorf("%s: %v", l.name, err)
			}
			if r > 0 {
				walls[k] = append(walls[k], loadgen.MS(time.Since(t0)))
				cpus[k] = append(cpus[k], loadgen.MS(loadgen.CPUTime()-c0))
			}
		}
	}
	fmt.Printf("%d POST calls, concurrency %d, %d rounds; medians (this process only; the server is a child process)\n", calls, parallel, rounds)
	for k, l := range layers {
		fmt.Printf("  %-14s wall %6.1f ms   cpu %6.1f ms\n", l.name, loadgen.Median(walls[k]), loadgen.Median(cpus[k]))
	}
	with := slices.IndexFunc(layers, func(l layer) bool { return l.name == "run +both" })
	without := slices.IndexFunc(layers, func(l layer) bool { return l.name == "run -http" })
	if with >= 0 && without >= 0 {
		var ratios []float64
		for r := range cpus[with] {
			ratios = append(ratios, cpus[with][r]/cpus[without][r])
		}
		fmt.Printf("  summaries: cpu of run +both / run -http, per round: median %.3f [%.3f, %.3f]\n",
			loadgen.Median(ratios), slices.Min(ratios), slices.Max(ratios))
	}
	return nil
}

// noSummaries is the webhook executor told that nothing records its
// exchanges, so it builds no summary of them.
type noSummaries struct{ *webhook.Executor }

func (n noSummaries) Execute(ctx context.Context, c *runtime.Call) (map[string]any, error) {
	c.HTTP = nil // the attempt's own copy of the call
	return n.Executor.Execute(ctx, c)
}

// layer is one way of making the calls.
type layer struct {
	name string
	fn   func() error
}

// loop makes calls 0..calls-1 on parallel goroutines.
func loop(call func(i int) error) func() error {
	return func() error { return loadgen.Run(calls, parallel, call) }
}
