// Package wfgen generates large wfc programs for benchmarks and scale tests.
//
// The entry point is Write: a workflow of Width independent chains, each
// Depth calls long, every call reading the previous call of its chain.
package wfgen

import (
	"bufio"
	"fmt"
	"io"
)

// Options shape the generated program.
type Options struct {
	Width int    // independent chains
	Depth int    // calls per chain
	Kind  string // "shell", "echo", "sleep" (a shell task running sleep 0.2) or "cached" (a cached shell task; each call's inputs differ)
}

// Write writes the program to w. Width*Depth calls each take one source line.
func Write(w io.Writer, o Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	switch o.Kind {
	case "echo":
		fmt.Fprintf(bw, "echo step(x: int)\n\n")
	case "sleep":
		fmt.Fprintf(bw, "task step(x: int) -> int {\n    shell = \"sleep 0.2; echo {inputs.x}\"\n}\n\n")
	case "cached":
		fmt.Fprintf(bw, "task step(x: int, c: int) -> int {\n    shell = \"echo $(( {inputs.x} + 1 ))\"\n    cache = true\n}\n\n")
	default:
		fmt.Fprintf(bw, "task step(x: int) -> int {\n    shell = \"echo $(( {inputs.x} + 1 ))\"\n}\n\n")
	}
	fmt.Fprintf(bw, "workflow big(seed: int = 0) -> list[int] {\n")
	for d := 0; d < o.Depth; d++ {
		for c := 0; c < o.Width; c++ {
			if d == 0 {
				fmt.Fprintf(bw, "    v%d_%d = step(x = seed", d, c)
			} else {
				fmt.Fprintf(bw, "    v%d_%d = step(x = v%d_%d", d, c, d-1, c)
			}
			if o.Kind == "cached" {
				fmt.Fprintf(bw, ", c = %d", c) // so that no two calls share a key
			}
			fmt.Fprintf(bw, ")\n")
		}
	}
	// Return the last call of every chain, so that no result is unused.
	fmt.Fprintf(bw, "    return [")
	for c := 0; c < o.Width; c++ {
		if c > 0 {
			fmt.Fprintf(bw, ", ")
		}
		fmt.Fprintf(bw, "v%d_%d", o.Depth-1, c)
	}
	fmt.Fprintf(bw, "]\n}\n")
	return bw.Flush()
}
