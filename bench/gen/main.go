// Command gen writes a generated wfc program to standard output, for the
// benchmarks in docs/performance.md:
//
//	go run ./bench/gen -width 10 -depth 10000 -kind shell > big.wf
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wfc-lang/wfc/internal/wfgen"
)

func main() {
	var o wfgen.Options
	flag.IntVar(&o.Width, "width", 10, "independent chains")
	flag.IntVar(&o.Depth, "depth", 10000, "calls per chain")
	flag.StringVar(&o.Kind, "kind", "shell", "task kind: shell, echo, sleep or cached")
	flag.Parse()
	if err := wfgen.Write(os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
