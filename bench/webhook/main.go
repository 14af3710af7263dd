// Command webhook measures the webhook target as a whole process:
// `wfc run --max-parallel 32` of a workflow of 2,000 POST webhook calls to a
// loopback server, against a plain Go net/http program making the same
// 2,000 requests at the same concurrency, both started as processes and
// timed from outside, alternating, in the same run. The server (this
// process) counts the TCP connections each side opens.
//
//	go build -o bench/out/wfc ./cmd/wfc
//	go run ./bench/webhook -wfc bench/out/wfc -rounds 10
//
// It prints one line per round and the medians; docs/performance.md
// ("## Webhook") quotes them.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"github.com/wfc-lang/wfc/internal/loadgen"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

func main() {
	var (
		wfc      = flag.String("wfc", "bench/out/wfc", "the wfc binary to measure")
		calls    = flag.Int("n", 2000, "webhook calls per run")
		parallel = flag.Int("c", 32, "concurrency (--max-parallel)")
		rounds   = flag.Int("rounds", 10, "rounds; each runs both sides once")
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
	if err := measure(*wfc, *compare, *calls, *parallel, *rounds); err != nil {
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

func measure(wfc, compare string, n, c, rounds int) error {
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

	// The server: read the body, answer "ok", count connections.
	var conns, requests atomic.Int64
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			requests.Add(1)
			io.WriteString(w, "ok")
		}),
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
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

	// Each side is a process timed from outside; output is discarded
	// (wfc's progress goes to a pipe, so it writes plain lines, as in CI).
	type sample struct {
		wall, cpu, server time.Duration // server: this process's CPU time meanwhile
		conns             int64
		stderr            string
	}
	side := func(name string, args ...string) (sample, error) {
		conns.Store(0)
		requests.Store(0)
		server0 := loadgen.CPUTime()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		start := time.Now()
		err := cmd.Run()
		s := sample{wall: time.Since(start), server: loadgen.CPUTime() - server0, conns: conns.Load(), stderr: stderr.String()}
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

	fmt.Printf("%d POST webhook calls, concurrency %d, %d rounds\n", n, c, rounds)
	samples := make([][]sample, len(specs))
	ratios := make([][]float64, len(specs))
	for r := range rounds {
		got := make([]sample, len(specs))
		for k := range specs {
			j := (k + r) % len(specs) // rotate which side goes first
			s, err := side(specs[j].name, specs[j].args...)
			if err != nil {
				return err
			}
			got[j] = s
		}
		fmt.Printf("round %2d:", r+1)
		for j, sp := range specs {
			s := got[j]
			samples[j] = append(samples[j], s)
			ratio := float64(s.wall) / float64(got[0].wall)
			ratios[j] = append(ratios[j], ratio)
			fmt.Printf("   %s %6.1f ms (%d conns, cpu %.0f ms", sp.name, loadgen.MS(s.wall), s.conns, loadgen.MS(s.cpu))
			if j > 0 {
				fmt.Printf(", %s) %.2f", runWall(s.stderr), ratio)
			} else {
				fmt.Printf(")")
			}
		}
		fmt.Println()
	}
	fmt.Println("medians over the rounds (ratio: the median of each round's wall / the plain side's wall in that round):")
	for j, sp := range specs {
		var walls, cpus, servers []float64
		var most int64
		for _, s := range samples[j] {
			walls, cpus, servers = append(walls, loadgen.MS(s.wall)), append(cpus, loadgen.MS(s.cpu)), append(servers, loadgen.MS(s.server))
			most = max(most, s.conns)
		}
		// CPU time (user+sys) of the side's process, and of this process
		// (the server) meanwhile: on a machine with few cores the
		// client's CPU time competes with the server's and shows in the
		// wall time.
		fmt.Printf("  %-15s wall %6.1f ms   cpu %6.1f ms   server cpu %5.1f ms   connections at most %d",
			sp.name, loadgen.Median(walls), loadgen.Median(cpus), loadgen.Median(servers), most)
		if j > 0 {
			fmt.Printf("   ratio %.2f", loadgen.Median(ratios[j]))
			if j == 1 {
				fmt.Printf(" (target <= 1.30, connections <= %d)", c)
			}
		}
		fmt.Println()
	}
	return nil
}

// runWall picks the run's own wall time out of wfc's summary line ("…,
// wall 101ms (run …)"): the rest of the process's time is starting,
// parsing and checking.
func runWall(stderr string) string {
	i := strings.LastIndex(stderr, "wall ")
	if i < 0 {
		return "run ?"
	}
	w, _, _ := strings.Cut(stderr[i+len("wall "):], " ")
	return "run " + w
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
