package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// wantColor reports whether to colour output written to w: only on a
// terminal, and never when NO_COLOR is set (https://no-color.org).
func wantColor(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
