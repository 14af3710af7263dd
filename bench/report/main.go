// Command report measures the HTML run report at scale (docs/performance.md,
// "Run report"): it runs generated workflows of 10,000 task calls with the
// wfc binary, writes each run's report with `wfc report`, and loads it in
// headless Chromium, timing navigation to the `data-ready` attribute the
// page's script sets once it has drawn. Targets: at most 10 MB and 3 s.
//
//	go build -o bench/out/wfc ./cmd/wfc
//	go run ./bench/report -wfc bench/out/wfc -rounds 3
//
// Two shapes, each against a baseline of 100 calls of the same shape
// measured in the same rounds (the ratio shows how the cost grows):
// "chains", 100 chains of 100 echo calls (10,000 boxes and 9,900 edges in
// the DAG), and "map", one map of 10,000 echo items (one box, 10,000 rows).
// Reported per round: the report's size, `wfc report`'s wall time, and the
// time to data-ready, as Go sees it and as the page does (performance.now).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wfc-lang/wfc/internal/headless"
	"github.com/wfc-lang/wfc/internal/wfgen"
)

func main() {
	var (
		wfc      = flag.String("wfc", "bench/out/wfc", "the wfc binary")
		rounds   = flag.Int("rounds", 3, "rounds; each loads every report once")
		chromium = flag.String("chromium", "/usr/bin/chromium", "the browser")
		shots    = flag.String("screenshots", "", "write a screenshot of each report into `dir`")
	)
	flag.Parse()
	if err := run(*wfc, *chromium, *shots, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

type shape struct {
	name   string
	calls  int
	work   string // where it runs
	report string // the report's path, once written
}

func run(wfc, chromium, shots string, rounds int) error {
	wfc, err := filepath.Abs(wfc)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "wfc-bench-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	shapes := []*shape{{name: "chains", calls: 100}, {name: "chains", calls: 10000}, {name: "map", calls: 100}, {name: "map", calls: 10000}}
	for _, s := range shapes {
		start := time.Now()
		if s.report, err = prepare(wfc, dir, s); err != nil {
			return err
		}
		fmt.Printf("%s %d calls: ran and reported in %.1f s\n", s.name, s.calls, time.Since(start).Seconds())
	}

	browser, stop, err := headless.Start(chromium, filepath.Join(dir, "profile"))
	if err != nil {
		return err
	}
	defer stop()
	fmt.Println("shape   calls  size        wfc report  to data-ready (Go)  (page)  ratio to 100 calls (page)")
	for r := 1; r <= rounds; r++ {
		base := map[string]float64{}
		for _, s := range shapes {
			fi, err := os.Stat(s.report)
			if err != nil {
				return err
			}
			t0 := time.Now()
			if err := wfcCmd(wfc, s.work, "report", "-o", s.report, "latest").Run(); err != nil {
				return fmt.Errorf("wfc report: %v", err)
			}
			gen := time.Since(t0)
			wall, page, err := load(browser, s.report, shots, r == 1, s)
			if err != nil {
				return err
			}
			ratio := ""
			if s.calls == 100 {
				base[s.name] = page
			} else if b := base[s.name]; b > 0 {
				ratio = fmt.Sprintf("%.1f", page/b)
			}
			fmt.Printf("%-7s %5d  %6.2f MB  %7.0f ms  %12.0f ms  %6.0f ms  %s\n", s.name, s.calls, float64(fi.Size())/1e6,
				float64(gen.Microseconds())/1e3, float64(wall.Microseconds())/1e3, page, ratio)
		}
	}
	return nil
}

// prepare writes the program of s, runs it and writes its report.
func prepare(wfc, dir string, s *shape) (string, error) {
	work := filepath.Join(dir, fmt.Sprintf("%s-%d", s.name, s.calls))
	s.work = work
	if err := os.MkdirAll(work, 0o755); err != nil {
		return "", err
	}
	prog := filepath.Join(work, "prog.wf")
	f, err := os.Create(prog)
	if err != nil {
		return "", err
	}
	args := []string{"run", "--report", prog}
	switch s.name {
	case "chains":
		side := 10
		for side*side < s.calls {
			side++
		}
		err = wfgen.Write(f, wfgen.Options{Width: side, Depth: s.calls / side, Kind: "echo"})
	case "map":
		_, err = f.WriteString("echo step(x: int)\n\nworkflow m(xs: list[int]) -> list[int] {\n    return [step(x = v) for v in xs]\n}\n")
		xs := make([]int, s.calls)
		for i := range xs {
			xs[i] = i
		}
		in, _ := json.Marshal(map[string]any{"xs": xs})
		if werr := os.WriteFile(filepath.Join(work, "in.json"), in, 0o644); err == nil {
			err = werr
		}
		args = append(args, "--inputs", filepath.Join(work, "in.json"))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	cmd := wfcCmd(wfc, work, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("wfc run %s: %v\n%s", s.name, err, out)
	}
	runs, err := filepath.Glob(filepath.Join(work, ".wfc", "runs", "*", "report.html"))
	if err != nil || len(runs) != 1 {
		return "", fmt.Errorf("%s: want one report, found %v (%v)", work, runs, err)
	}
	return runs[0], nil
}

func wfcCmd(wfc, dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(wfc, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WFC_CACHE="+filepath.Join(dir, "cache"))
	return cmd
}

// load opens the report in a new tab and returns the time from starting
// the navigation to the data-ready attribute, and the page's own figure.
func load(browser context.Context, path, shots string, shoot bool, s *shape) (time.Duration, float64, error) {
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1440, 1000)); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady(chromedp.CSS(`html[data-ready]`))); err != nil {
		return 0, 0, fmt.Errorf("loading %s: %v", path, err)
	}
	wall := time.Since(start)
	ready, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.ready`))
	if err != nil {
		return 0, 0, err
	}
	page, err := strconv.ParseFloat(strings.TrimSpace(ready), 64)
	if err != nil {
		return 0, 0, fmt.Errorf("data-ready %q: %v", ready, err)
	}
	if shots != "" && shoot {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			return 0, 0, err
		}
		if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("report-%s-%d.png", s.name, s.calls)), png, 0o644); err != nil {
			return 0, 0, err
		}
	}
	return wall, page, nil
}
