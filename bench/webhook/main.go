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
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	var (
		wfc      = flag.String("wfc", "bench/out/wfc", "the wfc binary to measure")
		calls    = flag.Int("n", 2000, "webhook calls per run")
		parallel = flag.Int("c", 32, "concurrency (--max-parallel)")
		rounds   = flag.Int("rounds", 10, "rounds; each runs both sides once")
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
	if err := measure(*wfc, *calls, *parallel, *rounds); err != nil {
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
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var once sync.Once
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				if err := post(client, url, i); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}

func post(c *http.Client, url string, i int64) error {
	body := fmt.Sprintf(`{"text":"Hello %d"}`, i)
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

func measure(wfc string, n, c, rounds int) error {
	if _, err := os.Stat(wfc); err != nil {
		return fmt.Errorf("%v (build it: go build -o %s ./cmd/wfc)", err, wfc)
	}
	wfc, _ = filepath.Abs(wfc)
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
	var lastStderr string
	side := func(name string, args ...string) (time.Duration, int64, error) {
		conns.Store(0)
		requests.Store(0)
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		start := time.Now()
		err := cmd.Run()
		d := time.Since(start)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %v\n%s", name, err, stderr.String())
		}
		lastStderr = stderr.String()
		if got := requests.Load(); got != int64(n) {
			return 0, 0, fmt.Errorf("%s: the server saw %d requests, want %d", name, got, n)
		}
		return d, conns.Load(), nil
	}
	wfcArgs := []string{wfc, "run", "--max-parallel", fmt.Sprint(c), "--runs-dir", filepath.Join(dir, "runs"), wf}
	plainArgs := []string{self, "-plain", url, "-n", fmt.Sprint(n), "-c", fmt.Sprint(c)}

	fmt.Printf("%d POST webhook calls, concurrency %d, %d rounds\n", n, c, rounds)
	var walls, plains, ratios []float64
	var maxConns, maxPlainConns int64
	for r := range rounds {
		var dw, dp time.Duration
		var cw, cp int64
		var err error
		var wfcStderr string
		if r%2 == 0 { // alternate which side goes first
			if dw, cw, err = side("wfc run", wfcArgs...); err == nil {
				wfcStderr = lastStderr
				dp, cp, err = side("plain", plainArgs...)
			}
		} else {
			if dp, cp, err = side("plain", plainArgs...); err == nil {
				dw, cw, err = side("wfc run", wfcArgs...)
				wfcStderr = lastStderr
			}
		}
		if err != nil {
			return err
		}
		ratio := float64(dw) / float64(dp)
		fmt.Printf("round %2d: wfc run %6.1f ms (%d connections, %s)   plain net/http %6.1f ms (%d connections)   ratio %.2f\n",
			r+1, ms(dw), cw, runWall(wfcStderr), ms(dp), cp, ratio)
		walls, plains, ratios = append(walls, ms(dw)), append(plains, ms(dp)), append(ratios, ratio)
		maxConns, maxPlainConns = max(maxConns, cw), max(maxPlainConns, cp)
	}
	fmt.Printf("median:   wfc run %6.1f ms   plain net/http %6.1f ms   ratio %.2f (target <= 1.30)\n",
		median(walls), median(plains), median(ratios))
	fmt.Printf("connections: wfc run at most %d (target <= %d), plain at most %d\n", maxConns, c, maxPlainConns)
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

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
