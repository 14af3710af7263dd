// Command connector measures the connector targets (docs/performance.md,
// "Connector") against `wfc connector serve` started as a process, with a
// loopback HTTP server in this one. wfc starts wfc-connector from beside
// itself, so build both:
//
//	go build -o bench/out/ ./cmd/wfc ./cmd/wfc-connector
//	go run ./bench/connector -wfc bench/out/wfc -mode latency -rounds 5
//	go run ./bench/connector -wfc bench/out/wfc -mode concurrent -calls 1000
//
// -mode latency: one call at a time, alternating in each round n bare
// HTTP POSTs from this process (net/http, the same body) and n
// ExecuteTaskSync calls whose webhook makes that POST. Reported: each
// side's median per call and the connector's overhead, the difference of
// the medians (target <= 1 ms), per round.
//
// -mode concurrent: -calls ExecuteTaskSync calls at once, each a POST the
// server answers after -delay. Reported: how many succeeded and the
// connector's peak resident set, VmHWM (target: all, <= 200 MB).
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/service"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"
)

func main() {
	wfc := flag.String("wfc", "bench/out/wfc", "the wfc binary")
	mode := flag.String("mode", "latency", "latency or concurrent")
	rounds := flag.Int("rounds", 5, "latency rounds")
	n := flag.Int("n", 500, "calls per side per latency round")
	calls := flag.Int("calls", 1000, "concurrent calls")
	delay := flag.Duration("delay", 100*time.Millisecond, "the server's delay before answering, in -mode concurrent")
	maxParallel := flag.Int("max-parallel", 0, "the connector's --max-parallel; 0 means its default")
	flag.Parse()

	var wait atomic.Int64
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if d := time.Duration(wait.Load()); d > 0 {
			time.Sleep(d)
		}
		w.Write([]byte("ok"))
	})}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	go srv.Serve(lis)
	url := "http://" + lis.Addr().String() + "/hook"

	args := []string{"connector", "serve", "--addr", "127.0.0.1:0"}
	if *maxParallel > 0 {
		args = append(args, "--max-parallel", fmt.Sprint(*maxParallel))
	}
	cmd := exec.Command(*wfc, args...)
	stderr, err := cmd.StderrPipe()
	check(err)
	check(cmd.Start())
	defer cmd.Process.Kill()
	addr := readAddr(stderr)
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	check(err)
	defer conn.Close()
	client := service.NewSyncAgentServiceClient(conn)
	tmpl := template(url)

	switch *mode {
	case "latency":
		bare := &http.Client{}
		body := []byte(`{"text":"hello"}`)
		fmt.Println("round  bare median  connector median  overhead")
		var overheads []time.Duration
		for r := range *rounds {
			var b, c []time.Duration
			for range *n {
				start := time.Now()
				resp, err := bare.Post(url, "application/json", bytes.NewReader(body))
				check(err)
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				b = append(b, time.Since(start))
			}
			for range *n {
				start := time.Now()
				res := call(client, tmpl)
				c = append(c, time.Since(start))
				if res.GetPhase() != core.TaskExecution_SUCCEEDED {
					check(fmt.Errorf("call failed: %s", res.GetMessage()))
				}
			}
			mb, mc := median(b), median(c)
			overheads = append(overheads, mc-mb)
			fmt.Printf("%5d  %11s  %16s  %8s\n", r+1, mb, mc, mc-mb)
		}
		fmt.Printf("median overhead over %d rounds: %s\n", *rounds, median(overheads))
	case "concurrent":
		wait.Store(int64(*delay))
		var ok, failed atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range *calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if res := call(client, tmpl); res.GetPhase() == core.TaskExecution_SUCCEEDED {
					ok.Add(1)
				} else {
					failed.Add(1)
					fmt.Fprintln(os.Stderr, res.GetPhase(), res.GetMessage())
				}
			}()
		}
		wg.Wait()
		fmt.Printf("%d calls at once, server delay %s: %d succeeded, %d failed in %s; connector peak RSS %s\n",
			*calls, *delay, ok.Load(), failed.Load(), time.Since(start).Round(time.Millisecond), peakRSS(cmd.Process.Pid))
	default:
		check(fmt.Errorf("unknown -mode %q", *mode))
	}
}

// call makes one ExecuteTaskSync call as propeller does.
func call(client service.SyncAgentServiceClient, tmpl *core.TaskTemplate) *admin.Resource {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := client.ExecuteTaskSync(ctx)
	check(err)
	check(st.Send(&admin.ExecuteTaskSyncRequest{Part: &admin.ExecuteTaskSyncRequest_Header{Header: &admin.CreateRequestHeader{Template: tmpl}}}))
	check(st.Send(&admin.ExecuteTaskSyncRequest{Part: &admin.ExecuteTaskSyncRequest_Inputs{Inputs: &core.LiteralMap{Literals: map[string]*core.Literal{
		"s": {Value: &core.Literal_Scalar{Scalar: &core.Scalar{Value: &core.Scalar_Primitive{Primitive: &core.Primitive{Value: &core.Primitive_StringValue{StringValue: "hello"}}}}}},
	}}}}))
	check(st.CloseSend())
	resp, err := st.Recv()
	check(err)
	return resp.GetHeader().GetResource()
}

func template(url string) *core.TaskTemplate {
	custom, err := structpb.NewStruct(map[string]any{
		"url": url, "method": "POST", "headers": map[string]any{"Content-Type": "application/json"},
		"data": map[string]any{"text": "{inputs.s}"}, "show_data": false, "show_url": false, "timeout_sec": 30.0,
	})
	check(err)
	return &core.TaskTemplate{
		Id:   &core.Identifier{ResourceType: core.ResourceType_TASK, Name: "bench"},
		Type: "wfc-webhook",
		Interface: &core.TypedInterface{Inputs: &core.VariableMap{Variables: map[string]*core.Variable{
			"s": {Type: &core.LiteralType{Type: &core.LiteralType_Simple{Simple: core.SimpleType_STRING}}},
		}}},
		Custom: custom,
	}
}

// readAddr reads the connector's "serving gRPC on ADDR" line, then drains
// its log in the background.
func readAddr(r io.Reader) string {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if _, addr, ok := strings.Cut(sc.Text(), "serving gRPC on "); ok {
			addr, _, _ = strings.Cut(addr, " ")
			go io.Copy(io.Discard, r)
			return addr
		}
	}
	check(fmt.Errorf("the connector did not say where it listens"))
	return ""
}

func peakRSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	check(err)
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/connector:", err)
		os.Exit(1)
	}
}
