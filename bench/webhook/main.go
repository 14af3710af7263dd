// Command webhook measures the webhook targets (docs/performance.md,
// "Webhook") as whole processes: `wfc run --max-parallel 32` of a
// workflow of 2,000 POST webhook calls to a loopback server, against a
// plain Go net/http program making the same 2,000 requests at the same
// concurrency, both started as processes, alternating, in the same run.
//
//	go build -o bench/out/wfc ./cmd/wfc
//	go run ./bench/webhook -wfc bench/out/wfc -mode latency -rounds 10
//	go run ./bench/webhook -wfc bench/out/wfc -mode immediate -rounds 10
//
// -mode latency: the server answers each request after 10 ms, as a real
// webhook waits on the network. Reported: each side's wall time, wfc's
// over the plain loop's (target <= 1.05), and each over the ideal, n / c
// × 10 ms; and where the wall time goes, as the server sees it: from the
// process's start to the first request, the calls (to the last answer),
// and from there to the process's exit.
//
// -mode immediate: the server answers at once. Reported: each side's
// CPU time, user + system, of its whole process (target: wfc's <= 1.5 ×
// the plain loop's) and the TCP connections the server saw (target: at
// most c).
//
// -compare OLD times another wfc binary in the same rounds, for
// before/after figures from one run.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wfc-lang/wfc/internal/loadgen"
)

func main() {
	var (
		wfc      = flag.String("wfc", "bench/out/wfc", "the wfc binary to measure")
		mode     = flag.String("mode", "latency", "latency (the server answers after -delay) or immediate (at once; CPU time is compared)")
		delay    = flag.Duration("delay", 10*time.Millisecond, "the server's delay per request in latency mode")
		calls    = flag.Int("n", 2000, "webhook calls per run")
		parallel = flag.Int("c", 32, "concurrency (--max-parallel)")
		rounds   = flag.Int("rounds", 10, "rounds; each runs every side once")
		compare  = flag.String("compare", "", "another wfc binary (an older build, say) to time in the same rounds")
		plainURL = flag.String("plain", "", "internal: be the plain net/http client, POSTing to this url")
	)
	flag.Parse()
	if *plainURL != "" {
		if err := plain(*plainURL, *calls, *parallel); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	switch *mode {
	case "latency":
	case "immediate":
		*delay = 0
	default:
		fmt.Fprintf(os.Stderr, "bench/webhook: unknown -mode %q (want latency or immediate)\n", *mode)
		os.Exit(2)
	}
	if err := measure(*mode, *wfc, *compare, *calls, *parallel, *rounds, *delay); err != nil {
		fmt.Fprintln(os.Stderr, "bench/webhook:", err)
		os.Exit(1)
	}
}

// plain is the baseline: a competent net/http client, its idle pool sized
// to the concurrency, workers pulling request numbers from a counter.
func plain(url string, n, c int) error {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = c
	client := &http.Client{Transport: tr}
	return loadgen.Run(n, c, func(i int) error {
		return loadgen.PlainPost(client, url, fmt.Sprintf(`{"text":"Hello %d"}`, i))
	})
}

// sample is one side's run: its wall time, its process's CPU time, the
// connections the server saw meanwhile (opened in all, and open at once at
// most), and the wall time split where the server saw the first request
// and gave the last answer.
type sample struct {
	wall, cpu           time.Duration
	conns, open         int64
	start, calls, close time.Duration
}

func measure(mode, wfc, compare string, n, c, rounds int, delay time.Duration) error {
	bins := []string{wfc}
	if compare != "" {
		bins = append(bins, compare)
	}
	for i, b := range bins {
		if _, err := os.Stat(b); err != nil {
			return fmt.Errorf("%v (build it: go build -o %s ./cmd/wfc)", err, b)
		}
		bins[i], _ = filepath.Abs(b)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	// The server: read the body, wait delay, answer "ok"; count requests,
	// and the current side's connections: opened, and most open at once
	// (a connection belongs to the side running when it was opened).
	var requests atomic.Int64
	var first, last atomic.Int64 // the current side's first request and last answer, in Unix ns
	var cmu sync.Mutex
	var conns, open, mostOpen int64
	side := map[net.Conn]bool{} // the connection is the current side's
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			first.CompareAndSwap(0, time.Now().UnixNano())
			io.Copy(io.Discard, r.Body)
			if delay > 0 {
				time.Sleep(delay)
			}
			requests.Add(1)
			io.WriteString(w, "ok")
			last.Store(time.Now().UnixNano())
		}),
		ConnState: func(c net.Conn, s http.ConnState) {
			cmu.Lock()
			defer cmu.Unlock()
			switch s {
			case http.StateNew:
				side[c] = true
				conns++
				open++
				mostOpen = max(mostOpen, open)
			case http.StateClosed, http.StateHijacked:
				if side[c] {
					open--
				}
				delete(side, c)
			}
		},
	}
	go srv.Serve(l)
	defer srv.Close()
	url := "http://" + l.Addr().String() + "/hook"

	dir, err := os.MkdirTemp("", "wfc-webhook-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	wf := filepath.Join(dir, "bench.wf")
	if err := os.WriteFile(wf, workflow(url, n), 0o644); err != nil {
		return err
	}

	// Each side is a process; output is discarded (wfc's progress goes to
	// a pipe, so it writes plain lines, as in CI).
	run := func(name string, args []string) (sample, error) {
		cmu.Lock()
		clear(side) // an earlier side's connections still closing are not counted
		conns, open, mostOpen = 0, 0, 0
		cmu.Unlock()
		requests.Store(0)
		first.Store(0)
		last.Store(0)
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		start := time.Now()
		err := cmd.Run()
		end := time.Now()
		s := sample{wall: end.Sub(start)}
		if f, l := first.Load(), last.Load(); f != 0 && l != 0 {
			s.start, s.calls, s.close = time.Unix(0, f).Sub(start), time.Duration(l-f), end.Sub(time.Unix(0, l))
		}
		cmu.Lock()
		s.conns, s.open = conns, mostOpen
		cmu.Unlock()
		if cmd.ProcessState != nil {
			s.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		if err != nil {
			return s, fmt.Errorf("%s: %v\n%s", name, err, stderr.String())
		}
		if got := requests.Load(); got != int64(n) {
			return s, fmt.Errorf("%s: the server saw %d requests, want %d", name, got, n)
		}
		return s, nil
	}
	type sideSpec struct {
		name string
		args []string
	}
	specs := []sideSpec{{"plain net/http", []string{self, "-plain", url, "-n", fmt.Sprint(n), "-c", fmt.Sprint(c)}}}
	for k, b := range bins {
		name := "wfc run"
		if k == 1 {
			name = "compare"
		}
		specs = append(specs, sideSpec{name, []string{b, "run", "--max-parallel", fmt.Sprint(c), "--runs-dir", filepath.Join(dir, "runs"), wf}})
	}

	ideal := delay * time.Duration(n) / time.Duration(c) // the n / c × delay
	if mode == "latency" {
		fmt.Printf("%d POST webhook calls answered after %s, concurrency %d, %d rounds; ideal %.0f ms\n", n, delay, c, rounds, loadgen.MS(ideal))
	} else {
		fmt.Printf("%d POST webhook calls answered at once, concurrency %d, %d rounds\n", n, c, rounds)
	}
	samples := make([][]sample, len(specs))
	for r := range rounds {
		got := make([]sample, len(specs))
		for k := range specs {
			j := (k + r) % len(specs) // rotate which side goes first
			s, err := run(specs[j].name, specs[j].args)
			if err != nil {
				return err
			}
			got[j] = s
		}
		fmt.Printf("round %2d:", r+1)
		for j, sp := range specs {
			s := got[j]
			samples[j] = append(samples[j], s)
			fmt.Printf("   %s wall %6.1f ms cpu %6.1f ms (%d conns, %d at once)", sp.name, loadgen.MS(s.wall), loadgen.MS(s.cpu), s.conns, s.open)
		}
		fmt.Println()
	}

	// Per round, each side against the plain loop of the same round; then
	// the median and the range over the rounds.
	fmt.Println("over the rounds: median [min, max]")
	for j, sp := range specs {
		var walls, cpus, wallRatios, cpuRatios, idealRatios, starts, calls, closes []float64
		var most, mostAtOnce int64
		for r, s := range samples[j] {
			base := samples[0][r]
			walls = append(walls, loadgen.MS(s.wall))
			starts, calls, closes = append(starts, loadgen.MS(s.start)), append(calls, loadgen.MS(s.calls)), append(closes, loadgen.MS(s.close))
			cpus = append(cpus, loadgen.MS(s.cpu))
			wallRatios = append(wallRatios, float64(s.wall)/float64(base.wall))
			cpuRatios = append(cpuRatios, float64(s.cpu)/float64(base.cpu))
			if ideal > 0 {
				idealRatios = append(idealRatios, float64(s.wall)/float64(ideal))
			}
			most = max(most, s.conns)
			mostAtOnce = max(mostAtOnce, s.open)
		}
		fmt.Printf("  %-15s wall %s ms   cpu %s ms   connections: at most %d opened, %d open at once\n", sp.name, spread(walls, "%.1f"), spread(cpus, "%.1f"), most, mostAtOnce)
		if ideal > 0 {
			fmt.Printf("  %-15s wall / ideal %s\n", "", spread(idealRatios, "%.3f"))
			fmt.Printf("  %-15s start to first request %s ms, calls %s ms, last answer to exit %s ms\n", "", spread(starts, "%.1f"), spread(calls, "%.1f"), spread(closes, "%.1f"))
		}
		if j == 0 {
			continue
		}
		if mode == "latency" {
			fmt.Printf("  %-15s wall / plain %s (target <= 1.05)\n", "", spread(wallRatios, "%.3f"))
		} else {
			fmt.Printf("  %-15s cpu / plain %s (target <= 1.5; connections <= %d)\n", "", spread(cpuRatios, "%.3f"), c)
		}
	}
	return nil
}

// spread is "median [min, max]" of xs.
func spread(xs []float64, format string) string {
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return fmt.Sprintf(format+" ["+format+", "+format+"]", loadgen.Median(xs), lo, hi)
}

// workflow is n independent calls of one webhook task.
func workflow(url string, n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "webhook hook(i: int) {\n    url = %q\n    headers = {\"Content-Type\": \"application/json\"}\n    data = {\"text\": \"Hello {inputs.i}\"}\n}\n\nworkflow bench() {\n", url)
	for i := range n {
		fmt.Fprintf(&b, "    hook(i = %d)\n", i)
	}
	b.WriteString("}\n")
	return b.Bytes()
}
